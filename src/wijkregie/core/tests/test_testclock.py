"""The suite's clock: a test's answers depend on the moment it states, never on the machine's date."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from wijkregie.core.testclock import AMSTERDAM, AWKWARD_MOMENTS, MACHINE_CLOCK_ENV, SUITE_NOW, moment

pytest_plugins = ["pytester"]

# A small suite of date-dependent tests, run below in a fresh process under several machine clocks.
SAMPLE = """
import pytest
from django.utils import timezone

from wijkregie.core.testclock import SUITE_TODAY
from wijkregie.tasks.constants import Term
from wijkregie.tasks.terms import TERMS


def test_on_the_suite_day():
    assert timezone.localdate() == SUITE_TODAY
    print("ANSWER suite", TERMS[Term.WMO_RESEARCH].end(timezone.localdate()))


@pytest.mark.today("2026-12-25T00:30")
def test_on_a_stated_day():
    print("ANSWER stated", timezone.localdate(), TERMS[Term.DEBT_FIRST_TALK_ACUTE].end(timezone.localdate()))
"""


def _answers(pytester, machine: str | None) -> list[str]:
    pytester.makepyfile(test_sample=SAMPLE)
    env = {"DJANGO_SETTINGS_MODULE": "wijkregie.conf.test"}
    if machine:
        env[MACHINE_CLOCK_ENV] = machine
    with pytest.MonkeyPatch.context() as patch:
        for key, value in env.items():
            patch.setenv(key, value)
        if not machine:
            patch.delenv(MACHINE_CLOCK_ENV, raising=False)
        result = pytester.runpytest_subprocess(
            "-p", "wijkregie.core.testclock", "-p", "no:cacheprovider", "-s"
        )
    result.assert_outcomes(passed=2)
    return sorted(line[line.index("ANSWER") :] for line in result.outlines if "ANSWER" in line)


def test_the_answers_are_the_same_whatever_the_machine_clock_says(pytester):
    as_it_is = _answers(pytester, None)

    assert as_it_is == ["ANSWER stated 2026-12-25 2026-12-30", "ANSWER suite 2026-12-30"]
    for machine in ("2026-12-25T00:30", "2031-02-28T23:30", AWKWARD_MOMENTS["wintertijd-begint"]):
        assert _answers(pytester, machine) == as_it_is, machine


def test_a_test_without_a_stated_moment_runs_at_the_suite_moment_with_the_clock_ticking():
    now = timezone.now()

    assert timezone.localdate() == SUITE_NOW.date()
    assert SUITE_NOW <= now < SUITE_NOW.replace(hour=SUITE_NOW.hour + 1)
    assert SUITE_NOW.weekday() == 2  # a plain Wednesday


@pytest.mark.today("2026-12-31T23:30")
def test_a_stated_moment_is_amsterdam_time():
    assert timezone.localdate() == date(2026, 12, 31)
    assert timezone.now().astimezone(AMSTERDAM).hour == 23
    assert timezone.now().date() == date(2026, 12, 31)  # 22:30 in UTC


@pytest.mark.today("2026-12-05T00:30")
def test_just_after_midnight_the_utc_date_is_still_yesterday():
    assert timezone.localdate() == date(2026, 12, 5)
    assert timezone.now().date() == date(2026, 12, 4)


def test_the_repeated_hour_when_summer_time_ends_is_the_second_one():
    first, second = moment("2026-10-25T02:30"), moment("2026-10-25T02:30+1")

    assert (second - first).total_seconds() == 0  # same wall time, compared as aware datetimes...
    assert second.timestamp() - first.timestamp() == 3600  # ...but an hour apart in real time
    assert moment("2026-04-27") == datetime(2026, 4, 27, 10, 0, tzinfo=AMSTERDAM)
