"""Maatwerk pages: authorisation matrix (404 / login), the flow through the forms, query counts."""

import datetime
import re

import pytest
from django.urls import reverse

from wijkregie.decisions import services
from wijkregie.decisions.constants import DecisionKind, Outcome, RequestStatus
from wijkregie.decisions.models import Beschikking, MaatwerkRequest, ReverseTest
from wijkregie.households.constants import Relation
from wijkregie.households.models import HouseholdMembership
from wijkregie.households.tests.factories import ResidentFactory
from wijkregie.provisions.constants import ProvisionLaw
from wijkregie.tasks.constants import TaskStatus
from wijkregie.tasks.models import Task

from .conftest import TODAY, head, make_provision
from .test_services import STEPS

pytestmark = pytest.mark.django_db

DENIED = ["otto", "zoe", "piet", "carla", "bea", "fenna"]


def _as(client, world, name):
    client.force_login(world.user(name))
    return client


def _request(world, **kwargs):
    return services.request_create(
        acting_user=world.anna,
        household=world.household,
        resident=head(world.household),
        provision=make_provision(world.west),
        received_on=TODAY,
        **kwargs,
    )


def _urls(world):
    request = _request(world)
    return request, [
        reverse("decisions:household_requests", args=[world.household.uuid]),
        reverse("decisions:request_detail", args=[request.uuid]),
    ]


def test_anonymous_is_sent_to_login(client, world):
    _, urls = _urls(world)
    for url in [*urls, reverse("decisions:deviations")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/inloggen/")


@pytest.mark.parametrize("name", DENIED)
def test_not_allowed_is_404_and_nothing_changes(client, world, name):
    request, urls = _urls(world)
    _as(client, world, name)
    for url in urls:
        assert client.get(url).status_code == 404
    provision = make_provision(world.west)
    response = client.post(
        urls[0],
        {
            "formulier": "aanvraag",
            "aanvraag-resident": head(world.household).uuid,
            "aanvraag-provision": provision.uuid,
            "aanvraag-received_on": TODAY.isoformat(),
        },
    )
    assert response.status_code == 404
    response = client.post(urls[1], {"formulier": "toets", "toets-rules": "Iets anders"})
    assert response.status_code == 404
    assert MaatwerkRequest.objects.count() == 1
    assert ReverseTest.objects.get(request=request).rules == ""


@pytest.mark.parametrize("name", ["anna", "teun", "bo"])
def test_allowed_see_the_pages(client, world, name):
    _, urls = _urls(world)
    _as(client, world, name)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200
    assert "Omgekeerde toets" in response.content.decode()


LETTER_MOTIVATION = (
    "U heeft gevraagd om hulp bij de opvoeding. Wij hebben met u besproken wat u zelf en uw familie kunnen "
    "doen. Dat is niet genoeg; daarom krijgt Sem ambulante jeugdhulp."
)


def _previewed(page: str) -> str:
    """The digest the preview puts in the form: signing needs exactly what was shown."""
    found = re.search(r'name="besluit-previewed" value="([0-9a-f]+)"', page)
    assert found, "no letter preview on the page"
    return found.group(1)


def _child(world):
    child = ResidentFactory(given_names="Sem", birth_date=datetime.date(2015, 6, 1))
    HouseholdMembership.objects.create(
        household=world.household,
        resident=child,
        relation=Relation.CHILD,
        start_date=datetime.date(2015, 6, 1),
    )
    return child


def test_create_fill_decide_and_approve_through_the_pages(client, world):
    provision = make_provision(world.west, ProvisionLaw.YOUTH, name="Ambulante jeugdhulp")
    _as(client, world, "anna")
    response = client.post(
        reverse("decisions:household_requests", args=[world.household.uuid]),
        {
            "formulier": "aanvraag",
            "aanvraag-resident": _child(world).uuid,
            "aanvraag-provision": provision.uuid,
            "aanvraag-received_on": TODAY.isoformat(),
        },
    )
    request = MaatwerkRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("decisions:request_detail", args=[request.uuid])
    url = response["Location"]
    # deciding with empty steps shows the Dutch errors and saves nothing
    response = client.post(
        url,
        {
            "formulier": "besluit",
            "besluit-decision_kind": DecisionKind.DEVIATION,
            "besluit-outcome": Outcome.GRANTED,
            "besluit-deviation_motivation": "In de geest van de wet.",
            "besluit-decided_on": TODAY.isoformat(),
            "besluit-letter_motivation": LETTER_MOTIVATION,
        },
    )
    assert response.status_code == 200
    assert "Stap 2" in response.content.decode()
    assert ReverseTest.objects.get().decided_on is None
    data = {f"toets-{k}": ("ja" if v is True else v) for k, v in STEPS.items()}
    assert client.post(url, {"formulier": "toets", **data}).status_code == 302
    assert ReverseTest.objects.get().outcome_fits_law is True
    decision = {
        "formulier": "besluit",
        "besluit-decision_kind": DecisionKind.DEVIATION,
        "besluit-outcome": Outcome.GRANTED,
        "besluit-deviation_motivation": "In de geest van de wet.",
        "besluit-decided_on": TODAY.isoformat(),
        "besluit-start_date": TODAY.isoformat(),
        "besluit-end_date": "2025-12-31",
        "besluit-volume": "3",
        "besluit-letter_motivation": LETTER_MOTIVATION,
    }
    # first the letter as it will go out, nothing decided yet
    preview = client.post(url, decision).content.decode()
    assert "Zo gaat de brief naar de inwoner" in preview and LETTER_MOTIVATION in preview
    assert ReverseTest.objects.get().decided_on is None and not Beschikking.objects.exists()
    # a changed decision is shown again before it can be signed
    changed = client.post(url, {**decision, "besluit-previewed": _previewed(preview), "besluit-volume": "4"})
    assert "Zo gaat de brief naar de inwoner" in changed.content.decode() and not Beschikking.objects.exists()
    client.post(url, {**decision, "besluit-previewed": _previewed(preview)})
    assert ReverseTest.objects.get().approval_needed
    assert Beschikking.objects.get().motivation == LETTER_MOTIVATION
    # anna cannot approve her own deviation (no button, POST refused)
    assert "Afwijking goedkeuren" not in client.get(url).content.decode()
    client.post(url, {"formulier": "goedkeuren"})
    assert ReverseTest.objects.get().approved_by is None
    _as(client, world, "teun")
    assert "Afwijking goedkeuren" in client.get(url).content.decode()
    client.post(url, {"formulier": "goedkeuren"})
    request.refresh_from_db()
    assert request.status == RequestStatus.DECISION
    assert request.reverse_test.approved_by == world.teun
    assert Task.objects.get(source_uuid=request.uuid).status == TaskStatus.DONE
    beschikking = request.beschikking
    assert beschikking.signed_by == world.teun and beschikking.volume == 3
    # the letter is kept as signed and downloads under a name without personal data
    letter = client.get(reverse("decisions:beschikking_letter", args=[beschikking.uuid]))
    assert letter.status_code == 200 and letter.content.startswith(b"%PDF")
    assert beschikking.reference in letter["Content-Disposition"]
    # the herindicatie reminder waits eight weeks before the end (the default)
    reminder = Task.objects.get(source_uuid=beschikking.uuid)
    assert reminder.due_on == datetime.date(2025, 11, 5)


def test_the_toets_text_never_goes_into_the_letter(client, world):
    request = _request(world)
    services.reverse_test_save(acting_user=world.anna, request=request, **STEPS)
    response = _as(client, world, "anna").post(
        reverse("decisions:request_detail", args=[request.uuid]),
        {
            "formulier": "besluit",
            "besluit-decision_kind": DecisionKind.WITHIN_RULES,
            "besluit-outcome": Outcome.REFUSED,
            "besluit-decided_on": TODAY.isoformat(),
            "besluit-letter_motivation": f"Beste mevrouw, {STEPS['why_not_enough']} Wij wijzen het af.",
        },
    )
    form = response.content.decode()
    assert "Schrijf de motivering voor de inwoner in eigen woorden" in form
    assert "Zo gaat de brief naar de inwoner" not in form


def test_the_page_offers_a_draft_for_the_resident_without_the_toets_text(client, world):
    request = _request(world)
    services.reverse_test_save(acting_user=world.anna, request=request, **STEPS)
    page = _as(client, world, "anna").get(reverse("decisions:request_detail", args=[request.uuid]))
    body = page.content.decode()
    assert f"U heeft op {TODAY:%d-%m-%Y} gevraagd om {request.provision.name}." in body
    assert STEPS["why_not_enough"] not in body.split('name="besluit-letter_motivation"')[1][:2000]


@pytest.mark.parametrize(
    ("law", "whom", "why"),
    [
        (ProvisionLaw.YOUTH, "adult", "Jeugdwet: alleen voor jeugdigen onder de 18"),
        (ProvisionLaw.WMO, "child", "Wmo-maatwerk is voor volwassenen; voor een kind geldt de Jeugdwet"),
    ],
)
def test_the_aanvraag_form_refuses_a_provision_that_does_not_suit_the_resident(client, world, law, whom, why):
    resident = head(world.household) if whom == "adult" else _child(world)
    provision = make_provision(world.west, law, name="Past niet")
    response = _as(client, world, "anna").post(
        reverse("decisions:household_requests", args=[world.household.uuid]),
        {
            "formulier": "aanvraag",
            "aanvraag-resident": resident.uuid,
            "aanvraag-provision": provision.uuid,
            "aanvraag-received_on": TODAY.isoformat(),
        },
    )
    assert f"Deze voorziening past niet bij {resident.full_name}: {why}." in response.content.decode()
    assert not MaatwerkRequest.objects.exists()


def test_plan_action_link_prefills_the_action_and_its_provision(client, world):
    from wijkregie.assessment.models import InstrumentDomain
    from wijkregie.assessment.selectors import default_instrument
    from wijkregie.organisation.models import Organisation
    from wijkregie.plans import services as plans
    from wijkregie.plans.constants import Performer, Rung

    provision = make_provision(world.west, name="Hulp bij het huishouden licht")
    make_provision(world.west, name="Anders")
    plan = plans.plan_create(acting_user=world.anna, household=world.household)
    goal = plans.goal_add(
        acting_user=world.anna,
        plan=plan,
        domain=InstrumentDomain.objects.filter(instrument=default_instrument(world.west)).first(),
        members=[head(world.household)],
        description="Een schoon huis.",
    )
    action = plans.action_add(
        acting_user=world.anna,
        goal=goal,
        rung=Rung.LIGHT_CUSTOM,
        description="Twee uur per week schoonmaak.",
        performer=Performer.ORGANISATION,
        organisation=Organisation.objects.get(name="Zorg Thuis"),
        provision="Hulp bij het huishouden licht",
        maatwerk_reason="Het netwerk woont ver weg; er is geen algemene voorziening.",
    )
    _as(client, world, "anna")
    url = reverse("decisions:household_requests", args=[world.household.uuid])
    form = client.get(f"{url}?actie={action.uuid}").context["form"]
    assert form.initial["plan_action"] == action
    assert form.initial["provision"] == provision
    # a link that is not a uuid prefills nothing
    assert "plan_action" not in client.get(f"{url}?actie=x").context["form"].initial


def test_list_queries_do_not_grow(client, world, django_assert_num_queries):
    _as(client, world, "anna")
    url = reverse("decisions:household_requests", args=[world.household.uuid])
    _request(world)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        client.get(url)
    for i in range(3):
        services.request_create(
            acting_user=world.anna,
            household=world.household,
            resident=head(world.household),
            provision=make_provision(world.west, name=f"Extra {i}"),
            received_on=TODAY,
        )
    with django_assert_num_queries(len(first)):
        client.get(url)


@pytest.mark.parametrize(
    ("name", "status"), [("bea", 200), ("teun", 200), ("anna", 404), ("piet", 404), ("fenna", 404)]
)
def test_deviations_report_access(client, world, name, status):
    _as(client, world, name)
    assert client.get(reverse("decisions:deviations")).status_code == status


def test_the_second_signer_sends_a_decision_back_through_the_page(client, world):
    request = _request(world)
    services.reverse_test_save(acting_user=world.anna, request=request, **STEPS)
    services.request_decide(
        acting_user=world.anna,
        request=request,
        outcome=Outcome.GRANTED,
        decision_kind=DecisionKind.DEVIATION,
        deviation_motivation="In de geest van de wet.",
        decided_on=TODAY,
        product=services.Product(start_date=TODAY, volume=1),
    )
    url = reverse("decisions:request_detail", args=[request.uuid])
    assert "Niet tekenen en terugsturen" not in _as(client, world, "anna").get(url).content.decode()
    _as(client, world, "teun")
    assert "Niet tekenen en terugsturen" in client.get(url).content.decode()
    response = client.post(url, {"formulier": "terugsturen", "terugsturen-reason": "kort"})
    assert response.status_code == 200 and ReverseTest.objects.get().decided_on == TODAY
    response = client.post(
        url, {"formulier": "terugsturen", "terugsturen-reason": "Noem de beleidsregel in de motivering."}
    )
    assert response.status_code == 302
    page = _as(client, world, "anna").get(url).content.decode()
    assert "Teruggestuurd zonder tweede handtekening" in page and "Noem de beleidsregel" in page
    assert ReverseTest.objects.get().decided_on is None


# -- the decision screen ----
def _decided(world, user, *, kind=DecisionKind.WITHIN_RULES, provision=None, **product):
    request = services.request_create(
        acting_user=world.anna,
        household=world.household,
        resident=head(world.household),
        provision=provision or make_provision(world.west),
        received_on=TODAY,
    )
    services.reverse_test_save(acting_user=world.anna, request=request, **STEPS)
    services.request_decide(
        acting_user=user,
        request=request,
        outcome=Outcome.GRANTED,
        decision_kind=kind,
        deviation_motivation="In de geest van de wet." if kind == DecisionKind.DEVIATION else "",
        decided_on=TODAY,
        product=services.Product(start_date=TODAY, end_date=datetime.date(2025, 12, 31), **product),
    )
    return reverse("decisions:request_detail", args=[request.uuid])


def _signers_list(page):
    return page.split('id="wie-mag-tekenen">')[1].split("</ul>")[0]


def test_who_may_sign_shows_each_ceiling_while_open(client, world):
    url = _urls(world)[1][1]
    signers = _signers_list(_as(client, world, "anna").get(url).content.decode())
    deciders, cosigners = signers.split("</li>")[:2]
    # the default mandates: consulenten to € 5.000, teamleiders to € 15.000, the backoffice without ceiling
    assert f"{world.anna.display_name} (tot € 5.000,00 per jaar)" in deciders
    assert f"{world.teun.display_name} (tot € 15.000,00 per jaar)" in deciders
    assert f"{world.bo.display_name} (zonder bovengrens)" in deciders
    assert world.anna.display_name not in cosigners
    assert f"{world.bo.display_name} (zonder bovengrens)" in cosigners
    assert "geen tarief" not in signers


def test_the_decider_is_not_asked_for_the_second_signature(client, world):
    url = _decided(world, world.teun, kind=DecisionKind.DEVIATION, volume=1)
    page = _as(client, world, "teun").get(url).content.decode()
    waiting = page.split("Wacht op een tweede handtekening van: ")[1].split("</dd>")[0]
    assert waiting == world.bo.display_name


def test_the_beschikking_in_words_not_codes(client, world):
    url = _decided(world, world.anna, volume=2)
    page = _as(client, world, "anna").get(url).content.decode()
    assert "<dt>Omvang</dt><dd>2 uur per week</dd>" in page
    assert "eenheid" not in page and "frequentie" not in page
    url = _decided(world, world.anna, provision=make_provision(world.west, name="Pgb"), budget_cents=150_000)
    page = client.get(url).content.decode()
    assert "<dt>Budget</dt><dd>€ 1.500,00 in totaal voor de hele periode</dd>" in page


def test_an_unknown_amount_shows_no_figure(client, world):
    provision = make_provision(world.west, name="Zonder tarief")
    provision.tariff_cents = None
    provision.save(update_fields=["tariff_cents"])
    request = services.request_create(
        acting_user=world.anna,
        household=world.household,
        resident=head(world.household),
        provision=provision,
        received_on=TODAY,
    )
    url = reverse("decisions:request_detail", args=[request.uuid])
    page = _as(client, world, "anna").get(url).content.decode()
    assert "Deze voorziening heeft geen tarief in de catalogus" in _signers_list(page)
    url = _decided(world, world.bo, provision=provision, volume=1)
    page = client.get(url).content.decode()
    assert "<dt>Per jaar</dt><dd>onbekend: de voorziening heeft geen tarief in de catalogus</dd>" in page


def test_the_decision_kind_is_a_fieldset_of_radio_buttons(client, world):
    url = _urls(world)[1][1]
    page = _as(client, world, "anna").get(url).content.decode()
    form = page.split('value="besluit">')[1].split("</form>")[0]
    assert 'for=""' not in page
    legend = (
        '<legend class="utrecht-form-fieldset__legend">6. Besluit <span aria-hidden="true">*</span></legend>'
    )
    assert legend in form
    radios = re.findall(r'<input type="radio" name="besluit-decision_kind"[^>]*>', form)
    assert len(radios) == 2
    assert all('class="utrecht-radio-button"' in radio for radio in radios)
    assert 'for="id_besluit-decision_kind_0">Binnen de regels</label>' in form


@pytest.mark.parametrize(
    ("field", "value"),
    [("volume", "100001"), ("volume", "1000000000000"), ("bandwidth_min", "-1"), ("budget", "10000000.01")],
)
def test_figures_out_of_bounds_are_a_dutch_error_not_a_crash(client, world, field, value):
    request = _request(world)
    services.reverse_test_save(acting_user=world.anna, request=request, **STEPS)
    url = reverse("decisions:request_detail", args=[request.uuid])
    body = {
        "formulier": "besluit",
        "besluit-decision_kind": DecisionKind.WITHIN_RULES,
        "besluit-outcome": Outcome.GRANTED,
        "besluit-decided_on": TODAY.isoformat(),
        "besluit-start_date": TODAY.isoformat(),
        "besluit-bandwidth_max": "4" if field == "bandwidth_min" else "",
        f"besluit-{field}": value,
    }
    response = _as(client, world, "bo").post(url, body)
    assert response.status_code == 200
    assert response.context["decide_form"].errors[field]
    assert ReverseTest.objects.get().decided_on is None
    assert not Beschikking.objects.exists()


def test_without_pango_the_page_says_why_and_nothing_is_signed(client, world, monkeypatch):
    def no_pango(beschikking):
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr("wijkregie.decisions.services.requests.beschikking_pdf", no_pango)
    request = _request(world)
    services.reverse_test_save(acting_user=world.anna, request=request, **STEPS)
    url = reverse("decisions:request_detail", args=[request.uuid])
    response = _as(client, world, "anna").post(
        url,
        {
            "formulier": "besluit",
            "besluit-decision_kind": DecisionKind.WITHIN_RULES,
            "besluit-outcome": Outcome.REFUSED,
            "besluit-decided_on": TODAY.isoformat(),
            "besluit-letter_motivation": LETTER_MOTIVATION,
        },
    )
    assert response.status_code == 200
    assert "De brief kan nu niet worden gemaakt; probeer het later opnieuw." in response.content.decode()
    assert ReverseTest.objects.get().decided_on is None and not Beschikking.objects.exists()


def test_beleid_sees_deviation_counts_under_five_as_fewer_than_five_and_teun_the_count(client, world):
    from wijkregie.decisions import services as decision_services
    from wijkregie.decisions.constants import DecisionKind, Outcome

    from .test_services import PRODUCT, STEPS, TODAY, _create

    request = _create(world)
    decision_services.reverse_test_save(acting_user=world.anna, request=request, **STEPS)
    decision_services.request_decide(
        acting_user=world.anna,
        request=request,
        outcome=Outcome.GRANTED,
        decision_kind=DecisionKind.DEVIATION,
        deviation_motivation="In de geest van de wet.",
        decided_on=TODAY,
        product=PRODUCT,
    )

    client.force_login(world.bea)
    for_beleid = client.get(reverse("decisions:deviations")).content.decode()
    client.force_login(world.teun)
    for_teun = client.get(reverse("decisions:deviations")).content.decode()

    assert 'numeric">&lt;5</td>' in for_beleid and 'numeric">1</td>' not in for_beleid
    assert 'numeric">1</td>' in for_teun
