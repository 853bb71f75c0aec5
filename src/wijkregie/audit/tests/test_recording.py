"""The audit writer on its own: append-only on both databases, no personal data, and the break-the-glass
flag asked of the registered checks (households registers the real one; its tests show it per app)."""

import uuid

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError, connection, transaction

from wijkregie.audit import recording
from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.models import AuditEvent
from wijkregie.audit.services import record

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return get_user_model().objects.create(username="schrijver", role="consulent")


def test_a_row_holds_who_what_and_which_fields_sorted(staff):
    household = uuid.uuid4()

    event = record(
        actor=staff,
        action=Action.UPDATE,
        object_type="households.resident",
        household_uuid=household,
        fields=["phone", "email"],
        channel=Channel.API,
    )

    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.actor, stored.actor_role, stored.action, stored.channel) == (
        staff,
        "consulent",
        Action.UPDATE,
        Channel.API,
    )
    assert (stored.object_type, stored.household_uuid, stored.fields) == (
        "households.resident",
        household,
        ["email", "phone"],
    )


def test_an_anonymous_or_missing_actor_is_written_as_the_system(staff):
    for actor in (None, AnonymousUser()):
        event = record(actor=actor, action=Action.SEARCH, object_type="households.household")
        assert (event.actor, event.actor_role, event.break_glass) == (None, "", False)


def test_the_model_refuses_update_and_delete(staff):
    event = record(actor=staff, action=Action.READ, object_type="x")

    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(action=Action.DELETE)
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).action == Action.READ


def test_the_database_refuses_an_update_past_the_model(staff):
    event = record(actor=staff, action=Action.READ, object_type="x")
    table = AuditEvent._meta.db_table

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"UPDATE {table} SET action = %s WHERE id = %s", [Action.DELETE, event.pk])

    assert AuditEvent.objects.get(pk=event.pk).action == Action.READ


def test_the_flag_is_asked_of_the_registered_checks_only_for_a_row_on_a_household(staff, monkeypatch):
    asked = []
    household = uuid.uuid4()

    def check(actor, household_uuids):
        asked.append((actor, list(household_uuids)))
        return set(household_uuids)

    monkeypatch.setattr(recording, "_break_glass_checks", [check])

    on_household = record(actor=staff, action=Action.UPDATE, object_type="x", household_uuid=household)
    elsewhere = record(actor=staff, action=Action.UPDATE, object_type="x")
    by_the_system = record(actor=None, action=Action.UPDATE, object_type="x", household_uuid=household)
    said = record(
        actor=staff, action=Action.UPDATE, object_type="x", household_uuid=household, break_glass=False
    )

    assert [on_household.break_glass, elsewhere.break_glass, by_the_system.break_glass, said.break_glass] == [
        True,
        False,
        False,
        False,
    ]
    assert asked == [(staff, [household])]
