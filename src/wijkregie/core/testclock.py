"""The suite's clock: a test runs at the moment it states, never at the machine's.

- Without a marker a test runs at SUITE_NOW, a plain working Wednesday morning, with the clock ticking from
  there (durations and orderings stay real).
- `@pytest.mark.today("2026-12-25")` or `@pytest.mark.today("2026-12-25T00:30")` states another moment, in
  Europe/Amsterdam; a date alone means ten in the morning.
- AWKWARD_MOMENTS is the matrix that the demo stages and the legal terms are run on in the suite: a
  Saturday, a Sunday, Christmas Day, New Year's Eve, Easter Monday, King's Day and both DST change days.
  Several are just after midnight, when the date in UTC is still the day before.
- WIJKREGIE_TEST_MACHINE_CLOCK=2026-12-25T00:30 sets the clock of the whole test process before anything
  is imported, as a machine whose date is that: `make test-dates` runs the suite so on every moment of the
  matrix, which shows that no answer depends on the machine's date.
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
SUITE_NOW = datetime(2026, 11, 18, 10, 0, tzinfo=AMSTERDAM)
SUITE_TODAY = SUITE_NOW.date()  # for dates a test module computes before its tests run
MACHINE_CLOCK_ENV = "WIJKREGIE_TEST_MACHINE_CLOCK"


def moment(text: "str | date") -> datetime:
    """'2026-12-25' (ten in the morning) or '2026-12-25T00:30', in Amsterdam time. A trailing '+1' picks
    the second of a repeated hour on the day summer time ends ('2026-10-25T02:30+1')."""
    text = text if isinstance(text, str) else text.isoformat()
    fold = 1 if text.endswith("+1") else 0
    text = text.removesuffix("+1")
    if "T" not in text:
        return datetime.combine(date.fromisoformat(text), time(10, 0), tzinfo=AMSTERDAM)
    return datetime.fromisoformat(text).replace(tzinfo=AMSTERDAM, fold=fold)


AWKWARD_MOMENTS = {
    "zaterdag": "2026-12-05T00:30",
    "zondag": "2026-12-06",
    "eerste-kerstdag": "2026-12-25T00:30",
    "oudjaarsavond": "2026-12-31T23:30",
    "tweede-paasdag": "2026-04-06T00:30",
    "koningsdag": "2026-04-27",
    "zomertijd-begint": "2026-03-29T03:30",
    "wintertijd-begint": "2026-10-25T02:30+1",
}

# For `@pytest.mark.parametrize("awkward_moment", AWKWARD, indirect=True)`: runs the test once per moment.
AWKWARD = [pytest.param(text, id=name) for name, text in AWKWARD_MOMENTS.items()]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "today(moment): the date, or date and time, the test runs at")
    machine = os.environ.get(MACHINE_CLOCK_ENV)
    if machine:  # before the test modules are imported: import-time dates see it too
        time_machine.travel(moment(machine), tick=True).start()


def pytest_report_header(config: pytest.Config) -> str:
    machine = os.environ.get(MACHINE_CLOCK_ENV)
    clock = f"machine clock set to {moment(machine).isoformat()}" if machine else "machine clock as it is"
    return f"suite clock: {SUITE_NOW.isoformat()} unless a test states its moment; {clock}"


@pytest.fixture(autouse=True)
def suite_clock(request: pytest.FixtureRequest) -> Iterator[datetime]:
    """The moment the test runs at (SUITE_NOW, its `today` marker, or its awkward moment)."""
    marker = request.node.get_closest_marker("today")
    if "awkward_moment" in request.fixturenames:
        start = request.getfixturevalue("awkward_moment")
    else:
        start = moment(marker.args[0]) if marker else SUITE_NOW
    with time_machine.travel(start, tick=True):
        yield start


@contextmanager
def clock_at(when: "str | date") -> Iterator[datetime]:
    """For a conftest whose tests all run on one day: `with clock_at(TODAY): yield` in an autouse fixture."""
    with time_machine.travel(moment(when), tick=True):
        yield moment(when)


@pytest.fixture
def awkward_moment(request: pytest.FixtureRequest) -> datetime:
    """One moment of AWKWARD_MOMENTS; use through `parametrize(..., AWKWARD, indirect=True)`."""
    return moment(request.param)
