"""Working days and legal terms under the Algemene termijnenwet (Atw).

- Art. 1: a term set by law that ends on a Saturday, Sunday or algemeen erkende feestdag ends on the next
  day that is none of those.
- Art. 2: a term of at least three days is extended, where needed, until it holds two such days.
- Art. 3: the algemeen erkende feestdagen are Nieuwjaarsdag, tweede Paas- and Pinksterdag, both
  Christmas days, Hemelvaartsdag, Koningsdag and the fifth of May (every year). Goede Vrijdag is not one.
Dutch public holidays come from the `holidays` library; the two Atw differences are applied here.
"""

from datetime import date, timedelta
from functools import cache

import holidays
from dateutil.easter import easter
from dateutil.relativedelta import relativedelta


@cache
def atw_holidays(year: int) -> frozenset[date]:
    days = set(holidays.country_holidays("NL", years=year))
    days.discard(easter(year) - timedelta(days=2))  # Goede Vrijdag: not in Atw art. 3
    days.add(date(year, 5, 5))  # de vijfde mei, every year (Atw art. 3)
    return frozenset(days)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in atw_holidays(day.year)


def next_working_day(day: date) -> date:
    """The day itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(start: date, count: int) -> date:
    """`count` working days after `start` (iStandaarden: a return message within 3 working days)."""
    day = start
    while count > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def term_end(start: date, *, days: int = 0, weeks: int = 0, months: int = 0) -> date:
    """The last day of a legal term that starts the day after `start` (e.g. the day of the melding)."""
    end = start + relativedelta(days=days, weeks=weeks, months=months)
    end = next_working_day(end)  # Atw art. 1
    if (end - start).days >= 3:  # Atw art. 2: at least two working days inside the term
        while sum(is_working_day(start + timedelta(days=n)) for n in range(1, (end - start).days + 1)) < 2:
            end = next_working_day(end + timedelta(days=1))
    return end


def age_on(birth_date: date, on: date) -> int:
    """Whole years of age on `on` (a birthday counts from its day; 29 February from 1 March)."""
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
