"""Reads for maatwerk requests: always through the HouseholdPolicy (404 when not allowed)."""

from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404

from wijkregie.households.models import Household
from wijkregie.households.policies import HouseholdPolicy
from wijkregie.organisation.models import Municipality

from .constants import DecisionKind
from .models import MaatwerkRequest, ReverseTest


def visible_requests(user: Any) -> QuerySet[MaatwerkRequest]:
    return MaatwerkRequest.objects.filter(HouseholdPolicy(user).q("household"))


def request_for(user: Any, request_uuid: Any) -> MaatwerkRequest:
    """One request the user may see, with its test, household, resident and provision (404 otherwise)."""
    found = (
        visible_requests(user)
        .select_related("household", "resident", "provision", "plan_action", "reverse_test")
        .filter(uuid=request_uuid)
        .first()
    )
    if found is None:
        raise Http404
    return found


def requests_of(household: Household) -> list[MaatwerkRequest]:
    """The requests of a household the caller already may see (one query)."""
    return list(
        MaatwerkRequest.objects.filter(household=household)
        .select_related("resident", "provision", "reverse_test")
        .order_by("-received_on", "-created_at")
    )


def deviations_report(municipality: Municipality) -> list[dict[str, Any]]:
    """Counts of motivated deviations per law and outcome in one municipality (no persons)."""
    rows = (
        ReverseTest.objects.filter(
            request__household__municipality=municipality, decision_kind=DecisionKind.DEVIATION
        )
        .values("request__law", "outcome")
        .annotate(count=Count("pk"))
        .order_by("request__law", "outcome")
    )
    return [dict(row) for row in rows]
