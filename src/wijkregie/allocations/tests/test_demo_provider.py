"""The demo's fake provider, run as a recurring job, answers what Wijkregie sent: a 302 for a new
allocation and then a 305, each picked up by the message job like any provider's file; a second run
writes the same file again and changes nothing."""

import pytest

from wijkregie.allocations.constants import AllocationStatus
from wijkregie.allocations.services import allocation as services
from wijkregie.allocations.services.demo_provider import demo_provider_answer
from wijkregie.allocations.services.messages import messages_pickup

from .conftest import contract_for, provider_of, signed_beschikking

pytestmark = pytest.mark.django_db


def test_the_fake_provider_moves_an_allocation_to_started(world, outbox):
    provider = provider_of(world)
    contract_for(world, provider)
    allocation = services.allocation_create(
        acting_user=world.anna, beschikking=signed_beschikking(world), provider=provider
    )
    inbox = outbox / "in"

    assert demo_provider_answer() == "1 antwoord(en) van de nepaanbieder klaargezet."
    assert demo_provider_answer() == "1 antwoord(en) van de nepaanbieder klaargezet."  # the same file again
    assert [p.name.split("-")[1] for p in inbox.glob("*.xml")] == ["302"]
    assert messages_pickup() == "Verwerkt: 1, afgewezen: 0, al eerder ontvangen: 0."
    allocation.refresh_from_db()
    assert allocation.status == AllocationStatus.ACCEPTED

    demo_provider_answer()
    assert messages_pickup().startswith("Verwerkt: 1, afgewezen: 0")
    allocation.refresh_from_db()
    assert (allocation.status, allocation.started_on) == (AllocationStatus.STARTED, allocation.start_date)
    assert demo_provider_answer() == "0 antwoord(en) van de nepaanbieder klaargezet."
