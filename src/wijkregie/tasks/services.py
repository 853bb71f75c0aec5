"""Writes to tasks.

The functions for other apps (`term_task_open`, `plan_date_task_set`, `tasks_close_for_source`,
`tasks_reassign_for_source`, `tasks_close_for_household`) run inside the caller's transaction; the caller
writes the audit row and the timeline line for its own step. A task that closes because its obligation was
met (or fell away) gets its own audit row and timeline line, on behalf of the user whose step met it.

`caseload_assign` is the teamleider's assignment of a household with its open tasks following the owner.

The task services for people (`task_create`, `task_complete`, `task_suspend`, `task_resume`, `task_extend`,
`task_reassign`) check the TaskPolicy (Http404 when not allowed, as if the task did not exist), own their
transaction, change the row with a conditional update (so two people acting at once cannot both win) and
write an audit row and a timeline line with it."""

from datetime import date, timedelta
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone

from wijkregie.accounts.models import TeamMembership, User
from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.services import record
from wijkregie.core.calendar import next_working_day
from wijkregie.households.constants import TimelineKind
from wijkregie.households.models import CaseloadEntry, Household
from wijkregie.households.services import assignable_entry, household_assignment_save, household_log
from wijkregie.organisation.models import Team

from .constants import TaskKind, TaskStatus, Term
from .models import Task
from .policies import TaskPolicy
from .selectors import REMINDED, task_detail
from .terms import TERMS, extension_limit, plan_date_due

OPEN_STATUSES = (TaskStatus.OPEN, TaskStatus.SUSPENDED)
REASON_MIN = 10
NO_EXTENSION = "De wet staat geen verlenging van deze termijn toe."
NOT_OPEN = "Deze taak staat niet (meer) open."


def _source(obj: models.Model) -> dict[str, Any]:
    return {"source_type": obj._meta.label_lower, "source_uuid": obj.uuid}  # type: ignore[attr-defined]


def _placement(household: Household, team: Team | None = None) -> tuple[Team | None, Any]:
    """Who owns a new task about the household: the household's worker in the team (without a team named:
    in its oldest active caseload entry), else its regisseur when on that team, else nobody yet, which
    puts the task in the team's queue for the teamleider to distribute. 1 or 2 queries."""
    entries = CaseloadEntry.objects.filter(household=household, ended_at__isnull=True)
    if team is not None:
        entries = entries.filter(team=team)
    entry = entries.select_related("team", "worker").order_by("started_at", "pk").first()
    if team is None and entry is not None:
        team = entry.team
    if entry is not None and entry.worker is not None and entry.worker.is_active:
        return team, entry.worker
    regisseur = household.regisseur
    if team is not None and regisseur is not None and _is_member(regisseur, team.pk):
        return team, regisseur
    return team, None


def term_task_open(
    *,
    household: Household,
    term: Term,
    start_date: date,
    source: models.Model,
    team: Team | None = None,
    assignee: Any = None,
) -> Task:
    """Open the task for a legal term that starts on `start_date` (the melding, the request).

    Idempotent per source and term: when the term is already open for this source, that task is returned.
    Without an assignee the task goes to its owner (`_placement`: worker, regisseur or the team's queue)."""
    rule = TERMS[term]
    existing = Task.objects.filter(
        source_uuid=source.uuid,  # type: ignore[attr-defined]
        term=term,
        status__in=OPEN_STATUSES,
    ).first()
    if existing is not None:
        return existing
    if assignee is None:
        team, assignee = _placement(household, team)
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


def follow_up_task_open(
    *, household: Household, team: Team, title: str, due_on: date, source: models.Model
) -> Task:
    """A task that another app's step hands a team (e.g. the Kredietbank's intake after a warm handover from
    vroegsignalering): owned like a term's task, idempotent per source and title, audited by the caller."""
    existing = Task.objects.filter(
        source_uuid=source.uuid,  # type: ignore[attr-defined]
        title=title,
        status__in=OPEN_STATUSES,
    ).first()
    if existing is not None:
        return existing
    team_found, assignee = _placement(household, team)
    return Task.objects.create(
        household=household,
        team=team_found or team,
        assignee=assignee,
        kind=TaskKind.OTHER,
        title=title,
        start_date=timezone.localdate(),
        original_due_on=due_on,
        due_on=due_on,
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
    open_task = (
        Task.objects.filter(source_uuid=source.uuid, term=term, status__in=OPEN_STATUSES)  # type: ignore[attr-defined]
        .order_by("pk")
        .first()
    )
    if day is None:
        if open_task is not None:
            Task.objects.filter(pk=open_task.pk, status__in=OPEN_STATUSES).update(
                status=TaskStatus.CANCELLED, suspended_on=None
            )
        return None
    due = plan_date_due(day)
    title = title.strip()[:200] or "Datum uit het plan"
    if open_task is not None:
        # An earlier date than the task's start moves the start along (a task never ends before it begins).
        start = min(open_task.start_date, due)
        Task.objects.filter(pk=open_task.pk).update(
            due_on=due, original_due_on=due, start_date=start, title=title
        )
        open_task.refresh_from_db()
        return open_task
    if assignee is None:
        team, assignee = _placement(household, team)
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


def _close(
    tasks: "models.QuerySet[Task]", on: date, cancel: bool, actor: User | None, reason: str = ""
) -> int:
    """Close the open tasks: each closed one is on the household's timeline ("Termijn afgerond: ...") with
    its audit row, so nobody has to close by hand what the system saw happen."""
    closing = list(tasks.select_related("household"))
    if not closing:
        return 0
    still_open = Task.objects.filter(pk__in=[task.pk for task in closing], status__in=OPEN_STATUSES)
    if cancel:
        closed = still_open.update(status=TaskStatus.CANCELLED, suspended_on=None)
    else:
        closed = still_open.update(status=TaskStatus.DONE, done_on=on, suspended_on=None)
    for task in closing:
        household_log(
            actor,
            task.household,
            action=Action.UPDATE,
            obj=task,
            kind=TimelineKind.TASK,
            description=_closed_line(task, cancel, reason),
            fields=["status"] if cancel else ["status", "done_on"],
            channel=Channel.SYSTEM,
        )
    return closed


def _closed_line(task: Task, cancel: bool, reason: str) -> str:
    what = "Termijn" if task.kind == TaskKind.LEGAL_TERM else "Taak"
    # The system wrote the titles of terms and plan dates; a person's own title stays off the timeline.
    name = task.title if task.kind in (TaskKind.LEGAL_TERM, TaskKind.PLAN_DATE) else _label(task)
    line = f"{what} {'vervallen' if cancel else 'afgerond'}: {name}"
    return f"{line} ({reason})" if reason else line


def tasks_close_for_source(
    *,
    source_uuid: UUID,
    on: date,
    terms: tuple[Term, ...] = (),
    cancel: bool = False,
    actor: User | None = None,
) -> int:
    """Mark the open tasks about one object done (or cancelled): the research is done, the plan made.
    `actor`: the user whose step met the obligation (None: the system)."""
    tasks = Task.objects.filter(source_uuid=source_uuid, status__in=OPEN_STATUSES)
    if terms:
        tasks = tasks.filter(term__in=terms)
    return _close(tasks, on, cancel, actor)


def tasks_reassign_for_source(*, source_uuid: UUID, team: Team, assignee: Any = None) -> int:
    """A re-routed melding takes its open terms along to the receiving team, to the household's worker
    or regisseur there, else into that team's queue."""
    tasks = Task.objects.filter(source_uuid=source_uuid, status__in=OPEN_STATUSES)
    first = tasks.select_related("household").first()
    if first is None:
        return 0
    if assignee is None:
        assignee = _placement(first.household, team)[1]
    return tasks.update(team=team, assignee=assignee)


def tasks_close_for_household(
    *,
    household: Household,
    terms: tuple[Term, ...],
    on: date,
    cancel: bool = False,
    actor: User | None = None,
    reason: str = "",
) -> int:
    """Close open tasks of these terms on a household, whatever raised them (e.g. a youth plan made).
    `reason` is said on the timeline line, e.g. why a term fell away."""
    tasks = Task.objects.filter(household=household, term__in=terms, status__in=OPEN_STATUSES)
    return _close(tasks, on, cancel, actor, reason)


# -- tasks for people ------------------------------------------------------------------------------------
def _reason(reason: str, field: str) -> str:
    text = (reason or "").strip()
    if len(text) < REASON_MIN:
        raise ValidationError({field: [f"Beschrijf de reden in minstens {REASON_MIN} tekens."]})
    if len(text) > 300:
        raise ValidationError({field: ["De reden mag hooguit 300 tekens lang zijn."]})
    return text


def _actable_or_404(acting_user: User, task: Task) -> TaskPolicy:
    policy = TaskPolicy(acting_user)
    if not policy.can_act(task):
        raise Http404
    return policy


def _label(task: Task) -> str:
    """How the timeline names a task: its term or kind, never the free-text title."""
    if task.term:
        return Term(task.term).label
    return TaskKind(task.kind).label


def _log(
    acting_user: User,
    task: Task,
    description: str,
    fields: list[str],
    channel: Channel,
    *,
    action: Action = Action.UPDATE,
) -> None:
    household_log(
        acting_user,
        task.household,
        action=action,
        obj=task,
        kind=TimelineKind.TASK,
        description=description,
        fields=fields,
        channel=channel,
    )


def _is_member(user: Any, team_id: int) -> bool:
    return TeamMembership.objects.filter(user_id=user.pk, team_id=team_id, user__is_active=True).exists()


def task_create(
    *,
    acting_user: User,
    household: Household,
    title: str,
    due_on: date | None,
    team: Team | None = None,
    assignee: Any = None,
    channel: Channel = Channel.WEB,
) -> Task:
    """A plain task on a household, by a member of a team that has it in caseload (the task's team,
    by default the first such team). Not in the past; the assignee, when given, is on that team."""
    policy = TaskPolicy(acting_user)
    if not policy.is_caseworker() or not policy.households.can_view(household):
        raise Http404
    teams = policy.caseload_team_ids(household)
    errors: dict[str, list[str]] = {}
    text = (title or "").strip()
    if not text:
        errors["title"] = ["Vul de taak in."]
    elif len(text) > 200:
        errors["title"] = ["De taak mag hooguit 200 tekens lang zijn."]
    today = timezone.localdate()
    if not isinstance(due_on, date):
        errors["due_on"] = ["Vul de uiterste datum in."]
    elif due_on < today:
        errors["due_on"] = ["De uiterste datum kan niet in het verleden liggen."]
    if not teams:
        errors["team"] = ["U zit niet in een team dat dit huishouden in de werkvoorraad heeft."]
    elif team is not None and team.pk not in teams:
        errors["team"] = ["Kies een team van u dat dit huishouden in de werkvoorraad heeft."]
    if teams and not errors.get("team"):
        team_id = team.pk if team is not None else min(teams)
        if team is None:
            team = Team.objects.get(pk=team_id)
        if assignee is not None and not _is_member(assignee, team_id):
            errors["assignee"] = ["Deze medewerker is geen lid van het team van de taak."]
    if errors:
        raise ValidationError(errors)
    assert isinstance(due_on, date)
    with transaction.atomic():
        task = Task.objects.create(
            household=household,
            team=team,
            assignee=assignee,
            kind=TaskKind.OTHER,
            title=text,
            start_date=today,
            original_due_on=due_on,
            due_on=due_on,
        )
        _log(
            acting_user,
            task,
            f"Taak aangemaakt, uiterlijk {due_on:%d-%m-%Y}",
            ["title", "due_on", "team", "assignee"],
            channel,
            action=Action.CREATE,
        )
    return task


def task_complete(
    *, acting_user: User, task: Task, on: date | None = None, channel: Channel = Channel.WEB
) -> Task:
    """Mark an open or suspended task done."""
    _actable_or_404(acting_user, task)
    on = on or timezone.localdate()
    with transaction.atomic():
        updated = Task.objects.filter(pk=task.pk, status__in=OPEN_STATUSES).update(
            status=TaskStatus.DONE, done_on=on, suspended_on=None
        )
        if not updated:
            raise ValidationError({"status": [NOT_OPEN]})
        _log(acting_user, task, f"{_label(task)}: afgerond", ["status", "done_on"], channel)
    task.refresh_from_db()
    return task


def task_suspend(
    *, acting_user: User, task: Task, reason: str, on: date | None = None, channel: Channel = Channel.WEB
) -> Task:
    """Stop the clock of an open task (e.g. waiting for information the resident must give, Awb 4:15)."""
    _actable_or_404(acting_user, task)
    today = timezone.localdate()
    on = on or today
    errors: dict[str, list[str]] = {}
    try:
        text = _reason(reason, "reason")
    except ValidationError as error:
        errors.update(error.message_dict)
    if on > today:
        errors["on"] = ["Opschorten kan niet met een datum in de toekomst."]
    elif on < task.start_date:
        errors["on"] = ["De opschorting kan niet beginnen voor de termijn begon."]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        updated = Task.objects.filter(pk=task.pk, status=TaskStatus.OPEN).update(
            status=TaskStatus.SUSPENDED, suspended_on=on, suspension_reason=text
        )
        if not updated:
            raise ValidationError({"status": ["Alleen een openstaande taak kan worden opgeschort."]})
        _log(
            acting_user,
            task,
            f"{_label(task)}: opgeschort per {on:%d-%m-%Y}",
            ["status", "suspended_on", "suspension_reason"],
            channel,
        )
    task.refresh_from_db()
    return task


def resumed_due(task: Task, on: date) -> tuple[date, int]:
    """The due date after a suspension that ends on `on`, and the days it lasted. A legal term or a plan
    date moves by those days and then to a working day (Atw art. 1); a plain task by the days only."""
    assert task.suspended_on is not None
    days = (on - task.suspended_on).days
    due = task.due_on + timedelta(days=days)
    if task.kind in (TaskKind.LEGAL_TERM, TaskKind.PLAN_DATE):
        due = next_working_day(due)
    return due, days


def task_resume(
    *, acting_user: User, task: Task, on: date | None = None, channel: Channel = Channel.WEB
) -> Task:
    """Start the clock again: the due date moves by the days the task was suspended."""
    _actable_or_404(acting_user, task)
    on = on or timezone.localdate()
    if task.status != TaskStatus.SUSPENDED or task.suspended_on is None:
        raise ValidationError({"status": ["Alleen een opgeschorte taak kan worden hervat."]})
    if on < task.suspended_on:
        raise ValidationError({"on": ["De hervatting kan niet voor het begin van de opschorting liggen."]})
    if on > timezone.localdate():
        raise ValidationError({"on": ["Hervatten kan niet met een datum in de toekomst."]})
    due, days = resumed_due(task, on)
    with transaction.atomic():
        updated = Task.objects.filter(
            pk=task.pk, status=TaskStatus.SUSPENDED, suspended_on=task.suspended_on
        ).update(
            status=TaskStatus.OPEN,
            suspended_on=None,
            suspended_days=F("suspended_days") + days,
            due_on=due,
        )
        if not updated:
            raise ValidationError({"status": ["Alleen een opgeschorte taak kan worden hervat."]})
        _log(
            acting_user,
            task,
            f"{_label(task)}: hervat na {days} dag(en), nieuwe uiterste datum {due:%d-%m-%Y}",
            ["status", "suspended_on", "suspended_days", "due_on"],
            channel,
        )
    task.refresh_from_db()
    return task


def task_extend(
    *,
    acting_user: User,
    task: Task,
    new_due_on: date | None,
    reason: str,
    channel: Channel = Channel.WEB,
) -> Task:
    """Extend a legal term where the law allows it: a later date, at most the original end plus the
    extension the law allows (plus the days it was suspended), on a working day."""
    _actable_or_404(acting_user, task)
    limit = extension_limit(task.term, task.original_due_on, task.suspended_days)
    if task.kind != TaskKind.LEGAL_TERM or limit is None:
        raise ValidationError({"new_due_on": [NO_EXTENSION]})
    if task.status != TaskStatus.OPEN:
        raise ValidationError({"status": ["Alleen een openstaande termijn kan worden verlengd."]})
    errors: dict[str, list[str]] = {}
    try:
        text = _reason(reason, "reason")
    except ValidationError as error:
        errors.update(error.message_dict)
    new_due = next_working_day(new_due_on) if isinstance(new_due_on, date) else None
    if new_due is None:
        errors["new_due_on"] = ["Vul de nieuwe uiterste datum in."]
    elif new_due <= task.due_on:
        errors["new_due_on"] = ["De nieuwe datum moet na de huidige uiterste datum liggen."]
    elif new_due > limit:
        errors["new_due_on"] = [f"De termijn kan hooguit worden verlengd tot {limit:%d-%m-%Y}."]
    if errors:
        raise ValidationError(errors)
    assert new_due is not None
    with transaction.atomic():
        updated = Task.objects.filter(pk=task.pk, status=TaskStatus.OPEN, due_on=task.due_on).update(
            due_on=new_due, extension_reason=text
        )
        if not updated:
            raise ValidationError({"status": ["De taak is intussen gewijzigd; probeer het opnieuw."]})
        _log(
            acting_user,
            task,
            f"{_label(task)}: verlengd tot {new_due:%d-%m-%Y}",
            ["due_on", "extension_reason"],
            channel,
        )
    task.refresh_from_db()
    return task


def task_reassign(*, acting_user: User, task: Task, assignee: Any, channel: Channel = Channel.WEB) -> Task:
    """Give an open or suspended task to a member of its team (None: to the team, unassigned). A task
    without a team joins the acting user's team that has the household in caseload."""
    policy = _actable_or_404(acting_user, task)
    team_id = task.team_id
    if team_id is None:
        teams = policy.caseload_team_ids(task.household_id)
        team_id = min(teams) if teams else None
    if team_id is None:
        raise ValidationError({"assignee": ["Deze taak hoort bij geen team; toewijzen kan niet."]})
    if assignee is not None and not _is_member(assignee, team_id):
        raise ValidationError({"assignee": ["Deze medewerker is geen lid van het team van de taak."]})
    with transaction.atomic():
        updated = Task.objects.filter(pk=task.pk, status__in=OPEN_STATUSES).update(
            assignee=assignee, team_id=team_id
        )
        if not updated:
            raise ValidationError({"status": [NOT_OPEN]})
        who = assignee.display_name if assignee is not None else "het team"
        _log(acting_user, task, f"{_label(task)}: toegewezen aan {who}", ["assignee", "team"], channel)
    task.refresh_from_db()
    return task


def task_open(*, acting_user: User, task_uuid: Any, channel: Channel = Channel.WEB) -> Task:
    """Read one task (Http404 when missing or not allowed) and write the access row with it."""
    with transaction.atomic():
        task = task_detail(acting_user, task_uuid)
        record(
            actor=acting_user,
            action=Action.READ,
            obj=task,
            household_uuid=task.household.uuid,
            channel=channel,
        )
    return task


def term_task_postpone(*, source_uuid: UUID, terms: tuple[Term, ...], weeks: int, reason: str) -> Task | None:
    """Move the open legal term about one object on by whole weeks (a verdaging such as Awb 7:10 lid 3),
    to a working day (Atw art. 1). For other apps: runs inside the caller's transaction, which checked
    the law's limits and writes the audit row. None when no such term is open."""
    task = (
        Task.objects.filter(
            source_uuid=source_uuid, kind=TaskKind.LEGAL_TERM, term__in=terms, status__in=OPEN_STATUSES
        )
        .order_by("pk")
        .first()
    )
    if task is None:
        return None
    due = next_working_day(task.due_on + timedelta(weeks=weeks))
    Task.objects.filter(pk=task.pk, due_on=task.due_on).update(due_on=due, extension_reason=reason[:300])
    task.refresh_from_db()
    return task


# -- the household's worker and its tasks ------------------------------------------------------------------
def caseload_assign(
    *,
    acting_user: User,
    household: Household,
    worker: Any | None,
    regisseur: Any | None = None,
    complexity: int | None = None,
    channel: Channel = Channel.WEB,
) -> CaseloadEntry:
    """The teamleider's assignment (households.services.household_assignment_save) with the work that
    goes with it: the household's open tasks of the team that were in the queue or with the previous
    worker move to the new owner (worker, else regisseur, else the team's queue). All or nothing."""
    with transaction.atomic():
        before = assignable_entry(acting_user, household)
        previous_id = before.worker_id if before is not None else None
        entry = household_assignment_save(
            acting_user=acting_user,
            household=household,
            worker=worker,
            regisseur=regisseur,
            complexity=complexity,
            channel=channel,
        )
        _tasks_follow_owner(acting_user, household, entry.team, previous_id, channel)
    return entry


def _tasks_follow_owner(
    acting_user: User, household: Household, team: Team, previous_id: int | None, channel: Channel
) -> None:
    _team, owner = _placement(household, team)
    was_theirs = models.Q(assignee__isnull=True)
    if previous_id is not None:
        was_theirs |= models.Q(assignee_id=previous_id)
    moving = list(
        Task.objects.filter(household=household, team=team, status__in=OPEN_STATUSES)
        .filter(was_theirs)
        .exclude(assignee_id=getattr(owner, "pk", None))
    )
    if not moving:
        return
    Task.objects.filter(pk__in=[task.pk for task in moving]).update(assignee=owner)
    for task in moving:
        task.household = household
    who = owner.display_name if owner is not None else f"de wachtrij van {team.name}"
    for task in moving:
        _log(acting_user, task, f"{_label(task)}: mee naar {who}", ["assignee"], channel)


def overdue_terms_record(today: date | None = None) -> str:
    """The recurring job that puts every legal term (and herindicatie reminder) that passed while still
    open on its household's timeline ("Termijn verstreken: …") with an audit row, once per task: the lists
    show it as overdue already; the timeline keeps that it happened, also after the term is met late."""
    today = today or timezone.localdate()
    due = Task.objects.filter(REMINDED).filter(
        status=TaskStatus.OPEN, due_on__lt=today, overdue_recorded_on__isnull=True
    )
    recorded = 0
    for task in due.select_related("household").order_by("due_on", "pk"):
        with transaction.atomic():
            if not Task.objects.filter(pk=task.pk, overdue_recorded_on__isnull=True).update(
                overdue_recorded_on=today
            ):
                continue
            household_log(
                None,
                task.household,
                action=Action.UPDATE,
                obj=task,
                kind=TimelineKind.TASK,
                description=f"Termijn verstreken: {task.title} (uiterlijk {task.due_on:%d-%m-%Y})"[:300],
                fields=["overdue_recorded_on"],
                channel=Channel.SYSTEM,
            )
        recorded += 1
    return f"{recorded} verstreken termijn(en) vastgelegd."
