"""The addresses the households app hands the built-in BRP fake: inside the installation's own districts."""

from wijkregie.integrations.brp import get_client
from wijkregie.integrations.tests.test_brp_fake import BSNS
from wijkregie.organisation.selectors import sample_addresses


def test_configured_fake_places_people_in_the_installations_districts(settings, world):
    settings.WIJKREGIE_BRP_URL = ""

    person = get_client(sample_addresses).find_by_bsn(BSNS[0])

    assert person.postcode in {"9711AB", "9712AB", "9721AB"}
    assert person.city in {"Westerhoek", "Zuiderdijk"}
