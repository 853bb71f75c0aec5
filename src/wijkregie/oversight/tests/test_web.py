"""Audit pages: the review list and the inzage export. 404 for everyone without access."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.models import AuditEvent
from wijkregie.audit.services import record
from wijkregie.households.tests.factories import next_bsn
from wijkregie.oversight.inzage import NOT_FOUND

from .conftest import REASON, user

REVIEW_URL = reverse("audit:review")
INZAGE_URL = reverse("audit:inzage")
NO_ACCESS = ["anna", "otto", "zoe", "bo", "sanne", "piet", "carla", "bea"]


def _as(client, world, trail, name):
    client.force_login(user(world, trail, name))
    return client


@pytest.mark.parametrize("url", [REVIEW_URL, INZAGE_URL])
def test_anonymous_is_sent_to_login(client, world, trail, url):
    before = AuditEvent.objects.count()

    responses = [client.get(url), client.post(url, {"bsn": trail.resident.bsn})]

    for response in responses:
        assert response.status_code == 302
        assert response["Location"].startswith("/inloggen/")
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("name", NO_ACCESS)
def test_roles_without_review_get_404(client, world, trail, name):
    before = AuditEvent.objects.count()
    client = _as(client, world, trail, name)

    responses = [
        client.get(REVIEW_URL),
        client.get(INZAGE_URL),
        client.post(INZAGE_URL, {"bsn": trail.resident.bsn}),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404]
    for response in responses:
        assert trail.resident.bsn not in response.content.decode()
        assert REASON not in response.content.decode()
    assert AuditEvent.objects.count() == before


# (user, names shown in the list, names not shown)
REVIEW_PAGE = [
    ("teun", ["anna", "otto"], ["zoe", "bo"]),
    ("tim", ["otto"], ["anna", "zoe", "bo"]),
    ("fenna", ["anna", "otto"], ["zoe", "bo"]),
    ("zara", ["zoe", "bo"], ["anna", "otto"]),
]


def _rows(response):
    """The table body only (the filter's list of staff names is not the list of rows)."""
    html = response.content.decode()
    return html[html.index("<tbody") : html.index("</tbody>")] if "<tbody" in html else ""


@pytest.mark.parametrize(("name", "shown", "hidden"), REVIEW_PAGE)
def test_review_page_shows_only_reviewable_rows(client, world, trail, name, shown, hidden):
    before = AuditEvent.objects.count()

    response = _as(client, world, trail, name).get(REVIEW_URL)

    assert response.status_code == 200
    rows = _rows(response)
    for other in shown:
        assert world.user(other).display_name in rows
    for other in hidden:
        assert world.user(other).display_name not in rows
    assert AuditEvent.objects.count() == before, "reading the review list writes no audit row"


def test_break_the_glass_is_flagged_first_with_reason_and_expiry(client, world, trail):
    response = _as(client, world, trail, "teun").get(REVIEW_URL)

    rows = _rows(response)
    assert rows.count("Ja, toegang doorbroken") == 2
    assert rows.count(REASON) == 2
    assert "Geldig tot" in rows
    assert rows.index("Ja, toegang doorbroken") < rows.index(world.anna.display_name)
    assert "HX-Request" in response["Vary"]


def test_filters_per_user_and_household(client, world, trail):
    client = _as(client, world, trail, "fenna")

    by_otto = _rows(client.get(REVIEW_URL, {"medewerker": str(world.otto.uuid)}))
    on_zuid = _rows(client.get(REVIEW_URL, {"huishouden": str(world.zuid_household.uuid)}))

    assert world.otto.display_name in by_otto and world.anna.display_name not in by_otto
    assert world.bo.display_name not in on_zuid and world.anna.display_name not in on_zuid


def test_bad_filter_shows_dutch_error_and_no_rows(client, world, trail):
    response = _as(client, world, trail, "teun").get(REVIEW_URL, {"huishouden": "niet-goed"})

    assert response.status_code == 200
    assert "Vul een geldig kenmerk van een huishouden in." in response.content.decode()
    assert _rows(response) == ""


def test_htmx_gets_the_fragment(client, world, trail):
    response = _as(client, world, trail, "teun").get(REVIEW_URL, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert html.lstrip().startswith('<section id="auditregels"')
    assert "<html" not in html


def test_pagination_keeps_filters(client, world, trail):
    for _ in range(55):
        record(actor=world.anna, action=Action.READ, obj=world.household, household_uuid=world.household.uuid)

    response = _as(client, world, trail, "teun").get(REVIEW_URL, {"medewerker": str(world.anna.uuid)})

    assert f"?medewerker={world.anna.uuid}&amp;pagina=2" in response.content.decode()


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_review_page_queries_do_not_grow_with_rows(client, world, trail):
    client = _as(client, world, trail, "teun")
    few = _queries(client, REVIEW_URL)
    for _ in range(40):
        record(actor=world.anna, action=Action.READ, obj=world.household, household_uuid=world.household.uuid)

    assert _queries(client, REVIEW_URL) == few


# -- inzage ---------------------------------------------------------------------------------------------


def _exports():
    return AuditEvent.objects.filter(action=Action.EXPORT)


@pytest.mark.parametrize("name", ["teun", "fenna"])
def test_inzage_download(client, world, trail, name):
    client = _as(client, world, trail, name)
    assert client.get(INZAGE_URL).status_code == 200

    response = client.post(INZAGE_URL, {"bsn": trail.resident.bsn})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="inzage-')
    assert trail.resident.bsn not in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store"
    document = json.loads(response.content)
    assert document["inwoner"]["bsn"] == trail.resident.bsn
    export = _exports().get()
    assert (export.actor, export.object_uuid, export.household_uuid, export.channel) == (
        user(world, trail, name),
        trail.resident.uuid,
        world.household.uuid,
        Channel.WEB,
    )


@pytest.mark.parametrize("name", ["tim", "zara"])
def test_inzage_not_allowed_looks_like_unknown(client, world, trail, name):
    before = AuditEvent.objects.count()
    client = _as(client, world, trail, name)

    not_allowed = client.post(INZAGE_URL, {"bsn": trail.resident.bsn})
    unknown = client.post(INZAGE_URL, {"bsn": next_bsn()})

    for response in (not_allowed, unknown):
        assert response.status_code == 404
        assert NOT_FOUND in response.content.decode()
        assert trail.resident.surname not in response.content.decode()
    assert AuditEvent.objects.count() == before
    assert not _exports().exists()


def test_inzage_invalid_bsn_is_a_form_error(client, world, trail):
    response = _as(client, world, trail, "fenna").post(INZAGE_URL, {"bsn": "123456789"})

    assert response.status_code == 200
    assert "Dit is geen geldig BSN" in response.content.decode()
    assert not _exports().exists()


def test_inzage_bsn_only_by_post(client, world, trail):
    response = _as(client, world, trail, "fenna").get(INZAGE_URL, {"bsn": trail.resident.bsn})

    assert response.status_code == 200
    assert not _exports().exists()
