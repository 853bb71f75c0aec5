"""Writes for maatwerk: the request, its omgekeerde toets, the decision and the approval of a deviation.

Each function owns its transaction and writes an audit row and a timeline line (kind PLAN) with it."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from wijkregie.accounts.constants import Role
from wijkregie.assessment.constants import ReportStatus
from wijkregie.assessment.models import ConversationReport
from wijkregie.assessment.selectors import latest_report
from wijkregie.audit.constants import Action, Channel
from wijkregie.households.constants import TimelineKind
from wijkregie.households.models import Household, HouseholdMembership, Resident
from wijkregie.households.policies import HouseholdPolicy
from wijkregie.households.services import household_log
from wijkregie.plans.models import PlanAction
from wijkregie.provisions.constants import ProvisionKind, ProvisionLaw
from wijkregie.provisions.models import Provision
from wijkregie.tasks.constants import Term
from wijkregie.tasks.services import tasks_close_for_source, term_task_open

from ..constants import DecisionKind, Outcome, RequestReason, RequestStatus
from ..models import MaatwerkRequest, ReverseTest

TERM_BY_LAW: dict[str, Term] = {
    ProvisionLaw.WMO: Term.WMO_DECISION,
    ProvisionLaw.YOUTH: Term.YOUTH_DECISION,
    ProvisionLaw.DEBT: Term.DEBT_PLAN,
}

# The six steps of the omgekeerde toets, with the Dutch message when a step is empty.
STEP_FIELDS: dict[str, str] = {
    "question_situation": "Stap 1: beschrijf de vraag en de situatie in de volle breedte.",
    "needed_outcome": "Stap 2: beschrijf het resultaat dat nodig is.",
    "own_strength_network_general": (
        "Stap 3: beschrijf wat eigen kracht, netwerk en algemene voorzieningen bijdragen."
    ),
    "why_not_enough": "Stap 3: leg uit waarom dat niet genoeg is.",
    "law_intent": "Stap 4: beschrijf wat de wet beoogt.",
    "rules": "Stap 5: beschrijf wat de verordening en de beleidsregels zeggen.",
}
FITS_MESSAGE = "Stap 4: geef aan of het resultaat past bij de bedoeling van de wet."
TEXT_FIELDS = tuple(STEP_FIELDS)
APPROVER_ROLES = frozenset({Role.TEAMLEIDER, Role.BACKOFFICE})
DECIDED = "Over deze aanvraag is al besloten."


def _visible_household(acting_user: Any, household: Household) -> None:
    if not Household.objects.filter(HouseholdPolicy(acting_user).q(), pk=household.pk).exists():
        raise Http404


def _visible_request(acting_user: Any, request: MaatwerkRequest) -> MaatwerkRequest:
    locked = (
        MaatwerkRequest.objects.select_for_update()
        .filter(HouseholdPolicy(acting_user).q("household"), pk=request.pk)
        .select_related("household")
        .first()
    )
    if locked is None:
        raise Http404
    return locked


def _uitvraag_story(household: Household) -> str:
    """The story of the household's latest finalised uitvraag, so it is told only once."""
    report = latest_report(household)
    if report is not None and report.status != ReportStatus.FINAL:
        report = (
            ConversationReport.objects.filter(household=household, status=ReportStatus.FINAL)
            .order_by("-held_on", "-created_at", "-pk")
            .first()
        )
    return report.story if report is not None else ""


def request_create(
    *,
    acting_user: Any,
    household: Household,
    resident: Resident,
    provision: Provision,
    plan_action: PlanAction | None = None,
    received_on: date,
    urgent: bool = False,
    temporary_provision_note: str = "",
    reason: str = RequestReason.APPLICATION,
    previous: MaatwerkRequest | None = None,
    channel: Channel = Channel.WEB,
) -> MaatwerkRequest:
    """Register an aanvraag for a maatwerkvoorziening and open its legal term. A herindicatie or a new
    decision after bezwaar is a request too, with the `previous` request it follows up."""
    _visible_household(acting_user, household)
    errors: dict[str, list[str]] = {}
    if not HouseholdMembership.objects.filter(
        household=household, resident=resident, end_date__isnull=True
    ).exists():
        errors["resident"] = ["Kies een lid van dit huishouden."]
    if provision.kind != ProvisionKind.CUSTOM or provision.municipality_id != household.municipality_id:
        errors["provision"] = ["Kies een maatwerkvoorziening uit de catalogus van de gemeente."]
    if received_on > timezone.localdate():
        errors["received_on"] = ["De datum van de aanvraag kan niet in de toekomst liggen."]
    note = (temporary_provision_note or "").strip()
    if urgent and provision.law == ProvisionLaw.WMO and not note:
        errors["temporary_provision_note"] = [
            "Bij spoed regelt de gemeente meteen een tijdelijke voorziening (art. 2.3.3 Wmo): beschrijf die."
        ]
    if plan_action is not None and plan_action.goal.plan.household_id != household.pk:
        errors["plan_action"] = ["Deze actie hoort niet bij het plan van dit huishouden."]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        request = MaatwerkRequest.objects.create(
            household=household,
            resident=resident,
            plan_action=plan_action,
            provision=provision,
            law=provision.law,
            received_on=received_on,
            urgent=urgent,
            temporary_provision_note=note,
            reason=reason,
            previous=previous,
            created_by=acting_user,
        )
        ReverseTest.objects.create(request=request, question_situation=_uitvraag_story(household))
        term = TERM_BY_LAW.get(provision.law)
        if term is not None:
            term_task_open(household=household, term=term, start_date=received_on, source=request)
        household_log(
            acting_user,
            household,
            action=Action.CREATE,
            obj=request,
            kind=TimelineKind.PLAN,
            description=f"Aanvraag maatwerk ({provision.get_law_display()}) geregistreerd"
            + (" met spoed" if urgent else ""),
            fields=["provision", "law", "received_on", "urgent", "temporary_provision_note"],
            channel=channel,
        )
    return request


def reverse_test_save(
    *, acting_user: Any, request: MaatwerkRequest, channel: Channel = Channel.WEB, **fields: Any
) -> ReverseTest:
    """Save (part of) the omgekeerde toets while the request is undecided; the request moves to onderzoek."""
    allowed = set(TEXT_FIELDS) | {"outcome_fits_law"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError({name: ["Dit veld hoort niet bij de omgekeerde toets."] for name in unknown})
    with transaction.atomic():
        request = _visible_request(acting_user, request)
        test = ReverseTest.objects.select_for_update().get(request=request)
        if test.decided_on is not None or request.status in (RequestStatus.DECISION, RequestStatus.WITHDRAWN):
            raise ValidationError({"__all__": [DECIDED]})
        changed = []
        for name, value in fields.items():
            value = value.strip() if isinstance(value, str) else value
            if getattr(test, name) != value:
                setattr(test, name, value)
                changed.append(name)
        if changed:
            test.save(update_fields=[*changed, "updated_at"])
        if request.status == RequestStatus.APPLICATION:
            request.status = RequestStatus.RESEARCH
            request.save(update_fields=["status", "updated_at"])
        household_log(
            acting_user,
            request.household,
            action=Action.UPDATE,
            obj=test,
            kind=TimelineKind.PLAN,
            description="Omgekeerde toets bijgewerkt",
            fields=changed,
            channel=channel,
        )
    return test


def _finish(request: MaatwerkRequest, on: date) -> None:
    request.status = RequestStatus.DECISION
    request.save(update_fields=["status", "updated_at"])
    tasks_close_for_source(source_uuid=request.uuid, on=on)


def request_decide(
    *,
    acting_user: Any,
    request: MaatwerkRequest,
    outcome: str,
    decision_kind: str,
    deviation_motivation: str = "",
    decided_on: date,
    channel: Channel = Channel.WEB,
) -> ReverseTest:
    """Decide on the request once all six steps are filled. A deviation waits for someone with mandate."""
    with transaction.atomic():
        request = _visible_request(acting_user, request)
        test = ReverseTest.objects.select_for_update().get(request=request)
        if test.decided_on is not None or request.status in (RequestStatus.DECISION, RequestStatus.WITHDRAWN):
            raise ValidationError({"__all__": [DECIDED]})
        errors: dict[str, list[str]] = {
            name: [message] for name, message in STEP_FIELDS.items() if not getattr(test, name).strip()
        }
        if test.outcome_fits_law is None:
            errors["outcome_fits_law"] = [FITS_MESSAGE]
        if outcome not in Outcome.values:
            errors["outcome"] = ["Kies de uitkomst."]
        if decision_kind not in DecisionKind.values:
            errors["decision_kind"] = ["Kies of het besluit binnen de regels valt of ervan afwijkt."]
        motivation = (deviation_motivation or "").strip()
        if decision_kind == DecisionKind.DEVIATION and not motivation:
            errors["deviation_motivation"] = [
                "Motiveer de afwijking: waarom past die bij de geest van de wet?"
            ]
        if decided_on > timezone.localdate():
            errors["decided_on"] = ["De besluitdatum kan niet in de toekomst liggen."]
        elif decided_on < request.received_on:
            errors["decided_on"] = ["De besluitdatum kan niet vóór de aanvraag liggen."]
        if errors:
            raise ValidationError(errors)
        deviation = decision_kind == DecisionKind.DEVIATION
        test.outcome = outcome
        test.decision_kind = decision_kind
        test.deviation_motivation = motivation if deviation else ""
        test.decided_on = decided_on
        test.decided_by = acting_user
        test.approval_needed = deviation
        test.save()
        if not deviation:
            _finish(request, decided_on)
        household_log(
            acting_user,
            request.household,
            action=Action.UPDATE,
            obj=test,
            kind=TimelineKind.PLAN,
            description=(
                f"Besluit maatwerk: {test.get_outcome_display()}"
                + (", afwijking wacht op goedkeuring" if deviation else "")
            ),
            fields=["outcome", "decision_kind", "deviation_motivation", "decided_on"],
            channel=channel,
        )
    return test


def may_approve(user: Any, test: ReverseTest) -> bool:
    """A simple mandate rule for now: a teamleider or backoffice specialist who did not decide."""
    return (
        test.approval_needed
        and test.approved_by_id is None
        and getattr(user, "role", None) in APPROVER_ROLES
        and user.pk != test.decided_by_id
    )


def request_approve(
    *, acting_user: Any, request: MaatwerkRequest, channel: Channel = Channel.WEB
) -> ReverseTest:
    """Approve a motivated deviation: by a different person with mandate. Then the decision stands."""
    with transaction.atomic():
        request = _visible_request(acting_user, request)
        test = ReverseTest.objects.select_for_update().get(request=request)
        if not test.approval_needed or test.approved_by_id is not None:
            raise ValidationError({"__all__": ["Er wacht geen afwijking op goedkeuring."]})
        if acting_user.pk == test.decided_by_id:
            raise ValidationError({"__all__": ["Een afwijking keurt iemand anders goed dan wie besloot."]})
        if getattr(acting_user, "role", None) not in APPROVER_ROLES:
            raise ValidationError({"__all__": ["U hebt geen mandaat om een afwijking goed te keuren."]})
        today = timezone.localdate()
        test.approved_by = acting_user
        test.approved_on = today
        test.save(update_fields=["approved_by", "approved_on", "updated_at"])
        _finish(request, today)
        household_log(
            acting_user,
            request.household,
            action=Action.UPDATE,
            obj=test,
            kind=TimelineKind.PLAN,
            description="Afwijking bij besluit maatwerk goedgekeurd",
            fields=["approved_by", "approved_on"],
            channel=channel,
        )
    return test
