from dataclasses import dataclass
from datetime import date
from typing import Protocol


class BrpUnavailable(Exception):
    """The BRP did not answer usefully (timeout, connection, 5xx, malformed). The user registers by hand."""


@dataclass(frozen=True)
class BrpPerson:
    bsn: str
    given_names: str
    initials: str
    surname_prefix: str
    surname: str
    birth_date: date | None
    street: str
    house_number: int | None
    house_number_suffix: str
    postcode: str
    city: str
    municipality_code: str
    deceased_on: date | None = None  # overlijden.datum


class BrpClient(Protocol):
    def find_by_bsn(self, bsn: str) -> BrpPerson | None: ...
