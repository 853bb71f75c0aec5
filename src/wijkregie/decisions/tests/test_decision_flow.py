"""From the omgekeerde toets to a signed beschikking: what is granted, mandates, four eyes, the letter, the
reminder before the end, herindicatie and withdrawal."""

import datetime
import hashlib
import re

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from wijkregie.audit.constants import Action
from wijkregie.audit.models import AuditEvent
from wijkregie.decisions import services
from wijkregie.decisions.amounts import yearly_cents
from wijkregie.decisions.constants import DecisionKind, Outcome, RequestReason, RequestStatus
from wijkregie.decisions.letters import beschikking_html
from wijkregie.decisions.models import Beschikking, DecisionRules, MaatwerkRequest, Mandate, ReverseTest
from wijkregie.decisions.services import MAX_CENTS
from wijkregie.households.models import BreakGlassGrant
from wijkregie.provisions.constants import ProvisionLaw, Weight
from wijkregie.provisions.models import Provision
from wijkregie.tasks.constants import TaskStatus, Term
from wijkregie.tasks.models import Task

from .conftest import TODAY, head
from .test_services import STEPS

pytestmark = pytest.mark.django_db

END = datetime.date(2026, 3, 9)  # a whole year from TODAY


def _provision(world, weight=Weight.LIGHT, tariff=3250, name="Hulp bij het huishouden"):
    return Provision.objects.create(
        municipality=world.west,
        kind="maatwerk",
        name=name,
        law=ProvisionLaw.WMO,
        product_category="01",
        product_code="01A01",
        unit="04",
        frequency="2",
        tariff_cents=tariff,
        weight=weight,
    )


def _filled(world, provision=None):
    request = services.request_create(
        acting_user=world.anna,
        household=world.household,
        resident=head(world.household),
        provision=provision or _provision(world),
        received_on=TODAY,
    )
    services.reverse_test_save(acting_user=world.anna, request=request, **STEPS)
    return request


def _decide(user, request, outcome=Outcome.GRANTED, kind=DecisionKind.WITHIN_RULES, **product):
    values = {"start_date": TODAY, "end_date": END, "volume": 2, **product}
    return services.request_decide(
        acting_user=user,
        request=request,
        outcome=outcome,
        decision_kind=kind,
        deviation_motivation="In de geest van de wet." if kind == DecisionKind.DEVIATION else "",
        decided_on=TODAY,
        product=services.Product(**values) if outcome in (Outcome.GRANTED, Outcome.PARTLY_GRANTED) else None,
    )


def _rules(world, **fields):
    """West's own decision rules, on the starter mandates (the system installs those only when a
    municipality has neither)."""
    services.mandates_install_defaults(acting_user=None, municipality=world.west)
    DecisionRules.objects.filter(municipality=world.west).update(**fields)


def _undecided(request):
    test = ReverseTest.objects.get(request=request)
    request.refresh_from_db()
    return test.decided_on is None and request.status == RequestStatus.RESEARCH


# -- the yearly amount ----
@pytest.mark.parametrize(
    ("values", "cents"),
    [
        # 3 hours a week at € 32,50 for a whole year
        ({"volume": 3, "frequency": "2", "tariff_cents": 3250}, 3 * 3250 * 52),
        # the same for half a year (182 days) counts half
        (
            {"volume": 3, "frequency": "2", "tariff_cents": 3250, "end": datetime.date(2025, 9, 7)},
            round(3 * 3250 * 52 * 182 / 365),
        ),
        # a bandwidth counts at its maximum
        ({"volume": None, "bandwidth_max": 10, "frequency": "4", "tariff_cents": 1000}, 10 * 1000 * 12),
        # a total over two years: half of it in a year
        (
            {"volume": 40, "frequency": "6", "tariff_cents": 500, "end": datetime.date(2027, 3, 9)},
            round(40 * 500 * 365 / 730),
        ),
        # euros as the unit ignore the tariff
        ({"volume": 250, "unit": "83", "frequency": "4", "tariff_cents": 99}, 250 * 100 * 12),
        # a budget for a short period counts whole
        ({"volume": None, "budget_cents": 150_000, "end": datetime.date(2025, 6, 10)}, 150_000),
        # no tariff: unknown, not nothing (a volume, a bandwidth); a budget or euros need none
        ({"volume": 3, "frequency": "2", "tariff_cents": None}, None),
        ({"volume": None, "bandwidth_max": 6, "frequency": "2", "tariff_cents": None}, None),
        ({"volume": None, "budget_cents": 150_000, "tariff_cents": None}, 150_000),
        ({"volume": 250, "unit": "83", "frequency": "4", "tariff_cents": None}, 250 * 100 * 12),
        # nothing granted: nothing to pay
        ({"volume": None, "tariff_cents": None}, 0),
    ],
)
def test_yearly_amount(values, cents):
    arguments = {
        "start": TODAY,
        "end": None,
        "volume": None,
        "bandwidth_max": None,
        "budget_cents": None,
        "unit": "04",
        "frequency": "",
        "tariff_cents": None,
        **values,
    }
    assert yearly_cents(**arguments) == cents


# -- what is granted ----
@pytest.mark.parametrize(
    ("product", "field"),
    [
        ({"start_date": None}, "start_date"),
        ({"end_date": TODAY - datetime.timedelta(days=1)}, "end_date"),
        ({"volume": None, "bandwidth_min": 8, "bandwidth_max": 4}, "bandwidth_min"),
        ({"volume": None, "bandwidth_min": 8}, "bandwidth_max"),
        ({"budget_cents": 10_000}, "budget_cents"),
        ({"volume": None}, "volume"),
        ({"volume": 0}, "volume"),
        ({"volume": None, "budget_cents": 0}, "budget_cents"),
        # bounds: nothing negative, nothing beyond what a person could mean or the columns hold
        ({"volume": None, "bandwidth_min": -1, "bandwidth_max": 4}, "bandwidth_min"),
        ({"volume": None, "bandwidth_min": 0, "bandwidth_max": 0}, "bandwidth_max"),
        ({"volume": 100_001}, "volume"),
        ({"volume": None, "bandwidth_min": 1, "bandwidth_max": 100_001}, "bandwidth_max"),
        ({"volume": None, "bandwidth_min": 100_001, "bandwidth_max": 100_001}, "bandwidth_min"),
        ({"volume": None, "budget_cents": MAX_CENTS + 1}, "budget_cents"),
        ({"volume": 2**40}, "volume"),
    ],
)
def test_a_granting_decision_with_bad_figures_is_refused_and_nothing_saved(world, product, field):
    request = _filled(world)
    audits = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        _decide(world.bo, request, **product)  # bo has no ceiling: only the figures can refuse
    assert field in error.value.message_dict
    assert _undecided(request)
    assert not Beschikking.objects.exists()
    assert AuditEvent.objects.count() == audits


@pytest.mark.parametrize(
    ("product", "field"),
    [
        ({"volume": 100_000}, "volume"),  # 100.000 hours a week at € 32,50
        ({"volume": None, "bandwidth_min": 1, "bandwidth_max": 100_000}, "bandwidth_max"),
    ],
)
def test_a_yearly_amount_beyond_the_column_is_refused_in_dutch(world, product, field):
    request = _filled(world)
    with pytest.raises(ValidationError) as error:
        _decide(world.bo, request, **product)
    assert error.value.message_dict == {field: [services.requests.YEARLY_TOO_LARGE]}
    assert "kost meer dan € 21.474.836,47 per jaar" in services.requests.YEARLY_TOO_LARGE
    assert _undecided(request)
    assert not Beschikking.objects.exists()


def test_a_refusal_gives_no_product_and_no_reminder(world):
    request = _filled(world)
    _decide(world.anna, request, outcome=Outcome.REFUSED)
    beschikking = Beschikking.objects.get(request=request)
    assert beschikking.volume is None and beschikking.start_date is None and beschikking.yearly_cents == 0
    assert beschikking.signed_on == TODAY and bytes(beschikking.letter).startswith(b"%PDF")
    assert not Task.objects.filter(source_uuid=beschikking.uuid).exists()


# -- mandates ----
def test_without_mandate_the_decision_is_refused_and_nothing_saved(world):
    heavy = _filled(world, _provision(world, Weight.HEAVY, name="Zwaar"))
    with pytest.raises(ValidationError) as error:
        _decide(world.anna, heavy)  # a consulent decides light maatwerk only
    assert "mandaat" in error.value.messages[0]
    assert _undecided(heavy)
    _decide(world.bo, heavy)  # the backoffice decides everything
    assert Beschikking.objects.get(request=heavy).signed_by == world.bo


def test_above_the_personal_ceiling_someone_else_decides(world):
    request = _filled(world)
    with pytest.raises(ValidationError):
        _decide(world.anna, request, volume=3)  # € 5.070 a year, above anna's € 5.000
    assert _undecided(request)
    test = _decide(world.teun, request, volume=3)
    assert not test.approval_needed  # below the four-eyes amount of € 10.000


def test_four_eyes_above_the_municipalitys_amount(world):
    _rules(world, four_eyes_above_cents=300_000)
    request = _filled(world)
    test = _decide(world.anna, request)  # € 3.380 a year
    assert test.approval_needed
    beschikking = Beschikking.objects.get(request=request)
    assert beschikking.signed_on is None and beschikking.letter is None
    assert Task.objects.get(source_uuid=request.uuid).status == TaskStatus.OPEN
    assert not services.may_approve(world.anna, test)
    assert not services.may_approve(world.otto, test)  # a consulent has no co-sign mandate
    assert services.may_approve(world.teun, test)
    services.request_approve(acting_user=world.teun, request=request)
    beschikking.refresh_from_db()
    assert beschikking.signed_by == world.teun and beschikking.signed_on == TODAY
    assert Task.objects.get(source_uuid=request.uuid).status == TaskStatus.DONE


def test_a_deviation_always_needs_a_second_signature(world):
    request = _filled(world)
    test = _decide(world.anna, request, kind=DecisionKind.DEVIATION, volume=1)
    assert test.approval_needed
    with pytest.raises(ValidationError):
        services.request_approve(acting_user=world.anna, request=request)
    with pytest.raises(Http404):  # zoe works in another municipality
        services.request_approve(acting_user=world.zoe, request=request)
    assert ReverseTest.objects.get(request=request).approved_by is None


# -- signing ----
def test_signing_keeps_the_letter_closes_the_term_and_sets_the_reminder(world):
    _rules(world, reminder_weeks=4)
    request = _filled(world)
    _decide(world.anna, request)
    beschikking = Beschikking.objects.get(request=request)
    letter = bytes(beschikking.letter)
    assert letter.startswith(b"%PDF")
    assert beschikking.letter_sha256 == hashlib.sha256(letter).hexdigest()
    assert re.fullmatch(r"9901-2025-[0-9A-F]{4}-[0-9A-F]{4}", beschikking.reference)
    assert beschikking.yearly_cents == 2 * 3250 * 52
    # the motivation is addressed to the resident, never the toets's internal text
    assert beschikking.motivation.startswith(
        f"U heeft op {TODAY:%d-%m-%Y} gevraagd om Hulp bij het huishouden."
    )
    assert "Zelfstandig en veilig wassen" not in beschikking.motivation
    assert Task.objects.get(source_uuid=request.uuid, term=Term.WMO_DECISION).status == TaskStatus.DONE
    reminder = Task.objects.get(source_uuid=beschikking.uuid)
    assert reminder.term == Term.REINDICATION
    assert reminder.due_on == datetime.date(2026, 2, 9)  # four weeks before the end
    assert AuditEvent.objects.filter(object_uuid=beschikking.uuid, action=Action.UPDATE).exists()


def test_the_letter_download_is_audited_and_hidden_from_others(world):
    request = _filled(world)
    _decide(world.anna, request)
    beschikking = Beschikking.objects.get(request=request)
    pdf = services.beschikking_letter(acting_user=world.anna, beschikking=beschikking)
    assert pdf == bytes(beschikking.letter)
    assert AuditEvent.objects.filter(object_uuid=beschikking.uuid, action=Action.EXPORT).count() == 1
    for name in ("otto", "zoe", "piet", "carla"):
        with pytest.raises(Http404):
            services.beschikking_letter(acting_user=world.user(name), beschikking=beschikking)
    assert services.beschikking_filename(beschikking) == f"beschikking-{beschikking.reference}.pdf"


# -- withdrawal and herindicatie ----
def test_withdrawal_before_the_decision_lets_the_term_lapse(world):
    request = _filled(world)
    with pytest.raises(ValidationError) as error:
        services.request_withdraw(acting_user=world.anna, request=request, reason="nee")
    assert "reason" in error.value.message_dict
    services.request_withdraw(acting_user=world.anna, request=request, reason="Mevrouw regelt het zelf.")
    request.refresh_from_db()
    assert request.status == RequestStatus.WITHDRAWN and request.withdrawn_on == TODAY
    assert Task.objects.get(source_uuid=request.uuid).status == TaskStatus.CANCELLED
    with pytest.raises(ValidationError):
        _decide(world.anna, request)
    with pytest.raises(Http404):
        services.request_withdraw(acting_user=world.otto, request=request, reason="Iets anders dan dit.")


def test_a_decided_request_cannot_be_withdrawn(world):
    request = _filled(world)
    _decide(world.anna, request)
    with pytest.raises(ValidationError):
        services.request_withdraw(acting_user=world.anna, request=request, reason="Toch maar niet meer.")


def test_herindicatie_carries_the_toets_and_closes_the_reminder(world):
    request = _filled(world)
    _decide(world.anna, request)
    beschikking = Beschikking.objects.get(request=request)
    follow_up = services.reindication_start(acting_user=world.anna, request=request)
    assert follow_up.reason == RequestReason.REINDICATION and follow_up.previous == request
    test = ReverseTest.objects.get(request=follow_up)
    assert test.needed_outcome == STEPS["needed_outcome"] and test.outcome_fits_law is True
    assert test.decided_on is None
    assert Task.objects.get(source_uuid=beschikking.uuid).status == TaskStatus.DONE
    assert Task.objects.get(source_uuid=follow_up.uuid).term == Term.WMO_DECISION
    with pytest.raises(ValidationError):
        services.reindication_start(acting_user=world.anna, request=request)
    assert MaatwerkRequest.objects.filter(previous=request).count() == 1


def test_no_herindicatie_for_a_refusal(world):
    request = _filled(world)
    _decide(world.anna, request, outcome=Outcome.REFUSED)
    with pytest.raises(ValidationError):
        services.reindication_start(acting_user=world.anna, request=request)


def test_the_second_signer_may_send_a_decision_back(world):
    request = _filled(world)
    _decide(world.anna, request, kind=DecisionKind.DEVIATION, volume=1)
    reason = "De motivering noemt de beleidsregel niet."
    with pytest.raises(ValidationError):  # not the decider herself
        services.request_send_back(acting_user=world.anna, request=request, reason=reason)
    with pytest.raises(Http404):  # not someone who cannot see the household
        services.request_send_back(acting_user=world.otto, request=request, reason=reason)
    with pytest.raises(ValidationError) as error:
        services.request_send_back(acting_user=world.teun, request=request, reason="nee")
    assert "reason" in error.value.message_dict
    assert Beschikking.objects.filter(request=request).exists()
    services.request_send_back(acting_user=world.teun, request=request, reason=reason)
    test = ReverseTest.objects.get(request=request)
    assert test.decided_on is None and test.outcome == "" and not test.approval_needed
    assert test.sent_back_reason == reason
    assert not Beschikking.objects.filter(request=request).exists()
    assert Task.objects.get(source_uuid=request.uuid).status == TaskStatus.OPEN
    # deciding again clears the reason; the toets was kept
    test = _decide(world.anna, request, kind=DecisionKind.DEVIATION, volume=1)
    assert test.sent_back_reason == "" and test.needed_outcome == STEPS["needed_outcome"]


# -- an unknown yearly amount ----
def test_without_a_tariff_the_amount_is_unknown_needs_four_eyes_and_no_ceiling(world):
    request = _filled(world, _provision(world, tariff=None))
    for user in (world.anna, world.teun):  # both decide light maatwerk, but up to a ceiling
        with pytest.raises(ValidationError) as error:
            _decide(user, request, volume=1)
        assert "mandaat" in error.value.messages[0]
    assert _undecided(request)
    test = _decide(world.bo, request, volume=1)
    assert test.approval_needed  # however small it may be: nobody knows
    beschikking = Beschikking.objects.get(request=request)
    assert beschikking.yearly_cents is None and beschikking.signed_on is None
    assert not services.may_approve(world.teun, test)  # teun co-signs up to € 15.000 a year
    with pytest.raises(ValidationError):
        services.request_approve(acting_user=world.teun, request=request)
    Mandate.objects.create(municipality=world.west, staff=world.teun, may_cosign=True)  # without ceiling
    assert services.may_approve(world.teun, ReverseTest.objects.get(request=request))
    services.request_approve(acting_user=world.teun, request=request)
    beschikking.refresh_from_db()
    assert beschikking.signed_on == TODAY and beschikking.yearly_cents is None
    html = beschikking_html(beschikking)
    assert "Kosten per jaar" not in html and "€" not in html.split("Wat u krijgt")[1].split("Waarom")[0]
    assert "1 uur per week" in html


def test_without_a_tariff_a_budget_is_still_known(world):
    request = _filled(world, _provision(world, tariff=None))
    test = _decide(world.anna, request, volume=None, budget_cents=150_000)
    assert not test.approval_needed
    assert Beschikking.objects.get(request=request).yearly_cents == 150_000


# -- the letter ----
def test_the_deviation_motivation_is_in_the_letter_once(world):
    request = _filled(world)
    services.request_decide(
        acting_user=world.anna,
        request=request,
        outcome=Outcome.GRANTED,
        decision_kind=DecisionKind.DEVIATION,
        deviation_motivation="Zonder deze hulp moet mevrouw verhuizen.",
        decided_on=TODAY,
        product=services.Product(start_date=TODAY, end_date=END, volume=1),
    )
    beschikking = Beschikking.objects.get(request=request)
    assert "verhuizen" not in beschikking.motivation
    html = beschikking_html(beschikking)
    assert html.count("Zonder deze hulp moet mevrouw verhuizen.") == 1
    assert "wijken wij af van onze beleidsregels" in html


def test_without_pango_signing_is_refused_in_dutch_and_nothing_is_saved(world, monkeypatch):
    def no_pango(beschikking):
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr("wijkregie.decisions.services.requests.beschikking_pdf", no_pango)
    request = _filled(world)
    audits = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        _decide(world.anna, request)
    assert error.value.message_dict == {
        "__all__": ["De brief kan nu niet worden gemaakt; probeer het later opnieuw."]
    }
    assert _undecided(request)
    assert not Beschikking.objects.exists()
    assert AuditEvent.objects.count() == audits
    assert Task.objects.get(source_uuid=request.uuid).status == TaskStatus.OPEN


# -- audit ----
def test_the_decision_names_every_field_it_sets(world):
    request = _filled(world)
    test = _decide(world.anna, request, provider_choice="Zorg Thuis")
    event = AuditEvent.objects.filter(object_uuid=test.uuid, action=Action.UPDATE).latest("pk")
    assert event.fields == sorted(
        [
            "approval_needed",
            "bandwidth_max",
            "bandwidth_min",
            "budget_cents",
            "decided_on",
            "decision_kind",
            "delivery_form",
            "deviation_motivation",
            "end_date",
            "outcome",
            "provider_choice",
            "start_date",
            "volume",
        ]
    )


def test_sending_back_records_that_the_beschikking_was_deleted(world):
    request = _filled(world)
    _decide(world.anna, request, kind=DecisionKind.DEVIATION, volume=1)
    beschikking = Beschikking.objects.get(request=request)
    services.request_send_back(
        acting_user=world.teun, request=request, reason="De motivering noemt de beleidsregel niet."
    )
    event = AuditEvent.objects.get(object_uuid=beschikking.uuid, action=Action.DELETE)
    assert (event.actor, event.household_uuid, event.object_type) == (
        world.teun,
        world.household.uuid,
        "decisions.beschikking",
    )


def test_herindicatie_names_the_toets_fields_it_carries_over(world):
    request = _filled(world)
    _decide(world.anna, request)
    follow_up = services.reindication_start(acting_user=world.anna, request=request)
    event = AuditEvent.objects.get(object_uuid=follow_up.reverse_test.uuid, action=Action.UPDATE)
    assert event.fields == sorted(
        [
            "needed_outcome",
            "own_strength_network_general",
            "why_not_enough",
            "law_intent",
            "rules",
            "outcome_fits_law",
        ]
    )
    assert event.household_uuid == world.household.uuid and event.actor == world.anna


# -- break-the-glass ----
def test_writes_through_break_the_glass_are_flagged(world):
    request = _filled(world)
    BreakGlassGrant.objects.create(
        user=world.otto,
        household=world.household,
        reason="Crisis melding politie, dringend contact nodig",
        expires_at=timezone.now() + datetime.timedelta(hours=1),
    )
    services.reverse_test_save(acting_user=world.otto, request=request, rules="Verordening art. 8.")
    services.request_withdraw(acting_user=world.otto, request=request, reason="De inwoner ziet ervan af.")
    rows = AuditEvent.objects.filter(actor=world.otto).exclude(action=Action.READ)
    # The toets, the decision term that fell away with the withdrawal, the withdrawal.
    assert list(rows.order_by("pk").values_list("object_type", "action", "break_glass")) == [
        ("decisions.reversetest", Action.UPDATE, True),
        ("tasks.task", Action.UPDATE, True),
        ("decisions.maatwerkrequest", Action.UPDATE, True),
    ]
    assert not AuditEvent.objects.filter(actor=world.anna, break_glass=True).exists()


# -- the catalogue ----
def test_a_new_request_needs_an_active_provision_a_follow_up_does_not(world):
    request = _filled(world)
    _decide(world.anna, request)
    Provision.objects.filter(pk=request.provision_id).update(active=False)
    request.provision.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.request_create(
            acting_user=world.anna,
            household=world.household,
            resident=head(world.household),
            provision=request.provision,
            received_on=TODAY,
        )
    assert "provision" in error.value.message_dict
    assert MaatwerkRequest.objects.count() == 1
    follow_up = services.reindication_start(acting_user=world.anna, request=request)
    assert follow_up.provision == request.provision
