"""One month of vroegsignalering in Westerhoek with every stage a zaak can be at, made with the factories,
and the exact figures it gives. `build(world, copies=5)` makes it five times over (other households and
residents), so that no count is a small cell.

October 2026, matching run 2 November, outreach by the welfare team. Centrum has 2,000 residents, Noord 500.

| zaak | district | signals (partner, person)                 | stage                                        |
|------|----------|-------------------------------------------|----------------------------------------------|
| z1   | Centrum  | Huur (r1)                                 | picked up; not reached, then reached; advice |
| z2   | Centrum  | Energie, Water (r2), Huur (r2b): multiple | picked up; reached; paid themselves          |
| z3   | Noord    | Zorg (r3), crisis                         | picked up; never reached; no contact         |
| z4   | Noord    | Huur (r4)                                 | picked up; reached; handed over (financial)  |
| z5   | Centrum  | Energie (r5)                              | open, not picked up                          |
| –    | Noord    | Zorg, by address in 9712                  | not matched (not a resident)                 |

Days to the first attempt: z1 2, z2 3, z3 1, z4 2 (average 2.0 over four zaken)."""

import datetime
from dataclasses import dataclass, field

from wijkregie.early_warning.constants import CaseResult, PartnerType, SignalStatus
from wijkregie.early_warning.models import Signal, SignalCase
from wijkregie.early_warning.tests.factories import (
    ContactAttemptFactory,
    MatchingRunFactory,
    SignalCaseFactory,
    SignalFactory,
)
from wijkregie.households.tests.factories import HouseholdFactory, ResidentFactory

D = datetime.date
OCTOBER = D(2026, 10, 1)
MATCHED_ON = D(2026, 11, 2)

# The figures of one copy, as tallies count them.
ONE = {
    "signals": 8,
    "signals_not_matched": 1,
    "persons": 7,
    "households": 5,
    "multiple": 1,
    "crisis": 1,
    "picked_up": 4,
    "reached": 3,
    "accepted": 2,
    "first_contact_days": 8,
    "first_contacts": 4,
}
ONE_RESULTS = {
    CaseResult.ADVICE: 1,
    CaseResult.PAID: 1,
    CaseResult.NO_CONTACT: 1,
    CaseResult.FOLLOW_UP_FINANCIAL: 1,
}
ONE_PARTNERS = {PartnerType.RENT: 3, PartnerType.ENERGY: 2, PartnerType.WATER: 1, PartnerType.HEALTH: 2}


@dataclass
class Scenario:
    cases: dict[str, list[SignalCase]] = field(default_factory=dict)  # by name, one per copy
    unmatched: list[Signal] = field(default_factory=list)


def _case(world, run, name, district, *, signals, crisis=False, picked_up_on=None, result="", result_on=None):
    household = HouseholdFactory(district=district)
    case = SignalCaseFactory(
        municipality=world.west,
        household=household,
        team=world.welfare,
        matching_run=run,
        crisis=crisis,
        signal_count=len(signals),
        person_count=len({id(r) for _p, r in signals}),
        picked_up_on=picked_up_on,
        result=result,
        result_on=result_on,
    )
    for day, (partner, resident) in enumerate(signals, start=5):
        SignalFactory(
            municipality=world.west,
            case=case,
            resident=resident,
            partner_type=partner,
            signal_date=D(2026, 10, day),
            crisis=crisis,
        )
    return case


def _attempts(case, *attempts):
    for made_on, reached in attempts:
        ContactAttemptFactory(case=case, made_on=made_on, reached=reached)


def build(world, copies: int = 1) -> Scenario:
    world.west_centrum.population, world.west_noord.population = 2000, 500
    world.west_centrum.save(update_fields=["population"])
    world.west_noord.save(update_fields=["population"])
    run = MatchingRunFactory(
        municipality=world.west, period_start=OCTOBER, period_end=D(2026, 10, 31), matched_on=MATCHED_ON
    )
    scenario = Scenario()
    for copy in range(copies):
        r1, r2, r2b, r3, r4, r5 = (ResidentFactory() for _ in range(6))
        centrum, noord = world.west_centrum, world.west_noord
        made = {
            "z1": _case(
                world,
                run,
                "z1",
                centrum,
                signals=[(PartnerType.RENT, r1)],
                picked_up_on=D(2026, 11, 3),
                result=CaseResult.ADVICE,
                result_on=D(2026, 11, 10),
            ),
            "z2": _case(
                world,
                run,
                "z2",
                centrum,
                signals=[(PartnerType.ENERGY, r2), (PartnerType.WATER, r2), (PartnerType.RENT, r2b)],
                picked_up_on=D(2026, 11, 3),
                result=CaseResult.PAID,
                result_on=D(2026, 11, 12),
            ),
            "z3": _case(
                world,
                run,
                "z3",
                noord,
                signals=[(PartnerType.HEALTH, r3)],
                crisis=True,
                picked_up_on=D(2026, 11, 2),
                result=CaseResult.NO_CONTACT,
                result_on=D(2026, 11, 16),
            ),
            "z4": _case(
                world,
                run,
                "z4",
                noord,
                signals=[(PartnerType.RENT, r4)],
                picked_up_on=D(2026, 11, 4),
                result=CaseResult.FOLLOW_UP_FINANCIAL,
                result_on=D(2026, 11, 13),
            ),
            "z5": _case(world, run, "z5", centrum, signals=[(PartnerType.ENERGY, r5)]),
        }
        _attempts(made["z1"], (D(2026, 11, 4), False), (D(2026, 11, 6), True))
        _attempts(made["z2"], (D(2026, 11, 5), True))
        _attempts(made["z3"], (D(2026, 11, 3), False), (D(2026, 11, 9), False))
        _attempts(made["z4"], (D(2026, 11, 4), True))
        for name, case in made.items():
            scenario.cases.setdefault(name, []).append(case)
        scenario.unmatched.append(
            SignalFactory(
                municipality=world.west,
                partner_type=PartnerType.HEALTH,
                signal_date=D(2026, 10, 20),
                postcode="9712AB",
                house_number=10 + copy,
                birth_date=D(1970, 1, 1),
                status=SignalStatus.NOT_RESIDENT,
            )
        )
    return scenario
