from django.conf import settings

from wijkregie.core.identifiers import is_valid_bsn

from .client import HaalCentraalClient
from .fake import FakeBrpClient
from .types import BrpClient, BrpPerson


def _fake_addresses() -> list[tuple[str, str, str]]:
    """Let the fake place people in the installation's own districts, so prefilled forms are valid."""
    from wijkregie.organisation.models import PostcodeArea

    areas = PostcodeArea.objects.select_related("district__municipality").order_by("pc4")[:50]
    return [
        (f"{a.pc4}AB", a.district.municipality.name, a.district.municipality.cbs_code) for a in areas
    ] or [("9901AA", "Westerhoek", "9901")]


def get_client() -> BrpClient:
    if settings.WIJKREGIE_BRP_URL:
        return HaalCentraalClient(
            settings.WIJKREGIE_BRP_URL, settings.WIJKREGIE_BRP_API_KEY, timeout=settings.WIJKREGIE_BRP_TIMEOUT
        )
    return FakeBrpClient(_fake_addresses())


def lookup_person(bsn: str) -> BrpPerson | None:
    """Find a person by BSN. Raises BrpUnavailable when the BRP cannot answer."""
    if not is_valid_bsn(bsn):
        return None
    return get_client().find_by_bsn(bsn)
