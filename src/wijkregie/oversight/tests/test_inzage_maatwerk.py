"""The resident's maatwerk and allocations in the AVG inzage document, and nobody else's."""

import pytest

from wijkregie.allocations.services import allocation as services
from wijkregie.allocations.tests.conftest import TODAY, contract_for, head, provider_of, signed_beschikking
from wijkregie.households.tests.factories import ResidentFactory
from wijkregie.oversight.inzage import inzage_document

pytestmark = [pytest.mark.django_db, pytest.mark.today(TODAY)]  # the beschikking's dates are fixed


def test_the_request_its_toets_the_beschikking_and_the_allocation_are_in_the_document(world):
    provider = provider_of(world)
    contract_for(world, provider)
    beschikking = signed_beschikking(world)
    services.allocation_create(acting_user=world.anna, beschikking=beschikking, provider=provider)

    document = inzage_document(head(world.household))

    [request] = document["maatwerk"]
    assert (request["voorziening"], request["ontvangen_op"], request["status"]) == (
        "Product 01A01",
        TODAY.isoformat(),
        "Besluit",
    )
    assert request["omgekeerde_toets"]["vraag_en_situatie"] == "Mevrouw kan niet meer zelf schoonmaken."
    assert request["omgekeerde_toets"]["besloten_door"] == world.anna.display_name
    assert (request["beschikking"]["kenmerk"], request["beschikking"]["omvang"]) == (beschikking.reference, 2)
    assert request["beschikking"]["bezwaren"] == []
    [allocation] = document["toewijzingen"]
    assert (allocation["aanbieder"], allocation["beschikking"], allocation["ingangsdatum"]) == (
        "Zorg Thuis",
        beschikking.reference,
        TODAY.isoformat(),
    )


def test_another_residents_maatwerk_is_not_in_the_document(world):
    signed_beschikking(world)

    document = inzage_document(ResidentFactory())

    assert (document["maatwerk"], document["toewijzingen"]) == ([], [])
