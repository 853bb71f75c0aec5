from collections.abc import Callable

from django.conf import settings

from wijkregie.core.identifiers import is_valid_bsn

from .client import HaalCentraalClient
from .fake import FakeBrpClient
from .types import BrpClient, BrpPerson

# (postcode, woonplaats, CBS gemeentecode) where the fake may place people.
Addresses = Callable[[], list[tuple[str, str, str]]]
DEFAULT_FAKE_ADDRESSES = [("9901AA", "Westerhoek", "9901")]


def get_client(fake_addresses: Addresses | None = None) -> BrpClient:
    """The real client when WIJKREGIE_BRP_URL is set, else the fake. The caller may hand the fake the
    installation's own addresses (asked only when the fake is used), so prefilled forms are valid."""
    if settings.WIJKREGIE_BRP_URL:
        return HaalCentraalClient(
            settings.WIJKREGIE_BRP_URL, settings.WIJKREGIE_BRP_API_KEY, timeout=settings.WIJKREGIE_BRP_TIMEOUT
        )
    return FakeBrpClient((fake_addresses() if fake_addresses else None) or DEFAULT_FAKE_ADDRESSES)


def lookup_person(bsn: str, *, fake_addresses: Addresses | None = None) -> BrpPerson | None:
    """Find a person by BSN. Raises BrpUnavailable when the BRP cannot answer."""
    if not is_valid_bsn(bsn):
        return None
    return get_client(fake_addresses).find_by_bsn(bsn)
