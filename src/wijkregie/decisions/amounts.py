"""What a beschikking costs in a year: the amount four-eyes approval and the letter's cost indication use.

Pure functions on the decision's figures. A year is any twelve months of the decision: a decision shorter
than a year counts its whole amount, a longer one its share of a year. A volume whose price is not known (no
tariff in the catalogue, and the unit is not euros) gives no amount at all: None, "unknown", which needs a
second signature and a mandate without a ceiling."""

import calendar
from datetime import date

# WMO757 frequency codes: how many times the volume recurs in a year.
PER_YEAR = {"1": 365.0, "2": 52.0, "4": 12.0}
WHOLE_PERIOD = "6"  # "totaal binnen geldigheidsduur toewijzing"
EUROS = "83"  # WJ756: the volume is an amount in euros
YEAR_DAYS = 365


def _days(start: date | None, end: date | None) -> int | None:
    return (end - start).days + 1 if start and end else None


def _share_of_year(days: int | None) -> float:
    """The part of a whole-period amount that falls in one year."""
    return 1.0 if days is None or days <= YEAR_DAYS else YEAR_DAYS / days


def _recurrences(frequency: str, days: int | None) -> float:
    if frequency in PER_YEAR:
        per_year = PER_YEAR[frequency]
        return per_year if days is None else per_year * min(days, YEAR_DAYS) / YEAR_DAYS
    return _share_of_year(days)  # whole period, or no frequency given


def yearly_cents(
    *,
    start: date | None,
    end: date | None,
    volume: int | None,
    bandwidth_max: int | None,
    budget_cents: int | None,
    unit: str,
    frequency: str,
    tariff_cents: int | None,
) -> int | None:
    """The amount in one year, in cents, or None when it is unknown. A bandwidth counts at its maximum."""
    days = _days(start, end)
    if budget_cents is not None:
        return round(budget_cents * _share_of_year(days))
    quantity = bandwidth_max if bandwidth_max is not None else volume
    if quantity is None:
        return 0
    if unit == EUROS:
        price = 100
    elif tariff_cents is None:
        return None
    else:
        price = tariff_cents
    return round(quantity * price * _recurrences(frequency, days))


# -- per month (the cost ledger) ----------------------------------------------------------------------------
# A month counts whole; a month the period only partly covers counts pro rata by its days. A whole-period
# amount or a budget is spread over the months of the period; an open-ended one counts as a year's amount.
MONTHS_OPEN_ENDED = 12.0


def days_in_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def month_share(start: date, last: date | None, month: date) -> float:
    """The part of the month (any day in it) that the days start..last cover: 1.0 for the whole month."""
    days = days_in_month(month.year, month.month)
    first_day, last_day = month.replace(day=1), month.replace(day=days)
    begin, end = max(start, first_day), min(last or last_day, last_day)
    return 0.0 if end < begin else ((end - begin).days + 1) / days


def period_months(start: date, end: date | None) -> float:
    """How many months the period start..end spans, its first and last month pro rata by days."""
    if end is None:
        return MONTHS_OPEN_ENDED
    if (start.year, start.month) == (end.year, end.month):
        return month_share(start, end, start)
    between = (end.year * 12 + end.month) - (start.year * 12 + start.month) - 1
    return month_share(start, None, start) + month_share(start, end, end) + between


def month_cents(
    *,
    month: date,
    start: date,
    end: date | None,
    stopped_on: date | None,
    volume: int | None,
    budget_cents: int | None,
    unit: str,
    frequency: str,
    tariff_cents: int | None,
) -> float:
    """The expected cost of an allocation in one month, in cents, not yet rounded (sums round once).

    Per day, week or month (WMO757 1, 2, 4): volume x tariff x recurrences per month, times the part of the
    month covered. A whole-period volume (6, or none) and a budget: spread over the months of the period
    start..end. Care stopped early counts up to its stop date. Unit 83 is a volume in euros; no tariff
    counts as nothing."""
    last = min(end, stopped_on) if end and stopped_on else (stopped_on or end)
    share = month_share(start, last, month)
    if share == 0.0:
        return 0.0
    if budget_cents is not None:
        return budget_cents * share / period_months(start, end)
    if volume is None:
        return 0.0
    price = 100 if unit == EUROS else (tariff_cents or 0)
    if frequency in PER_YEAR:
        return volume * price * PER_YEAR[frequency] / 12 * share
    return volume * price * share / period_months(start, end)
