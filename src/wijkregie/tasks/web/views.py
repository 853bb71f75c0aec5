"""Task pages: my tasks, my teams' tasks, a household's tasks (with the forms to work on them) and the
teamleider's caseload. Thin: forms check shape, services write and decide, selectors read (404 when not
allowed, as for a missing household)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from wijkregie.accounts.models import TeamMembership
from wijkregie.accounts.requests import StaffRequest
from wijkregie.accounts.selectors import team_members
from wijkregie.audit.services import record_reads
from wijkregie.core.forms import submitted
from wijkregie.core.htmx import render_page
from wijkregie.core.policies import get_or_404
from wijkregie.households.policies import HouseholdPolicy
from wijkregie.households.services import assignable_entry, dossier_open
from wijkregie.tasks import selectors, services
from wijkregie.tasks.constants import TaskStatus
from wijkregie.tasks.models import Task
from wijkregie.tasks.policies import TaskPolicy

from .forms import EmptyForm, ExtendForm, HouseholdAssignForm, ReassignForm, SuspendForm, TaskForm

ACTIONS = ("afronden", "opschorten", "hervatten", "verlengen", "toewijzen")
SUCCESS = {
    "afronden": "De taak is afgerond.",
    "opschorten": "De taak is opgeschort.",
    "hervatten": "De taak is hervat; de uiterste datum is verschoven.",
    "verlengen": "De termijn is verlengd.",
    "toewijzen": "De taak is toegewezen.",
}


def _caseworker_or_404(request: HttpRequest) -> TaskPolicy:
    policy = TaskPolicy(request.user)
    if not policy.is_caseworker():
        raise Http404
    return policy


def _shown(request: HttpRequest, tasks: list[Task]) -> list[Task]:
    """A task list shows households (the head's name): each is an access row on its household."""
    record_reads(
        actor=request.user, object_type="lijst.taken", shown=[(t.uuid, t.household.uuid) for t in tasks]
    )
    return tasks


@login_required
@require_http_methods(["GET"])
def my_tasks(request: HttpRequest) -> HttpResponse:
    _caseworker_or_404(request)
    tasks = _shown(request, selectors.my_tasks(request.user))
    context = {
        "tasks": tasks,
        "counts": selectors.counts(request.user),
        "tab": "mijn",
        "limit": selectors.LIST_LIMIT,
    }
    return render_page(request, "tasks/my_tasks.html", "tasks/_task_table.html", context)


@login_required
@require_http_methods(["GET"])
def team_tasks(request: HttpRequest) -> HttpResponse:
    _caseworker_or_404(request)
    teams = selectors.user_teams(request.user)
    chosen = next((t for t in teams if str(t.uuid) == request.GET.get("team", "")), None)
    context = {
        "tasks": _shown(request, selectors.team_tasks(request.user, team=chosen)),
        "counts": selectors.counts(request.user),
        "teams": teams,
        "chosen": chosen,
        "tab": "team",
        "limit": selectors.LIST_LIMIT,
    }
    return render_page(request, "tasks/team_tasks.html", "tasks/_task_table.html", context)


# -- a household's tasks ---------------------------------------------------------------------------------
def _members_by_team(team_ids: set[int]) -> dict[int, dict[str, Any]]:
    """Active members per team with their caseload, for the assign choices (2 queries for all teams on
    the page)."""
    result: dict[int, dict[str, Any]] = {team_id: {} for team_id in team_ids}
    if not team_ids:
        return result
    rows = (
        TeamMembership.objects.filter(team_id__in=team_ids, user__is_active=True)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    )
    loads = selectors.member_loads(team_ids)
    for row in rows:
        row.user.load = loads.get((row.team_id, row.user_id))  # type: ignore[attr-defined]
        result[row.team_id][str(row.user.uuid)] = row.user
    return result


def _task_forms(task: Task, members: dict[str, Any], bound: tuple[str, Any] | None) -> dict[str, Any]:
    key = task.uuid.hex[:12]
    forms: dict[str, Any] = {
        "afronden": EmptyForm(prefix=f"afronden-{key}"),
        "hervatten": EmptyForm(prefix=f"hervatten-{key}"),
        "opschorten": SuspendForm(prefix=f"opschorten-{key}"),
        "verlengen": ExtendForm(prefix=f"verlengen-{key}"),
        "toewijzen": ReassignForm(
            prefix=f"toewijzen-{key}",
            members=members,
            initial={"assignee": str(task.assignee.uuid) if task.assignee else ""},
        ),
    }
    if bound is not None:
        forms[bound[0]] = bound[1]
    return forms


def _household_page(
    request: HttpRequest,
    household: Any,
    *,
    new_form: TaskForm | None = None,
    bound: tuple[Task, str, Any] | None = None,
) -> HttpResponse:
    policy = TaskPolicy(request.user)
    current, closed = selectors.household_tasks(household)
    own_team_ids = policy.caseload_team_ids(household)
    create_teams = {
        str(entry.team.uuid): entry.team
        for entry in household.active_caseload  # prefetched by dossier_open
        if entry.team_id in own_team_ids
    }
    team_ids = {t.team_id for t in current if t.team_id is not None} | set(own_team_ids)
    members = _members_by_team(team_ids)
    for task in current:
        task.may_act = policy.may_act_on_visible(task, regisseur_id=household.regisseur_id)  # type: ignore[attr-defined]
        if task.may_act:  # type: ignore[attr-defined]
            team_members = members.get(task.team_id or min(own_team_ids, default=0), {})
            mine = bound[1:] if bound is not None and bound[0].pk == task.pk else None
            task.forms = _task_forms(task, team_members, mine)  # type: ignore[attr-defined]
    if new_form is None and create_teams:
        first = min(create_teams.values(), key=lambda team: team.pk)
        new_members = {k: u for t in create_teams.values() for k, u in members.get(t.pk, {}).items()}
        new_form = TaskForm(
            teams=create_teams,
            members=new_members,
            prefix="nieuw",
            initial={
                "team": str(first.uuid),
                "assignee": str(request.user.uuid) if str(request.user.uuid) in new_members else "",  # type: ignore[union-attr]
            },
        )
    context = {
        "household": household,
        "tasks": current,
        "closed": closed,
        "new_form": new_form,
        "status": TaskStatus,
    }
    return render(request, "tasks/household_tasks.html", context)


def _new_task_form(request: HttpRequest, household: Any) -> TaskForm:
    policy = TaskPolicy(request.user)
    own = policy.caseload_team_ids(household)
    teams = {str(e.team.uuid): e.team for e in household.active_caseload if e.team_id in own}
    members = _members_by_team(set(own))
    flat = {k: u for team_members in members.values() for k, u in team_members.items()}
    return TaskForm(request.POST, teams=teams, members=flat, prefix="nieuw")


@login_required
@require_http_methods(["GET", "POST"])
def household_tasks(request: StaffRequest, household_uuid: Any) -> HttpResponse:
    household = dossier_open(acting_user=request.user, household_uuid=household_uuid)
    if request.method != "POST":
        return _household_page(request, household)
    if not TaskPolicy(request.user).can_create(household):
        raise Http404
    form = _new_task_form(request, household)
    if form.is_valid():
        try:
            services.task_create(
                acting_user=request.user,
                household=household,
                title=form.cleaned_data["title"],
                due_on=form.cleaned_data["due_on"],
                team=form.cleaned_data["team"],
                assignee=form.cleaned_data["assignee"],
            )
        except ValidationError as error:
            form.apply_service_errors(error)
        else:
            messages.success(request, "De taak is aangemaakt.")
            return redirect("tasks:household_tasks", household_uuid=household.uuid)
    return _household_page(request, household, new_form=form)


@login_required
@require_POST
def task_action(request: StaffRequest, household_uuid: Any, task_uuid: Any, action: str) -> HttpResponse:
    """One of the five things to do with a task, posted from the household's task page."""
    if action not in ACTIONS:
        raise Http404
    household = dossier_open(acting_user=request.user, household_uuid=household_uuid)
    task: Task = get_or_404(
        Task.objects.select_related("assignee", "team"), uuid=task_uuid, household=household
    )
    task.household = household  # keeps the break-the-glass flag for the audit row
    policy = TaskPolicy(request.user)
    if not policy.may_act_on_visible(task, regisseur_id=household.regisseur_id):
        raise Http404
    key = task.uuid.hex[:12]
    prefix = f"{action}-{key}"
    form: Any
    if action == "opschorten":
        form = SuspendForm(request.POST, prefix=prefix)
    elif action == "verlengen":
        form = ExtendForm(request.POST, prefix=prefix)
    elif action == "toewijzen":
        team_id = task.team_id or min(policy.caseload_team_ids(household), default=0)
        form = ReassignForm(request.POST, prefix=prefix, members=_members_by_team({team_id})[team_id])
    else:
        form = EmptyForm(request.POST, prefix=prefix)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if action == "afronden":
                services.task_complete(acting_user=request.user, task=task)
            elif action == "opschorten":
                services.task_suspend(acting_user=request.user, task=task, reason=data["reason"])
            elif action == "hervatten":
                services.task_resume(acting_user=request.user, task=task)
            elif action == "verlengen":
                services.task_extend(
                    acting_user=request.user, task=task, new_due_on=data["new_due_on"], reason=data["reason"]
                )
            else:
                services.task_reassign(acting_user=request.user, task=task, assignee=data["assignee"])
        except ValidationError as error:
            form.apply_service_errors(error)
        else:
            messages.success(request, SUCCESS[action])
            return redirect("tasks:household_tasks", household_uuid=household.uuid)
    messages.error(request, "De taak is niet gewijzigd. Bekijk de melding bij de taak.")
    return _household_page(request, household, bound=(task, action, form))


# -- caseload --------------------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET"])
def caseload(request: HttpRequest) -> HttpResponse:
    if not TaskPolicy(request.user).can_see_caseload():
        raise Http404
    teams = selectors.caseload(request.user)
    shown = [(e.household.uuid, e.household.uuid) for team in teams for e in team.unassigned]
    record_reads(actor=request.user, object_type="lijst.caseload", shown=shown)
    return render(request, "tasks/caseload.html", {"teams": teams})


# -- the teamleider gives a household its worker ---------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def household_assign(request: StaffRequest, household_uuid: Any) -> HttpResponse:
    policy = HouseholdPolicy(request.user)
    household = policy.get_visible_or_404(uuid=household_uuid)
    if not policy.can_assign(household):
        raise Http404
    entry = assignable_entry(request.user, household)
    if entry is None:
        raise Http404
    loads = selectors.member_loads({entry.team_id})
    form = HouseholdAssignForm(
        request.POST if request.method == "POST" else None,
        members=team_members(entry.team_id),
        loads={user_id: load for (_team, user_id), load in loads.items()},
        initial={
            "worker": entry.worker_id,
            "regisseur": household.regisseur_id,
            "complexity": household.complexity,
        },
    )

    def save(data: dict[str, Any]) -> None:
        services.caseload_assign(
            acting_user=request.user,
            household=household,
            worker=data["worker"],
            regisseur=data["regisseur"],
            complexity=data["complexity"],
        )

    if submitted(request, form, save, "De toewijzing is opgeslagen; de open taken gaan mee."):
        return redirect("households:dossier", household_uuid=household.uuid)
    return render(
        request, "tasks/household_assign.html", {"form": form, "household": household, "team": entry.team}
    )
