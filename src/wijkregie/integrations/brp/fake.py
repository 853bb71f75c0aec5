"""Built-in BRP fake for the demo and the tests: no network.

It answers every valid BSN with a deterministic fictional person (same BSN, same person), living at
one of the installation's own postcode areas. Reserved BSNs simulate "not found", a time-out, a person who
died and one who lives in another municipality.
"""

import random
from datetime import date

from .types import BrpPerson, BrpUnavailable

# Valid BSNs (11-proef) reserved for failure cases in demo and tests.
NOT_FOUND_BSN = "999990019"
UNAVAILABLE_BSN = "999990020"
DECEASED_BSN = "999990032"
MOVED_AWAY_BSN = "999990044"
ELSEWHERE = ("1011AB", "Amsterdam", "0363")

_GIVEN = ["Anna", "Bram", "Chantal", "Daan", "Eva", "Fatima", "Gerrit", "Hanneke", "Ibrahim", "Joke", "Kees"]
_SURNAMES = [
    ("", "Bakker"),
    ("de", "Vries"),
    ("van", "Dijk"),
    ("", "Mulder"),
    ("", "Bos"),
    ("van der", "Meer"),
]
_STREETS = ["Dorpsstraat", "Kerkweg", "Molenlaan", "Schoolstraat", "Stationsweg"]


class FakeBrpClient:
    def __init__(self, addresses: list[tuple[str, str, str]] | None = None) -> None:
        # (postcode, city, municipality code) the fake may place people at; the demo passes its own.
        self.addresses = addresses or [("9901AA", "Westerhoek", "9901")]

    def find_by_bsn(self, bsn: str) -> BrpPerson | None:
        if bsn == NOT_FOUND_BSN:
            return None
        if bsn == UNAVAILABLE_BSN:
            raise BrpUnavailable("De BRP antwoordde niet op tijd.")
        rng = random.Random(int(bsn))  # noqa: S311 - fictional data, not security
        given = rng.choice(_GIVEN)
        prefix, surname = rng.choice(_SURNAMES)
        postcode, city, code = ELSEWHERE if bsn == MOVED_AWAY_BSN else rng.choice(self.addresses)
        return BrpPerson(
            bsn=bsn,
            given_names=given,
            initials=f"{given[0]}.",
            surname_prefix=prefix,
            surname=surname,
            birth_date=date(rng.randint(1940, 2015), rng.randint(1, 12), rng.randint(1, 28)),
            street=rng.choice(_STREETS),
            house_number=rng.randint(1, 200),
            house_number_suffix="",
            postcode=postcode,
            city=city,
            municipality_code=code,
            deceased_on=date(2026, 10, 1) if bsn == DECEASED_BSN else None,
        )
