"""The cost-per-client page and its downloads: beleid and the contractmanager of the municipality get in,
everyone else 404; small cells "<5" on the page and in the files; the refresh is a POST with an audit row;
query counts do not grow with the data."""

import csv
import io

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from wijkregie.accounts.constants import Role
from wijkregie.accounts.tests.factories import UserFactory
from wijkregie.audit.models import AuditEvent
from wijkregie.monitoring.models import CareYear, StoreState
from wijkregie.monitoring.services import store_refresh
from wijkregie.provisions.constants import ProvisionLaw

from .builders import declared_allocation, provider

pytestmark = pytest.mark.django_db

PAGE = reverse("monitoring:cost")
CSV = reverse("monitoring:cost_export", args=["csv"])
XLSX = reverse("monitoring:cost_export", args=["xlsx"])
REFRESH = reverse("monitoring:refresh")
OTHERS = ["anna", "otto", "teun", "bo", "sanne", "piet", "fenna", "zoe"]


def _care(world, persons=6):
    zorg = provider(world)
    for _ in range(persons):
        declared_allocation(world, zorg, months=[3], cents=100_000)
    declared_allocation(world, zorg, months=[4], cents=300_000, category="45", law=ProvisionLaw.YOUTH)
    store_refresh(acting_user=None, municipality=world.west)


@pytest.mark.parametrize("url", [PAGE, CSV, XLSX])
def test_anonymous_is_sent_to_login(client, world, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL) + "?next=")


@pytest.mark.parametrize("name", OTHERS)
@pytest.mark.parametrize("url", [PAGE, CSV, XLSX])
def test_everyone_but_beleid_and_the_contractmanager_gets_404(client, world, name, url):
    _care(world)
    before = (_store(), AuditEvent.objects.count())
    client.force_login(world.user(name))

    response = client.get(url)

    assert response.status_code == 404 and "Wmo" not in response.content.decode()
    assert client.post(REFRESH).status_code == 404
    assert (_store(), AuditEvent.objects.count()) == before  # nothing refreshed, nothing recorded


def _store():
    rows = sorted(CareYear.objects.values_list("pk", "source", "realised_cents"))
    return rows, list(StoreState.objects.values_list("refreshed_at", "rows"))


def test_a_steering_role_without_a_municipality_gets_404_and_refreshes_nothing(client, world):
    _care(world)
    rows = list(CareYear.objects.values_list("pk", flat=True))
    client.force_login(UserFactory(username="zack", role=Role.POLICY_OFFICER, municipality=None))

    events = AuditEvent.objects.count()

    assert client.get(PAGE).status_code == 404
    assert client.post(REFRESH).status_code == 404
    assert list(CareYear.objects.values_list("pk", flat=True)) == rows
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("name", ["bea", "carla"])
def test_beleid_and_the_contractmanager_see_the_figures_with_small_cells_hidden(client, world, name):
    _care(world)
    client.force_login(world.user(name))

    response = client.get(PAGE, {"jaar": "2025"})

    assert response.status_code == 200
    rows = {row.label: (row.clients, row.spend_cents) for row in response.context["answer"].rows}
    assert rows == {"Jeugdwet": (None, None), "Wmo 2015": (None, None)}  # one youth client takes Wmo along
    assert response.context["answer"].total.clients == 7
    assert "&lt;5" in response.content.decode()


def test_the_downloads_show_what_the_page_shows(client, world):
    _care(world)
    client.force_login(world.bea)

    text = client.get(CSV, {"jaar": "2025", "wet": "wmo"}).content.decode("utf-8-sig")
    workbook = load_workbook(io.BytesIO(client.get(XLSX, {"jaar": "2025", "wet": "wmo"}).content))

    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert lines[1:] == [["Wmo 2015", "6", "6000", "1000", "100"], ["Totaal", "6", "6000", "1000", "100"]]
    sheet = [list(row) for row in workbook.active.iter_rows(min_row=2, values_only=True)]
    assert sheet == [["Wmo 2015", 6, 6000, 1000, 100], ["Totaal", 6, 6000, 1000, 100]]


def test_the_declared_share_is_shown(client, world):
    _care(world)
    client.force_login(world.bea)

    answer = client.get(PAGE, {"jaar": "2025", "wet": "wmo"}).context["answer"]

    assert answer.total.declared_percent == 100


def test_a_choice_outside_the_lists_is_refused_in_dutch(client, world):
    client.force_login(world.bea)

    page = client.get(PAGE, {"jaar": "1900", "per": "persoon"})
    download = client.get(CSV, {"wet": "alles"})

    assert page.status_code == 400 and "Kies uit de lijst." in page.content.decode()
    assert download.status_code == 400


def test_the_refresh_brings_the_store_up_to_now_with_an_audit_row(client, world):
    _care(world)
    StoreState.objects.all().delete()
    CareYear.objects.all().delete()
    client.force_login(world.bea)

    response = client.post(REFRESH, follow=True)

    assert response.status_code == 200 and CareYear.objects.count() == 7
    event = AuditEvent.objects.filter(object_type="monitoring.careyear").latest("occurred_at")
    assert (event.actor, event.action, event.channel) == (world.bea, "wijzigen", "web")


# session, user, municipality, the grouped rows, the total, the store's state; labels for wijk and aanbieder
QUERIES = {"law": 6, "district": 7, "wmo_category": 6, "product_category": 6, "provider": 7}


@pytest.mark.parametrize("per", sorted(QUERIES))
def test_the_page_makes_the_same_queries_for_few_and_many_trajectories(client, world, per):
    client.force_login(world.bea)
    _care(world, persons=2)
    few = _queries(client, per)
    _care(world, persons=20)

    assert (few, _queries(client, per)) == (QUERIES[per], QUERIES[per])


def _queries(client, per):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(PAGE, {"jaar": "2025", "per": per}).status_code == 200
    return len(captured.captured_queries)
