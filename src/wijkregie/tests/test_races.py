"""Two requests at once on one household: routing and membership stay whole (one active caseload entry per
team, one current household per resident), and the loser of a race gets a Dutch answer, never a 500."""

import pytest
from django.core.exceptions import ValidationError

from wijkregie.core.testing import at_once
from wijkregie.households import services as households
from wijkregie.households.constants import Relation
from wijkregie.households.models import CaseloadEntry, HouseholdMembership
from wijkregie.households.tests.factories import HouseholdFactory
from wijkregie.intake import services as intake
from wijkregie.intake.constants import Law
from wijkregie.intake.tests.conftest import melding_data

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.WIJKREGIE_REQUIRE_2FA = False


def test_two_meldingen_of_one_household_rerouted_to_one_team_at_once_leave_one_entry(world):
    head = world.household.memberships.heads().get().resident
    meldingen = [
        intake.melding_create(
            acting_user=world.anna,
            household=world.household,
            resident=head,
            data=melding_data(laws=[Law.WMO]),
        )
        for _ in range(2)
    ]
    queue = iter(meldingen)

    def reroute():
        return intake.melding_reroute(
            acting_user=world.anna, melding=next(queue), target="welzijn", reason="Hoort bij welzijn, licht."
        )

    outcomes = at_once(2, reroute)

    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    active = CaseloadEntry.objects.filter(household=world.household, team=world.welfare, ended_at=None)
    assert active.count() == 1


def test_one_resident_added_to_two_households_at_once_has_one_current_household(world):
    mover = world.household.memberships.heads().get().resident
    caseload = (world.team_a, world.anna)
    others = iter([HouseholdFactory(district=world.west_centrum, in_caseload_of=caseload) for _ in "ab"])

    def add():
        return households.member_add(
            acting_user=world.anna, household=next(others), resident=mover, relation=Relation.PARTNER
        )

    outcomes = at_once(2, add)

    unexpected = [o for o in outcomes if isinstance(o, Exception) and not isinstance(o, ValidationError)]
    assert unexpected == []
    for refused in (o for o in outcomes if isinstance(o, ValidationError)):
        assert refused.message_dict == {"resident": [households.MOVED_MEANWHILE]}
    assert HouseholdMembership.objects.current().filter(resident=mover).count() == 1
