"""The whole timeline page: the same need-to-know as the dossier, an access row per read, fixed queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from wijkregie.audit.constants import Action
from wijkregie.audit.models import AuditEvent
from wijkregie.households.constants import TimelineKind
from wijkregie.households.models import TimelineEntry
from wijkregie.households.selectors import TIMELINE_PAGE


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.WIJKREGIE_REQUIRE_2FA = False


def _url(world):
    return reverse("households:timeline", args=[world.household.uuid])


def _history(household, number, kind=TimelineKind.DETAILS_CHANGED):
    start = timezone.now() - timedelta(days=number)
    TimelineEntry.objects.bulk_create(
        TimelineEntry(
            household=household, occurred_at=start + timedelta(hours=n), kind=kind, description=f"Stap {n}"
        )
        for n in range(number)
    )


@pytest.mark.parametrize("name", ["otto", "zoe", "piet", "carla", "bea", "fenna"])
def test_others_get_404_and_leave_no_access_row(client, world, name):
    client.force_login(world.user(name))
    assert client.get(_url(world)).status_code == 404
    assert not AuditEvent.objects.filter(household_uuid=world.household.uuid, action=Action.READ).exists()


def test_anonymous_goes_to_login(client, world):
    response = client.get(_url(world))
    assert response.status_code == 302
    assert "/inloggen/" in response["Location"] or "login" in response["Location"]


def test_worker_pages_through_the_timeline_newest_first(client, world):
    _history(world.household, TIMELINE_PAGE + 5)
    client.force_login(world.anna)
    first = client.get(_url(world))
    assert first.status_code == 200
    assert first.content.decode().count("Stap ") == TIMELINE_PAGE
    assert f"Stap {TIMELINE_PAGE + 4}" in first.content.decode()
    assert "Oudere stappen" in first.content.decode()
    second = client.get(_url(world), {"pagina": 2}).content.decode()
    assert "Stap 0" in second and "Oudere stappen" not in second
    assert AuditEvent.objects.filter(household_uuid=world.household.uuid, action=Action.READ).count() == 2


def test_filter_by_kind(client, world):
    _history(world.household, 3)
    _history(world.household, 2, kind=TimelineKind.MELDING)
    client.force_login(world.anna)
    body = client.get(_url(world), {"soort": TimelineKind.MELDING}).content.decode()
    assert body.count("Stap ") == 2


def test_htmx_gets_only_the_list(client, world):
    client.force_login(world.anna)
    response = client.get(_url(world), HTTP_HX_REQUEST="true")
    assert "<html" not in response.content.decode()
    assert "HX-Request" in response["Vary"]


def test_query_count_does_not_grow_with_history(client, world, django_assert_num_queries):
    client.force_login(world.anna)
    _history(world.household, 3)
    client.get(_url(world))
    with django_assert_num_queries(TIMELINE_PAGE_QUERIES) as captured:
        client.get(_url(world))
    _history(world.household, 300)
    with django_assert_num_queries(len(captured.captured_queries)):
        client.get(_url(world), {"pagina": 3})


# session, user, savepoint, the visible dossier + 4 prefetches, break-glass check, access row, release,
# the paginator's count and the page with its actors in one join.
TIMELINE_PAGE_QUERIES = 13


@pytest.mark.parametrize("page", ["922337203685477580", "-1", "0", "twee", "1e9", "99999999999999999999999"])
def test_a_page_number_past_the_end_or_not_a_number_shows_a_page_instead_of_failing(client, world, page):
    _history(world.household, TIMELINE_PAGE + 5)
    client.force_login(world.anna)

    response = client.get(_url(world), {"pagina": page})

    assert response.status_code == 200
    assert response.context["page"].number in (1, 2)
