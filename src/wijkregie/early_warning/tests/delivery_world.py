"""A small vroegsignalering world for the DDAS delivery tests, on top of the shared test world: Westerhoek's
signals by BSN and by address, a zaak at each stage (matched, picked up with attempts, closed with a
result), signals not matched or waiting for matching, signals on and just past the edges of the third
quarter of 2026, a zaak whose matching period starts before it, and a signal of Zuiderdijk."""

import datetime
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from wijkregie.accounts.constants import Role
from wijkregie.accounts.models import User
from wijkregie.accounts.tests.factories import UserFactory
from wijkregie.conftest import World
from wijkregie.early_warning.constants import (
    CaseResult,
    ContactKind,
    DayPart,
    PartnerType,
    Sex,
    SignalStatus,
)
from wijkregie.early_warning.models import Signal, SignalCase
from wijkregie.households.tests.factories import HouseholdFactory, ResidentFactory

from .factories import (
    ContactAttemptFactory,
    MatchingRunFactory,
    SettingsFactory,
    SignalCaseFactory,
    SignalFactory,
)

D = datetime.date
START, END = D(2026, 7, 1), D(2026, 9, 30)  # the quarter before the suite's today (2026-11-18)
# The published schema, read where the standards are kept beside the checkout; never copied in.
SCHEMA = (
    Path(__file__).resolve().parents[4].parent
    / "shared"
    / "standards"
    / "ddas-vroegsignalering-1.2"
    / "json_schema_Uitwisselmodel.json"
)


def schema_validator() -> Draft202012Validator:
    if not SCHEMA.exists():
        pytest.fail(f"Het DDAS-schema ontbreekt: {SCHEMA} (de map shared/ naast de checkout).")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def schema_errors(document: dict[str, Any]) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in schema_validator().iter_errors(document)]


@dataclass
class DeliveryWorld:
    world: World
    signals: dict[str, Signal]
    cases: dict[str, SignalCase]
    zuid_admin: User

    def ids(self, *names: str) -> set[str]:
        return {self.signals[name].external_id for name in names}


def _case(world: World, household: Any, start: D, end: D, matched: D, **values: Any) -> SignalCase:
    run = MatchingRunFactory(municipality=world.west, period_start=start, period_end=end, matched_on=matched)
    return SignalCaseFactory(
        municipality=world.west, household=household, team=world.welfare, matching_run=run, **values
    )


def _household(world: World, postcode: str) -> tuple[Any, Any]:
    head = ResidentFactory(postcode=postcode)
    return HouseholdFactory(district=world.west_centrum, head=head), head


def build(world: World) -> DeliveryWorld:
    west = world.west
    SettingsFactory(
        municipality=west,
        outreach_team=world.welfare,
        delivering_name="Welzijn De Schans",
        delivering_kvk="12345678",
        contact_name="Mila de Boer",
        contact_email="vroegsignalering@westerhoek.example",
        contact_phone="050 123 45 67",
        contact_title="Coördinator vroegsignalering",
    )
    visser = world.household.memberships.heads().get().resident
    busy_household, busy_head = _household(world, "9711CC")
    done_household, done_head = _household(world, "9711DD")
    june_household, june_head = _household(world, "9711EE")

    matched = _case(world, world.household, D(2026, 7, 1), D(2026, 7, 31), D(2026, 8, 3))
    busy = _case(
        world, busy_household, D(2026, 8, 1), D(2026, 8, 31), D(2026, 9, 1), picked_up_on=D(2026, 9, 2)
    )
    done = _case(
        world,
        done_household,
        D(2026, 9, 1),
        D(2026, 9, 30),
        D(2026, 10, 1),
        crisis=True,
        picked_up_on=D(2026, 10, 2),
        result=CaseResult.FOLLOW_UP_FINANCIAL,
        result_on=D(2026, 10, 20),
    )
    june = _case(world, june_household, D(2026, 6, 15), D(2026, 7, 14), D(2026, 7, 15))
    for case, kind, made_on, day_part, reached in [
        (busy, ContactKind.HOME_VISIT, D(2026, 9, 4), DayPart.AFTERNOON, True),  # made after, recorded first
        (busy, ContactKind.PHONE, D(2026, 9, 2), DayPart.MORNING, False),
        (done, ContactKind.LETTER, D(2026, 10, 2), DayPart.MORNING, True),
    ]:
        ContactAttemptFactory(case=case, kind=kind, made_on=made_on, day_part=day_part, reached=reached)

    def signal(**values: Any) -> Signal:
        return SignalFactory(municipality=values.pop("municipality", west), **values)

    signals = {
        # In a zaak, by BSN, on the first day of the period.
        "bsn": signal(case=matched, resident=visser, signal_date=START, amount=850, arose_on=D(2026, 6, 1)),
        # One zaak, picked up: a signal by BSN and one by address (matched to the same head).
        "busy_bsn": signal(
            case=busy, resident=busy_head, partner_type=PartnerType.ENERGY, signal_date=D(2026, 8, 10)
        ),
        "busy_address": signal(
            case=busy,
            resident=busy_head,
            bsn="",
            postcode="9711CC",
            house_number=busy_head.house_number,
            partner_type=PartnerType.WATER,
            signal_date=D(2026, 8, 12),
        ),
        # Closed with a result, a crisis handed over warmly, on the last day of the period.
        "done": signal(
            case=done,
            resident=done_head,
            partner_type=PartnerType.HEALTH,
            signal_date=END,
            crisis=True,
            warm_handover=True,
            amount=1240,
        ),
        # In the zaak of a matching period that started in the quarter before.
        "june": signal(case=june, resident=june_head, signal_date=D(2026, 7, 3)),
        # Not matched: no resident of the municipality; by address with everything the partner knew.
        "not_resident": signal(
            postcode="9712CD",
            house_number=12,
            house_number_suffix="A",
            birth_date=D(1970, 2, 3),
            sex=Sex.FEMALE,
            status=SignalStatus.NOT_RESIDENT,
            status_reason="Niet in de BRP van de gemeente.",
            partner_type=PartnerType.RENT,
            signal_date=D(2026, 8, 20),
        ),
        # Waiting for a matching run: by address with postcode and number only.
        "waiting": signal(postcode="9711ZZ", house_number=3, signal_date=D(2026, 9, 15)),
        # Just outside the period, and another municipality's signal inside it.
        "before": signal(postcode="9711AB", house_number=1, signal_date=D(2026, 6, 30)),
        "after": signal(postcode="9711AB", house_number=2, signal_date=D(2026, 10, 1)),
        "zuid": signal(municipality=world.zuid, postcode="9721CD", house_number=4, signal_date=D(2026, 8, 1)),
    }
    zuid_admin = UserFactory(username="zef", role=Role.FUNCTIONAL_ADMIN, municipality=world.zuid)
    return DeliveryWorld(
        world=world,
        signals=signals,
        cases={"matched": matched, "busy": busy, "done": done, "june": june},
        zuid_admin=zuid_admin,
    )


IN_PERIOD = ("bsn", "busy_bsn", "busy_address", "done", "june", "not_resident", "waiting")
