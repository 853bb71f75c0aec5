"""The built-in BRP fake: deterministic, no network, two reserved BSNs for the failure cases."""

import re

import pytest

from wijkregie.core.identifiers import is_valid_bsn
from wijkregie.integrations.brp import BrpUnavailable
from wijkregie.integrations.brp.fake import NOT_FOUND_BSN, UNAVAILABLE_BSN, FakeBrpClient

BSNS = ["999993653", "111222333", "123456782"]


def test_reserved_bsns_are_valid():
    assert is_valid_bsn(NOT_FOUND_BSN) and is_valid_bsn(UNAVAILABLE_BSN)


@pytest.mark.parametrize("bsn", BSNS)
def test_same_bsn_same_person(bsn):
    first = FakeBrpClient().find_by_bsn(bsn)

    assert first == FakeBrpClient().find_by_bsn(bsn)
    assert first is not None and first.bsn == bsn


def test_different_bsns_give_different_people():
    people = {FakeBrpClient().find_by_bsn(bsn) for bsn in BSNS}

    assert len(people) == len(BSNS)


def test_not_found_bsn_is_none():
    assert FakeBrpClient().find_by_bsn(NOT_FOUND_BSN) is None


def test_unavailable_bsn_raises_without_naming_it():
    with pytest.raises(BrpUnavailable) as caught:
        FakeBrpClient().find_by_bsn(UNAVAILABLE_BSN)

    assert UNAVAILABLE_BSN not in str(caught.value)


def test_people_live_at_the_given_addresses():
    person = FakeBrpClient([("9712XY", "Noorderdorp", "9903")]).find_by_bsn(BSNS[0])

    assert (person.postcode, person.city, person.municipality_code) == ("9712XY", "Noorderdorp", "9903")
    assert re.fullmatch(r"[1-9][0-9]{3}[A-Z]{2}", person.postcode)
