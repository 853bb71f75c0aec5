from datetime import date

import pytest

from wijkregie.core.calendar import add_working_days, is_working_day, next_working_day, term_end


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 11, 24), True),  # a Tuesday
        (date(2026, 11, 28), False),  # Saturday
        (date(2026, 4, 3), True),  # Goede Vrijdag is no algemeen erkende feestdag (Atw art. 3)
        (date(2026, 4, 6), False),  # tweede Paasdag
        (date(2026, 4, 27), False),  # Koningsdag
        (date(2026, 5, 5), False),  # 5 mei counts every year, not only in lustrum years
        (date(2026, 5, 14), False),  # Hemelvaartsdag
        (date(2026, 5, 25), False),  # tweede Pinksterdag
        (date(2026, 12, 25), False),
        (date(2026, 12, 26), False),
        (date(2027, 1, 1), False),
        (date(2025, 4, 26), False),  # Koningsdag moved to Saturday 26 April when the 27th is a Sunday
    ],
)
def test_working_days_follow_the_algemene_termijnenwet(day, working):
    assert is_working_day(day) is working


def test_a_term_ending_on_a_weekend_or_holiday_moves_to_the_next_working_day():
    assert next_working_day(date(2026, 12, 25)) == date(2026, 12, 28)
    assert term_end(date(2026, 3, 24), weeks=6) == date(2026, 5, 6)  # 5 May (a Tuesday) → 6 May
    assert term_end(date(2026, 10, 13), weeks=6) == date(2026, 11, 24)  # a plain Tuesday stays


def test_a_short_term_holds_at_least_two_working_days():
    # Three days from Wednesday 23 December 2026: Saturday 26th → Monday 28th, which still holds only
    # Thursday 24th and Monday 28th as working days: two, so it stands.
    assert term_end(date(2026, 12, 23), days=3) == date(2026, 12, 28)
    # Three days from Thursday 24 December: Sunday 27th → Monday 28th holds only one working day → 29th.
    assert term_end(date(2026, 12, 24), days=3) == date(2026, 12, 29)


def test_working_days_for_message_terms():
    assert add_working_days(date(2026, 12, 24), 3) == date(2026, 12, 30)
    assert add_working_days(date(2026, 11, 24), 5) == date(2026, 12, 1)
