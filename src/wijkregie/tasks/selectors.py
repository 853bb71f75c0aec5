"""Reads of tasks and caseloads. Every task query starts from the TaskPolicy's predicate and is an index
range (assignee|team, status, due_on) with a limit, so the number and cost of queries do not grow with the
number of households or tasks.

A list is split in index-shaped parts and merged here: overdue open tasks first (oldest first), then the
open tasks to come and the suspended ones, by due date."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum, prefetch_related_objects
from django.utils import timezone

from wijkregie.accounts.models import TeamMembership, User
from wijkregie.core.calendar import add_working_days
from wijkregie.core.policies import get_or_404
from wijkregie.households.models import CaseloadEntry, Household
from wijkregie.households.selectors import current_memberships
from wijkregie.organisation.models import Team

from .constants import TaskKind, TaskStatus, Term
from .models import Task
from .policies import TaskPolicy
from .terms import TERMS, extension_limit

LIST_LIMIT = 100  # rows on a task list; the caption says when there are more
HISTORY_LIMIT = 50
UNASSIGNED_LIMIT = 50
SOON_WORKING_DAYS = 3
OPEN_STATUSES = (TaskStatus.OPEN, TaskStatus.SUSPENDED)


def _head_of_household() -> Prefetch:
    return Prefetch(
        "household__memberships",
        queryset=current_memberships(),
        to_attr="current_members",
    )


def _with_related(tasks: QuerySet[Task]) -> QuerySet[Task]:
    return tasks.select_related(
        "household", "household__district", "household__municipality", "team", "assignee"
    )


def mark(tasks: list[Task], today: date | None = None) -> list[Task]:
    """Set the flags the pages and the API show: overdue, due soon (within 3 working days), the legal
    basis and the latest date an extension may reach."""
    today = today or timezone.localdate()
    soon = add_working_days(today, SOON_WORKING_DAYS)
    for task in tasks:
        is_open = task.status == TaskStatus.OPEN
        task.is_overdue = is_open and task.due_on < today  # type: ignore[attr-defined]
        task.is_due_soon = is_open and today <= task.due_on <= soon  # type: ignore[attr-defined]
        rule = TERMS.get(task.term)
        task.basis = rule.basis if rule is not None else ""  # type: ignore[attr-defined]
        limit = extension_limit(task.term, task.original_due_on, task.suspended_days)
        task.extension_limit = limit  # type: ignore[attr-defined]
        task.can_extend = bool(is_open and limit is not None and limit > task.due_on)  # type: ignore[attr-defined]
    return tasks


def _worklist(scope: QuerySet[Task], today: date, limit: int) -> list[Task]:
    """The open and suspended tasks, earliest due date first (so what is overdue comes first), as one
    limited index range; then the heads of the households on the list. 2 queries whatever the volume.
    Overdue open tasks are put before suspended ones that were due earlier (a suspended term is paused)."""
    rows = _with_related(scope.filter(status__in=OPEN_STATUSES)).order_by("due_on", "pk")[:limit]
    tasks = mark(list(rows), today)
    tasks.sort(key=lambda t: (not t.is_overdue, t.due_on, t.pk))  # type: ignore[attr-defined]
    prefetch_related_objects(tasks, _head_of_household())
    return tasks


def my_tasks(user: Any, limit: int = LIST_LIMIT, *, today: date | None = None) -> list[Task]:
    """Open and suspended tasks assigned to the user: overdue first, then by due date."""
    policy = TaskPolicy(user)
    if not policy.is_caseworker():
        return []
    today = today or timezone.localdate()
    scope = Task.objects.filter(assignee_id=user.pk).filter(policy.q())
    return _worklist(scope, today, limit)


def user_teams(user: Any) -> list[Team]:
    """The teams the user is on, by name (1 query)."""
    if not TaskPolicy(user).is_caseworker():
        return []
    return list(Team.objects.filter(memberships__user_id=user.pk).order_by("name", "pk"))


def team_tasks(
    user: Any, team: Team | None = None, limit: int = LIST_LIMIT, *, today: date | None = None
) -> list[Task]:
    """Open and suspended tasks of the user's teams (or of one of them), assigned or not: overdue first,
    then by due date. A team the user is not on gives an empty list."""
    policy = TaskPolicy(user)
    if not policy.is_caseworker():
        return []
    today = today or timezone.localdate()
    # The team ids as values (not a subquery), so one team is an equality the due-date index can serve.
    team_ids = sorted(policy.team_ids())
    if team is not None:
        team_ids = [team.pk] if team.pk in team_ids else []
    scope = Task.objects.filter(team_id__in=team_ids)
    return _worklist(scope.filter(policy.q()), today, limit)


def household_tasks(
    household: Household, *, history: int = HISTORY_LIMIT, today: date | None = None
) -> tuple[list[Task], list[Task]]:
    """A household's open and suspended tasks (overdue first, then by due date) and its most recent
    closed ones. The caller has opened the dossier (households.services.dossier_open). 2 queries."""
    today = today or timezone.localdate()
    base = Task.objects.filter(household_id=household.pk).select_related("team", "assignee")
    current = list(base.filter(status__in=OPEN_STATUSES).order_by("due_on", "pk")[:LIST_LIMIT])
    for task in current:
        task.household = household
    mark(current, today)
    current.sort(key=lambda t: (not t.is_overdue, t.due_on, t.pk))  # type: ignore[attr-defined]
    closed = list(base.exclude(status__in=OPEN_STATUSES).order_by("-due_on", "-pk")[:history])
    for task in closed:
        task.household = household
    return current, mark(closed, today)


def task_detail(user: Any, task_uuid: Any) -> Task:
    """One visible task with what its page shows; Http404 when missing or not allowed."""
    task: Task = get_or_404(_with_related(TaskPolicy(user).visible()), uuid=task_uuid)
    prefetch_related_objects([task], _head_of_household())
    mark([task])
    return task


def counts(user: Any, *, today: date | None = None) -> dict[str, int]:
    """For a badge: my open tasks, how many are overdue, and how many fall due this week (Monday to
    Sunday, from today on). One aggregate query on the assignee index."""
    policy = TaskPolicy(user)
    if not policy.is_caseworker():
        return {"open": 0, "overdue": 0, "due_this_week": 0}
    today = today or timezone.localdate()
    sunday = today + timedelta(days=6 - today.weekday())
    totals = (
        Task.objects.filter(assignee_id=user.pk, status=TaskStatus.OPEN)
        .filter(policy.q())
        .aggregate(
            open=Count("pk"),
            overdue=Count("pk", filter=Q(due_on__lt=today)),
            due_this_week=Count("pk", filter=Q(due_on__gte=today, due_on__lte=sunday)),
        )
    )
    return {key: int(value or 0) for key, value in totals.items()}


# What the notifications and the overdue job follow: the legal terms, and the herindicatie reminder (a plan
# date, but one whose passing means a beschikking ends without a new decision).
REMINDED = Q(kind=TaskKind.LEGAL_TERM) | Q(term=Term.REINDICATION)


def attention_counts(user: Any, *, today: date | None = None) -> dict[str, int]:
    """For the notifications: the user's open legal terms and herindicatie reminders that passed, and those
    ending within SOON_WORKING_DAYS working days. One aggregate query on the assignee index."""
    policy = TaskPolicy(user)
    if not policy.is_caseworker():
        return {"overdue": 0, "due_soon": 0}
    today = today or timezone.localdate()
    soon = add_working_days(today, SOON_WORKING_DAYS)
    totals = (
        Task.objects.filter(assignee_id=user.pk, status=TaskStatus.OPEN)
        .filter(REMINDED)
        .filter(policy.q())
        .aggregate(
            overdue=Count("pk", filter=Q(due_on__lt=today)),
            due_soon=Count("pk", filter=Q(due_on__gte=today, due_on__lte=soon)),
        )
    )
    return {key: int(value or 0) for key, value in totals.items()}


# -- caseload ---------------------------------------------------------------------------------------------
@dataclass
class WorkerLoad:
    worker: User
    households: int = 0
    weight: int = 0
    regie: int = 0
    open_tasks: int = 0
    overdue_tasks: int = 0


@dataclass
class TeamCaseload:
    team: Team
    workers: list[WorkerLoad] = field(default_factory=list)
    households: int = 0
    weight: int = 0
    unassigned_count: int = 0
    unassigned: list[CaseloadEntry] = field(default_factory=list)

    @property
    def unassigned_more(self) -> int:
        return max(0, self.unassigned_count - len(self.unassigned))


def caseload(user: Any, *, today: date | None = None) -> list[TeamCaseload]:
    """Per team the teamleider is on: per member, the households assigned in the team's active caseload,
    their total weight (complexity 1–3), the households where the member is regisseur, open and overdue
    tasks of the team; and the team's unassigned households (count, and the oldest 50). A fixed number of
    queries whatever the size of the teams: 8 (each an aggregate or a limited range; 7 when no household
    waits for a worker)."""
    policy = TaskPolicy(user)
    if not policy.can_see_caseload():
        return []
    today = today or timezone.localdate()
    teams = user_teams(user)
    if not teams:
        return []
    team_ids = [team.pk for team in teams]
    result = {team.pk: TeamCaseload(team=team) for team in teams}
    loads: dict[tuple[int, int], WorkerLoad] = {}
    members = (
        TeamMembership.objects.filter(team_id__in=team_ids, user__is_active=True)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    )
    for membership in members:
        new_load = WorkerLoad(worker=membership.user)
        loads[(membership.team_id, membership.user_id)] = new_load
        result[membership.team_id].workers.append(new_load)

    def load_of(team_id: int, user_id: int | None) -> WorkerLoad | None:
        return loads.get((team_id, user_id or 0))

    active = CaseloadEntry.objects.filter(team_id__in=team_ids, ended_at__isnull=True)
    assigned: Any = (
        active.filter(worker__isnull=False)
        .values("team_id", "worker_id")
        .annotate(n=Count("pk"), weight=Sum("household__complexity"))
    )
    for row in assigned:
        team_load = result[row["team_id"]]
        team_load.households += row["n"]
        team_load.weight += row["weight"] or 0
        if (load := load_of(row["team_id"], row["worker_id"])) is not None:
            load.households, load.weight = row["n"], row["weight"] or 0
    # Regie is per person, not per team: counted on the household's regisseur index.
    member_ids = {user_id for _, user_id in loads}
    regie: Any = (
        Household.objects.filter(regisseur_id__in=member_ids).values("regisseur_id").annotate(n=Count("pk"))
    )
    regie_of = {row["regisseur_id"]: row["n"] for row in regie}
    for (_, user_id), load in loads.items():
        load.regie = regie_of.get(user_id, 0)
    open_tasks: Any = (
        Task.objects.filter(team_id__in=team_ids, status=TaskStatus.OPEN, assignee__isnull=False)
        .values("team_id", "assignee_id")
        .annotate(n=Count("pk"), late=Count("pk", filter=Q(due_on__lt=today)))
    )
    for row in open_tasks:
        if (load := load_of(row["team_id"], row["assignee_id"])) is not None:
            load.open_tasks, load.overdue_tasks = row["n"], row["late"]

    # Waiting households: counted on the partial index alone (no join), and the oldest few per team as
    # one limited index range each, so a team of any size costs the same.
    unassigned = active.filter(worker__isnull=True)
    for row in unassigned.values("team_id").annotate(n=Count("pk")):
        result[row["team_id"]].unassigned_count = row["n"]
        result[row["team_id"]].households += row["n"]
    for team_id in team_ids:
        if not result[team_id].unassigned_count:
            continue
        oldest = (
            unassigned.filter(team_id=team_id)
            .select_related("household", "household__district")
            .prefetch_related(_head_of_household())
            .order_by("started_at", "pk")[:UNASSIGNED_LIMIT]
        )
        result[team_id].unassigned = list(oldest)
    return [result[team.pk] for team in teams]


def member_loads(team_ids: set[int]) -> dict[tuple[int, int], tuple[int, int]]:
    """Per (team, worker): the households assigned to them in the team's active caseload and their total
    weight, to show beside each name where work is given out. One aggregate query on the caseload index."""
    if not team_ids:
        return {}
    rows: Any = (
        CaseloadEntry.objects.filter(team_id__in=team_ids, ended_at__isnull=True, worker__isnull=False)
        .values("team_id", "worker_id")
        .annotate(n=Count("pk"), weight=Sum("household__complexity"))
    )
    return {(row["team_id"], row["worker_id"]): (row["n"], row["weight"] or 0) for row in rows}


def load_label(user: Any, load: tuple[int, int] | None) -> str:
    """ "Anna Jansen — 12 huishoudens, gewicht 20": the name with what they already carry."""
    households, weight = load or (0, 0)
    noun = "huishouden" if households == 1 else "huishoudens"
    return f"{user.display_name} — {households} {noun}, gewicht {weight}"
