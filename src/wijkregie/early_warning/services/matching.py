"""Matching and bundling: a period's new signals of one municipality are matched to registered residents and
bundled per household into one vroegsignaalzaak, or get their status with a reason.

Set-based, so a national year takes seconds: each step is one UPDATE over the run's signals (a correlated
subquery on an index), not a query per signal. Only persons the register does not know yet are asked of the
BRP one by one; those who live in the municipality are registered in a household of their own.

Order of the checks (the first that applies decides):
  1. not found: no resident by BSN (nor in the BRP), or none at the address with that birth date
  2. deceased (BRP), not a resident (any more): no current household in this municipality
  3. already known to debt help: an open Wgs melding or an open Wgs term for the household
  4. below the municipality's threshold for the partner type (crisis signals always go on)
  5. repeated: the same resident and partner, not higher than a signal in the window before (crisis goes on)
  6. otherwise: matched, in the household's zaak for the period (made, or the open one extended)."""

import calendar
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, Min, OuterRef, QuerySet, Subquery, Sum
from django.http import Http404
from django.utils import timezone

from wijkregie.accounts.models import User
from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.services import record
from wijkregie.core.bulk import DbValues, insert_rows
from wijkregie.households.constants import TimelineKind
from wijkregie.households.models import Household, HouseholdMembership, Resident, TimelineEntry
from wijkregie.households.services import resident_register_from_brp
from wijkregie.intake.constants import Law, MeldingStatus
from wijkregie.intake.models import Melding
from wijkregie.integrations.brp import BrpUnavailable, lookup_person
from wijkregie.organisation.models import Municipality
from wijkregie.organisation.selectors import district_for_postcode, sample_addresses
from wijkregie.tasks.constants import TaskStatus, Term
from wijkregie.tasks.models import Task

from ..constants import SignalStatus
from ..models import MatchingRun, Signal, SignalCase
from ..policies import EarlyWarningPolicy
from .setup import settings_ensure

CHUNK = 900
MAX_PERIOD_DAYS = 92
WGS_TERMS = (Term.DEBT_FIRST_TALK, Term.DEBT_FIRST_TALK_ACUTE, Term.DEBT_PLAN)
NO_OUTREACH_TEAM = "Stel eerst in welk team de vroegsignalering oppakt (Instellingen vroegsignalering)."


def previous_month(today: date) -> tuple[date, date]:
    """The default matching period: the whole month before today's."""
    last = today.replace(day=1) - timedelta(days=1)
    return last.replace(day=1), last


def _check_period(start: date | None, end: date | None, today: date) -> tuple[date, date]:
    errors: dict[str, list[str]] = {}
    if start is None:
        errors["period_start"] = ["Vul de eerste dag van de matchingperiode in."]
    if end is None:
        errors["period_end"] = ["Vul de laatste dag van de matchingperiode in."]
    if start and end:
        if end < start:
            errors["period_end"] = ["De matchingperiode kan niet eindigen voordat hij begint."]
        elif (end - start).days >= MAX_PERIOD_DAYS:
            errors["period_end"] = [f"Een matchingperiode duurt hooguit {MAX_PERIOD_DAYS} dagen."]
        elif end > today:
            errors["period_end"] = ["De matchingperiode kan niet in de toekomst eindigen."]
    if errors:
        raise ValidationError(errors)
    assert start is not None and end is not None
    return start, end


@dataclass
class _Run:
    run: MatchingRun
    municipality: Municipality
    acting_user: User | None
    channel: Channel
    team_name: str

    def pending(self) -> QuerySet[Signal]:
        return Signal.objects.filter(
            municipality=self.municipality,
            status=SignalStatus.NEW,
            signal_date__gte=self.run.period_start,
            signal_date__lte=self.run.period_end,
        )

    def decide(self, signals: QuerySet[Signal], status: str, reason: str) -> int:
        return signals.update(status=status, status_reason=reason[:200], matching_run=self.run)


# -- 1. who the signal is about ------------------------------------------------------------------------------
def _link_residents(step: _Run) -> None:
    pending = step.pending()
    by_bsn = Resident.objects.filter(bsn=OuterRef("bsn")).values("pk")[:1]
    pending.filter(resident__isnull=True).exclude(bsn="").update(resident_id=Subquery(by_bsn))
    # Without a BSN: the one resident at that address with that birth date (never a guess among two).
    at_address = (
        Resident.objects.filter(
            postcode=OuterRef("postcode"),
            house_number=OuterRef("house_number"),
            birth_date=OuterRef("birth_date"),
        )
        .values("postcode")
        .annotate(only=Min("pk"), found=Count("pk"))
        .filter(found=1)
        .values("only")
    )
    pending.filter(resident__isnull=True, bsn="", birth_date__isnull=False).update(
        resident_id=Subquery(at_address)
    )


def _ask_brp(step: _Run) -> None:
    """Persons with a BSN the register does not know: the BRP says who and where they are."""
    unknown = step.pending().filter(resident__isnull=True).exclude(bsn="")
    for bsn in sorted(set(unknown.values_list("bsn", flat=True))):
        signals = unknown.filter(bsn=bsn)
        try:
            person = lookup_person(bsn, fake_addresses=sample_addresses)
        except BrpUnavailable:
            signals.update(status_reason="De BRP antwoordde niet; de volgende matching probeert het opnieuw.")
            continue
        if person is None:
            step.decide(signals, SignalStatus.UNFOUNDED, "Het BSN is onbekend in de BRP.")
        elif person.deceased_on is not None:
            step.decide(signals, SignalStatus.DECEASED, "Volgens de BRP overleden.")
        elif person.municipality_code != step.municipality.cbs_code:
            step.decide(
                signals, SignalStatus.NOT_RESIDENT, "Volgens de BRP ingeschreven in een andere gemeente."
            )
        else:
            district = district_for_postcode(person.postcode)
            if district is None or district.municipality_id != step.municipality.pk:
                step.decide(
                    signals, SignalStatus.NOT_RESIDENT, "Het BRP-adres ligt in geen wijk van de gemeente."
                )
                continue
            resident = resident_register_from_brp(
                acting_user=step.acting_user, person=person, channel=step.channel
            )
            signals.update(resident_id=resident.pk)


def _not_found(step: _Run) -> None:
    without = step.pending().filter(resident__isnull=True, bsn="")
    served = set(step.municipality.districts.values_list("postcode_areas__pc4", flat=True))
    postcodes = set(without.values_list("postcode", flat=True))
    elsewhere = [code for code in postcodes if code[:4] not in served]
    for start in range(0, len(elsewhere), CHUNK):
        step.decide(
            without.filter(postcode__in=elsewhere[start : start + CHUNK]),
            SignalStatus.NOT_RESIDENT,
            "Het adres ligt niet in de gemeente.",
        )
    step.decide(
        without, SignalStatus.OTHER_REASON, "Geen inwoner gevonden op dit adres met deze geboortedatum."
    )


def _link_households(step: _Run) -> None:
    current = HouseholdMembership.objects.filter(
        resident_id=OuterRef("resident_id"), end_date__isnull=True, household__municipality=step.municipality
    ).values("household_id")[:1]
    pending = step.pending().filter(resident__isnull=False)
    pending.update(household_id=Subquery(current))
    step.decide(
        pending.filter(household__isnull=True),
        SignalStatus.NOT_RESIDENT,
        "Geen huishouden in deze gemeente (meer).",
    )


# -- 2. whether the signal is picked up ----------------------------------------------------------------------
def _known_to_debt_help(step: _Run) -> None:
    pending = step.pending().filter(household__isnull=False)
    open_term = Task.objects.filter(
        household_id=OuterRef("household_id"), term__in=WGS_TERMS, status=TaskStatus.OPEN
    )
    step.decide(pending.filter(Exists(open_term)), SignalStatus.KNOWN, "Er loopt al een Wgs-termijn.")
    # The laws of a melding are a JSON list: filtered here, as SQLite cannot look inside it.
    open_meldingen = Melding.objects.filter(municipality=step.municipality).exclude(
        status=MeldingStatus.CLOSED
    )
    debt = sorted(
        {
            household
            for household, laws in open_meldingen.values_list("household_id", "laws")
            if Law.DEBT in laws
        }
    )
    for start in range(0, len(debt), CHUNK):
        step.decide(
            pending.filter(household_id__in=debt[start : start + CHUNK]),
            SignalStatus.KNOWN,
            "Er loopt al een melding schuldhulpverlening.",
        )


def _below_threshold(step: _Run, default: int, thresholds: dict[str, Any]) -> None:
    pending = step.pending().filter(household__isnull=False, crisis=False)
    kinds = set(pending.values_list("partner_type", flat=True))
    for kind in sorted(kinds):
        euros = int(thresholds.get(kind, default))
        step.decide(
            pending.filter(partner_type=kind, amount__lt=euros),
            SignalStatus.OTHER_REASON,
            f"Onder de drempel van € {euros} voor deze soort signaalpartner.",
        )


def _repeated(step: _Run, window_days: int) -> None:
    """Not higher than an earlier signal of the same partner about the same resident within the window
    before its own date. The database narrows to candidates; the exact window is checked on those few."""
    since = step.run.period_start - timedelta(days=window_days)
    pending = step.pending().filter(household__isnull=False, crisis=False)
    earlier = Signal.objects.filter(
        resident_id=OuterRef("resident_id"),
        partner_type=OuterRef("partner_type"),
        signal_date__gte=since,
        signal_date__lte=OuterRef("signal_date"),
        amount__gte=OuterRef("amount"),
    ).exclude(pk=OuterRef("pk"))
    fields = ("pk", "resident_id", "partner_type", "partner_id", "signal_date", "amount")
    candidates = list(pending.filter(Exists(earlier)).values_list(*fields))
    residents = sorted({row[1] for row in candidates})
    before: dict[tuple[int, str], list[tuple[Any, ...]]] = defaultdict(list)
    for start in range(0, len(residents), CHUNK):
        rows = Signal.objects.filter(resident_id__in=residents[start : start + CHUNK], signal_date__gte=since)
        for row in rows.values_list(*fields):
            before[(row[1], row[2])].append(row)
    repeated = [
        row[0] for row in candidates if any(_repeats(row, e, window_days) for e in before[(row[1], row[2])])
    ]
    for start in range(0, len(repeated), CHUNK):
        step.decide(
            Signal.objects.filter(pk__in=repeated[start : start + CHUNK]),
            SignalStatus.REPEATED,
            f"Herhaald signaal: niet hoger dan een eerder signaal binnen {window_days} dagen.",
        )


def _repeats(signal: tuple[Any, ...], other: tuple[Any, ...], window_days: int) -> bool:
    pk, _, _, partner, day, amount = signal
    other_pk, _, _, other_partner, other_day, other_amount = other
    if (other_day, other_pk) >= (day, pk) or (day - other_day).days > window_days or other_amount < amount:
        return False
    return partner is None or other_partner is None or partner == other_partner


# -- 3. bundling per household -------------------------------------------------------------------------------
def _bundle(step: _Run, team_id: int) -> tuple[int, int]:
    """Matched signals into the household's zaak for the period; (zaken made, zaken extended)."""
    pending = step.pending().filter(household__isnull=False)
    households = sorted(set(pending.values_list("household_id", flat=True)))
    run = step.run
    existing = _existing(run.period_start, households)
    new = [household for household in households if household not in existing]
    districts: dict[int, int | None] = {}
    for start in range(0, len(new), CHUNK):
        chunk = new[start : start + CHUNK]
        districts.update(Household.objects.filter(pk__in=chunk).values_list("pk", "district_id"))
    to_db = DbValues()
    now = to_db.moment(timezone.now())
    rows = [
        (
            to_db.uuid(uuid.uuid4()),
            now,
            now,
            1,
            step.municipality.pk,
            household,
            districts.get(household),
            run.pk,
            to_db.day(run.period_start),
            to_db.day(run.period_end),
            to_db.day(run.matched_on),
            team_id,
            False,
            0,
            0,
            0,
            "[]",
            to_db.day(run.period_start),
            "",
            "",
        )
        for household in new
    ]
    insert_rows(SignalCase, CASE_FIELDS, rows)
    case = SignalCase.objects.filter(household_id=OuterRef("household_id"), period_start=run.period_start)
    pending.update(
        status=SignalStatus.MATCHED,
        status_reason="",
        matching_run=run,
        case_id=Subquery(case.values("pk")[:1]),
    )
    _summarise(run)
    _timeline(step, new, existing & set(households))
    return len(new), len(existing & set(households))


CASE_FIELDS = (
    "uuid", "created_at", "updated_at", "version", "municipality", "household", "district", "matching_run",
    "period_start", "period_end", "matched_on", "team", "crisis", "signal_count", "person_count",
    "total_amount", "partner_types", "oldest_signal_on", "result", "handover_line",
)  # fmt: skip


def _existing(period_start: date, households: list[int]) -> set[int]:
    found: set[int] = set()
    for start in range(0, len(households), CHUNK):
        chunk = households[start : start + CHUNK]
        found.update(
            SignalCase.objects.filter(period_start=period_start, household_id__in=chunk).values_list(
                "household_id", flat=True
            )
        )
    return found


def _summarise(run: MatchingRun) -> None:
    """Counts, total arrears, crisis and partner types of the period's zaken, from their signals."""
    cases = SignalCase.objects.filter(municipality=run.municipality_id, period_start=run.period_start)
    signals = Signal.objects.filter(case_id=OuterRef("pk"), status=SignalStatus.MATCHED).values("case_id")
    cases.update(
        signal_count=Subquery(signals.annotate(n=Count("pk")).values("n")[:1]),
        person_count=Subquery(signals.annotate(n=Count("resident_id", distinct=True)).values("n")[:1]),
        total_amount=Subquery(signals.annotate(n=Sum("amount")).values("n")[:1]),
        oldest_signal_on=Subquery(signals.annotate(n=Min("signal_date")).values("n")[:1]),
        crisis=Exists(
            Signal.objects.filter(case_id=OuterRef("pk"), status=SignalStatus.MATCHED, crisis=True)
        ),
    )
    kinds: dict[int, set[str]] = defaultdict(set)
    matched = Signal.objects.filter(case__in=cases, status=SignalStatus.MATCHED)
    for case_id, kind in matched.values_list("case_id", "partner_type").distinct():
        kinds[case_id].add(kind)
    by_kinds: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for case_id, found in kinds.items():
        by_kinds[tuple(sorted(found))].append(case_id)
    for ordered, ids in by_kinds.items():
        for start in range(0, len(ids), CHUNK):
            SignalCase.objects.filter(pk__in=ids[start : start + CHUNK]).update(partner_types=list(ordered))


def _timeline(step: _Run, new: list[int], extended: set[int]) -> None:
    """One line on each household's timeline, written in bulk (the run's own audit row names them all)."""
    to_db = DbValues()
    now = to_db.moment(timezone.now())
    actor = step.acting_user.pk if step.acting_user else None
    kind = TimelineKind.EARLY_SIGNAL.value
    made = f"Vroegsignaal van een betalingsachterstand: vroegsignaalzaak bij {step.team_name}"[:300]
    rows = [(household, now, kind, made, actor) for household in new]
    rows += [
        (household, now, kind, "Nieuw vroegsignaal bij de lopende vroegsignaalzaak", actor)
        for household in sorted(extended)
    ]
    insert_rows(TimelineEntry, ("household", "occurred_at", "kind", "description", "actor"), rows)


# -- the run -------------------------------------------------------------------------------------------------
def matching_run(
    *,
    acting_user: User | None,
    municipality: Municipality,
    period_start: date | None,
    period_end: date | None,
    channel: Channel = Channel.WEB,
) -> MatchingRun:
    """Match the period's new signals and bundle them; repeatable: a second run over the same period takes
    only signals that came in since (and those the BRP could not answer for)."""
    if acting_user is not None and not EarlyWarningPolicy(acting_user).can_read_in(municipality):
        raise Http404
    today = timezone.localdate()
    start, end = _check_period(period_start, period_end, today)
    settings = settings_ensure(municipality)
    if settings.outreach_team is None:
        raise ValidationError({"__all__": [NO_OUTREACH_TEAM]})
    with transaction.atomic():
        run = MatchingRun.objects.create(
            municipality=municipality,
            period_start=start,
            period_end=end,
            matched_on=today,
            started_by=acting_user,
            started_at=timezone.now(),
        )
        step = _Run(run, municipality, acting_user, channel, settings.outreach_team.name)
        waiting = step.pending().count()
        _link_residents(step)
        _ask_brp(step)
        _not_found(step)
        _link_households(step)
        _known_to_debt_help(step)
        _below_threshold(step, settings.default_threshold, settings.thresholds)
        _repeated(step, settings.repeat_window_days)
        made, extended = _bundle(step, settings.outreach_team.pk)
        counts = dict(
            Signal.objects.filter(matching_run=run).values_list("status").annotate(n=Count("pk")).order_by()
        )
        run.counts = {
            "signalen": waiting,
            "per_status": counts,
            "zaken_nieuw": made,
            "zaken_aangevuld": extended,
            "wachten": step.pending().count(),
        }
        run.finished_at = timezone.now()
        run.save(update_fields=["counts", "finished_at", "updated_at"])
        record(actor=acting_user, action=Action.CREATE, obj=run, fields=["signals", "cases"], channel=channel)
    return run


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
