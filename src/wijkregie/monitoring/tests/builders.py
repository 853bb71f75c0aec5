"""A small year of care for the store's tests: allocations with their declared months."""

import datetime

from wijkregie.allocations.tests.test_ledger_costs import allocation, booked, contracted_provider
from wijkregie.provisions.constants import ProvisionLaw

D = datetime.date


def declared_allocation(world, provider, *, months, cents, category="02", law=ProvisionLaw.WMO, **extra):
    """An allocation over `months` of 2025 (1-based, consecutive) with `cents` declared in each."""
    first, last = months[0], months[-1]
    end = D(2025, last, 28) if last != 12 else D(2025, 12, 31)
    made = allocation(
        world,
        provider,
        start=D(2025, first, 1),
        end=end,
        law=law,
        product_category=category,
        product_code=f"{category}A01",
        **extra,
    )
    for month in months:
        booked(world, made, D(2025, month, 1), cents)
    return made


def provider(world, name="Zorg Thuis"):
    return contracted_provider(world, name)
