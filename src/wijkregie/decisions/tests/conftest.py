import datetime

import pytest

from wijkregie.core.testclock import clock_at
from wijkregie.households.constants import Relation
from wijkregie.provisions.constants import ProvisionKind, ProvisionLaw, Weight
from wijkregie.provisions.models import Provision

TODAY = datetime.date(2025, 3, 10)  # a Monday


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.WIJKREGIE_REQUIRE_2FA = False


@pytest.fixture(autouse=True)
def _today():
    """These tests run on TODAY: the dates of their contracts and decisions are fixed."""
    with clock_at(TODAY):
        yield


def make_provision(municipality, law=ProvisionLaw.WMO, name=None, kind=ProvisionKind.CUSTOM):
    # Maatwerk at € 25 an hour, per week: a known yearly amount (without a tariff it is unknown).
    extra = (
        {}
        if kind == ProvisionKind.GENERAL
        else {
            "law": law,
            "product_category": "02",
            "weight": Weight.LIGHT,
            "unit": "04",
            "frequency": "2",
            "tariff_cents": 2500,
        }
    )
    return Provision.objects.get_or_create(
        municipality=municipality, kind=kind, name=name or f"Voorziening {law}", defaults=extra
    )[0]


def head(household):
    return household.memberships.get(relation=Relation.HEAD).resident
