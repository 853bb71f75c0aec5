"""The message overview: backoffice and beheerder only; picking up the in-folder; no personal data shown."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from wijkregie.allocations.constants import AllocationStatus, Direction
from wijkregie.allocations.models import Allocation, Message
from wijkregie.allocations.services import allocation as services
from wijkregie.integrations.istandaarden import fake_provider

from .conftest import TODAY, contract_for, provider_of, signed_beschikking

pytestmark = pytest.mark.django_db
URL = "/berichten/"


@pytest.mark.parametrize(
    ("name", "code"), [("bo", 200), ("fenna", 200), ("anna", 404), ("piet", 404), ("carla", 404)]
)
def test_who_sees_the_messages(client, world, name, code):
    client.force_login(world.user(name))
    assert client.get(reverse("allocations:messages")).status_code == code
    assert client.post(reverse("allocations:messages")).status_code == (302 if code == 200 else 404)


def test_picking_up_applies_a_305_and_shows_no_personal_data(client, world, outbox):
    provider = provider_of(world)
    contract_for(world, provider)
    allocation = services.allocation_create(
        acting_user=world.anna, beschikking=signed_beschikking(world), provider=provider
    )
    sent = bytes(Message.objects.get(direction=Direction.OUT).content)
    inbox = Path(settings.WIJKREGIE_MESSAGES_IN)
    inbox.mkdir(parents=True)
    (inbox / "start.xml").write_bytes(
        fake_provider.start_care_305(sent, started_on=TODAY, identification="S1")
    )
    (inbox / "kapot.xml").write_bytes(b"<niet-af")
    client.force_login(world.bo)
    response = client.post(URL, follow=True)
    page = response.content.decode()
    assert "1 verwerkt, 1 afgewezen" in page
    allocation.refresh_from_db()
    assert allocation.status == AllocationStatus.STARTED
    resident = allocation.resident
    assert resident.bsn not in page and resident.surname not in page
    assert (inbox / "afgekeurd" / "kapot.xml").exists() and (inbox / "verwerkt" / "start.xml").exists()
    assert Allocation.objects.count() == 1


def _request_315(world, provider, bsn):
    from wijkregie.allocations.services.messages import message_receive

    content = fake_provider.allocation_request_315(
        standard="iwmo",
        municipality_code="9901",
        provider_agb=provider.agb_code,
        bsn=bsn,
        birth_date=TODAY.replace(year=1950),
        surname="Visser",
        product_category="01",
        product_code="01A01",
        start=TODAY,
        identification="V1",
        dated_on=TODAY,
    )
    assert message_receive("verzoek.xml", content)[0] == "verwerkt"


def test_the_backoffice_answers_a_providers_request_within_the_term(client, world, outbox):
    from django.core.exceptions import ValidationError
    from django.http import Http404

    from wijkregie.allocations.constants import ProviderRequestStatus
    from wijkregie.allocations.models import ProviderRequest
    from wijkregie.tasks.constants import TaskStatus, Term
    from wijkregie.tasks.models import Task

    provider = provider_of(world)
    _request_315(world, provider, world.household.memberships.first().resident.bsn)
    provider_request = ProviderRequest.objects.get()
    task = Task.objects.get(source_uuid=provider_request.uuid)
    assert task.term == Term.PROVIDER_REQUEST_ANSWER and task.household == world.household
    with pytest.raises(Http404):
        services.provider_request_answer(
            acting_user=world.zoe, provider_request=provider_request, granted=True
        )
    with pytest.raises(ValidationError):
        services.provider_request_answer(
            acting_user=world.bo, provider_request=provider_request, granted=False
        )
    client.force_login(world.bo)
    page = client.get(URL).content.decode()
    assert "Verzoek om toewijzing (315)" in page
    client.post(URL, {"verzoek": provider_request.uuid, "antwoord": "afwijzen", "reden": "3"})
    provider_request.refresh_from_db()
    assert provider_request.status == ProviderRequestStatus.REFUSED and provider_request.refusal_reason == "3"
    assert Task.objects.get(pk=task.pk).status == TaskStatus.DONE
    assert "Er zijn geen open verzoeken." in client.get(URL).content.decode()


def test_a_301_in_the_in_folder_is_refused_and_does_not_block_the_rest(client, world, outbox):
    provider = provider_of(world)
    contract_for(world, provider)
    allocation = services.allocation_create(
        acting_user=world.anna, beschikking=signed_beschikking(world), provider=provider
    )
    sent = bytes(Message.objects.get(direction=Direction.OUT).content)
    inbox = Path(settings.WIJKREGIE_MESSAGES_IN)
    inbox.mkdir(parents=True)
    (inbox / "a-301.xml").write_bytes(sent)  # sorts first
    (inbox / "b-start.xml").write_bytes(
        fake_provider.start_care_305(sent, started_on=TODAY, identification="S2")
    )
    client.force_login(world.bo)
    page = client.post(URL, follow=True).content.decode()
    assert "1 verwerkt, 1 afgewezen" in page
    assert Message.objects.get(file_name="a-301.xml").errors.startswith("Header/BerichtCode")
    allocation.refresh_from_db()
    assert allocation.status == AllocationStatus.STARTED
