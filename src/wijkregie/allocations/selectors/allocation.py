"""Reads for allocations, always through the AllocationPolicy (404 when not allowed)."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from wijkregie.decisions.models import Beschikking
from wijkregie.households.models import Resident

from ..constants import ProviderRequestStatus
from ..models import Allocation, Message, ProviderRequest
from ..policies import AllocationPolicy, provider_request_q

LIST_LIMIT = 100
# What a list of allocations shows, on the page and in the API, read in the same query.
LISTED_WITH = ("provider__organisation", "municipality", "beschikking", "resident", "household")


def visible_allocations(user: Any) -> QuerySet[Allocation]:
    return Allocation.objects.filter(AllocationPolicy(user).q())


def allocation_for(user: Any, allocation_uuid: Any) -> Allocation:
    found = (
        visible_allocations(user)
        .select_related(
            "provider__organisation", "resident", "municipality", "contract", "beschikking", "household"
        )
        .defer("beschikking__letter")
        .filter(uuid=allocation_uuid)
        .first()
    )
    if found is None:
        raise Http404
    return found


def allocations_of_beschikking(beschikking: Beschikking) -> list[Allocation]:
    """The allocations of a beschikking the caller may already see, with their provider (one query)."""
    return list(
        Allocation.objects.filter(beschikking=beschikking)
        .select_related(*LISTED_WITH)
        .defer("beschikking__letter")
        .order_by("-created_at")
    )


def provider_worklist(user: Any, status: str = "", beschikking_uuid: Any = None) -> list[Allocation]:
    """The provider's own allocations (of one beschikking if given), newest start first, at most LIST_LIMIT
    (one query)."""
    rows = visible_allocations(user).select_related(*LISTED_WITH).defer("beschikking__letter")
    if status:
        rows = rows.filter(status=status)
    if beschikking_uuid is not None:
        rows = rows.filter(beschikking__uuid=beschikking_uuid)
    return list(rows.order_by("-start_date", "-number")[:LIST_LIMIT])


def known_provider_ids(resident: Resident) -> set[int]:
    """Providers the resident already had: continuity is preferred and shown first."""
    return set(Allocation.objects.filter(resident=resident).values_list("provider_id", flat=True))


def messages_of(allocation: Allocation) -> list[Message]:
    return list(allocation.messages.defer("content").order_by("created_at"))


def recent_messages(user: Any) -> list[Message]:
    """The latest messages of the municipalities the user works for (the backoffice's teams, or the
    beheerder's own municipality), without their content."""
    from wijkregie.households.policies import HouseholdPolicy

    municipalities: Any = (
        [user.municipality_id] if user.municipality_id else HouseholdPolicy(user).served_municipality_ids()
    )
    return list(
        Message.objects.filter(municipality_id__in=municipalities)
        .select_related("provider__organisation")
        .defer("content")
        .order_by("-created_at")[:LIST_LIMIT]
    )


def open_provider_requests(user: Any) -> list[ProviderRequest]:
    """The providers' open requests the user may answer, oldest first (one query)."""
    return list(
        ProviderRequest.objects.filter(provider_request_q(user), status=ProviderRequestStatus.OPEN)
        .select_related("provider__organisation", "message", "municipality")
        .defer("message__content")
        .order_by("created_at")[:LIST_LIMIT]
    )
