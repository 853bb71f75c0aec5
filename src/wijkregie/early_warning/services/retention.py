"""Retention of vroegsignalering: signal data may be kept only as long as the help it is for needs it.

Three terms per municipality (EarlyWarningSettings, defaults in constants; docs/vroegsignalering.md,
"Bewaartermijnen"), each counted from a date to the day of deletion:
- a signal that was not picked up (in no zaak, or in a zaak closed without ever being picked up): from its
  signal date;
- a zaak closed without help (its result is not a handover): from its result date;
- a zaak handed over: from its result date. The melding the handover made is the household's own dossier
  from then on, under the dossier's terms.
Open zaken are never deleted. Before anything is deleted its counts go into the anonymous `MonthTally` of its
month and district, by the same `monitoring.tally_rows` the monitoring counts live rows with, in the same
transaction as the deletion: a second run, at the same time or later, finds nothing left and adds nothing.
Work goes in bounded batches, each its own transaction with its audit rows (Action.DELETE: one per zaak, one
per batch of signals; never a BSN)."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Min, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.services import record
from wijkregie.core.versioning import locked_current, save_new_version
from wijkregie.households.constants import TimelineKind
from wijkregie.households.models import TimelineEntry
from wijkregie.organisation.models import Municipality

from ..constants import HANDOVER_RESULTS
from ..models import (
    ContactAttempt,
    EarlyWarningSettings,
    MonthTally,
    Signal,
    SignalCase,
    SignalFile,
    SignalLetter,
)
from ..monitoring import Key, Tally, tally_rows
from ..policies import EarlyWarningPolicy
from .setup import settings_ensure

SIGNAL_BATCH = 500
CASE_BATCH = 100
MONTHS_MIN, MONTHS_MAX = 1, 120
TERMS = ("retention_not_picked_months", "retention_no_help_months", "retention_handed_over_months")
SIGNALS_OBJECT = "early_warning.signal"
MONTHS_ERROR = f"Vul een aantal maanden van {MONTHS_MIN} tot en met {MONTHS_MAX} in."


class _Raced(Exception):
    """Rows of a batch were deleted by someone else meanwhile: the batch is rolled back and taken again."""


# -- the terms -----------------------------------------------------------------------------------------------
def settings_of(municipality: Municipality) -> EarlyWarningSettings:
    """The municipality's settings, or the defaults (unsaved) when it has none yet."""
    found = EarlyWarningSettings.objects.filter(municipality=municipality).first()
    return found or EarlyWarningSettings(municipality=municipality)


def last_day_due(today: date, months: int) -> date:
    """The latest date whose term of `months` months has passed by `today`: its day of deletion, the date
    plus the months (the end of a shorter month when that day is missing), is today or before."""
    day = today - relativedelta(months=months)
    while day + timedelta(days=1) + relativedelta(months=months) <= today:
        day += timedelta(days=1)  # 31 August + 6 months is 28 February too
    return day


def not_picked_up(municipality: Municipality, today: date, terms: EarlyWarningSettings) -> QuerySet[Signal]:
    """Signals in no zaak, or in a zaak closed without being picked up, whose term has passed."""
    due = last_day_due(today, terms.retention_not_picked_months)
    closed_unpicked = Q(case__result__gt="", case__picked_up_on__isnull=True)
    return Signal.objects.filter(municipality=municipality, signal_date__lte=due).filter(
        Q(case__isnull=True) | closed_unpicked
    )


def closed_without_help(
    municipality: Municipality, today: date, terms: EarlyWarningSettings
) -> QuerySet[SignalCase]:
    due = last_day_due(today, terms.retention_no_help_months)
    return SignalCase.objects.filter(municipality=municipality, result__gt="", result_on__lte=due).exclude(
        result__in=HANDOVER_RESULTS
    )


def handed_over(municipality: Municipality, today: date, terms: EarlyWarningSettings) -> QuerySet[SignalCase]:
    due = last_day_due(today, terms.retention_handed_over_months)
    return SignalCase.objects.filter(
        municipality=municipality, result__in=HANDOVER_RESULTS, result_on__lte=due
    )


# -- what the next run deletes -------------------------------------------------------------------------------
@dataclass(frozen=True)
class CategoryPreview:
    label: str
    months: int
    counted_from: str
    zaken: int | None  # None: the category deletes signals only
    signals: int
    oldest: date | None


@dataclass(frozen=True)
class RetentionPreview:
    today: date
    categories: list[CategoryPreview]

    @property
    def nothing(self) -> bool:
        return not any(c.signals or c.zaken for c in self.categories)


def retention_preview(*, municipality: Municipality, today: date) -> RetentionPreview:
    """What a run on `today` would delete, per category, changing nothing: six queries."""
    terms = settings_of(municipality)
    signals = not_picked_up(municipality, today, terms)
    loose = signals.aggregate(n=Count("pk"), oldest=Min("signal_date"))
    categories = [
        CategoryPreview(
            "Signalen die niet zijn opgepakt",
            terms.retention_not_picked_months,
            "signaaldatum",
            None,
            loose["n"],
            loose["oldest"],
        )
    ]
    for label, cases, months in (
        ("Zaken afgesloten zonder hulp", closed_without_help, terms.retention_no_help_months),
        ("Zaken met een warme overdracht", handed_over, terms.retention_handed_over_months),
    ):
        due = cases(municipality, today, terms)
        found = due.aggregate(n=Count("pk"), oldest=Min("result_on"))
        # their signals that are not deleted above as not picked up already
        within = Signal.objects.filter(case__in=due).exclude(pk__in=signals.values("pk")).count()
        categories.append(
            CategoryPreview(label, months, "datum van het eindresultaat", found["n"], within, found["oldest"])
        )
    return RetentionPreview(today, categories)


# -- tallies -------------------------------------------------------------------------------------------------
def _tally_add(municipality: Municipality, cells: dict[Key, Tally]) -> int:
    """Add the cells to the municipality's MonthTally rows (inside the caller's transaction, rows locked)."""
    for (month, district_id), tally in cells.items():
        row = (
            MonthTally.objects.select_for_update()
            .filter(municipality=municipality, month=month)
            .filter(Q(district_id=district_id) if district_id else Q(district__isnull=True))
            .order_by("pk")
            .first()
        )
        if row is None:
            row = MonthTally(municipality=municipality, month=month, district_id=district_id)
        total = Tally.of_row(row).add(tally)
        for name in Tally.counts():
            setattr(row, name, getattr(total, name))
        row.results, row.partner_types = total.results, total.partner_types
        row.save()
    return len(cells)


# -- deleting ------------------------------------------------------------------------------------------------
@dataclass
class _Run:
    municipality: Municipality
    today: date
    acting_user: Any
    channel: Channel
    counts: Counter[str]

    def audit(self, **kwargs: Any) -> None:
        record(actor=self.acting_user, action=Action.DELETE, channel=self.channel, **kwargs)


def _empty_files_mark(file_ids: Iterable[int], today: date) -> int:
    """Signal files that held some of the deleted signals and hold none any more: kept, marked emptied, so
    that reading the same file in again changes nothing (their name, hash and count are not about persons)."""
    empty = SignalFile.objects.filter(pk__in=set(file_ids), emptied_on__isnull=True).exclude(
        pk__in=Signal.objects.filter(file_id__in=set(file_ids)).values("file_id")
    )
    return empty.update(emptied_on=today)


def _signals_batch(run: _Run, terms: EarlyWarningSettings) -> bool:
    """One batch of signals that were not picked up; False when none is left."""
    with transaction.atomic():
        due = not_picked_up(run.municipality, run.today, terms)
        ids = list(
            due.select_for_update(of=("self",)).order_by("pk").values_list("pk", flat=True)[:SIGNAL_BATCH]
        )
        if not ids:
            return False
        signals = Signal.objects.filter(pk__in=ids)
        run.counts["tallies"] += _tally_add(run.municipality, tally_rows(signals, SignalCase.objects.none()))
        file_ids = list(signals.values_list("file_id", flat=True))
        deleted, _ = signals.delete()
        if deleted != len(ids):
            raise _Raced
        run.counts["files"] += _empty_files_mark(file_ids, run.today)
        run.counts["not_picked"] += deleted
        run.audit(object_type=SIGNALS_OBJECT, fields=[f"signalen={deleted}", "reden=niet opgepakt"])
    return True


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _window(case: Any) -> tuple[datetime, datetime | None]:
    """When a zaak wrote its timeline lines: from its matching day (or its making, if earlier) to the end of
    its result day (or its last change, if later; None: still open)."""
    start = min(_day_start(case.matched_on), case.created_at)
    if not case.result_on:
        return start, None
    return start, max(_day_start(case.result_on + timedelta(days=1)), case.updated_at)


def _timeline_delete(case: SignalCase, kept: list[Any]) -> int:
    """The household's vroegsignalering lines written while this zaak ran, except where another zaak of the
    household that stays ran at the same time: a line cannot say which zaak it was about."""
    start, end = _window(case)
    lines = TimelineEntry.objects.filter(
        household_id=case.household_id, kind=TimelineKind.EARLY_SIGNAL, occurred_at__gte=start
    )
    if end is not None:
        lines = lines.filter(occurred_at__lte=end)
    for other in kept:
        other_start, other_end = _window(other)
        overlap = Q(occurred_at__gte=other_start)
        if other_end is not None:
            overlap &= Q(occurred_at__lte=other_end)
        lines = lines.exclude(overlap)
    deleted, _ = lines.delete()
    return deleted


def _per_case(queryset: QuerySet, ids: list[int]) -> dict[int, int]:
    rows = queryset.filter(case_id__in=ids).values("case_id").annotate(n=Count("pk")).order_by()
    return {row["case_id"]: row["n"] for row in rows}


def _cases_batch(run: _Run, due: QuerySet[SignalCase], reason: str, with_timeline: bool) -> bool:
    """One batch of due zaken with everything of theirs; False when none is left."""
    with transaction.atomic():
        ids = list(due.select_for_update().order_by("pk").values_list("pk", flat=True)[:CASE_BATCH])
        if not ids:
            return False
        cases = list(SignalCase.objects.filter(pk__in=ids).select_related("household").order_by("pk"))
        signals = Signal.objects.filter(case_id__in=ids)
        run.counts["tallies"] += _tally_add(
            run.municipality, tally_rows(signals, SignalCase.objects.filter(pk__in=ids))
        )
        per_signal = _per_case(Signal.objects.all(), ids)
        per_attempt = _per_case(ContactAttempt.objects.all(), ids)
        per_letter = _per_case(SignalLetter.objects.all(), ids)
        lines: dict[int, int] = {}
        if with_timeline:
            others = (
                SignalCase.objects.filter(household_id__in={c.household_id for c in cases})
                .exclude(pk__in=ids)
                .only("household_id", "matched_on", "created_at", "result_on", "updated_at")
            )
            kept: dict[int, list[Any]] = {}
            for other in others:
                kept.setdefault(other.household_id, []).append(other)
            lines = {c.pk: _timeline_delete(c, kept.get(c.household_id, [])) for c in cases}
        file_ids = list(signals.values_list("file_id", flat=True))
        signals.delete()
        ContactAttempt.objects.filter(case_id__in=ids).delete()
        SignalLetter.objects.filter(case_id__in=ids).delete()
        _deleted, by_model = SignalCase.objects.filter(pk__in=ids).delete()
        if by_model.get(SignalCase._meta.label, 0) != len(ids):
            raise _Raced
        run.counts["files"] += _empty_files_mark(file_ids, run.today)
        for case in cases:
            parts = {
                "signalen": per_signal.get(case.pk, 0),
                "contactpogingen": per_attempt.get(case.pk, 0),
                "brieven": per_letter.get(case.pk, 0),
                "tijdlijnregels": lines.get(case.pk, 0),
            }
            for name, number in parts.items():
                run.counts[name] += number
            fields = [f"{name}={number}" for name, number in parts.items()]
            run.audit(obj=case, household_uuid=case.household.uuid, fields=[*fields, f"reden={reason}"])
        run.counts[reason] += len(cases)
    return True


def _repeat(batch: Any) -> None:
    """Take batches until none is left; a batch that lost a race is rolled back and taken again."""
    while True:
        try:
            if not batch():
                return
        except _Raced:
            continue


def _run_one(run: _Run) -> None:
    terms = settings_of(run.municipality)
    m, today = run.municipality, run.today
    _repeat(lambda: _signals_batch(run, terms))
    _repeat(lambda: _cases_batch(run, closed_without_help(m, today, terms), "zonder hulp", True))
    _repeat(lambda: _cases_batch(run, handed_over(m, today, terms), "na overdracht", False))


def _summary(counts: Counter[str]) -> str:
    return (
        f"{counts['not_picked']} niet opgepakte signalen, {counts['zonder hulp']} zaken zonder hulp en "
        f"{counts['na overdracht']} overgedragen zaken verwijderd (met {counts['signalen']} signalen, "
        f"{counts['contactpogingen']} contactpogingen, {counts['brieven']} brieven, "
        f"{counts['tijdlijnregels']} tijdlijnregels); {counts['files']} signalenbestanden leeg "
        "(hun kenmerk blijft, zodat ze niet opnieuw worden ingelezen), "
        f"{counts['tallies']} keer een maandtelling bijgewerkt."
    )


def retention_run(
    *,
    today: date,
    municipality: Municipality | None = None,
    acting_user: Any = None,
    channel: Channel = Channel.SYSTEM,
) -> str:
    """Delete what the terms say for `municipality`, or for every municipality; a summary in counts."""
    counts: Counter[str] = Counter()
    municipalities = [municipality] if municipality else list(Municipality.objects.order_by("pk"))
    for each in municipalities:
        _run_one(_Run(each, today, acting_user, channel, counts))
    return _summary(counts)


def retention_nightly() -> str:
    """The recurring job: every municipality, with today's date."""
    return retention_run(today=timezone.localdate())


# -- the terms as the beheerder sets them --------------------------------------------------------------------
def retention_settings_update(
    *,
    acting_user: Any,
    municipality: Municipality,
    retention_not_picked_months: int,
    retention_no_help_months: int,
    retention_handed_over_months: int,
    expected_version: int | None = None,
    channel: Channel = Channel.WEB,
) -> EarlyWarningSettings:
    """Set the municipality's three retention terms (its beheerder only: 404 otherwise). EditedMeanwhile
    when `expected_version` is older than the stored settings."""
    if not EarlyWarningPolicy(acting_user).can_configure(municipality):
        raise Http404
    values = {
        "retention_not_picked_months": retention_not_picked_months,
        "retention_no_help_months": retention_no_help_months,
        "retention_handed_over_months": retention_handed_over_months,
    }
    errors = {
        name: [MONTHS_ERROR]
        for name, value in values.items()
        if isinstance(value, bool) or not isinstance(value, int) or not MONTHS_MIN <= value <= MONTHS_MAX
    }
    if errors:
        raise ValidationError(errors)
    settings = settings_ensure(municipality)  # made with the defaults, the outreach team included
    with transaction.atomic():
        settings = locked_current(settings, expected_version)
        changed = [name for name, value in values.items() if getattr(settings, name) != value]
        if changed:
            for name in changed:
                setattr(settings, name, values[name])
            save_new_version(settings, [*changed, "updated_at"])
            record(actor=acting_user, action=Action.UPDATE, obj=settings, fields=changed, channel=channel)
    return settings
