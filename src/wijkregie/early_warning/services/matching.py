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
  6. otherwise: matched, in the household's open zaak for the period (made, or extended; a zaak closed
     already is left as it was closed, and a later signal of the period starts a new one)."""

import calendar
import functools
import json
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.http import Http404
from django.utils import timezone

from wijkregie.accounts.models import User
from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.services import record
from wijkregie.core.bulk import DbValues, insert_rows, reserve_ids, update_rows
from wijkregie.households.constants import TimelineKind
from wijkregie.households.models import Household, HouseholdMembership, Resident, TimelineEntry
from wijkregie.households.services import resident_register_from_brp
from wijkregie.intake.constants import Law, MeldingStatus
from wijkregie.intake.models import Melding
from wijkregie.integrations.brp import BrpPerson, BrpUnavailable, lookup_person
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


@dataclass(slots=True)
class _Pending:
    """One new signal of the period, as matching reads it, and what matching decides for it."""

    pk: int
    bsn: str
    postcode: str
    partner_type: str
    partner_id: int | None
    amount: int
    signal_date: date
    crisis: bool
    resident_id: int | None = None
    household_id: int | None = None
    district_id: int | None = None
    status: str = SignalStatus.NEW
    reason: str = ""
    case_id: int | None = None


@dataclass
class _Run:
    run: MatchingRun
    municipality: Municipality
    acting_user: User | None
    channel: Channel
    team_name: str
    signals: list[_Pending]

    def decide(self, signal: _Pending, status: str, reason: str) -> None:
        signal.status, signal.reason = status, reason[:200]

    def open(self) -> Iterator[_Pending]:
        return (signal for signal in self.signals if signal.status == SignalStatus.NEW and not signal.reason)


# -- reading the period once ---------------------------------------------------------------------------------
def _tables() -> dict[str, str]:
    quote = connection.ops.quote_name
    models = {
        "signal": Signal,
        "resident": Resident,
        "membership": HouseholdMembership,
        "household": Household,
    }
    return {name: quote(model._meta.db_table) for name, model in models.items()}


def _read_pending(run: MatchingRun) -> list[_Pending]:
    """The period's new signals with the resident and current household the register gives them: one query
    for those with a BSN, one for those identified by address (only an unambiguous resident counts)."""
    to_db = DbValues()
    t = _tables()
    where = "s.municipality_id = %s AND s.status = %s AND s.signal_date >= %s AND s.signal_date <= %s"
    params = [
        run.municipality_id,
        SignalStatus.NEW.value,
        to_db.day(run.period_start),
        to_db.day(run.period_end),
    ]
    household = f"""LEFT JOIN {t["membership"]} m ON m.resident_id = r.id AND m.end_date IS NULL
        LEFT JOIN {t["household"]} h ON h.id = m.household_id AND h.municipality_id = s.municipality_id"""
    columns = "s.id, s.bsn, s.postcode, s.partner_type, s.partner_id, s.amount, s.signal_date, s.crisis"
    by_bsn = f"""SELECT {columns}, r.id, h.id, h.district_id FROM {t["signal"]} s
        LEFT JOIN {t["resident"]} r ON r.bsn = s.bsn AND s.bsn <> '' {household}
        WHERE {where} ORDER BY s.id"""  # noqa: S608 (table names from the models, values as parameters)
    at_address = f"""SELECT s.id, r.id, h.id, h.district_id FROM {t["signal"]} s
        JOIN {t["resident"]} r ON r.postcode = s.postcode AND r.house_number = s.house_number
            AND r.birth_date = s.birth_date {household}
        WHERE {where} AND s.bsn = ''"""  # noqa: S608
    signals: dict[int, _Pending] = {}
    with connection.cursor() as cursor:
        cursor.execute(by_bsn, params)
        for pk, bsn, postcode, kind, partner, amount, on, crisis, resident, home, district in cursor:
            if isinstance(on, str):  # SQLite gives the ISO text
                on = date.fromisoformat(on)
            signal = signals.get(pk)
            if signal is None:
                signal = signals[pk] = _Pending(pk, bsn, postcode, kind, partner, amount, on, bool(crisis))
            if resident is not None and signal.household_id is None:
                signal.resident_id, signal.household_id, signal.district_id = resident, home, district
        cursor.execute(at_address, params)
        found: dict[int, set[tuple[int, int | None, int | None]]] = defaultdict(set)
        for pk, resident, home, district in cursor:
            found[pk].add((resident, home, district))
    for pk, residents in found.items():
        if len({resident for resident, _, _ in residents}) == 1:  # never a guess among two
            resident, home, district = max(residents, key=lambda r: r[1] is not None)
            signals[pk].resident_id, signals[pk].household_id, signals[pk].district_id = (
                resident,
                home,
                district,
            )
    return list(signals.values())


# -- 1. who the signal is about ------------------------------------------------------------------------------
def _ask_brp(step: _Run) -> None:
    """Persons with a BSN the register does not know: the BRP says who and where they are."""
    unknown: dict[str, list[_Pending]] = defaultdict(list)
    for signal in step.signals:
        if signal.resident_id is None and signal.bsn:
            unknown[signal.bsn].append(signal)
    for bsn in sorted(unknown):
        signals = unknown[bsn]
        try:
            person = lookup_person(bsn, fake_addresses=sample_addresses)
        except BrpUnavailable:
            for signal in signals:
                signal.reason = "De BRP antwoordde niet; de volgende matching probeert het opnieuw."
            continue
        status, reason, resident = _brp_answer(step, person)
        for signal in signals:
            if resident is not None:
                signal.resident_id, signal.household_id, signal.district_id = resident
            else:
                step.decide(signal, status, reason)


def _brp_answer(step: _Run, person: BrpPerson | None) -> tuple[str, str, tuple[int, int, int | None] | None]:
    """(status, reason, None) for a person matching cannot take, else the registered resident and their
    household."""
    if person is None:
        return SignalStatus.UNFOUNDED, "Het BSN is onbekend in de BRP.", None
    if person.deceased_on is not None:
        return SignalStatus.DECEASED, "Volgens de BRP overleden.", None
    if person.municipality_code != step.municipality.cbs_code:
        return SignalStatus.NOT_RESIDENT, "Volgens de BRP ingeschreven in een andere gemeente.", None
    district = district_for_postcode(person.postcode)
    if district is None or district.municipality_id != step.municipality.pk:
        return SignalStatus.NOT_RESIDENT, "Het BRP-adres ligt in geen wijk van de gemeente.", None
    resident = resident_register_from_brp(acting_user=step.acting_user, person=person, channel=step.channel)
    membership = HouseholdMembership.objects.select_related("household").get(
        resident=resident, end_date__isnull=True
    )
    return "", "", (resident.pk, membership.household_id, membership.household.district_id)


def _not_found(step: _Run) -> None:
    served = set(step.municipality.districts.values_list("postcode_areas__pc4", flat=True))
    for signal in step.open():
        if signal.resident_id is not None or signal.bsn:
            continue
        if signal.postcode[:4] not in served:
            step.decide(signal, SignalStatus.NOT_RESIDENT, "Het adres ligt niet in de gemeente.")
        else:
            step.decide(
                signal,
                SignalStatus.OTHER_REASON,
                "Geen inwoner gevonden op dit adres met deze geboortedatum.",
            )


def _no_household(step: _Run) -> None:
    for signal in step.open():
        if signal.household_id is None:
            step.decide(signal, SignalStatus.NOT_RESIDENT, "Geen huishouden in deze gemeente (meer).")


# -- 2. whether the signal is picked up ----------------------------------------------------------------------
def _known_to_debt_help(step: _Run) -> None:
    in_term = set(
        Task.objects.filter(
            household__municipality=step.municipality, term__in=WGS_TERMS, status=TaskStatus.OPEN
        ).values_list("household_id", flat=True)
    )
    # The laws of a melding are a JSON list: filtered here, as SQLite cannot look inside it.
    open_meldingen = Melding.objects.filter(municipality=step.municipality).exclude(
        status=MeldingStatus.CLOSED
    )
    debt = {
        household
        for household, laws in open_meldingen.values_list("household_id", "laws")
        if Law.DEBT in laws
    }
    for signal in step.open():
        if signal.household_id in in_term:
            step.decide(signal, SignalStatus.KNOWN, "Er loopt al een Wgs-termijn.")
        elif signal.household_id in debt:
            step.decide(signal, SignalStatus.KNOWN, "Er loopt al een melding schuldhulpverlening.")


def _below_threshold(step: _Run, default: int, thresholds: dict[str, Any]) -> None:
    for signal in step.open():
        euros = int(thresholds.get(signal.partner_type, default))
        if not signal.crisis and signal.amount < euros:
            step.decide(
                signal,
                SignalStatus.OTHER_REASON,
                f"Onder de drempel van € {euros} voor deze soort signaalpartner.",
            )


_Earlier = tuple[int, date, int, int | None]  # pk, signal date, amount, partner


def _repeated(step: _Run, window_days: int) -> None:
    """Not higher than an earlier signal of the same partner type about the same resident within the window
    before its own date: signals read before (one query over the window) and those of this run."""
    since = step.run.period_start - timedelta(days=window_days)
    before: dict[tuple[int | None, str], list[_Earlier]] = defaultdict(list)
    residents = {signal.resident_id for signal in step.signals if signal.resident_id is not None}
    earlier = Signal.objects.filter(
        municipality=step.municipality,
        signal_date__gte=since,
        signal_date__lte=step.run.period_end,
        resident__isnull=False,
    ).exclude(status=SignalStatus.NEW)
    fields = ("resident_id", "partner_type", "pk", "signal_date", "amount", "partner_id")
    for resident, kind, *rest in earlier.values_list(*fields).iterator(chunk_size=10_000):
        if resident in residents:
            before[(resident, kind)].append(cast(_Earlier, tuple(rest)))
    for signal in step.signals:
        if signal.resident_id is not None:
            before[(signal.resident_id, signal.partner_type)].append(
                (signal.pk, signal.signal_date, signal.amount, signal.partner_id)
            )
    reason = f"Herhaald signaal: niet hoger dan een eerder signaal binnen {window_days} dagen."
    for signal in step.open():
        if not signal.crisis and any(
            _repeats(signal, other, window_days)
            for other in before[(signal.resident_id, signal.partner_type)]
        ):
            step.decide(signal, SignalStatus.REPEATED, reason)


def _repeats(signal: _Pending, other: _Earlier, window_days: int) -> bool:
    other_pk, other_day, other_amount, other_partner = other
    day = signal.signal_date
    if (other_day, other_pk) >= (day, signal.pk) or (day - other_day).days > window_days:
        return False
    if other_amount < signal.amount:
        return False
    return signal.partner_id is None or other_partner is None or signal.partner_id == other_partner


# -- 3. bundling per household -------------------------------------------------------------------------------
def _bundle(step: _Run, team_id: int) -> tuple[int, list[int]]:
    """Matched signals into the household's zaak for the period, made with its sums or the open one
    extended; (zaken made, zaken extended)."""
    run = step.run
    matched: dict[int, list[_Pending]] = defaultdict(list)
    for signal in step.open():
        step.decide(signal, SignalStatus.MATCHED, "")
        matched[cast(int, signal.household_id)].append(signal)
    open_cases = SignalCase.objects.filter(
        municipality=step.municipality, period_start=run.period_start, result=""
    )
    existing = dict(open_cases.values_list("household_id", "pk"))
    new = [household for household in matched if household not in existing]
    ids = reserve_ids(SignalCase, len(new))
    to_db = DbValues()
    now = to_db.moment(timezone.now())
    same = (now, now, 1, step.municipality.pk)
    period = (
        run.pk,
        to_db.day(run.period_start),
        to_db.day(run.period_end),
        to_db.day(run.matched_on),
        team_id,
    )
    kinds = functools.lru_cache(json.dumps)  # a few combinations of partner types, a million zaken
    rows = []
    for pk, household in zip(ids, new, strict=True):
        signals = matched[household]
        existing[household] = pk
        first = signals[0]
        if len(signals) == 1:
            sums = (
                first.crisis,
                1,
                1,
                first.amount,
                kinds((first.partner_type,)),
                to_db.day(first.signal_date),
            )
        else:
            sums = (
                any(s.crisis for s in signals), len(signals), len({s.resident_id for s in signals}),
                sum(s.amount for s in signals), kinds(tuple(sorted({s.partner_type for s in signals}))),
                to_db.day(min(s.signal_date for s in signals)),
            )  # fmt: skip
        rows.append(
            (pk, to_db.uuid(uuid.uuid4()), *same, household, first.district_id, *period, *sums, "", "")
        )
    insert_rows(SignalCase, CASE_FIELDS, rows)
    for household, signals in matched.items():
        for signal in signals:
            signal.case_id = existing[household]
    new_set = set(new)
    extended = [existing[household] for household in matched if household not in new_set]
    _timeline(step, new, [household for household in matched if household not in new_set])
    return len(new), extended


CASE_FIELDS = (
    "id", "uuid", "created_at", "updated_at", "version", "municipality", "household", "district",
    "matching_run", "period_start", "period_end", "matched_on", "team", "crisis", "signal_count",
    "person_count", "total_amount", "partner_types", "oldest_signal_on", "result", "handover_line",
)  # fmt: skip
SIGNAL_FIELDS = ("status", "status_reason", "matching_run", "resident", "household", "case", "updated_at")


def _write(step: _Run) -> None:
    """Each signal written once, with all that matching decided for it."""
    to_db = DbValues()
    now = to_db.moment(timezone.now())
    run = step.run.pk
    rows = [
        (
            signal.pk, signal.status, signal.reason, None if signal.status == SignalStatus.NEW else run,
            signal.resident_id, signal.household_id, signal.case_id, now,
        )
        for signal in step.signals
        if signal.status != SignalStatus.NEW or signal.reason
    ]  # fmt: skip
    update_rows(Signal, SIGNAL_FIELDS, rows)


def _summarise(case_ids: list[int]) -> None:
    """Counts, total arrears, crisis and partner types of extended zaken, again from all their signals."""
    for start in range(0, len(case_ids), CHUNK):
        chunk = case_ids[start : start + CHUNK]
        sums: dict[int, list[Any]] = defaultdict(lambda: [0, set(), 0, None, False, set()])
        matched = Signal.objects.filter(case_id__in=chunk, status=SignalStatus.MATCHED)
        for case, resident, amount, on, crisis, kind in matched.values_list(
            "case_id", "resident_id", "amount", "signal_date", "crisis", "partner_type"
        ):
            total = sums[case]
            total[0] += 1
            total[1].add(resident)
            total[2] += amount
            total[3] = on if total[3] is None else min(total[3], on)
            total[4] = total[4] or crisis
            total[5].add(kind)
        for case, (count, persons, amount, oldest, crisis, kinds) in sums.items():
            SignalCase.objects.filter(pk=case).update(
                signal_count=count, person_count=len(persons), total_amount=amount, oldest_signal_on=oldest,
                crisis=crisis, partner_types=sorted(kinds),
            )  # fmt: skip


def _timeline(step: _Run, new: list[int], extended: list[int]) -> None:
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
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Compiling the period's one-pass joins costs PostgreSQL more than it saves.
                cursor.execute("SET LOCAL jit = off")
        run = MatchingRun.objects.create(
            municipality=municipality,
            period_start=start,
            period_end=end,
            matched_on=today,
            started_by=acting_user,
            started_at=timezone.now(),
        )
        step = _Run(run, municipality, acting_user, channel, settings.outreach_team.name, _read_pending(run))
        _ask_brp(step)
        _not_found(step)
        _no_household(step)
        _known_to_debt_help(step)
        _below_threshold(step, settings.default_threshold, settings.thresholds)
        _repeated(step, settings.repeat_window_days)
        made, extended = _bundle(step, settings.outreach_team.pk)
        _write(step)
        _summarise(extended)
        decided = Counter(signal.status for signal in step.signals if signal.status != SignalStatus.NEW)
        run.counts = {
            "signalen": len(step.signals),
            "per_status": dict(sorted(decided.items())),
            "zaken_nieuw": made,
            "zaken_aangevuld": len(extended),
            "wachten": sum(1 for signal in step.signals if signal.status == SignalStatus.NEW),
        }
        run.finished_at = timezone.now()
        run.save(update_fields=["counts", "finished_at", "updated_at"])
        record(actor=acting_user, action=Action.CREATE, obj=run, fields=["signals", "cases"], channel=channel)
    return run


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
