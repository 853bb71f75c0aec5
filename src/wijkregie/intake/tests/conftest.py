"""Intake test helpers: melding and resident input, a snapshot of everything intake can change."""

import datetime

import pytest

from wijkregie.audit.models import AuditEvent
from wijkregie.households.models import CaseloadEntry, Household, HouseholdMembership, Resident, TimelineEntry
from wijkregie.households.services import ResidentData
from wijkregie.households.tests.factories import next_bsn
from wijkregie.intake.constants import Law, MeldingChannel, Urgency
from wijkregie.intake.models import Melding, Routing, TriageRule
from wijkregie.intake.services import MeldingData
from wijkregie.tasks.models import Task


def melding_data(**overrides) -> MeldingData:
    values = {
        "channel": MeldingChannel.RESIDENT,
        "question": "Ik kom niet meer rond en wil graag iemand spreken.",
        "laws": [Law.NONE],
        "urgency": Urgency.REGULAR,
        "resident_informed": True,
        "life_domain_count": 1,
    }
    return MeldingData(**{**values, **overrides})


def resident_data(**overrides) -> ResidentData:
    values = {
        "bsn": next_bsn(),
        "given_names": "Fenna Anna",
        "surname": "Nieuwkomer",
        "birth_date": datetime.date(1990, 3, 4),
        "postcode": "9711CD",
        "house_number": 12,
        "city": "Westerhoek",
    }
    return ResidentData(**{**values, **overrides})


def snapshot() -> dict[str, list]:
    """Everything a melding service may write; a refused request must leave all of it unchanged."""
    models = (
        Melding,
        Routing,
        TriageRule,
        Task,
        Household,
        Resident,
        HouseholdMembership,
        CaseloadEntry,
        TimelineEntry,
        AuditEvent,
    )
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in models}


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.WIJKREGIE_REQUIRE_2FA = False
    settings.WIJKREGIE_BRP_URL = ""
