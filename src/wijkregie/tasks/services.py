"""Writes to tasks. The functions for other apps (`term_task_open`, `plan_date_task_set`,
`tasks_close_for_source`) run inside the caller's transaction and write the caller's audit trail with it."""

from datetime import date
from typing import Any
from uuid import UUID

from django.db import models

from wijkregie.households.models import Household
from wijkregie.organisation.models import Team

from .constants import TaskKind, TaskStatus, Term
from .models import Task
from .terms import TERMS, plan_date_due

OPEN_STATUSES = (TaskStatus.OPEN, TaskStatus.SUSPENDED)


def _source(obj: models.Model) -> dict[str, Any]:
    return {"source_type": obj._meta.label_lower, "source_uuid": obj.uuid}  # type: ignore[attr-defined]


def term_task_open(
    *,
    household: Household,
    term: Term,
    start_date: date,
    source: models.Model,
    team: Team | None = None,
    assignee: Any = None,
) -> Task:
    """Open the task for a legal term that starts on `start_date` (the melding, the request)."""
    rule = TERMS[term]
    due = rule.end(start_date)
    return Task.objects.create(
        household=household,
        team=team,
        assignee=assignee,
        kind=TaskKind.LEGAL_TERM,
        term=term,
        title=rule.title,
        start_date=start_date,
        original_due_on=due,
        due_on=due,
        **_source(source),
    )


def plan_date_task_set(
    *,
    household: Household,
    term: Term,
    title: str,
    day: date | None,
    source: models.Model,
    team: Team | None = None,
    assignee: Any = None,
    today: date,
) -> Task | None:
    """Keep one open task for a plan's own date (evaluation date, an action's end date) in step with it:
    created, moved or (when the date is cleared) cancelled."""
    open_task = Task.objects.filter(source_uuid=source.uuid, term=term, status__in=OPEN_STATUSES).first()  # type: ignore[attr-defined]
    if day is None:
        if open_task is not None:
            Task.objects.filter(pk=open_task.pk).update(status=TaskStatus.CANCELLED)
        return None
    due = plan_date_due(day)
    if open_task is not None:
        Task.objects.filter(pk=open_task.pk).update(due_on=due, original_due_on=due, title=title)
        open_task.refresh_from_db()
        return open_task
    return Task.objects.create(
        household=household,
        team=team,
        assignee=assignee,
        kind=TaskKind.PLAN_DATE,
        term=term,
        title=title,
        start_date=min(today, due),
        original_due_on=due,
        due_on=due,
        **_source(source),
    )


def tasks_close_for_source(
    *, source_uuid: UUID, on: date, terms: tuple[Term, ...] = (), cancel: bool = False
) -> int:
    """Mark the open tasks about one object done (or cancelled): the research is done, the plan made."""
    tasks = Task.objects.filter(source_uuid=source_uuid, status__in=OPEN_STATUSES)
    if terms:
        tasks = tasks.filter(term__in=terms)
    if cancel:
        return tasks.update(status=TaskStatus.CANCELLED)
    return tasks.update(status=TaskStatus.DONE, done_on=on)


def tasks_reassign_for_source(*, source_uuid: UUID, team: Team, assignee: Any = None) -> int:
    """A re-routed melding takes its open terms along to the receiving team."""
    return Task.objects.filter(source_uuid=source_uuid, status__in=OPEN_STATUSES).update(
        team=team, assignee=assignee
    )


def tasks_close_for_household(
    *, household: Household, terms: tuple[Term, ...], on: date, cancel: bool = False
) -> int:
    """Close open tasks of these terms on a household, whatever raised them (e.g. a youth plan made)."""
    tasks = Task.objects.filter(household=household, term__in=terms, status__in=OPEN_STATUSES)
    if cancel:
        return tasks.update(status=TaskStatus.CANCELLED)
    return tasks.update(status=TaskStatus.DONE, done_on=on)
