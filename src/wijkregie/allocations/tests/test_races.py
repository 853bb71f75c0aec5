"""One active allocation per beschikking and product, also when several requests allocate it at once: the
database refuses the second, and the service checks again inside its transaction."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from wijkregie.allocations.constants import AllocationStatus, Direction, InvoiceStatus
from wijkregie.allocations.models import Allocation, InvoiceImport, InvoiceLine, Message
from wijkregie.allocations.services import allocation as services
from wijkregie.allocations.services import ledger
from wijkregie.allocations.services.allocation import ALREADY_ALLOCATED
from wijkregie.core.testing import at_once

from .conftest import contract_for, provider_of, signed_beschikking

ACTIVE = [AllocationStatus.ALLOCATED, AllocationStatus.ACCEPTED, AllocationStatus.STARTED]


def _ready(world):
    provider = provider_of(world)
    contract_for(world, provider)
    return signed_beschikking(world), provider


@pytest.mark.django_db
def test_a_check_that_passed_before_the_first_allocation_committed_is_made_again_inside(world, monkeypatch):
    beschikking, provider = _ready(world)
    stale = services._allocation_errors(beschikking, provider, beschikking.start_date)
    services.allocation_create(acting_user=world.anna, beschikking=beschikking, provider=provider)
    monkeypatch.setattr(services, "_allocation_errors", lambda *args: stale)  # as seen by the other request

    with pytest.raises(ValidationError) as refused:
        services.allocation_create(acting_user=world.anna, beschikking=beschikking, provider=provider)

    assert refused.value.message_dict == {"__all__": [ALREADY_ALLOCATED]}
    assert Allocation.objects.filter(status__in=ACTIVE).count() == 1
    assert Message.objects.filter(direction=Direction.OUT, message_type="301").count() == 1


@pytest.mark.django_db
def test_the_database_refuses_a_second_active_allocation_of_the_same_product(world):
    beschikking, provider = _ready(world)
    first = services.allocation_create(acting_user=world.anna, beschikking=beschikking, provider=provider)
    values = {
        f.name: getattr(first, f.name)
        for f in Allocation._meta.concrete_fields
        if f.name not in ("id", "uuid", "number", "created_at", "updated_at")
    }

    with pytest.raises(IntegrityError), transaction.atomic():
        Allocation.objects.create(**values, number=first.number + 1)
    Allocation.objects.filter(pk=first.pk).update(status=AllocationStatus.REVOKED)
    Allocation.objects.create(**{**values, "status": AllocationStatus.ALLOCATED}, number=first.number + 2)


@pytest.mark.django_db(transaction=True)
def test_four_allocations_of_one_beschikking_at_once_make_one_and_send_one_301(world, outbox):
    beschikking, provider = _ready(world)

    outcomes = at_once(
        4,
        lambda: services.allocation_create(
            acting_user=world.anna, beschikking=beschikking, provider=provider
        ),
    )

    made = [o for o in outcomes if isinstance(o, Allocation)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert (len(made), len(refused)) == (1, 3), outcomes
    assert all(r.message_dict == {"__all__": [ALREADY_ALLOCATED]} for r in refused)
    assert Allocation.objects.filter(beschikking=beschikking, status__in=ACTIVE).count() == 1
    assert Message.objects.filter(direction=Direction.OUT, message_type="301").count() == 1
    assert len(list((outbox / "uit").glob("*.xml"))) == 1


# -- invoice lines: booked once per allocation, month and product -----------------------------------------
@pytest.mark.django_db
def test_a_declaration_booked_meanwhile_is_refused_in_dutch_and_nothing_of_the_file_is_saved(
    world, monkeypatch
):
    from .test_ledger_costs import allocation, contracted_provider
    from .test_ledger_import import csv, line, read

    weekly = allocation(world, contracted_provider(world, "Zorg Thuis", tariff=3250))
    read(world, csv(line(weekly, month="2025-02")))
    monkeypatch.setattr(ledger._Booker, "reason", lambda self, row, provider: (weekly, ""))  # a stale read

    with pytest.raises(ValidationError) as refused:
        read(world, csv(line(weekly, month="2025-02", amount="10,00")))

    assert refused.value.message_dict == {"file": [ledger.BOOKED_MEANWHILE]}
    assert InvoiceLine.objects.filter(status=InvoiceStatus.BOOKED).count() == 1
    assert InvoiceImport.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_files_declaring_the_same_month_at_once_book_it_once(world):
    from .test_ledger_costs import allocation, contracted_provider
    from .test_ledger_import import csv, line, read

    weekly = allocation(world, contracted_provider(world, "Zorg Thuis", tariff=3250))
    files = iter([csv(line(weekly, month="2025-02", amount=a)) for a in ("10,00", "20,00", "30,00")])

    outcomes = at_once(3, lambda: read(world, next(files)))

    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert InvoiceLine.objects.filter(status=InvoiceStatus.BOOKED).count() == 1
    assert InvoiceLine.objects.filter(status=InvoiceStatus.FLAGGED).count() == 2


# -- incoming messages -------------------------------------------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_the_same_file_picked_up_twice_at_once_is_processed_once(world, outbox):
    from wijkregie.allocations.services.messages import PROCESSED, REPEATED, message_receive
    from wijkregie.integrations.istandaarden import fake_provider

    from .test_incoming_messages import TODAY, _allocate

    _allocation, sent = _allocate(world)
    retour = fake_provider.retour_302(sent, dated_on=TODAY)

    outcomes = at_once(2, lambda: message_receive("retour.xml", retour))

    assert sorted(o[0] for o in outcomes) == sorted([PROCESSED, REPEATED]), outcomes
    assert Message.objects.filter(direction=Direction.IN).count() == 1


@pytest.mark.django_db
def test_a_302_with_errors_after_a_revoke_leaves_the_allocation_revoked(world, outbox):
    from wijkregie.allocations.services.messages import PROCESSED, message_receive
    from wijkregie.integrations.istandaarden import fake_provider

    from .test_incoming_messages import TODAY, _allocate

    allocation, sent = _allocate(world)
    services.allocation_revoke(acting_user=world.anna, allocation=allocation, end_on=TODAY, reason="09")
    retour = fake_provider.retour_302(sent, codes={allocation.number: ["S329"]}, dated_on=TODAY)

    assert message_receive("retour.xml", retour) == (PROCESSED, "")

    allocation.refresh_from_db()
    assert allocation.status == AllocationStatus.REVOKED
    assert (
        Message.objects.get(direction=Direction.IN).errors
        == f"Toewijzing {allocation.number}: retourcodes S329"
    )


@pytest.mark.django_db
def test_a_stored_name_the_301_cannot_carry_is_a_dutch_refusal_not_a_server_error(world):
    from wijkregie.households.models import Resident

    from .conftest import head

    beschikking, provider = _ready(world)
    Resident.objects.filter(pk=head(world.household).pk).update(given_names="Jan\x1bsen")  # stored before

    with pytest.raises(ValidationError) as refused:
        services.allocation_create(acting_user=world.anna, beschikking=beschikking, provider=provider)

    assert refused.value.message_dict == {"__all__": [f"{services.CLIENT_NOT_SENDABLE} (Voornamen)"]}
    assert not Allocation.objects.exists() and not Message.objects.exists()
