"""Allocation pages: allocating from the beschikking, one allocation for casework and for the provider,
the provider's list. Authorisation (404), the flow through the forms, query counts."""

import pytest
from django.urls import reverse

from wijkregie.allocations.constants import AllocationStatus
from wijkregie.allocations.models import Allocation
from wijkregie.allocations.services import allocation as services
from wijkregie.audit.constants import Action
from wijkregie.audit.models import AuditEvent

from .conftest import TODAY, contract_for, provider_of, signed_beschikking

pytestmark = pytest.mark.django_db
NO_CASEWORK = ["otto", "zoe", "piet", "carla", "bea", "fenna"]


def _as(client, world, name):
    client.force_login(world.user(name))
    return client


@pytest.fixture
def ready(world, outbox):
    provider = provider_of(world)
    contract_for(world, provider)
    return signed_beschikking(world), provider


def test_anna_allocates_through_the_page(client, world, ready):
    beschikking, provider = ready
    url = reverse("allocations:allocate", args=[beschikking.uuid])
    page = _as(client, world, "anna").get(url)
    assert page.status_code == 200 and provider.organisation.name in page.content.decode()
    response = client.post(
        url, {"formulier": "toewijzen", "provider": provider.uuid, "resident_choice": "on"}
    )
    allocation = Allocation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("allocations:allocation_detail", args=[allocation.uuid])
    assert allocation.resident_choice
    detail = client.get(response["Location"]).content.decode()
    assert "WMO 301" in detail.upper().replace("IWMO", "WMO")


@pytest.mark.parametrize("name", NO_CASEWORK)
def test_no_allocating_for_who_may_not_see_the_household(client, world, ready, name):
    beschikking, provider = ready
    url = reverse("allocations:allocate", args=[beschikking.uuid])
    assert _as(client, world, name).get(url).status_code == 404
    assert client.post(url, {"formulier": "toewijzen", "provider": provider.uuid}).status_code == 404
    assert not Allocation.objects.exists()


def test_anonymous_goes_to_login(client, world, ready):
    beschikking, _ = ready
    for url in (
        reverse("allocations:allocate", args=[beschikking.uuid]),
        reverse("allocations:provider_worklist"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/inloggen/")


def test_piet_sees_his_allocation_reports_the_start_and_sees_nothing_else(client, world, ready):
    beschikking, provider = ready
    allocation = services.allocation_create(
        acting_user=world.anna, beschikking=beschikking, provider=provider
    )
    _as(client, world, "piet")
    listing = client.get(reverse("allocations:provider_worklist")).content.decode()
    assert str(allocation.number) in listing
    url = reverse("allocations:allocation_detail", args=[allocation.uuid])
    page = client.get(url).content.decode()
    assert "Start doorgeven" in page and "Berichten" not in page
    assert AuditEvent.objects.filter(
        actor=world.piet, action=Action.READ, object_uuid=allocation.uuid
    ).exists()
    # the dossier and the maatwerk request stay closed to him
    assert client.get(reverse("households:dossier", args=[world.household.uuid])).status_code == 404
    assert client.get(reverse("decisions:request_detail", args=[beschikking.request.uuid])).status_code == 404
    response = client.post(url, {"formulier": "start", "start-started_on": TODAY.isoformat()})
    assert response.status_code == 302
    allocation.refresh_from_db()
    assert allocation.status == AllocationStatus.STARTED


@pytest.mark.parametrize("name", ["anna", "otto", "carla", "fenna"])
def test_the_provider_list_is_for_provider_staff_only(client, world, name):
    assert _as(client, world, name).get(reverse("allocations:provider_worklist")).status_code == 404


def test_casework_cannot_report_care_through_the_page(client, world, ready):
    beschikking, provider = ready
    allocation = services.allocation_create(
        acting_user=world.anna, beschikking=beschikking, provider=provider
    )
    url = reverse("allocations:allocation_detail", args=[allocation.uuid])
    _as(client, world, "anna")
    assert client.post(url, {"formulier": "start", "start-started_on": TODAY.isoformat()}).status_code == 404
    allocation.refresh_from_db()
    assert allocation.status == AllocationStatus.ALLOCATED


def test_the_provider_list_takes_the_same_queries_for_more_allocations(
    client, world, ready, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    beschikking, provider = ready
    services.allocation_create(acting_user=world.anna, beschikking=beschikking, provider=provider)
    _as(client, world, "piet")
    url = reverse("allocations:provider_worklist")
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    for _ in range(3):
        services.allocation_create(
            acting_user=world.anna, beschikking=signed_beschikking(world), provider=provider
        )
    with django_assert_num_queries(len(first)):
        client.get(url)


def test_the_providers_list_of_clients_is_audited_per_household_on_the_page_and_in_the_api(
    client, world, ready
):
    from rest_framework.test import APIClient

    from wijkregie.accounts.services import api_token_for
    from wijkregie.audit.constants import Action, Channel
    from wijkregie.audit.models import AuditEvent

    beschikking, provider = ready
    allocation = services.allocation_create(
        acting_user=world.anna, beschikking=beschikking, provider=provider
    )
    _as(client, world, "piet").get(reverse("allocations:provider_worklist"))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token_for(username='piet')}")
    assert api.get("/api/v1/allocations/").status_code == 200

    rows = AuditEvent.objects.filter(actor=world.piet, action=Action.READ, object_type="lijst.toewijzingen")
    assert sorted(rows.values_list("object_uuid", "household_uuid", "channel")) == sorted(
        [
            (allocation.uuid, world.household.uuid, Channel.WEB),
            (allocation.uuid, world.household.uuid, Channel.API),
        ]
    )
