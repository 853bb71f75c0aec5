"""What a beschikking costs in a year: the amount four-eyes approval and the letter's cost indication use.

Pure functions on the decision's figures. A year is any twelve months of the decision: a decision shorter
than a year counts its whole amount, a longer one its share of a year."""

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
) -> int:
    """The amount in one year, in cents. A bandwidth counts at its maximum; no tariff counts as nothing."""
    days = _days(start, end)
    if budget_cents is not None:
        return round(budget_cents * _share_of_year(days))
    quantity = bandwidth_max if bandwidth_max is not None else volume
    if quantity is None:
        return 0
    price = 100 if unit == EUROS else (tariff_cents or 0)
    return round(quantity * price * _recurrences(frequency, days))
