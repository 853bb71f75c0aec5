"""An audit trail written by the real services on top of the shared world, and the extra reviewers."""

from dataclasses import dataclass

import pytest

from wijkregie.accounts.constants import Role
from wijkregie.accounts.models import User
from wijkregie.accounts.tests.factories import UserFactory
from wijkregie.audit.models import AuditEvent
from wijkregie.households import services as household_services
from wijkregie.households.models import Resident

REASON = "Crisismelding van de politie, dringend contact met het gezin nodig"


@dataclass
class Trail:
    anna_read: AuditEvent
    otto_glass: AuditEvent
    otto_read: AuditEvent
    zoe_read: AuditEvent
    bo_read: AuditEvent
    resident: Resident  # head of world.household
    zuid_resident: Resident
    tim: User  # teamleider of team B (otto's team)
    zara: User  # functioneel beheerder of Zuiderdijk


def _last(actor: User) -> AuditEvent:
    return AuditEvent.objects.filter(actor=actor).latest("pk")


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.WIJKREGIE_REQUIRE_2FA = False


@pytest.fixture
def trail(world) -> Trail:
    resident = world.household.memberships.get().resident
    zuid_resident = world.zuid_household.memberships.get().resident
    household_services.dossier_open(acting_user=world.anna, household_uuid=world.household.uuid)
    anna_read = _last(world.anna)
    household_services.break_glass_open(acting_user=world.otto, bsn=resident.bsn, reason=REASON)
    otto_glass = _last(world.otto)
    household_services.dossier_open(acting_user=world.otto, household_uuid=world.household.uuid)
    household_services.dossier_open(acting_user=world.zoe, household_uuid=world.zuid_household.uuid)
    household_services.dossier_open(acting_user=world.bo, household_uuid=world.zuid_household.uuid)
    return Trail(
        anna_read=anna_read,
        otto_glass=otto_glass,
        otto_read=_last(world.otto),
        zoe_read=_last(world.zoe),
        bo_read=_last(world.bo),
        resident=resident,
        zuid_resident=zuid_resident,
        tim=UserFactory(username="tim", role=Role.TEAMLEIDER, teams=[world.team_b]),
        zara=UserFactory(username="zara", role=Role.FUNCTIONAL_ADMIN, municipality=world.zuid),
    )


def user(world, trail, name: str) -> User:
    return getattr(trail, name) if name in ("tim", "zara") else world.user(name)
