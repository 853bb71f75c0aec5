"""Consent pages: the authorisation matrix (404 for not allowed, login for anonymous, nothing changed), the
partner's view with its live consent check, and a query count that does not grow with the shares."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wijkregie.audit.constants import Action
from wijkregie.audit.models import AuditEvent
from wijkregie.consent import services
from wijkregie.consent.models import Consent, Share
from wijkregie.households.tests.factories import HouseholdFactory, ResidentFactory
from wijkregie.organisation.constants import OrganisationKind
from wijkregie.organisation.tests.factories import OrganisationFactory, TeamFactory

from .conftest import add_member, head, state
from .factories import ConsentFactory, ShareFactory, final_report, open_plan

pytestmark = pytest.mark.django_db

DOSSIER_READERS = ["anna", "teun", "bo"]
NOT_DOSSIER_READERS = ["otto", "zoe", "sanne", "piet", "carla", "bea", "fenna"]
NO_CASEWORK = ["piet", "carla", "bea", "fenna"]


def _as(client, world, name):
    client.force_login(world.user(name))
    return client


def _reads(user):
    return AuditEvent.objects.filter(actor=user, action=Action.READ)


@pytest.fixture
def shared_plan(world, orgs):
    """The Vissers consented to sharing their plan with Welzijn De Schans, and anna shared it."""
    consent = ConsentFactory(resident=head(world.household), organisations=[orgs.welzijn])
    open_plan(world.household)
    share = services.share_create(
        acting_user=world.anna, household=world.household, organisation=orgs.welzijn, part="plan"
    )
    return share, consent


def _household_urls(world, consent, share):
    uuid = world.household.uuid
    return {
        "page": reverse("consent:household_consents", args=[uuid]),
        "new": reverse("consent:consent_new", args=[uuid]),
        "withdraw": reverse("consent:consent_withdraw", args=[uuid, consent.uuid]),
        "share": reverse("consent:share_new", args=[uuid]),
        "end": reverse("consent:share_end", args=[uuid, share.uuid]),
    }


def _consent_post(world, orgs):
    return {
        "resident": str(head(world.household).uuid),
        "basis": "toestemming",
        "organisations": [orgs.gemeente.pk],
        "parts": ["uitvraag"],
        "purpose": "Overleg in het MDO",
        "given_on": timezone.localdate().strftime("%d-%m-%Y"),
        "method": "mondeling",
        "expires_on": "",
    }


# -- the household's page: matrix --------------------------------------------------------------------------
@pytest.mark.parametrize("key", ["page", "new", "withdraw", "share", "end"])
def test_anonymous_is_sent_to_login(client, world, shared_plan, key):
    share, consent = shared_plan
    url = _household_urls(world, consent, share)[key]
    before = state()

    get, post = client.get(url), client.post(url, {})

    for response in (get, post):
        assert response.status_code == 302 and response["Location"].startswith("/inloggen/")
    assert state() == before


@pytest.mark.parametrize("name", NOT_DOSSIER_READERS)
@pytest.mark.parametrize("key", ["page", "new", "withdraw", "share", "end"])
def test_who_may_not_see_the_dossier_gets_404_and_changes_nothing(
    client, world, orgs, shared_plan, name, key
):
    share, consent = shared_plan
    url = _household_urls(world, consent, share)[key]
    before = state()
    _as(client, world, name)

    get = client.get(url)
    post = client.post(
        url, {**_consent_post(world, orgs), "delen-organisation": orgs.welzijn.pk, "delen-part": "uitvraag"}
    )

    assert get.status_code == 404
    assert post.status_code == (405 if key == "page" else 404)  # the page itself only answers GET
    assert "Visser" not in get.content.decode() + post.content.decode()
    assert state() == before
    assert not _reads(world.user(name)).exists()
    assert Consent.objects.get(pk=consent.pk).withdrawn_at is None
    assert Share.objects.get(pk=share.pk).ended_at is None


@pytest.mark.parametrize("name", DOSSIER_READERS)
def test_dossier_readers_see_the_page_with_statuses(client, world, orgs, shared_plan, name):
    resident = head(world.household)
    ConsentFactory(resident=resident, organisations=[orgs.gemeente], expired=True)
    ConsentFactory(resident=resident, organisations=[orgs.gemeente], withdrawn=True)

    response = _as(client, world, name).get(
        reverse("consent:household_consents", args=[world.household.uuid])
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "geldig" in body and "verlopen" in body and "ingetrokken" in body
    assert "Welzijn De Schans" in body and "In orde: de organisatie kan het onderdeel inzien." in body
    assert 'aria-current="page"' in body
    assert _reads(world.user(name)).count() == 1
    # Care providers are not offered in the forms.
    assert "Zorg Thuis" not in body


@pytest.mark.parametrize("name", DOSSIER_READERS)
def test_dossier_readers_record_a_consent(client, world, orgs, name):
    response = _as(client, world, name).post(
        reverse("consent:consent_new", args=[world.household.uuid]), _consent_post(world, orgs)
    )

    assert response.status_code == 302
    consent = Consent.objects.get()
    assert consent.parts == ["uitvraag"] and list(consent.organisations.all()) == [orgs.gemeente]
    assert consent.recorded_by == world.user(name)


def test_expiry_in_the_past_is_refused_on_the_page_and_nothing_saved(client, world, orgs):
    before = state()
    data = {
        **_consent_post(world, orgs),
        "given_on": (timezone.localdate() - datetime.timedelta(days=30)).strftime("%d-%m-%Y"),
        "expires_on": (timezone.localdate() - datetime.timedelta(days=1)).strftime("%d-%m-%Y"),
    }

    response = _as(client, world, "anna").post(
        reverse("consent:consent_new", args=[world.household.uuid]), data
    )

    assert response.status_code == 200
    assert "De geldigheid kan niet in het verleden eindigen." in response.content.decode()
    assert state() == before


@pytest.mark.parametrize("name", DOSSIER_READERS)
def test_dossier_readers_withdraw_after_confirming(client, world, shared_plan, name):
    _, consent = shared_plan
    url = reverse("consent:consent_withdraw", args=[world.household.uuid, consent.uuid])
    _as(client, world, name)

    confirm = client.get(url)
    assert confirm.status_code == 200 and "Ja, intrekken" in confirm.content.decode()
    assert Consent.objects.get(pk=consent.pk).withdrawn_at is None

    assert client.post(url).status_code == 302
    assert Consent.objects.get(pk=consent.pk).withdrawn_at is not None


def test_a_consent_of_another_household_is_404_on_this_households_url(client, world, orgs):
    other = HouseholdFactory(district=world.west_centrum, in_caseload_of=(world.team_a, world.anna))
    consent = ConsentFactory(resident=head(other), organisations=[orgs.welzijn])

    response = _as(client, world, "anna").post(
        reverse("consent:consent_withdraw", args=[world.household.uuid, consent.uuid])
    )

    assert response.status_code == 404
    assert Consent.objects.get(pk=consent.pk).withdrawn_at is None


def test_share_check_button_shows_the_result_without_saving(client, world, orgs):
    ConsentFactory(resident=head(world.household), organisations=[orgs.welzijn])
    add_member(world.household, age=17, given_names="Sem", surname="Visser")
    before = state()

    response = _as(client, world, "anna").post(
        reverse("consent:share_new", args=[world.household.uuid]),
        {"delen-organisation": orgs.welzijn.pk, "delen-part": "plan", "controleren": "1"},
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "ontbreekt geldige toestemming van: Sem Visser" in body
    assert state() == before


def test_share_refused_on_the_page_names_the_member(client, world, orgs):
    add_member(world.household, age=40, given_names="Piet", surname="Visser")
    ConsentFactory(resident=head(world.household), organisations=[orgs.welzijn])
    before = state()

    response = _as(client, world, "anna").post(
        reverse("consent:share_new", args=[world.household.uuid]),
        {"delen-organisation": orgs.welzijn.pk, "delen-part": "plan"},
    )

    assert "Er is geen geldige toestemming voor dit onderdeel en deze organisatie van: Piet Visser." in (
        response.content.decode()
    )
    assert state() == before


@pytest.mark.parametrize("name", DOSSIER_READERS)
def test_dossier_readers_share_and_end(client, world, orgs, name):
    ConsentFactory(resident=head(world.household), organisations=[orgs.welzijn])
    _as(client, world, name)

    response = client.post(
        reverse("consent:share_new", args=[world.household.uuid]),
        {"delen-organisation": orgs.welzijn.pk, "delen-part": "uitvraag"},
    )
    assert response.status_code == 302
    share = Share.objects.get()
    end = reverse("consent:share_end", args=[world.household.uuid, share.uuid])
    assert client.get(end).status_code == 200
    assert client.post(end).status_code == 302
    assert Share.objects.get().ended_at is not None


# -- the partner's view ------------------------------------------------------------------------------------
@pytest.mark.parametrize("url_name", ["consent:shared_with_us"])
def test_partner_list_anonymous_goes_to_login(client, world, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302 and response["Location"].startswith("/inloggen/")


def test_partner_detail_anonymous_goes_to_login(client, world, shared_plan):
    share, _ = shared_plan
    response = client.get(reverse("consent:shared_detail", args=[share.uuid]))
    assert response.status_code == 302 and response["Location"].startswith("/inloggen/")
    assert not AuditEvent.objects.filter(action=Action.READ).exists()


@pytest.mark.parametrize(
    ("name", "status", "sees"),
    [
        ("sanne", 200, True),
        ("anna", 200, False),
        ("teun", 200, False),
        ("bo", 200, False),
        ("otto", 200, False),
        ("zoe", 200, False),
        ("piet", 404, False),
        ("carla", 404, False),
        ("bea", 404, False),
        ("fenna", 404, False),
    ],
)
def test_partner_list_matrix(client, world, shared_plan, name, status, sees):
    response = _as(client, world, name).get(reverse("consent:shared_with_us"))

    assert response.status_code == status
    assert ("Visser" in response.content.decode()) is sees


@pytest.mark.parametrize(
    ("name", "status"),
    [("sanne", 200)]
    + [(n, 404) for n in ["anna", "teun", "bo", "otto", "zoe", "piet", "carla", "bea", "fenna"]],
)
def test_partner_detail_matrix(client, world, shared_plan, name, status):
    share, _ = shared_plan

    response = _as(client, world, name).get(reverse("consent:shared_detail", args=[share.uuid]))

    assert response.status_code == status
    reads = _reads(world.user(name))
    if status == 200:
        assert "Huurachterstand ingelopen 0" in response.content.decode()
        assert reads.count() == 1
        event = reads.get()
        assert event.household_uuid == world.household.uuid and event.object_uuid == share.uuid
    else:
        assert "Huurachterstand" not in response.content.decode()
        assert not reads.exists()


def test_withdrawal_takes_effect_at_once_for_the_partner(client, world, shared_plan):
    share, consent = shared_plan
    url = reverse("consent:shared_detail", args=[share.uuid])
    _as(client, world, "sanne")
    assert client.get(url).status_code == 200
    assert _reads(world.sanne).count() == 1

    services.consent_withdraw(acting_user=world.anna, consent=consent)

    response = client.get(url)
    assert response.status_code == 404
    assert "Huurachterstand" not in response.content.decode()
    assert _reads(world.sanne).count() == 1  # the refused attempt left no READ row
    assert "Visser" not in client.get(reverse("consent:shared_with_us")).content.decode()


def test_expiry_takes_effect_at_once_for_the_partner(client, world, shared_plan):
    share, consent = shared_plan
    url = reverse("consent:shared_detail", args=[share.uuid])
    _as(client, world, "sanne")
    assert client.get(url).status_code == 200

    Consent.objects.filter(pk=consent.pk).update(expires_on=timezone.localdate() - datetime.timedelta(days=1))

    assert client.get(url).status_code == 404
    assert _reads(world.sanne).count() == 1


def test_a_new_adult_member_without_consent_closes_the_share(client, world, shared_plan):
    share, _ = shared_plan
    add_member(world.household, age=18)

    assert (
        _as(client, world, "sanne").get(reverse("consent:shared_detail", args=[share.uuid])).status_code
        == 404
    )


def test_an_ended_share_is_404(client, world, shared_plan):
    share, _ = shared_plan
    services.share_end(acting_user=world.anna, share=share)

    assert (
        _as(client, world, "sanne").get(reverse("consent:shared_detail", args=[share.uuid])).status_code
        == 404
    )
    assert not _reads(world.sanne).exists()


def test_unknown_share_is_404_like_a_refused_one(client, world):
    response = _as(client, world, "sanne").get("/gedeeld/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404


def test_the_share_does_not_open_the_dossier(client, world, shared_plan):
    _as(client, world, "sanne")
    assert client.get(reverse("households:dossier", args=[world.household.uuid])).status_code == 404
    assert client.get(reverse("consent:household_consents", args=[world.household.uuid])).status_code == 404


def test_the_shared_plan_shows_the_plan_and_nothing_else(client, world, shared_plan):
    share, _ = shared_plan
    final_report(world.household, story="Geheim verhaal uit de keukentafel")
    resident = head(world.household)

    body = (
        _as(client, world, "sanne").get(reverse("consent:shared_detail", args=[share.uuid])).content.decode()
    )

    assert "Huurachterstand ingelopen 0" in body
    assert "Netwerk" in body and "Buurvrouw Anja" in body and "31-03-2025" in body
    assert "Geheim verhaal" not in body
    assert resident.bsn not in body and resident.street not in body


def test_the_shared_uitvraag_shows_story_and_scores(client, world, orgs):
    ConsentFactory(resident=head(world.household), organisations=[orgs.welzijn])
    final_report(world.household, story="Het verhaal van de Vissers")
    open_plan(world.household)
    share = services.share_create(
        acting_user=world.anna, household=world.household, organisation=orgs.welzijn, part="uitvraag"
    )

    body = (
        _as(client, world, "sanne").get(reverse("consent:shared_detail", args=[share.uuid])).content.decode()
    )

    assert "Het verhaal van de Vissers" in body
    assert "Financiën" in body and "2 – Niet zelfredzaam" in body
    assert "Huurachterstand ingelopen" not in body


def test_sanne_sees_only_shares_to_her_organisation(client, world, orgs, shared_plan):
    other_welfare = OrganisationFactory(name="Welzijn Elders", kind=OrganisationKind.WELFARE)
    TeamFactory(organisation=other_welfare, municipalities=[world.west])
    other = HouseholdFactory(
        district=world.west_centrum, in_caseload_of=world.team_a, head=ResidentFactory(surname="Bakker")
    )
    ConsentFactory(resident=head(other), organisations=[other_welfare, orgs.gemeente])
    ShareFactory(household=other, organisation=other_welfare)
    ShareFactory(household=other, organisation=orgs.gemeente, part="uitvraag")

    sanne = _as(client, world, "sanne").get(reverse("consent:shared_with_us")).content.decode()
    otto = _as(client, world, "otto").get(reverse("consent:shared_with_us")).content.decode()

    assert "Visser" in sanne and "Bakker" not in sanne
    # otto's team belongs to the municipality's own organisation: the share to it is his to see.
    assert "Bakker" in otto and "Visser" not in otto


def _add_shared_household(world, orgs, n):
    household = HouseholdFactory(
        district=world.west_centrum, in_caseload_of=world.team_a, head=ResidentFactory(surname=f"Deel{n}")
    )
    add_member(household, age=8)
    ConsentFactory(resident=head(household), organisations=[orgs.welzijn])
    ShareFactory(household=household, organisation=orgs.welzijn)
    ShareFactory(household=household, organisation=orgs.welzijn, part="uitvraag")


def test_partner_list_query_count_does_not_grow(client, world, orgs):
    _as(client, world, "sanne")
    _add_shared_household(world, orgs, 0)
    client.get(reverse("consent:shared_with_us"))  # warm up (session, content types)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("consent:shared_with_us"))
    for n in range(1, 6):
        _add_shared_household(world, orgs, n)

    with CaptureQueriesContext(connection) as many:
        body = client.get(reverse("consent:shared_with_us")).content.decode()

    assert body.count("Huishouden Deel") == 12
    assert len(many) == len(few)


def test_partner_list_query_count_is_exact(client, world, orgs, django_assert_num_queries):
    _as(client, world, "sanne")
    for n in range(3):
        _add_shared_household(world, orgs, n)
    client.get(reverse("consent:shared_with_us"))

    # session, user, shares (with policy), heads of household, current members, consents in force
    with django_assert_num_queries(6):
        client.get(reverse("consent:shared_with_us"))


def _grow_household(world, orgs, n):
    member = add_member(world.household, age=20 + n)
    ConsentFactory(resident=member, organisations=[orgs.welzijn, orgs.gemeente])
    ConsentFactory(resident=member, organisations=[orgs.welzijn], withdrawn=True)
    ShareFactory(
        household=world.household,
        organisation=orgs.gemeente,
        part="plan",
        shared_at=timezone.now() - datetime.timedelta(days=2),
        ended_at=timezone.now() - datetime.timedelta(days=1),
    )


def test_household_page_query_count_does_not_grow(client, world, orgs, shared_plan):
    _as(client, world, "anna")
    url = reverse("consent:household_consents", args=[world.household.uuid])
    _grow_household(world, orgs, 0)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(1, 5):
        _grow_household(world, orgs, n)

    with CaptureQueriesContext(connection) as many:
        body = client.get(url).content.decode()

    assert body.count("Nog geen toestemming vastgelegd.") == 0
    assert len(many) == len(few)
