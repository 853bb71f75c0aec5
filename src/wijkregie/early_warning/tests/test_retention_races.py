"""Two retention runs at once (real threads, each on its own database connection): every signal and zaak
is deleted once and tallied once, and neither run fails."""

import datetime
import re

import pytest

from wijkregie.core.testing import at_once
from wijkregie.early_warning.models import MonthTally, Signal, SignalCase
from wijkregie.early_warning.monitoring import monitoring
from wijkregie.early_warning.services.retention import retention_run

from .scenario import build

pytestmark = pytest.mark.django_db(transaction=True)
OCTOBER = datetime.date(2026, 10, 1)


def test_two_runs_at_once_delete_and_tally_each_row_once(world):
    build(world, copies=3)
    before = monitoring(world.west, OCTOBER, OCTOBER).total.tally

    outcomes = at_once(2, lambda: retention_run(today=datetime.date(2030, 1, 1), municipality=world.west))

    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    deleted = [[int(n) for n in re.findall(r"\d+", summary)[:3]] for summary in outcomes]
    assert [sum(column) for column in zip(*deleted, strict=True)] == [3, 9, 3]  # unmatched, no help, handover
    assert (Signal.objects.count(), SignalCase.objects.count()) == (3, 3)  # the open zaken
    assert sum(row.households for row in MonthTally.objects.all()) == 12
    assert monitoring(world.west, OCTOBER, OCTOBER).total.tally == before
