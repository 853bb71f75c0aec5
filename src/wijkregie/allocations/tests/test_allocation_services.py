"""Toewijzing: a signed beschikking to a contracted provider, the 301 it sends, revoking, and the provider
reporting start and stop of care on the page."""

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from wijkregie.allocations.constants import AllocationStatus, Direction
from wijkregie.allocations.models import Allocation, Message
from wijkregie.allocations.services import allocation as services
from wijkregie.audit.models import AuditEvent
from wijkregie.conftest import change_rows_flagged
from wijkregie.decisions.constants import Outcome
from wijkregie.integrations.istandaarden.codelists import standards_dir

from .conftest import TODAY, contract_for, provider_of, signed_beschikking

pytestmark = pytest.mark.django_db


def _allocate(world, beschikking=None, provider=None, **kwargs):
    provider = provider or provider_of(world)
    return services.allocation_create(
        acting_user=world.anna,
        beschikking=beschikking or signed_beschikking(world),
        provider=provider,
        **kwargs,
    )


def test_allocating_sends_a_301_into_the_out_folder(world, outbox, django_capture_on_commit_callbacks):
    provider = provider_of(world)
    contract_for(world, provider)
    with django_capture_on_commit_callbacks(execute=True):
        allocation = _allocate(world, provider=provider, resident_choice=True)
    assert allocation.number == 1 and allocation.status == AllocationStatus.ALLOCATED
    assert (allocation.volume, allocation.unit, allocation.frequency) == (2, "04", "2")
    assert allocation.resident_choice and not allocation.continuity
    message = Message.objects.get(direction=Direction.OUT)
    assert list(message.allocations.all()) == [allocation]
    assert (message.standard, message.message_type, message.sender, message.receiver) == (
        "iwmo", "301", "9901", provider.agb_code,
    )  # fmt: skip
    written = Path(outbox / "uit" / message.file_name)
    assert written.read_bytes() == bytes(message.content)
    assert world.household.memberships.first().resident.bsn.encode() in written.read_bytes()
    assert AuditEvent.objects.filter(object_uuid=allocation.uuid).exists()


def test_the_301_validates_against_the_official_xsd(world, outbox):
    if not (standards_dir() / "iwmo-3.2" / "xsd").is_dir():
        pytest.skip("De iStandaarden ontbreken (WIJKREGIE_ISTANDAARDEN_DIR)")
    from wijkregie.integrations.istandaarden.validation import xsd_errors

    provider = provider_of(world)
    contract_for(world, provider)
    _allocate(world, provider=provider)
    content = bytes(Message.objects.get().content)
    assert xsd_errors(content, "iwmo", "301") == []


def test_a_provider_without_a_contract_for_the_product_is_refused(world, outbox):
    provider = provider_of(world)
    contract_for(world, provider, code="02A01")
    with pytest.raises(ValidationError) as error:
        _allocate(world, provider=provider)
    assert "provider" in error.value.message_dict
    assert not Allocation.objects.exists() and not Message.objects.exists()


def test_only_a_granted_signed_beschikking_is_allocated_and_only_once(world, outbox):
    provider = provider_of(world)
    contract_for(world, provider)
    refused = signed_beschikking(world, code="01A01", outcome=Outcome.REFUSED)
    with pytest.raises(ValidationError):
        _allocate(world, beschikking=refused, provider=provider)
    beschikking = signed_beschikking(world)
    _allocate(world, beschikking=beschikking, provider=provider)
    with pytest.raises(ValidationError):
        _allocate(world, beschikking=beschikking, provider=provider)
    assert Allocation.objects.count() == 1


@pytest.mark.parametrize("name", ["otto", "zoe", "piet", "carla", "bea", "fenna"])
def test_who_may_not_see_the_household_cannot_allocate(world, outbox, name):
    provider = provider_of(world)
    contract_for(world, provider)
    beschikking = signed_beschikking(world)
    with pytest.raises(Http404):
        services.allocation_create(acting_user=world.user(name), beschikking=beschikking, provider=provider)
    assert not Allocation.objects.exists()


def test_revoking_sends_the_301_again_and_a_new_allocation_shows_continuity(world, outbox):
    provider = provider_of(world)
    contract_for(world, provider)
    beschikking = signed_beschikking(world)
    allocation = _allocate(world, beschikking=beschikking, provider=provider)
    with pytest.raises(ValidationError) as error:
        services.allocation_revoke(
            acting_user=world.anna,
            allocation=allocation,
            end_on=TODAY - datetime.timedelta(days=1),
            reason="09",
        )
    assert "end_on" in error.value.message_dict
    services.allocation_revoke(acting_user=world.anna, allocation=allocation, end_on=TODAY, reason="09")
    allocation.refresh_from_db()
    assert allocation.status == AllocationStatus.REVOKED and allocation.end_date == TODAY
    assert Message.objects.filter(direction=Direction.OUT).count() == 2
    again = _allocate(world, beschikking=beschikking, provider=provider)
    assert again.number == 2 and again.continuity


def test_the_provider_reports_start_and_stop_and_casework_cannot(world, outbox):
    provider = provider_of(world)  # piet's organisation
    contract_for(world, provider)
    allocation = _allocate(world, provider=provider)
    with pytest.raises(Http404):
        services.allocation_report_start(acting_user=world.anna, allocation=allocation, started_on=TODAY)
    with pytest.raises(ValidationError):  # not before the allocation starts
        services.allocation_report_start(
            acting_user=world.piet, allocation=allocation, started_on=TODAY - datetime.timedelta(days=1)
        )
    with pytest.raises(ValidationError):  # stop before start
        services.allocation_report_stop(
            acting_user=world.piet, allocation=allocation, stopped_on=TODAY, reason="19"
        )
    services.allocation_report_start(acting_user=world.piet, allocation=allocation, started_on=TODAY)
    allocation.refresh_from_db()
    assert allocation.status == AllocationStatus.STARTED and allocation.started_on == TODAY
    services.allocation_report_stop(
        acting_user=world.piet, allocation=allocation, stopped_on=TODAY, reason="19"
    )
    allocation.refresh_from_db()
    assert allocation.status == AllocationStatus.STOPPED and allocation.stop_reason == "19"


def test_another_providers_staff_cannot_report(world, outbox):
    from wijkregie.accounts.constants import Role
    from wijkregie.accounts.tests.factories import UserFactory
    from wijkregie.organisation.constants import TeamKind
    from wijkregie.organisation.tests.factories import TeamFactory

    provider = provider_of(world)
    contract_for(world, provider)
    allocation = _allocate(world, provider=provider)
    other = provider_of(world, name="Ander Zorg", agb="87654321")
    team = TeamFactory(
        name="Ander team",
        kind=TeamKind.PROVIDER,
        organisation=other.organisation,
        municipalities=[world.west],
    )
    stranger = UserFactory(username="klaas", role=Role.PROVIDER_STAFF, teams=[team])
    with pytest.raises(Http404):
        services.allocation_report_start(acting_user=stranger, allocation=allocation, started_on=TODAY)
    allocation.refresh_from_db()
    assert allocation.status == AllocationStatus.ALLOCATED


def test_an_allocation_made_through_break_the_glass_is_flagged(world, otto_through_glass, outbox):
    provider = provider_of(world)
    contract_for(world, provider)
    beschikking = signed_beschikking(world)

    allocation = services.allocation_create(
        acting_user=otto_through_glass, beschikking=beschikking, provider=provider
    )
    services.allocation_revoke(acting_user=world.anna, allocation=allocation, end_on=TODAY, reason="09")

    assert change_rows_flagged(object_uuid=allocation.uuid, actor=world.otto) == [True]
    assert set(change_rows_flagged(object_uuid=allocation.uuid, actor=world.anna)) == {False}
