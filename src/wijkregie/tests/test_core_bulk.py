"""core.bulk writes what the ORM would: every row its own values, constraints still on (tested on a
small table of a domain app, as core itself may import none)."""

import uuid

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from wijkregie.core.bulk import DbValues, insert_rows, reserve_ids, update_rows
from wijkregie.organisation.models import Municipality

pytestmark = pytest.mark.django_db


def _insert(codes: list[str]) -> list[int]:
    to_db = DbValues()
    now = to_db.moment(timezone.now())
    ids = list(reserve_ids(Municipality, len(codes)))
    rows = [
        (pk, to_db.uuid(uuid.uuid4()), now, now, f"Gemeente {code}", code) for pk, code in zip(ids, codes)
    ]
    insert_rows(Municipality, ("id", "uuid", "created_at", "updated_at", "name", "cbs_code"), rows)
    return ids


def test_insert_rows_writes_every_row_with_the_ids_reserved_for_it():
    ids = _insert(["9801", "9802", "9803"])
    found = dict(Municipality.objects.filter(pk__in=ids).values_list("pk", "cbs_code"))
    assert found == {ids[0]: "9801", ids[1]: "9802", ids[2]: "9803"}
    assert len(set(Municipality.objects.filter(pk__in=ids).values_list("uuid", flat=True))) == 3


def test_update_rows_gives_each_row_its_own_values_and_leaves_the_others_alone():
    first, second, third = _insert(["9811", "9812", "9813"])
    update_rows(Municipality, ("name", "cbs_code"), [(first, "Noord", "9821"), (third, "Zuid", "9823")])
    found = dict(Municipality.objects.filter(pk__in=[first, second, third]).values_list("pk", "name"))
    assert found == {first: "Noord", second: "Gemeente 9812", third: "Zuid"}
    assert Municipality.objects.get(pk=third).cbs_code == "9823"
    update_rows(Municipality, ("name",), [])  # nothing to do is no error
    update_rows(Municipality, ("name",), [(second, "Midden")])  # the scratch table went with the first call
    assert Municipality.objects.get(pk=second).name == "Midden"


def test_update_rows_keeps_the_constraints():
    first, _ = _insert(["9831", "9832"])
    with pytest.raises(IntegrityError), transaction.atomic():
        update_rows(Municipality, ("cbs_code",), [(first, "9832")])  # cbs_code is unique
    assert Municipality.objects.get(pk=first).cbs_code == "9831"
