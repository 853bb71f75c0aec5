"""Audit API: the same policy and filters as the pages; 401 anonymous, 404 not allowed."""

import pytest
from rest_framework.test import APIClient

from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.models import AuditEvent
from wijkregie.audit.services import record
from wijkregie.households.tests.factories import next_bsn
from wijkregie.oversight.inzage import NOT_FOUND

from .conftest import REASON, user

EVENTS_URL = "/api/v1/audit/events/"
INZAGE_URL = "/api/v1/audit/inzage/"
NO_ACCESS = ["anna", "otto", "zoe", "bo", "sanne", "piet", "carla", "bea"]


@pytest.fixture
def api():
    return APIClient()


def _as(api, world, trail, name):
    api.force_authenticate(user(world, trail, name))
    return api


def test_anonymous_gets_401(api, world, trail):
    before = AuditEvent.objects.count()

    assert api.get(EVENTS_URL).status_code == 401
    assert api.post(INZAGE_URL, {"bsn": trail.resident.bsn}, format="json").status_code == 401
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("name", NO_ACCESS)
def test_roles_without_review_get_404(api, world, trail, name):
    before = AuditEvent.objects.count()
    api = _as(api, world, trail, name)

    events = api.get(EVENTS_URL)
    inzage = api.post(INZAGE_URL, {"bsn": trail.resident.bsn}, format="json")

    assert (events.status_code, inzage.status_code) == (404, 404)
    assert trail.resident.bsn not in inzage.content.decode()
    assert AuditEvent.objects.count() == before


# (user, actors of the rows they get)
REVIEW = [
    ("teun", ["otto", "otto", "anna"]),
    ("tim", ["otto", "otto"]),
    ("fenna", ["otto", "otto", "anna"]),
    ("zara", ["bo", "zoe"]),
]


@pytest.mark.parametrize(("name", "actors"), REVIEW)
def test_events_follow_the_policy(api, world, trail, name, actors):
    before = AuditEvent.objects.count()

    response = _as(api, world, trail, name).get(EVENTS_URL)

    assert response.status_code == 200
    assert response.data["count"] == len(actors)
    assert [row["actor"] for row in response.data["results"]] == [str(world.user(a).uuid) for a in actors]
    assert AuditEvent.objects.count() == before


def test_event_shape_with_break_the_glass(api, world, trail):
    response = _as(api, world, trail, "teun").get(EVENTS_URL)

    glass = response.data["results"][1]
    assert glass["uuid"] == str(trail.otto_glass.uuid)
    assert glass["action"] == Action.BREAK_GLASS
    assert glass["break_glass"] is True
    assert glass["break_glass_reason"] == REASON
    assert glass["break_glass_expires_at"] is not None
    assert glass["actor_name"] == world.otto.display_name
    assert glass["actor_role"] == "consulent"
    assert glass["household_uuid"] == str(world.household.uuid)
    plain = response.data["results"][2]
    assert (plain["break_glass"], plain["break_glass_reason"], plain["break_glass_expires_at"]) == (
        False,
        None,
        None,
    )


def test_changed_field_names_without_values(api, world, trail):
    record(
        actor=world.anna,
        action=Action.UPDATE,
        obj=trail.resident,
        household_uuid=world.household.uuid,
        fields=["surname", "phone"],
    )

    response = _as(api, world, trail, "teun").get(EVENTS_URL, {"actor": str(world.anna.uuid)})
    row = response.data["results"][0]

    assert (row["action"], row["object_type"], row["changed_fields"]) == (
        Action.UPDATE,
        "households.resident",
        ["phone", "surname"],
    )
    assert trail.resident.surname not in str(row)


def test_filters(api, world, trail):
    api = _as(api, world, trail, "fenna")

    on_zuid = api.get(EVENTS_URL, {"household": str(world.zuid_household.uuid)})
    by_anna = api.get(EVENTS_URL, {"actor": str(world.anna.uuid)})
    bad = api.get(EVENTS_URL, {"household": "geen-uuid"})
    zuid_for_zara = _as(api, world, trail, "zara").get(
        EVENTS_URL, {"household": str(world.zuid_household.uuid)}
    )

    assert on_zuid.data["results"] == []  # the backoffice's row on a Zuiderdijk household is Zuiderdijk's
    assert [r["uuid"] for r in zuid_for_zara.data["results"]] == [
        str(trail.bo_read.uuid),
        str(trail.zoe_read.uuid),
    ]
    assert [r["uuid"] for r in by_anna.data["results"]] == [str(trail.anna_read.uuid)]
    assert bad.status_code == 400
    assert "household" in bad.data


@pytest.mark.parametrize("name", ["household", "actor"])
def test_an_empty_filter_is_refused_not_ignored(api, world, trail, name):
    response = _as(api, world, trail, "fenna").get(EVENTS_URL, {name: ""})

    assert (response.status_code, response.json()) == (400, {name: ["Geef een geldige uuid."]})


def test_paginated(api, world, trail):
    for _ in range(5):
        record(actor=world.anna, action=Action.READ, obj=world.household, household_uuid=world.household.uuid)

    response = _as(api, world, trail, "teun").get(EVENTS_URL, {"page_size": 3, "page": 2})

    assert response.data["count"] == 8
    assert len(response.data["results"]) == 3
    assert response.data["previous"] is not None and response.data["next"] is not None


@pytest.mark.parametrize("name", ["teun", "fenna"])
def test_inzage_export(api, world, trail, name):
    response = _as(api, world, trail, name).post(INZAGE_URL, {"bsn": trail.resident.bsn}, format="json")

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert response.data["inwoner"]["uuid"] == str(trail.resident.uuid)
    export = AuditEvent.objects.get(action=Action.EXPORT)
    assert (export.actor, export.channel, export.object_uuid) == (
        user(world, trail, name),
        Channel.API,
        trail.resident.uuid,
    )


@pytest.mark.parametrize("name", ["tim", "zara"])
def test_inzage_not_allowed_is_the_same_404_as_unknown(api, world, trail, name):
    before = AuditEvent.objects.count()
    api = _as(api, world, trail, name)

    not_allowed = api.post(INZAGE_URL, {"bsn": trail.resident.bsn}, format="json")
    unknown = api.post(INZAGE_URL, {"bsn": next_bsn()}, format="json")

    assert (not_allowed.status_code, unknown.status_code) == (404, 404)
    assert not_allowed.json() == unknown.json() == {"detail": NOT_FOUND}
    assert AuditEvent.objects.count() == before


def test_inzage_invalid_bsn_is_400(api, world, trail):
    response = _as(api, world, trail, "fenna").post(INZAGE_URL, {"bsn": "123456789"}, format="json")

    assert response.status_code == 400
    assert "123456789" not in response.content.decode()
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()


def test_schema_documents_the_audit_endpoints(api, world):
    api.force_authenticate(world.fenna)

    schema = api.get("/api/v1/schema/", {"format": "json"}).json()

    assert "/api/v1/audit/events/" in schema["paths"]
    assert "post" in schema["paths"]["/api/v1/audit/inzage/"]
