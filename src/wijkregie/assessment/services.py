"""Writes of instruments and of the brede uitvraag. Each service checks the policy (404 when not allowed),
validates with Dutch messages (nothing half-saved), owns its transaction and writes the audit row, and for
household data the timeline line, inside it."""

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from wijkregie.accounts.models import User
from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.services import record
from wijkregie.core.versioning import locked_current, save_new_version
from wijkregie.households.constants import Relation, TimelineKind
from wijkregie.households.models import Household, HouseholdMembership, Resident
from wijkregie.households.selectors import postal_address
from wijkregie.households.services import household_log
from wijkregie.organisation.models import Municipality
from wijkregie.tasks.constants import Term
from wijkregie.tasks.services import tasks_close_for_household

from .constants import ReportStatus, ScoringMoment
from .definitions import DefinitionError, InstrumentDefinition, parse_anchors, parse_instrument
from .letters import report_pdf
from .models import (
    AnchorText,
    ConversationReport,
    DomainScore,
    Instrument,
    InstrumentDomain,
    ScaleLevel,
    Scoring,
)
from .policies import InstrumentPolicy, ReportPolicy
from .selectors import default_instrument, instruments_for, level_labels, member_scorings, report_detail

FINALISED = "Deze brede uitvraag is vastgesteld en kan niet meer worden gewijzigd."
FILE_FIELD = "file"


# -- instruments --------
def _file_error(error: DefinitionError) -> ValidationError:
    return ValidationError({FILE_FIELD: error.messages})


DEBT_FIRST_TALKS = (Term.DEBT_FIRST_TALK, Term.DEBT_FIRST_TALK_ACUTE)


def _save_definition(definition: InstrumentDefinition, municipality: Municipality | None) -> Instrument:
    instrument = Instrument.objects.create(
        key=definition.key,
        name=definition.name,
        version=definition.version,
        municipality=municipality,
        scale_min=definition.scale_min,
        scale_max=definition.scale_max,
        active=True,
    )
    ScaleLevel.objects.bulk_create(
        ScaleLevel(instrument=instrument, value=value, label=label)
        for value, label in definition.labels.items()
    )
    domains = InstrumentDomain.objects.bulk_create(
        InstrumentDomain(instrument=instrument, code=d.code, name=d.name, position=i)
        for i, d in enumerate(definition.domains, start=1)
    )
    by_code = {domain.code: domain for domain in domains}
    if not all(domain.pk for domain in domains):  # backends that do not return ids from bulk_create
        by_code = {d.code: d for d in InstrumentDomain.objects.filter(instrument=instrument)}
    AnchorText.objects.bulk_create(
        AnchorText(domain=by_code[a.domain], municipality=municipality, value=a.score, text=a.text)
        for a in definition.anchors
    )
    return instrument


BUILTIN_FOLDER = Path(__file__).resolve().parent / "instruments"


def builtin_instruments_install() -> list[Instrument]:
    """Load the built-in instruments from assessment/instruments/*.json where missing; idempotent. The data
    migration does this at `migrate`; this is for a database emptied since (transactional tests, demo)."""
    installed = []
    for path in sorted(BUILTIN_FOLDER.glob("*.json")):
        definition = parse_instrument(path.read_bytes(), "json")
        with transaction.atomic():
            existing = Instrument.objects.filter(key=definition.key, municipality__isnull=True).first()
            installed.append(existing or _save_definition(definition, None))
    return installed


def instrument_import(
    *,
    acting_user: User,
    municipality: Municipality,
    content: bytes | str,
    format: str,
    channel: Channel = Channel.WEB,
) -> Instrument:
    """A municipality's own instrument from a JSON or CSV file (docs/instruments.md). Only that
    municipality's functioneel beheerder. Every problem is reported as "Regel N: reden" under `file`;
    nothing is saved unless the whole file is right."""
    policy = InstrumentPolicy(acting_user)
    if not policy.can_import() or policy.municipality_id != municipality.pk:
        raise Http404
    try:
        definition = parse_instrument(content, format)
    except DefinitionError as error:
        raise _file_error(error) from error
    if Instrument.objects.filter(key=definition.key, municipality__isnull=True).exists():
        raise ValidationError(
            {
                FILE_FIELD: [
                    f"Regel 1: sleutel '{definition.key}' is van een ingebouwd instrument; kies een andere."
                ]
            }
        )
    if Instrument.objects.filter(key=definition.key, municipality=municipality).exists():
        raise ValidationError(
            {FILE_FIELD: [f"Regel 1: uw gemeente heeft al een instrument met sleutel '{definition.key}'."]}
        )
    try:
        with transaction.atomic():
            instrument = _save_definition(definition, municipality)
            record(
                actor=acting_user,
                action=Action.CREATE,
                obj=instrument,
                fields=[
                    "key",
                    "name",
                    "version",
                    "scale",
                    "domains",
                    *(["anchors"] if definition.anchors else []),
                ],
                channel=channel,
            )
    except IntegrityError as exc:  # the same key imported at the same moment
        raise ValidationError(
            {FILE_FIELD: [f"Regel 1: uw gemeente heeft al een instrument met sleutel '{definition.key}'."]}
        ) from exc
    return instrument


def anchor_texts_import(
    *,
    acting_user: User,
    instrument: Instrument,
    content: bytes | str,
    format: str,
    channel: Channel = Channel.WEB,
) -> int:
    """Load the (licensed) anchor texts for an instrument, for the beheerder's own municipality: also for a
    built-in, whose texts then belong to this municipality only. Replaces the municipality's earlier texts
    for this instrument, all or nothing. Returns the number of texts loaded."""
    policy = InstrumentPolicy(acting_user)
    if not policy.can_load_anchors(instrument):
        raise Http404
    domains = {d.code: d for d in InstrumentDomain.objects.filter(instrument=instrument)}
    try:
        anchors = parse_anchors(
            content,
            format,
            key=instrument.key,
            domain_codes=set(domains),
            scale_min=instrument.scale_min,
            scale_max=instrument.scale_max,
        )
    except DefinitionError as error:
        raise _file_error(error) from error
    municipality_id = policy.municipality_id
    assert municipality_id is not None  # can_load_anchors: a beheerder of a municipality
    with transaction.atomic():
        Instrument.objects.select_for_update().filter(pk=instrument.pk).values(
            "pk"
        ).first()  # one import at a time
        AnchorText.objects.filter(domain__instrument=instrument, municipality_id=municipality_id).delete()
        AnchorText.objects.bulk_create(
            AnchorText(domain=domains[a.domain], municipality_id=municipality_id, value=a.score, text=a.text)
            for a in anchors
        )
        record(actor=acting_user, action=Action.UPDATE, obj=instrument, fields=["anchors"], channel=channel)
    return len(anchors)


def instrument_set_active(
    *, acting_user: User, instrument: Instrument, active: bool, channel: Channel = Channel.WEB
) -> Instrument:
    """Switch a municipality's own instrument on or off for new reports; earlier scorings stay."""
    if not InstrumentPolicy(acting_user).can_manage(instrument):
        raise Http404
    if instrument.active == active:
        return instrument
    with transaction.atomic():
        Instrument.objects.filter(pk=instrument.pk).update(active=active, updated_at=timezone.now())
        instrument.active = active
        record(actor=acting_user, action=Action.UPDATE, obj=instrument, fields=["active"], channel=channel)
    return instrument


# -- the brede uitvraag --------
def _writable_household(acting_user: User, household: Household) -> None:
    if not ReportPolicy(acting_user).can_write(household):
        raise Http404


def _not_in_future(day: Any, field: str, errors: dict[str, list[str]]) -> None:
    if not isinstance(day, date):
        errors[field] = ["Vul een geldige datum in."]
    elif day > timezone.localdate():
        errors[field] = ["Deze datum ligt in de toekomst."]


def report_create(
    *,
    acting_user: User,
    household: Household,
    held_on: date,
    story: str,
    wishes: str = "",
    instrument: Instrument | None = None,
    channel: Channel = Channel.WEB,
) -> ConversationReport:
    """Write up the conversation: the household's story in its own words and what it wants to reach, on an
    active instrument available to the household's municipality (default ZRM 2017)."""
    _writable_household(acting_user, household)
    errors: dict[str, list[str]] = {}
    _not_in_future(held_on, "held_on", errors)
    if not (story or "").strip():
        errors["story"] = ["Schrijf het verhaal van het huishouden op."]
    if instrument is None:
        instrument = default_instrument(household.municipality_id)
        if instrument is None:
            errors["instrument"] = ["Er is geen instrument in gebruik voor deze gemeente."]
    elif not instruments_for(household.municipality_id).filter(pk=instrument.pk).exists():
        errors["instrument"] = ["Kies een instrument dat uw gemeente gebruikt."]
    if errors:
        raise ValidationError(errors)
    assert instrument is not None
    with transaction.atomic():
        report = ConversationReport.objects.create(
            household=household,
            instrument=instrument,
            held_on=held_on,
            held_by=acting_user,
            story=story.strip(),
            wishes=(wishes or "").strip(),
        )
        household_log(
            acting_user,
            household,
            action=Action.CREATE,
            obj=report,
            kind=TimelineKind.UITVRAAG,
            description=f"Brede uitvraag vastgelegd ({instrument.name})",
            fields=["held_on", "story", "wishes", "instrument"],
            channel=channel,
        )
        # The conversation is the first talk the Wgs asks for within its term.
        tasks_close_for_household(household=household, terms=DEBT_FIRST_TALKS, on=held_on, actor=acting_user)
    return report


def report_update(
    *,
    acting_user: User,
    report: ConversationReport,
    held_on: date,
    story: str,
    wishes: str = "",
    expected_version: int | None = None,
    channel: Channel = Channel.WEB,
) -> ConversationReport:
    """Correct a draft report's date, story or wishes; a finalised report is not changed.
    EditedMeanwhile when `expected_version` is older than the stored report."""
    household = report.household
    _writable_household(acting_user, household)
    errors: dict[str, list[str]] = {}
    _not_in_future(held_on, "held_on", errors)
    if not (story or "").strip():
        errors["story"] = ["Schrijf het verhaal van het huishouden op."]
    if errors:
        raise ValidationError(errors)
    values = {"held_on": held_on, "story": story.strip(), "wishes": (wishes or "").strip()}
    with transaction.atomic():
        report = locked_current(report, expected_version)
        if report.status != ReportStatus.DRAFT:
            raise ValidationError(FINALISED)
        changed = sorted(name for name, value in values.items() if getattr(report, name) != value)
        if not changed:
            return report
        for name, value in values.items():
            setattr(report, name, value)
        save_new_version(report, [*changed, "updated_at"])
        household_log(
            acting_user,
            household,
            action=Action.UPDATE,
            obj=report,
            kind=TimelineKind.UITVRAAG,
            description="Brede uitvraag bijgewerkt",
            fields=changed,
            channel=channel,
        )
    return report


def report_finalise(
    *, acting_user: User, report: ConversationReport, channel: Channel = Channel.WEB
) -> ConversationReport:
    """Fix the report (status vastgesteld): from then on it is read, reused, never edited."""
    household = report.household
    _writable_household(acting_user, household)
    now = timezone.now()
    with transaction.atomic():
        updated = ConversationReport.objects.filter(pk=report.pk, status=ReportStatus.DRAFT).update(
            status=ReportStatus.FINAL, finalised_at=now, updated_at=now
        )
        if not updated:
            raise ValidationError("Deze brede uitvraag is al vastgesteld.")
        report.status, report.finalised_at = ReportStatus.FINAL, now
        household_log(
            acting_user,
            household,
            action=Action.UPDATE,
            obj=report,
            kind=TimelineKind.UITVRAAG,
            description="Brede uitvraag vastgesteld",
            fields=["status"],
            channel=channel,
        )
        # The report of the conversation fixed: the Wmo onderzoek is done (art. 2.3.2).
        tasks_close_for_household(
            household=household, terms=(Term.WMO_RESEARCH,), on=timezone.localdate(), actor=acting_user
        )
    return report


@dataclass
class DomainScoreData:
    """One domain on one member's scoring; value None means not scored (the texts may still be filled)."""

    domain_code: str
    value: int | None
    situation: str = ""
    own_strength: str = ""
    network_strength: str = ""


def _current_membership(household: Household, resident: Resident) -> HouseholdMembership | None:
    return HouseholdMembership.objects.current().filter(household=household, resident=resident).first()


def _check_scores(
    instrument: Instrument, scores: list[DomainScoreData], errors: dict[str, list[str]]
) -> dict[str, InstrumentDomain]:
    domains = {d.code: d for d in InstrumentDomain.objects.filter(instrument=instrument)}
    problems: list[str] = []
    seen: set[str] = set()
    for item in scores:
        if item.domain_code not in domains:
            problems.append(f"Leefgebied '{item.domain_code[:60]}' hoort niet bij {instrument.name}.")
            continue
        name = domains[item.domain_code].name
        if item.domain_code in seen:
            problems.append(f"{name} staat er twee keer in.")
            continue
        seen.add(item.domain_code)
        if item.value is not None and (
            isinstance(item.value, bool)
            or not isinstance(item.value, int)
            or not instrument.scale_min <= item.value <= instrument.scale_max
        ):
            problems.append(
                f"{name}: kies een score van {instrument.scale_min} tot en met {instrument.scale_max}."
            )
    if not problems and not any(
        s.value is not None or s.situation.strip() or s.own_strength.strip() or s.network_strength.strip()
        for s in scores
    ):
        problems.append("Vul minstens één leefgebied in.")
    if problems:
        errors["scores"] = problems
    return domains


def scoring_record(
    *,
    acting_user: User,
    household: Household,
    resident: Resident,
    instrument: Instrument,
    moment: ScoringMoment,
    scores: list[DomainScoreData],
    scored_on: date,
    report: ConversationReport | None = None,
    evaluation_uuid: UUID | None = None,
    channel: Channel = Channel.WEB,
) -> Scoring:
    """Score one current member on an instrument: at the brede uitvraag (with its draft `report`) or at an
    evaluation (`evaluation_uuid`). Replaces the member's earlier scoring on the same draft report or the
    same evaluation, keeping its uuid. Per domain: the score and the situation, own and network strength in
    the resident's words."""
    _writable_household(acting_user, household)
    errors: dict[str, list[str]] = {}
    moment = ScoringMoment(moment)
    membership = _current_membership(household, resident)
    if membership is None:
        errors["resident"] = ["Deze inwoner is geen lid van dit huishouden."]
    if report is not None:
        if report.household_id != household.pk:
            raise Http404
        if report.status != ReportStatus.DRAFT:
            raise ValidationError(FINALISED)
        if report.instrument_id != instrument.pk:
            errors["instrument"] = ["Scoor op het instrument van deze brede uitvraag."]
    elif not instruments_for(household.municipality_id).filter(pk=instrument.pk).exists() and not (
        Scoring.objects.filter(household=household, instrument=instrument).exists()
    ):
        errors["instrument"] = ["Kies een instrument dat uw gemeente gebruikt."]
    _not_in_future(scored_on, "scored_on", errors)
    domains = _check_scores(instrument, scores, errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if report is not None:  # the report may have been finalised since it was read: lock and read again
            draft = ConversationReport.objects.select_for_update().filter(
                pk=report.pk, status=ReportStatus.DRAFT
            )
            if draft.values("pk").first() is None:
                raise ValidationError(FINALISED)
            existing = Scoring.objects.filter(report=report, resident=resident).first()
        elif evaluation_uuid is not None:
            existing = Scoring.objects.filter(
                household=household, resident=resident, evaluation_uuid=evaluation_uuid
            ).first()
        else:
            existing = None
        if existing is not None:
            existing.scores.all().delete()
            Scoring.objects.filter(pk=existing.pk).update(
                scored_on=scored_on, scored_by=acting_user, instrument=instrument, updated_at=timezone.now()
            )
            scoring = Scoring.objects.get(pk=existing.pk)
        else:
            scoring = Scoring.objects.create(
                household=household,
                resident=resident,
                instrument=instrument,
                moment=moment,
                report=report,
                evaluation_uuid=evaluation_uuid,
                scored_on=scored_on,
                scored_by=acting_user,
            )
        DomainScore.objects.bulk_create(
            DomainScore(
                scoring=scoring,
                domain=domains[item.domain_code],
                value=item.value,
                situation=item.situation.strip(),
                own_strength=item.own_strength.strip(),
                network_strength=item.network_strength.strip(),
            )
            for item in scores
        )
        assert membership is not None
        who = Relation(membership.relation).label
        at = "bij de brede uitvraag" if moment == ScoringMoment.INTAKE else "bij een evaluatie"
        household_log(
            acting_user,
            household,
            action=Action.UPDATE if existing is not None else Action.CREATE,
            obj=scoring,
            kind=TimelineKind.UITVRAAG if moment == ScoringMoment.INTAKE else TimelineKind.EVALUATION,
            description=f"{who} gescoord op {instrument.name} {at}",
            fields=sorted({"scored_on", *(f"scores.{item.domain_code}" for item in scores)}),
            channel=channel,
        )
    return scoring


# -- the written report of the onderzoek (Wmo 2015 art. 2.3.2 lid 8) ------------------------------------
def _report_letter_context(
    report: ConversationReport, addressee: HouseholdMembership, sent_on: date
) -> dict[str, Any]:
    detail = report_detail(report)
    members = (
        HouseholdMembership.objects.current().filter(household=detail.household).select_related("resident")
    )
    resident = addressee.resident
    return {
        "report": detail,
        "municipality": detail.household.municipality,
        "resident": resident,
        "address": postal_address(resident),
        "members": [m for m in member_scorings(detail, list(members)) if m.scoring is not None],
        "labels": level_labels(detail),
        "sent_on": sent_on,
    }


LETTER_UNAVAILABLE = "De brief kan nu niet worden gemaakt; probeer het later opnieuw."
NO_ADDRESSEE = "Het huishouden heeft geen hoofdbewoner om het verslag aan te richten."
NOT_FINAL = "Stel de brede uitvraag eerst vast; het verslag gaat over wat is vastgesteld."


def report_letter_make(
    *, acting_user: User, report: ConversationReport, channel: Channel = Channel.WEB
) -> ConversationReport:
    """Make the written report of the onderzoek for the household's head, once, from a finalised brede
    uitvraag: a second call returns the letter already made. Kept as sent (PDF and SHA-256), with an audit
    row and a timeline line."""
    household = report.household
    _writable_household(acting_user, household)
    with transaction.atomic():
        found = ConversationReport.objects.select_for_update().select_related("household").get(pk=report.pk)
        if found.status != ReportStatus.FINAL:
            raise ValidationError({"__all__": [NOT_FINAL]})
        if found.letter_sent_on is not None:
            return found
        addressee = (
            HouseholdMembership.objects.heads().filter(household=household).select_related("resident").first()
        )
        if addressee is None:
            raise ValidationError({"__all__": [NO_ADDRESSEE]})
        today = timezone.localdate()
        try:
            pdf = report_pdf(_report_letter_context(found, addressee, today))
        except (ImportError, OSError) as error:  # WeasyPrint without Pango: refuse, nothing is saved
            raise ValidationError({"__all__": [LETTER_UNAVAILABLE]}) from error
        found.letter = pdf
        found.letter_sha256 = hashlib.sha256(pdf).hexdigest()
        found.letter_sent_on = today
        found.save(update_fields=["letter", "letter_sha256", "letter_sent_on", "updated_at"])
        household_log(
            acting_user,
            household,
            action=Action.UPDATE,
            obj=found,
            kind=TimelineKind.UITVRAAG,
            description="Verslag van het onderzoek voor de inwoner gemaakt (Wmo 2015 art. 2.3.2 lid 8)",
            fields=["letter", "letter_sent_on"],
            channel=channel,
        )
    return found


def report_letter(*, acting_user: User, report: ConversationReport, channel: Channel = Channel.WEB) -> bytes:
    """The written report exactly as it was made; every download leaves an EXPORT row."""
    with transaction.atomic():
        found = ConversationReport.objects.select_related("household").get(pk=report.pk)
        if found.letter is None:
            raise Http404
        record(
            actor=acting_user,
            action=Action.EXPORT,
            obj=found,
            household_uuid=found.household.uuid,
            channel=channel,
            fields=["letter"],
        )
    return bytes(found.letter)
