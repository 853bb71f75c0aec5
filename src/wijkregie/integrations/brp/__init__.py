"""BRP person lookup shaped on the Haal Centraal BRP Personen API v2.

Public face: `lookup_person(bsn)` returns a `BrpPerson` or None, or raises `BrpUnavailable`.
Which client answers is configuration: WIJKREGIE_BRP_URL set → HaalCentraalClient, else the built-in fake.
"""

from .service import get_client, lookup_person
from .types import BrpPerson, BrpUnavailable

__all__ = ["BrpPerson", "BrpUnavailable", "get_client", "lookup_person"]
