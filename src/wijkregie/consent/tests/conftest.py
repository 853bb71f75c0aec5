"""Fixtures for the consent tests: the world's organisations by name, members of a given age, and state
snapshots to prove that a refused request changed nothing."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from wijkregie.audit.models import AuditEvent
from wijkregie.consent.models import Consent, Share
from wijkregie.households.constants import Relation
from wijkregie.households.models import Household, HouseholdMembership, Resident, TimelineEntry
from wijkregie.households.tests.factories import ResidentFactory
from wijkregie.organisation.constants import OrganisationKind
from wijkregie.organisation.models import Organisation


@dataclass
class Orgs:
    welzijn: Organisation
    gemeente: Organisation
    provider: Organisation


@pytest.fixture
def orgs(world) -> Orgs:
    return Orgs(
        welzijn=world.welfare.organisation,
        gemeente=world.team_a.organisation,
        provider=Organisation.objects.get(kind=OrganisationKind.CARE_PROVIDER),
    )


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.WIJKREGIE_REQUIRE_2FA = False


def born_aged(age: int, on: datetime.date | None = None) -> datetime.date:
    """A birth date that makes someone exactly `age` on `on` (their birthday is that day)."""
    on = on or timezone.localdate()
    try:
        return on.replace(year=on.year - age)
    except ValueError:  # 29 February
        return on.replace(year=on.year - age, day=28)


def add_member(household: Household, *, age: int, relation: str = Relation.CHILD, **kwargs) -> Resident:
    resident = ResidentFactory(birth_date=born_aged(age), **kwargs)
    HouseholdMembership.objects.create(
        household=household, resident=resident, relation=relation, start_date=datetime.date(2020, 1, 1)
    )
    return resident


def head(household: Household) -> Resident:
    return household.memberships.heads().get().resident


def state() -> dict[str, list]:
    """Everything a consent or share request could change."""
    return {
        "consents": list(Consent.objects.order_by("pk").values()),
        "scopes": list(Consent.organisations.through.objects.order_by("pk").values()),
        "shares": list(Share.objects.order_by("pk").values()),
        "timeline": list(TimelineEntry.objects.order_by("pk").values_list("pk", flat=True)),
        "audit_changes": list(
            AuditEvent.objects.exclude(action="inzien").order_by("pk").values_list("pk", flat=True)
        ),
    }
