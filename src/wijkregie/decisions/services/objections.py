"""Writes for bezwaar and beroep against a beschikking.

A bezwaar is registered against a signed beschikking; the term to decide on it (Awb 7:10 lid 1: 6 weeks,
12 with an advisory committee) runs from the day after the six-week bezwaar term ended, on a task. A bezwaar
received after that is registered and flagged late (Awb 6:11). The decision may be postponed once by at
most six weeks with a written reason (lid 3). A well-founded bezwaar opens a new request (reason
"heroverweging") that goes through the omgekeerde toets again. The beroep that may follow is registered
with its filing date, and later its outcome.

Each function checks the HouseholdPolicy (Http404 as if the bezwaar did not exist), validates before it
writes (refused input changes nothing), owns its transaction, changes the row with a conditional update
(two people acting at once cannot both win) and writes an audit row and a timeline line (kind PLAN).
Deciding on a bezwaar or registering the ruling in beroep takes a co-sign mandate that covers the
beschikking, held by someone who did not decide or sign it (Awb 7:5)."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from wijkregie.accounts.models import User
from wijkregie.audit.constants import Action, Channel
from wijkregie.households.constants import TimelineKind
from wijkregie.households.policies import HouseholdPolicy
from wijkregie.households.selectors import is_current_member
from wijkregie.households.services import household_log
from wijkregie.tasks.constants import Term
from wijkregie.tasks.services import tasks_close_for_source, term_task_open, term_task_postpone

from ..constants import ObjectionOutcome, RequestReason
from ..models import Beschikking, MaatwerkRequest, Objection, ReverseTest
from ..policies import MandatePolicy, rules_of
from ..selectors import objection_decision_term, objection_period_end, objection_term
from .requests import request_create

OBJECTION_TERMS = (Term.OBJECTION_DECISION, Term.OBJECTION_DECISION_COMMITTEE)
MAX_POSTPONE_WEEKS = 6  # Awb 7:10 lid 3
REASON_MIN = 10
TEXT_MAX = 5000
DECIDED = "Op dit bezwaar is al beslist."
FUTURE = "Deze datum kan niet in de toekomst liggen."
OUTCOME_CHOICE = "Kies de uitkomst: gegrond, ongegrond, niet-ontvankelijk of ingetrokken."
NO_MANDATE = (
    "U hebt geen mandaat om over bezwaar tegen deze beschikking te beslissen: daarvoor is een mandaat "
    "nodig dat mede mag ondertekenen."
)
OWN_DECISION = (
    "U hebt zelf over deze beschikking besloten of haar ondertekend. Iemand anders beslist over het "
    "bezwaar (Awb 7:5)."
)


def _date_error(value: Any, *, missing: str, not_before: date | None = None, before_text: str = "") -> str:
    """The Dutch message for a date that is missing, in the future or too early; "" when it is fine."""
    if not isinstance(value, date):
        return missing
    if value > timezone.localdate():
        return FUTURE
    if not_before is not None and value < not_before:
        return before_text
    return ""


def _visible_objection(acting_user: User, objection: Objection) -> Objection:
    """The bezwaar as it is now, if the user may see its household (Http404 otherwise)."""
    found = (
        Objection.objects.select_for_update()
        .filter(HouseholdPolicy(acting_user).q("beschikking__request__household"), pk=objection.pk)
        .select_related("beschikking__request__household", "beschikking__request__provision")
        .defer("beschikking__letter")
        .first()
    )
    if found is None:
        raise Http404
    return found


def _check_decider(acting_user: User, objection: Objection) -> None:
    """Only someone with a co-sign mandate covering the beschikking decides on bezwaar or registers the
    ruling in beroep, and not who decided or signed the beschikking (Awb 7:5)."""
    beschikking = objection.beschikking
    request = beschikking.request
    if not MandatePolicy(acting_user).may_cosign(request, beschikking.yearly_cents):
        raise ValidationError({"__all__": [NO_MANDATE]})
    deciders = ReverseTest.objects.filter(request=request).values_list("decided_by_id", "approved_by_id")
    involved = {beschikking.signed_by_id, *(deciders.first() or ())}
    if acting_user.pk in involved:
        raise ValidationError({"__all__": [OWN_DECISION]})


def _new_decision(acting_user: User, objection: Objection, on: date, channel: Channel) -> tuple[bool, str]:
    """After a well-founded bezwaar or beroep the beschikking is replaced: its herindicatie reminder is
    cancelled and, unless the bezwaar has one already, a new request for a new decision opens, following
    up the old one. When the resident no longer belongs to the household there is none to open; the
    timeline says so. Returns whether a request was opened and what the timeline line adds."""
    beschikking = objection.beschikking
    old = beschikking.request
    tasks_close_for_source(
        source_uuid=beschikking.uuid, on=on, terms=(Term.REINDICATION,), cancel=True, actor=acting_user
    )
    if objection.new_request_id is not None:
        return False, ""
    if not is_current_member(old.household, old.resident):
        return False, "; geen nieuwe aanvraag geopend: de inwoner hoort niet meer bij dit huishouden"
    try:
        new_request = request_create(
            acting_user=acting_user,
            household=old.household,
            resident=old.resident,
            provision=old.provision,
            plan_action=old.plan_action,
            received_on=on,
            reason=RequestReason.RECONSIDERATION,
            previous=old,
            channel=channel,
        )
    except ValidationError as error:
        reasons = " ".join(error.messages)
        raise ValidationError(
            {"outcome": [f"Het nieuwe besluit kan niet worden voorbereid: {reasons}"]}
        ) from error
    Objection.objects.filter(pk=objection.pk).update(new_request=new_request)
    return True, "; nieuwe aanvraag voor een nieuw besluit geopend"


def _log(
    acting_user: User,
    objection: Objection,
    description: str,
    fields: list[str],
    channel: Channel,
    *,
    action: Action = Action.UPDATE,
) -> None:
    household_log(
        acting_user,
        objection.beschikking.request.household,
        action=action,
        obj=objection,
        kind=TimelineKind.PLAN,
        description=description,
        fields=fields,
        channel=channel,
    )


def objection_register(
    *,
    acting_user: User,
    request: MaatwerkRequest,
    received_on: date | None,
    advisory_committee: bool | None = None,
    channel: Channel = Channel.WEB,
) -> Objection:
    """Register a bezwaar against the signed beschikking of a request and open the term to decide on it.
    Without `advisory_committee` the municipality's default (its decision rules) applies."""
    with transaction.atomic():
        locked = (
            MaatwerkRequest.objects.select_for_update()
            .filter(HouseholdPolicy(acting_user).q("household"), pk=request.pk)
            .select_related("household")
            .first()
        )
        if locked is None:
            raise Http404
        beschikking = Beschikking.objects.filter(request=locked).defer("letter").first()
        if beschikking is None or beschikking.signed_on is None:
            raise ValidationError(
                {"__all__": ["Bezwaar kan pas tegen een ondertekende beschikking die bekend is gemaakt."]}
            )
        errors: dict[str, list[str]] = {}
        message = _date_error(
            received_on,
            missing="Vul de datum in waarop het bezwaar is ontvangen.",
            not_before=beschikking.signed_on,
            before_text="Het bezwaar kan niet zijn ontvangen vóór de beschikking bekend werd gemaakt.",
        )
        if message:
            errors["received_on"] = [message]
        if Objection.objects.filter(beschikking=beschikking, outcome="").exists():
            errors["__all__"] = [
                "Er loopt al een bezwaar tegen deze beschikking. "
                "Beslis daarop voordat u een nieuw bezwaar registreert."
            ]
        if errors:
            raise ValidationError(errors)
        assert received_on is not None
        if advisory_committee is None:
            advisory_committee = rules_of(locked.household.municipality_id).advisory_committee
        beschikking.request = locked
        objection = Objection.objects.create(
            beschikking=beschikking,
            received_on=received_on,
            advisory_committee=bool(advisory_committee),
            created_by=acting_user,
        )
        term = objection_decision_term(objection.advisory_committee)
        term_task_open(
            household=locked.household,
            term=term,
            start_date=objection_period_end(beschikking),
            source=objection,
        )
        state = objection_term(objection)
        description = f"Bezwaar ontvangen tegen beschikking {beschikking.reference}"
        if state.late:
            description += ", na afloop van de bezwaartermijn (Awb 6:11)"
        description += f"; beslissen uiterlijk {state.due_on:%d-%m-%Y}"
        _log(
            acting_user,
            objection,
            description,
            ["beschikking", "received_on", "advisory_committee"],
            channel,
            action=Action.CREATE,
        )
    return objection


def objection_postpone(
    *,
    acting_user: User,
    objection: Objection,
    weeks: int | None,
    reason: str,
    channel: Channel = Channel.WEB,
) -> Objection:
    """Postpone the decision on a bezwaar once, by one to six weeks, with a written reason, while the
    term still runs (Awb 7:10 lid 3). The open term task moves with it."""
    with transaction.atomic():
        current = _visible_objection(acting_user, objection)
        if current.outcome:
            raise ValidationError({"__all__": [DECIDED]})
        errors: dict[str, list[str]] = {}
        if current.postponed_weeks:
            errors["weeks"] = ["De beslissing is al eens verdaagd; dat kan maar één keer (Awb 7:10 lid 3)."]
        elif not isinstance(weeks, int) or isinstance(weeks, bool) or not 1 <= weeks <= MAX_POSTPONE_WEEKS:
            errors["weeks"] = [f"Verdaag met 1 tot en met {MAX_POSTPONE_WEEKS} weken (Awb 7:10 lid 3)."]
        elif timezone.localdate() > objection_term(current).due_on:
            errors["weeks"] = ["De beslistermijn is al verstreken; verdagen kan alleen binnen de termijn."]
        text = (reason or "").strip()
        if len(text) < REASON_MIN:
            errors["reason"] = [
                f"Beschrijf in minstens {REASON_MIN} tekens waarom de beslissing wordt verdaagd; "
                "de indiener krijgt die reden schriftelijk."
            ]
        elif len(text) > TEXT_MAX:
            errors["reason"] = [f"De reden mag hooguit {TEXT_MAX} tekens lang zijn."]
        if errors:
            raise ValidationError(errors)
        assert isinstance(weeks, int)
        updated = Objection.objects.filter(pk=current.pk, outcome="", postponed_weeks=0).update(
            postponed_weeks=weeks, postponement_reason=text, updated_at=timezone.now()
        )
        if not updated:
            raise ValidationError({"__all__": ["Het bezwaar is intussen gewijzigd; probeer het opnieuw."]})
        term_task_postpone(
            source_uuid=current.uuid,
            terms=OBJECTION_TERMS,
            weeks=weeks,
            reason=f"Beslissing op bezwaar verdaagd met {weeks} weken (Awb 7:10 lid 3)",
        )
        current.postponed_weeks = weeks
        current.postponement_reason = text
        due = objection_term(current).due_on
        _log(
            acting_user,
            current,
            f"Beslissing op bezwaar verdaagd met {weeks} weken, tot uiterlijk {due:%d-%m-%Y}",
            ["postponed_weeks", "postponement_reason"],
            channel,
        )
    current.refresh_from_db()
    return current


def objection_hearing_set(
    *, acting_user: User, objection: Objection, hearing_on: date | None, channel: Channel = Channel.WEB
) -> Objection:
    """Plan (or move) the hearing (Awb 7:2) while the bezwaar is undecided; not before it was received."""
    with transaction.atomic():
        current = _visible_objection(acting_user, objection)
        if current.outcome:
            raise ValidationError({"__all__": [DECIDED]})
        if not isinstance(hearing_on, date):
            raise ValidationError({"hearing_on": ["Vul de datum van de hoorzitting in."]})
        if hearing_on < current.received_on:
            raise ValidationError(
                {"hearing_on": ["De hoorzitting kan niet vóór de ontvangst van het bezwaar liggen."]}
            )
        updated = Objection.objects.filter(pk=current.pk, outcome="").update(
            hearing_on=hearing_on, updated_at=timezone.now()
        )
        if not updated:
            raise ValidationError({"__all__": [DECIDED]})
        _log(
            acting_user,
            current,
            f"Hoorzitting over bezwaar gepland op {hearing_on:%d-%m-%Y}",
            ["hearing_on"],
            channel,
        )
    current.refresh_from_db()
    return current


def objection_decide(
    *,
    acting_user: User,
    objection: Objection,
    outcome: str,
    decided_on: date | None,
    motivation: str = "",
    channel: Channel = Channel.WEB,
) -> Objection:
    """Decide on a bezwaar: gegrond, ongegrond, niet-ontvankelijk, or register that it was withdrawn.
    A decision is motivated (Awb 7:12). The term task closes (a withdrawn bezwaar cancels it). When the
    bezwaar is well-founded the beschikking is replaced (`_new_decision`)."""
    with transaction.atomic():
        current = _visible_objection(acting_user, objection)
        if current.outcome:
            raise ValidationError({"__all__": [DECIDED]})
        _check_decider(acting_user, current)
        errors: dict[str, list[str]] = {}
        if outcome not in ObjectionOutcome.values:
            errors["outcome"] = [OUTCOME_CHOICE]
        message = _date_error(
            decided_on,
            missing="Vul de datum van de beslissing in.",
            not_before=current.received_on,
            before_text="De beslissing kan niet vóór de ontvangst van het bezwaar liggen.",
        )
        if message:
            errors["decided_on"] = [message]
        text = (motivation or "").strip()
        if outcome != ObjectionOutcome.WITHDRAWN and not text:
            errors["motivation"] = ["Motiveer de beslissing op bezwaar (Awb 7:12)."]
        elif len(text) > TEXT_MAX:
            errors["motivation"] = [f"De motivering mag hooguit {TEXT_MAX} tekens lang zijn."]
        if errors:
            raise ValidationError(errors)
        assert decided_on is not None
        updated = Objection.objects.filter(pk=current.pk, outcome="").update(
            outcome=outcome, decided_on=decided_on, motivation=text, updated_at=timezone.now()
        )
        if not updated:
            raise ValidationError({"__all__": [DECIDED]})
        withdrawn = outcome == ObjectionOutcome.WITHDRAWN
        tasks_close_for_source(
            source_uuid=current.uuid,
            on=decided_on,
            terms=OBJECTION_TERMS,
            cancel=withdrawn,
            actor=acting_user,
        )
        fields = ["outcome", "decided_on", "motivation"]
        label = ObjectionOutcome(outcome).label.lower()
        description = (
            "Bezwaar ingetrokken" if withdrawn else f"Beslissing op bezwaar: {label}"
        ) + f" ({decided_on:%d-%m-%Y})"
        if outcome == ObjectionOutcome.WELL_FOUNDED:
            opened, more = _new_decision(acting_user, current, decided_on, channel)
            if opened:
                fields.append("new_request")
            description += more
        _log(acting_user, current, description, fields, channel)
    current.refresh_from_db()
    return current


def appeal_register(
    *, acting_user: User, objection: Objection, filed_on: date | None, channel: Channel = Channel.WEB
) -> Objection:
    """Register that beroep was filed with the court against the decision on the bezwaar."""
    with transaction.atomic():
        current = _visible_objection(acting_user, objection)
        if not current.outcome or current.decided_on is None:
            raise ValidationError({"__all__": ["Beroep kan pas na de beslissing op het bezwaar."]})
        if current.outcome == ObjectionOutcome.WITHDRAWN:
            raise ValidationError(
                {"__all__": ["Het bezwaar is ingetrokken: er is geen beslissing waartegen beroep openstaat."]}
            )
        if current.appeal_filed_on is not None:
            raise ValidationError({"__all__": ["Het beroep is al geregistreerd."]})
        message = _date_error(
            filed_on,
            missing="Vul de datum in waarop het beroep is ingesteld.",
            not_before=current.decided_on,
            before_text="Het beroep kan niet vóór de beslissing op bezwaar zijn ingesteld.",
        )
        if message:
            raise ValidationError({"filed_on": [message]})
        assert filed_on is not None
        updated = Objection.objects.filter(pk=current.pk, appeal_filed_on__isnull=True).update(
            appeal_filed_on=filed_on, updated_at=timezone.now()
        )
        if not updated:
            raise ValidationError({"__all__": ["Het beroep is al geregistreerd."]})
        _log(
            acting_user,
            current,
            f"Beroep ingesteld tegen de beslissing op bezwaar ({filed_on:%d-%m-%Y})",
            ["appeal_filed_on"],
            channel,
        )
    current.refresh_from_db()
    return current


def appeal_decide(
    *,
    acting_user: User,
    objection: Objection,
    outcome: str,
    decided_on: date | None,
    channel: Channel = Channel.WEB,
) -> Objection:
    """Register the court's ruling on the beroep (or that it was withdrawn), on or after its filing. When
    the beroep is well-founded the beschikking is replaced as after a well-founded bezwaar
    (`_new_decision`: a new request, unless the bezwaar opened one already)."""
    with transaction.atomic():
        current = _visible_objection(acting_user, objection)
        if current.appeal_filed_on is None:
            raise ValidationError({"__all__": ["Er is geen beroep geregistreerd."]})
        if current.appeal_outcome:
            raise ValidationError({"__all__": ["De uitspraak in beroep is al vastgelegd."]})
        _check_decider(acting_user, current)
        errors: dict[str, list[str]] = {}
        if outcome not in ObjectionOutcome.values:
            errors["outcome"] = [OUTCOME_CHOICE]
        message = _date_error(
            decided_on,
            missing="Vul de datum van de uitspraak in.",
            not_before=current.appeal_filed_on,
            before_text="De uitspraak kan niet vóór het instellen van het beroep liggen.",
        )
        if message:
            errors["decided_on"] = [message]
        if errors:
            raise ValidationError(errors)
        assert decided_on is not None
        updated = Objection.objects.filter(pk=current.pk, appeal_outcome="").update(
            appeal_outcome=outcome, appeal_decided_on=decided_on, updated_at=timezone.now()
        )
        if not updated:
            raise ValidationError({"__all__": ["De uitspraak in beroep is al vastgelegd."]})
        label = ObjectionOutcome(outcome).label.lower()
        fields = ["appeal_outcome", "appeal_decided_on"]
        description = f"Uitspraak in beroep: {label} ({decided_on:%d-%m-%Y})"
        if outcome == ObjectionOutcome.WELL_FOUNDED:
            opened, more = _new_decision(acting_user, current, decided_on, channel)
            if opened:
                fields.append("new_request")
            description += more
        _log(acting_user, current, description, fields, channel)
    current.refresh_from_db()
    return current
