"""Reads of the audit trail for review. Every query starts from the AuditPolicy's visible rows."""

import contextlib
from typing import Any
from uuid import UUID

from django.core.paginator import Page, Paginator
from django.db.models import Case, OuterRef, QuerySet, Subquery, When

from wijkregie.accounts.models import User
from wijkregie.audit.models import AuditEvent
from wijkregie.households.models import BreakGlassGrant

from .policies import AuditPolicy

PAGE_SIZE = 50


def _grant(field: str) -> Case:
    """The grant a break-the-glass row was made under: same user and household, valid at that moment."""
    grants = BreakGlassGrant.objects.filter(
        user_id=OuterRef("actor_id"),
        household__uuid=OuterRef("household_uuid"),
        created_at__lte=OuterRef("occurred_at"),
        expires_at__gte=OuterRef("occurred_at"),
    ).order_by("-created_at", "-pk")
    return Case(When(break_glass=True, then=Subquery(grants.values(field)[:1])), default=None)


def review_events(
    user: Any, *, household_uuid: UUID | None = None, actor_uuid: UUID | None = None
) -> QuerySet[AuditEvent]:
    """Break-the-glass rows first, then newest first; break-the-glass rows carry the grant's reason and
    expiry (`grant_reason`, `grant_expires_at`; None on other rows). One query per page of rows."""
    events = AuditPolicy(user).visible()
    if household_uuid is not None:
        events = events.filter(household_uuid=household_uuid)
    if actor_uuid is not None:
        events = events.filter(actor__uuid=actor_uuid)
    return (
        events.select_related("actor")
        .annotate(grant_reason=_grant("reason"), grant_expires_at=_grant("expires_at"))
        .order_by("-break_glass", "-occurred_at", "-pk")
    )


def review_page(
    user: Any, *, household_uuid: UUID | None = None, actor_uuid: UUID | None = None, page: Any = 1
) -> Page:
    """One page of the review list: a count query and a rows query, however many rows there are."""
    events = review_events(user, household_uuid=household_uuid, actor_uuid=actor_uuid)
    return Paginator(events, PAGE_SIZE).get_page(page)


def actor_choices(user: Any, selected: Any = None) -> list[tuple[str, str]]:
    """(uuid, name) of the staff the user reviews, plus the selected staff member when outside that list."""
    actors = AuditPolicy(user).reviewable_actors()
    with contextlib.suppress(ValueError, TypeError):
        actors = actors | User.objects.filter(uuid=UUID(str(selected)))
    return [(str(u.uuid), u.display_name) for u in actors.order_by("last_name", "first_name", "username")]
