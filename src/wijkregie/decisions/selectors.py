"""Reads for maatwerk requests: always through the HouseholdPolicy (404 when not allowed)."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from wijkregie.accounts.constants import CASEWORK_ROLES
from wijkregie.accounts.models import User
from wijkregie.core.calendar import next_working_day, term_end
from wijkregie.core.small_cells import hidden_cells, shown
from wijkregie.households.models import Household
from wijkregie.households.policies import HouseholdPolicy
from wijkregie.organisation.models import Municipality, Team
from wijkregie.organisation.policies import managed_municipality_id
from wijkregie.tasks.constants import Term
from wijkregie.tasks.terms import TERMS

from .constants import GRANTING_OUTCOMES, DecisionKind, ObjectionOutcome, RequestReason, RequestStatus
from .models import Beschikking, MaatwerkRequest, Mandate, Objection, ReverseTest
from .policies import MandatePolicy


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


def deviations_report(municipality: Municipality, *, suppress: bool = True) -> list[dict[str, Any]]:
    """Counts of motivated deviations per law and outcome in one municipality (no persons); with `suppress`
    a count of 1 to 4 is None ("<5", core.small_cells). No total is shown, so none can give one away."""
    rows = (
        ReverseTest.objects.filter(
            request__household__municipality=municipality, decision_kind=DecisionKind.DEVIATION
        )
        .values("request__law", "outcome")
        .annotate(count=Count("pk"))
        .order_by("request__law", "outcome")
    )
    hidden = hidden_cells({n: row["count"] for n, row in enumerate(rows)}) if suppress else set()
    return [{**row, "count": shown(row["count"], n in hidden)} for n, row in enumerate(rows)]


def beschikking_of(request: MaatwerkRequest) -> Beschikking | None:
    """The request's beschikking with its signer, without the letter's bytes (one query)."""
    return Beschikking.objects.filter(request=request).select_related("signed_by").defer("letter").first()


def beschikking_for(user: Any, beschikking_uuid: Any) -> Beschikking:
    """One beschikking of a household the user may see (404 otherwise)."""
    found = (
        Beschikking.objects.filter(HouseholdPolicy(user).q("request__household"), uuid=beschikking_uuid)
        .select_related("request__household")
        .first()
    )
    if found is None:
        raise Http404
    return found


def follow_ups_of(request: MaatwerkRequest) -> list[MaatwerkRequest]:
    """The herindicaties and new decisions after bezwaar that follow this request."""
    return list(MaatwerkRequest.objects.filter(previous=request).order_by("received_on", "created_at"))


def objection_upheld(beschikking: Beschikking) -> bool:
    """Whether a bezwaar against the beschikking, or the beroep after it, was well-founded: a new decision
    takes its place, so it gets no herindicatie."""
    upheld = ObjectionOutcome.WELL_FOUNDED
    return Objection.objects.filter(
        Q(outcome=upheld) | Q(appeal_outcome=upheld), beschikking=beschikking
    ).exists()


def may_start_reindication(request: MaatwerkRequest, beschikking: Beschikking | None) -> bool:
    """A granted, signed beschikking whose herindicatie has not started (or was withdrawn), and against
    which no bezwaar was well-founded."""
    return (
        beschikking is not None
        and beschikking.signed_on is not None
        and request.reverse_test.outcome in GRANTING_OUTCOMES
        and not MaatwerkRequest.objects.filter(previous=request, reason=RequestReason.REINDICATION)
        .exclude(status=RequestStatus.WITHDRAWN)
        .exists()
        and not objection_upheld(beschikking)
    )


# -- bezwaar and beroep -------------------------------------------------------------------------------------
OBJECTION_PERIOD_WEEKS = 6  # Awb 6:7


@dataclass(frozen=True)
class ObjectionTerm:
    """Where a bezwaar stands in time: the end of the bezwaar term, whether it came in after that, and
    the decision term (6 or 12 weeks from the day after the bezwaar term ended, plus a postponement)."""

    period_ends_on: date
    late: bool
    term: Term
    weeks: int
    due_on: date
    days_left: int | None  # None once decided

    @property
    def days_overdue(self) -> int:
        return max(0, -(self.days_left or 0))


def objection_period_end(beschikking: Beschikking) -> date:
    """The last day to object: six weeks from the day after the beschikking was made known (Awb 6:7,
    6:8), moved to a working day (Atw). Only a signed beschikking has one."""
    assert beschikking.signed_on is not None
    return term_end(beschikking.signed_on, weeks=OBJECTION_PERIOD_WEEKS)


def objection_decision_term(advisory_committee: bool) -> Term:
    return Term.OBJECTION_DECISION_COMMITTEE if advisory_committee else Term.OBJECTION_DECISION


def objection_term(objection: Objection, today: date | None = None) -> ObjectionTerm:
    """The terms of one bezwaar, computed from the law (no query when the beschikking is loaded)."""
    period_end = objection_period_end(objection.beschikking)
    term = objection_decision_term(objection.advisory_committee)
    rule = TERMS[term]
    due = rule.end(period_end)
    if objection.postponed_weeks:
        due = next_working_day(due + timedelta(weeks=objection.postponed_weeks))
    days_left = None if objection.outcome else (due - (today or timezone.localdate())).days
    return ObjectionTerm(
        period_ends_on=period_end,
        late=objection.received_on > period_end,
        term=term,
        weeks=rule.weeks,
        due_on=due,
        days_left=days_left,
    )


def visible_objections(user: Any) -> QuerySet[Objection]:
    return Objection.objects.filter(HouseholdPolicy(user).q("beschikking__request__household"))


def objection_for(user: Any, objection_uuid: Any) -> Objection:
    """One bezwaar the user may see, with its beschikking, request and follow-up request (404 otherwise)."""
    found = (
        visible_objections(user)
        .select_related(
            "beschikking__request__household",
            "beschikking__request__provision",
            "beschikking__request__resident",
            "new_request",
            "created_by",
        )
        .defer("beschikking__letter")
        .filter(uuid=objection_uuid)
        .first()
    )
    if found is None:
        raise Http404
    return found


def objections_of(request: MaatwerkRequest) -> list[Objection]:
    """The bezwaren against the beschikking of a request the caller already may see (one query)."""
    return list(
        Objection.objects.filter(beschikking__request=request)
        .select_related("beschikking__request", "new_request")
        .defer("beschikking__letter")
        .order_by("-received_on", "-created_at")
    )


# -- a municipality's mandates, for its functioneel beheerder ------------------------------------------------
def managed_municipality_or_404(user: Any) -> Municipality:
    """The municipality whose mandates and decision rules the user manages (404 for anyone else)."""
    municipality_id = managed_municipality_id(user)
    if municipality_id is None:
        raise Http404
    return Municipality.objects.get(pk=municipality_id)


def managed_mandates(user: Any) -> QuerySet[Mandate]:
    """The mandates of the municipality the user manages as functioneel beheerder (none for anyone else):
    role mandates first, then named staff by name, the staff in the same query."""
    municipality_id = managed_municipality_id(user)
    if municipality_id is None:
        return Mandate.objects.none()
    return (
        Mandate.objects.filter(municipality_id=municipality_id)
        .select_related("staff")
        .order_by(F("staff__last_name").asc(nulls_first=True), "staff__first_name", "role", "pk")
    )


def mandate_for_beheer(user: Any, mandate_uuid: Any) -> Mandate:
    found = managed_mandates(user).filter(uuid=mandate_uuid).first()
    if found is None:
        raise Http404
    return found


def mandate_staff(municipality_id: int) -> QuerySet[User]:
    """Who may hold a mandate by name: active casework staff on a team serving the municipality."""
    serving = Team.municipalities.through.objects.filter(municipality_id=municipality_id).values("team_id")
    return (
        User.objects.filter(role__in=CASEWORK_ROLES, is_active=True, memberships__team_id__in=serving)
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


# -- queues: what waits for someone ------------------------------------------------------------------------
QUEUE_LIMIT = 25
OPEN_REQUESTS = (RequestStatus.APPLICATION, RequestStatus.RESEARCH)


def _queue_related(requests: QuerySet[MaatwerkRequest]) -> QuerySet[MaatwerkRequest]:
    return requests.select_related(
        "household__municipality", "resident", "provision", "reverse_test", "beschikking"
    )


def awaiting_second_signature(user: Any, limit: int = QUEUE_LIMIT) -> list[MaatwerkRequest]:
    """Decisions whose beschikking waits for a second signature this user may give (another person's
    decision, within their co-sign mandate), oldest decision first. 2 queries, and one per municipality
    for the user's mandates."""
    waiting = _queue_related(
        visible_requests(user)
        .filter(
            reverse_test__approval_needed=True,
            reverse_test__approved_by__isnull=True,
            reverse_test__decided_on__isnull=False,
            beschikking__isnull=False,
        )
        .exclude(reverse_test__decided_by=user)
        .order_by("reverse_test__decided_on", "pk")
    )[: limit * 4]  # those outside the user's mandate drop out below
    policy = MandatePolicy(user)
    return [r for r in waiting if policy.may_cosign(r, r.beschikking.yearly_cents)][:limit]


def open_requests(user: Any, limit: int = QUEUE_LIMIT) -> list[MaatwerkRequest]:
    """Aanvragen not yet decided (in research), oldest first: the backoffice's work in hand. 1 query."""
    return list(
        _queue_related(
            visible_requests(user)
            .filter(status__in=OPEN_REQUESTS, reverse_test__decided_on__isnull=True)
            .order_by("received_on", "pk")
        )[:limit]
    )


def open_objections(user: Any, limit: int = QUEUE_LIMIT) -> list[Objection]:
    """Bezwaren not yet decided, oldest first, with their term (objection_term). 1 query."""
    return list(
        visible_objections(user)
        .filter(decided_on__isnull=True)
        .select_related("beschikking__request__household__municipality", "beschikking__request__resident")
        .order_by("received_on", "pk")[:limit]
    )
