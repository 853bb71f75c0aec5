"""The outreach work on a vroegsignaalzaak: pick it up, write the letters, record contact attempts, end it
with its result and, for follow-up help, hand it over warmly as a melding in the household's dossier.

The definitions monitoring counts by are enforced here, at input (docs/vroegsignalering.md, "Definities"):
a result other than "niet opgepakt" needs a pick-up date, "niet opgepakt" forbids one, and a result that
says the resident was spoken to needs at least one attempt that reached them."""

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from wijkregie.accounts.models import User
from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.services import record, record_reads
from wijkregie.core.calendar import add_working_days
from wijkregie.core.versioning import locked_current, save_new_version
from wijkregie.households.constants import TimelineKind
from wijkregie.households.models import Resident
from wijkregie.households.services import household_log
from wijkregie.intake.constants import AcuteThreat, Law, MeldingChannel, Urgency
from wijkregie.intake.services import MeldingData, melding_create_for_early_signal
from wijkregie.tasks.services import follow_up_task_open

from ..constants import (
    DEBT_HANDOVER_RESULTS,
    HANDOVER_RESULTS,
    NEEDS_REACHED,
    NOT_PICKED_RESULTS,
    CaseResult,
    ContactKind,
    DayPart,
    HandoverLine,
    PartnerType,
    SignalStatus,
)
from ..letters import outreach_pdf
from ..models import ContactAttempt, SignalCase, SignalLetter
from ..policies import SignalCasePolicy
from ..selectors import QueueFilter, QueueRow, queue

CREDIT_BANK_INTAKE_DAYS = 10  # working days: the Kredietbank's own intake norm
CREDIT_BANK_TASK = "Intake Kredietbank na vroegsignalering"
LETTER_UNAVAILABLE = "De brief kan nu niet worden gemaakt; probeer het later opnieuw."
# An arrears that threatens the home, energy, water or health insurance shortens the Wgs first conversation.
THREATS: dict[str, str] = {
    PartnerType.RENT: AcuteThreat.EVICTION,
    PartnerType.MORTGAGE: AcuteThreat.EVICTION,
    PartnerType.ENERGY: AcuteThreat.ENERGY_CUTOFF,
    PartnerType.WATER: AcuteThreat.WATER_CUTOFF,
    PartnerType.HEALTH: AcuteThreat.INSURANCE_END,
    PartnerType.CAK_INSURANCE: AcuteThreat.INSURANCE_END,
}


# -- reading, with its access rows --------------------------------------------------------------------------
def queue_read(*, acting_user: User, wanted: QueueFilter, channel: Channel = Channel.WEB) -> list[QueueRow]:
    """The outreach queue, and one access row per person it shows (against their household)."""
    rows = queue(acting_user, wanted)
    shown = [(person.uuid, row.case.household.uuid) for row in rows for person in row.shown]
    with transaction.atomic():
        record_reads(actor=acting_user, object_type="lijst.vroegsignaalzaken", shown=shown, channel=channel)
    return rows


def case_read(*, acting_user: User, case: SignalCase, channel: Channel = Channel.WEB) -> None:
    """The access row for a zaak the user was shown (the caller read it through the policy)."""
    with transaction.atomic():
        record(
            actor=acting_user,
            action=Action.READ,
            obj=case,
            household_uuid=case.household.uuid,
            channel=channel,
        )


def _worked_or_404(acting_user: User, case: SignalCase) -> None:
    if not SignalCasePolicy(acting_user).can_work(case):
        raise Http404


def _log(acting_user: User, case: SignalCase, description: str, fields: list[str], channel: Channel) -> None:
    household_log(
        acting_user,
        case.household,
        action=Action.UPDATE,
        obj=case,
        kind=TimelineKind.EARLY_SIGNAL,
        description=description,
        fields=fields,
        channel=channel,
    )


def _day(value: Any, name: str, errors: dict[str, list[str]], *, not_before: date, why: str) -> date | None:
    if not isinstance(value, date):
        errors[name] = ["Vul een datum in."]
        return None
    if value > timezone.localdate():
        errors[name] = ["De datum kan niet in de toekomst liggen."]
    elif value < not_before:
        errors[name] = [why]
    return value


def case_pick_up(
    *,
    acting_user: User,
    case: SignalCase,
    on: date | None = None,
    expected_version: int | None = None,
    channel: Channel = Channel.WEB,
) -> SignalCase:
    """The zaak is picked up (datumOpgepakt) and the acting worker takes it, unless a colleague has it."""
    _worked_or_404(acting_user, case)
    errors: dict[str, list[str]] = {}
    day = _day(
        on or timezone.localdate(),
        "picked_up_on",
        errors,
        not_before=case.oldest_signal_on,
        why="Een zaak kan niet worden opgepakt vóór de signaaldatum.",
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        case = locked_current(case, expected_version)
        if case.picked_up_on is not None:
            return case
        if case.is_closed:
            raise ValidationError({"__all__": ["Deze zaak is al afgesloten."]})
        case.picked_up_on = day
        case.worker = case.worker or acting_user
        save_new_version(case, ["picked_up_on", "worker", "updated_at"])
        _log(acting_user, case, "Vroegsignaalzaak opgepakt", ["picked_up_on", "worker"], channel)
    return case


@dataclass
class AttemptData:
    kind: str
    made_on: date | None
    day_part: str
    reached: bool


def contact_attempt_add(
    *, acting_user: User, case: SignalCase, data: AttemptData, channel: Channel = Channel.WEB
) -> ContactAttempt:
    """A contact attempt; the first one picks the zaak up on its date when nobody did before."""
    _worked_or_404(acting_user, case)
    errors: dict[str, list[str]] = {}
    if data.kind not in ContactKind.values:
        errors["kind"] = ["Kies de soort contact uit de lijst."]
    if data.day_part not in DayPart.values:
        errors["day_part"] = ["Kies ochtend, middag of avond."]
    if not isinstance(data.reached, bool):
        errors["reached"] = ["Geef aan of de inwoner is bereikt."]
    day = _day(
        data.made_on,
        "made_on",
        errors,
        not_before=case.oldest_signal_on,
        why="Een contactpoging kan niet vóór de signaaldatum liggen.",
    )
    if case.is_closed:
        errors["__all__"] = ["Deze zaak is al afgesloten."]
    if errors:
        raise ValidationError(errors)
    assert day is not None
    with transaction.atomic():
        case = locked_current(case, None)
        attempt = ContactAttempt.objects.create(
            case=case, kind=data.kind, made_on=day, day_part=data.day_part, reached=data.reached,
            recorded_by=acting_user,
        )  # fmt: skip
        record(actor=acting_user, action=Action.CREATE, obj=attempt, household_uuid=case.household.uuid,
               fields=["kind", "made_on", "day_part", "reached"], channel=channel)  # fmt: skip
        changed = ["version"]
        if case.picked_up_on is None or case.picked_up_on > day:
            case.picked_up_on = day
            changed.append("picked_up_on")
        if case.worker_id is None:
            case.worker = acting_user
            changed.append("worker")
        save_new_version(case, [*changed[1:], "updated_at"])
        outcome = "bereikt" if data.reached else "niet bereikt"
        _log(
            acting_user,
            case,
            f"Contactpoging ({ContactKind(data.kind).label.lower()}): {outcome}",
            ["attempts"],
            channel,
        )
    return attempt


@dataclass
class ResultData:
    result: str
    result_on: date | None
    handover_line: str = ""
    question: str = ""  # for a handover: what the resident asks help with, in their words


def _check_result(case: SignalCase, data: ResultData, reached: bool) -> None:
    errors: dict[str, list[str]] = {}
    if data.result not in CaseResult.values:
        errors["result"] = ["Kies het eindresultaat uit de lijst."]
    elif data.result in NOT_PICKED_RESULTS and case.picked_up_on is not None:
        errors["result"] = ["Deze zaak is opgepakt: kies een resultaat van een opgepakte zaak."]
    elif data.result not in NOT_PICKED_RESULTS and case.picked_up_on is None:
        errors["result"] = ["Pak de zaak eerst op: dit eindresultaat vraagt een datum van oppakken."]
    elif data.result in NEEDS_REACHED and not reached:
        errors["result"] = [
            "Dit eindresultaat vraagt minstens één contactpoging waarbij de inwoner is bereikt."
        ]
    not_before = case.picked_up_on or case.oldest_signal_on
    _day(data.result_on, "result_on", errors, not_before=not_before,
         why="Het eindresultaat kan niet vóór het oppakken of de signaaldatum liggen.")  # fmt: skip
    if data.result in HANDOVER_RESULTS:
        if data.handover_line not in HandoverLine.values:
            errors["handover_line"] = ["Kies waar de inwoner naartoe gaat: eerste of tweede lijn."]
        if not (data.question or "").strip():
            errors["question"] = ["Beschrijf in de woorden van de inwoner waar hij of zij hulp bij wil."]
    if case.is_closed:
        errors["__all__"] = ["Deze zaak is al afgesloten."]
    if errors:
        raise ValidationError(errors)


def case_close(
    *,
    acting_user: User,
    case: SignalCase,
    data: ResultData,
    expected_version: int | None = None,
    channel: Channel = Channel.WEB,
) -> SignalCase:
    """End the zaak with its DDAS result; a follow-up result hands the household over in the same step."""
    _worked_or_404(acting_user, case)
    reached = case.attempts.filter(reached=True).exists()
    _check_result(case, data, reached)
    with transaction.atomic():
        case = locked_current(case, expected_version)
        if case.is_closed:
            raise ValidationError({"__all__": ["Deze zaak is al afgesloten."]})
        case.result, case.result_on = data.result, data.result_on
        fields = ["result", "result_on"]
        if data.result in HANDOVER_RESULTS:
            case.melding = _hand_over(acting_user, case, data, channel)
            case.handover_line = data.handover_line
            fields += ["melding", "handover_line"]
        save_new_version(case, [*fields, "updated_at"])
        _log(
            acting_user,
            case,
            f"Vroegsignaalzaak afgesloten: {CaseResult(data.result).label}"[:300],
            fields,
            channel,
        )
    return case


def _hand_over(acting_user: User, case: SignalCase, data: ResultData, channel: Channel) -> Any:
    """A melding (channel vroegsignalering) about the zaak's first signalled member; for debt help a Wgs
    melding whose first-conversation term is 3 working days on an acute threat, else 4 weeks."""
    signals = list(
        case.signals.filter(status=SignalStatus.MATCHED)
        .select_related("resident")
        .order_by("signal_date", "pk")
    )
    resident = next((s.resident for s in signals if s.resident is not None), None)
    if resident is None:
        raise ValidationError({"__all__": ["Deze zaak heeft geen gekoppelde inwoner meer."]})
    debt = data.result in DEBT_HANDOVER_RESULTS
    threat = next((THREATS[s.partner_type] for s in signals if s.crisis and s.partner_type in THREATS), "")
    melding = melding_create_for_early_signal(
        acting_user=acting_user,
        household=case.household,
        resident=resident,
        data=MeldingData(
            channel=MeldingChannel.EARLY_WARNING,
            question=data.question,
            laws=[Law.DEBT] if debt else [Law.NONE],
            urgency=Urgency.URGENT if case.crisis else Urgency.REGULAR,
            resident_informed=True,
            acute_threat=threat if debt else AcuteThreat.NONE,
            reporter_name=case.team.name,
            received_on=data.result_on,
        ),
        channel=channel,
    )
    if debt and data.handover_line == HandoverLine.SECOND and melding.team is not None:
        due = add_working_days(data.result_on or timezone.localdate(), CREDIT_BANK_INTAKE_DAYS)
        task = follow_up_task_open(
            household=case.household, team=melding.team, title=CREDIT_BANK_TASK, due_on=due, source=melding
        )
        household_log(acting_user, case.household, action=Action.CREATE, obj=task, kind=TimelineKind.TASK,
                      description=f"Taak: {CREDIT_BANK_TASK}, uiterlijk {due:%d-%m-%Y}",
                      fields=["title", "due_on", "team"], channel=channel)  # fmt: skip
    return melding


# -- letters -------------------------------------------------------------------------------------------------
def case_letters_make(
    *, acting_user: User, case: SignalCase, channel: Channel = Channel.WEB
) -> list[SignalLetter]:
    """One letter per signalled member, naming only their own creditors' kinds; made once and kept as sent."""
    _worked_or_404(acting_user, case)
    today = timezone.localdate()
    with transaction.atomic():
        case = locked_current(case, None)
        made = {letter.resident_id: letter for letter in case.letters.all()}
        kinds: dict[int, set[str]] = {}
        for resident_id, kind in case.signals.filter(status=SignalStatus.MATCHED).values_list(
            "resident_id", "partner_type"
        ):
            kinds.setdefault(resident_id, set()).add(kind)
        for resident in Resident.objects.filter(pk__in=kinds).order_by("pk"):
            if resident.pk in made:
                continue
            try:
                pdf = outreach_pdf(case, resident, sorted(kinds[resident.pk]), today)
            except (ImportError, OSError) as error:  # WeasyPrint without Pango: nothing is saved
                raise ValidationError({"__all__": [LETTER_UNAVAILABLE]}) from error
            letter = SignalLetter.objects.create(
                case=case, resident=resident, pdf=pdf, sha256=hashlib.sha256(pdf).hexdigest(), sent_on=today,
                made_by=acting_user,
            )  # fmt: skip
            record(actor=acting_user, action=Action.CREATE, obj=letter, household_uuid=case.household.uuid,
                   fields=["pdf"], channel=channel)  # fmt: skip
            made[resident.pk] = letter
        if case.picked_up_on is None:
            case.picked_up_on = today
            case.worker = case.worker or acting_user
            save_new_version(case, ["picked_up_on", "worker", "updated_at"])
        _log(acting_user, case, f"Brief vroegsignalering gemaakt ({len(made)})", ["letters"], channel)
    return list(made.values())


def case_letter(
    *, acting_user: User, case: SignalCase, letter_uuid: Any, channel: Channel = Channel.WEB
) -> SignalLetter:
    """A letter exactly as it was made; every download leaves an EXPORT row."""
    _worked_or_404(acting_user, case)
    try:
        letter = case.letters.get(uuid=letter_uuid)
    except (SignalLetter.DoesNotExist, ValueError, ValidationError) as error:
        raise Http404 from error
    with transaction.atomic():
        record(actor=acting_user, action=Action.EXPORT, obj=letter, household_uuid=case.household.uuid,
               fields=["pdf"], channel=channel)  # fmt: skip
    return letter
