"""Tasks API. Thin: the TaskPolicy decides (404 for missing and not allowed alike), selectors read,
services write and audit (channel "api"), serializers only validate and shape."""

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from wijkregie.accounts.requests import StaffApiRequest
from wijkregie.audit.constants import Channel
from wijkregie.audit.services import record_reads
from wijkregie.core.api import NOT_FOUND, UNAUTHENTICATED, checked_query
from wijkregie.core.api import validated as _valid
from wijkregie.households.policies import HouseholdPolicy
from wijkregie.households.services import assignable_entry, dossier_open
from wijkregie.organisation.models import Team
from wijkregie.tasks import selectors, services
from wijkregie.tasks.models import Task
from wijkregie.tasks.policies import TaskPolicy

from . import serializers as s

INVALID = OpenApiResponse(
    dict[str, list[str]],
    description="Ongeldige invoer: per veldnaam een lijst Nederlandse meldingen; `non_field_errors` of "
    "`status` voor meldingen over de taak zelf.",
)
READ_ERRORS = {401: UNAUTHENTICATED, 404: NOT_FOUND}
ERRORS = {400: INVALID, **READ_ERRORS}
LISTS = ("mijn", "team", "huishouden")


def _caseworker_or_404(request: Request) -> TaskPolicy:
    policy = TaskPolicy(request.user)
    if not policy.is_caseworker():
        raise Http404
    return policy


def _task_or_404(request: Request, task_uuid: UUID) -> Task:
    policy = _caseworker_or_404(request)
    task: Task = policy.get_visible_or_404(uuid=task_uuid)
    return task


def _shown(task: Task) -> dict[str, Any]:
    task.refresh_from_db()
    return dict(s.TaskSerializer(selectors.mark([task])[0]).data)


@extend_schema(tags=["taken"])
class TaskListView(generics.GenericAPIView):
    serializer_class = s.TaskSerializer

    @extend_schema(
        operation_id="tasks_list",
        summary="Takenlijst",
        description="`lijst=mijn` (standaard): taken die aan u zijn toegewezen; `lijst=team`: taken van uw "
        "teams (met `team=<uuid>` één team), ook niet toegewezen; `lijst=huishouden&huishouden=<uuid>`: de "
        "taken van één huishouden (de inzage wordt gelogd). Openstaand en opgeschort, te laat eerst, dan op "
        f"uiterste datum; hooguit {selectors.LIST_LIMIT}.",
        parameters=[
            OpenApiParameter("lijst", OpenApiTypes.STR, enum=list(LISTS), required=False),
            OpenApiParameter("huishouden", OpenApiTypes.UUID, required=False),
            OpenApiParameter("team", OpenApiTypes.UUID, required=False),
        ],
        responses={200: s.TaskSerializer(many=True), 400: INVALID, 401: UNAUTHENTICATED, 404: NOT_FOUND},
    )
    def get(self, request: StaffApiRequest) -> Response:
        _caseworker_or_404(request)
        checked_query(request, uuids=("team", "huishouden"))
        which = request.query_params.get("lijst", "mijn")
        if which not in LISTS:
            raise ValidationError({"lijst": ["Kies mijn, team of huishouden."]})
        tasks: list[Task]
        if which == "mijn":
            tasks = selectors.my_tasks(request.user)
        elif which == "team":
            team = None
            if request.query_params.get("team"):
                teams = selectors.user_teams(request.user)
                team = next((t for t in teams if str(t.uuid) == request.query_params["team"]), None)
                if team is None:
                    raise ValidationError({"team": ["Kies een van uw teams."]})
            tasks = selectors.team_tasks(request.user, team=team)
        else:
            household_uuid = request.query_params.get("huishouden", "")
            if not household_uuid:
                raise ValidationError({"huishouden": ["Kies het huishouden."]})
            household = dossier_open(
                acting_user=request.user, household_uuid=household_uuid, channel=Channel.API
            )
            current, closed = selectors.household_tasks(household)
            tasks = current + closed
        page = self.paginate_queryset(tasks) or []
        if which != "huishouden":  # a household's own tasks: its dossier read is the access row
            shown = [(t.uuid, t.household.uuid) for t in page]
            record_reads(actor=request.user, object_type="lijst.taken", shown=shown, channel=Channel.API)
        return self.get_paginated_response(s.TaskSerializer(page, many=True).data)

    @extend_schema(
        operation_id="tasks_create",
        summary="Taak aanmaken",
        description="Een eigen taak bij een huishouden, voor een van uw teams dat het in de werkvoorraad "
        "heeft. De uiterste datum ligt niet in het verleden.",
        request=s.TaskCreateSerializer,
        responses={201: s.TaskSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest) -> Response:
        _caseworker_or_404(request)
        data = _valid(s.TaskCreateSerializer, request)
        household = HouseholdPolicy(request.user).get_visible_or_404(uuid=data["household"])
        team = None
        if data.get("team") is not None:
            team = Team.objects.filter(uuid=data["team"]).first()
            if team is None:
                raise ValidationError(
                    {"team": ["Kies een team van u dat dit huishouden in de werkvoorraad heeft."]}
                )
        task = services.task_create(
            acting_user=request.user,
            household=household,
            title=data["title"],
            due_on=data["due_on"],
            team=team,
            assignee=data.get("assignee"),
            channel=Channel.API,
        )
        return Response(_shown(task), status=status.HTTP_201_CREATED)


@extend_schema(tags=["taken"])
class TaskDetailView(APIView):
    @extend_schema(
        operation_id="tasks_retrieve",
        summary="Eén taak",
        description="De inzage wordt gelogd.",
        responses={200: s.TaskSerializer, **READ_ERRORS},
    )
    def get(self, request: StaffApiRequest, task_uuid: UUID) -> Response:
        _caseworker_or_404(request)
        task = services.task_open(acting_user=request.user, task_uuid=task_uuid, channel=Channel.API)
        return Response(s.TaskSerializer(task).data)


class _ActionView(APIView):
    input: type[serializers.Serializer] | None = None

    def act(self, request: StaffApiRequest, task: Task, data: dict[str, Any]) -> Task:
        raise NotImplementedError

    def post(self, request: StaffApiRequest, task_uuid: UUID) -> Response:
        task = _task_or_404(request, task_uuid)
        data = _valid(self.input, request) if self.input is not None else {}
        return Response(_shown(self.act(request, task, data)))


@extend_schema(tags=["taken"])
class TaskCompleteView(_ActionView):
    @extend_schema(
        operation_id="tasks_complete",
        summary="Taak afronden",
        request=None,
        responses={200: s.TaskSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest, task_uuid: UUID) -> Response:
        return super().post(request, task_uuid)

    def act(self, request: StaffApiRequest, task: Task, data: dict[str, Any]) -> Task:
        return services.task_complete(acting_user=request.user, task=task, channel=Channel.API)


@extend_schema(tags=["taken"])
class TaskSuspendView(_ActionView):
    input = s.SuspendSerializer

    @extend_schema(
        operation_id="tasks_suspend",
        summary="Termijn opschorten",
        description="Alleen een openstaande taak; met reden (minstens 10 tekens). `on` standaard vandaag.",
        request=s.SuspendSerializer,
        responses={200: s.TaskSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest, task_uuid: UUID) -> Response:
        return super().post(request, task_uuid)

    def act(self, request: StaffApiRequest, task: Task, data: dict[str, Any]) -> Task:
        return services.task_suspend(
            acting_user=request.user, task=task, reason=data["reason"], on=data.get("on"), channel=Channel.API
        )


@extend_schema(tags=["taken"])
class TaskResumeView(_ActionView):
    input = s.ResumeSerializer

    @extend_schema(
        operation_id="tasks_resume",
        summary="Opgeschorte termijn hervatten",
        description="De uiterste datum schuift op met het aantal dagen van de opschorting (en naar een "
        "werkdag bij een wettelijke termijn). `on` standaard vandaag.",
        request=s.ResumeSerializer,
        responses={200: s.TaskSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest, task_uuid: UUID) -> Response:
        return super().post(request, task_uuid)

    def act(self, request: StaffApiRequest, task: Task, data: dict[str, Any]) -> Task:
        return services.task_resume(
            acting_user=request.user, task=task, on=data.get("on"), channel=Channel.API
        )


@extend_schema(tags=["taken"])
class TaskExtendView(_ActionView):
    input = s.ExtendSerializer

    @extend_schema(
        operation_id="tasks_extend",
        summary="Wettelijke termijn verlengen",
        description="Alleen waar de wet verlenging toestaat, tot hooguit `extension_limit`.",
        request=s.ExtendSerializer,
        responses={200: s.TaskSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest, task_uuid: UUID) -> Response:
        return super().post(request, task_uuid)

    def act(self, request: StaffApiRequest, task: Task, data: dict[str, Any]) -> Task:
        return services.task_extend(
            acting_user=request.user,
            task=task,
            new_due_on=data["new_due_on"],
            reason=data["reason"],
            channel=Channel.API,
        )


@extend_schema(tags=["taken"])
class TaskReassignView(_ActionView):
    input = s.ReassignSerializer

    @extend_schema(
        operation_id="tasks_reassign",
        summary="Taak toewijzen",
        description="Aan een lid van het team van de taak, of (null) terug aan het team.",
        request=s.ReassignSerializer,
        responses={200: s.TaskSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest, task_uuid: UUID) -> Response:
        return super().post(request, task_uuid)

    def act(self, request: StaffApiRequest, task: Task, data: dict[str, Any]) -> Task:
        return services.task_reassign(
            acting_user=request.user, task=task, assignee=data["assignee"], channel=Channel.API
        )


@extend_schema(tags=["taken"])
class CaseloadView(APIView):
    @extend_schema(
        operation_id="caseload_retrieve",
        summary="Caseload per team en medewerker",
        description="Voor de teamleider: per team waar u lid van bent, per medewerker het aantal "
        "toegewezen huishoudens, hun gewicht, regie, open en te late taken; en de nog niet toegewezen "
        "huishoudens.",
        responses={200: s.TeamCaseloadSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request) -> Response:
        if not TaskPolicy(request.user).can_see_caseload():
            raise Http404
        teams = selectors.caseload(request.user)
        shown = [(e.household.uuid, e.household.uuid) for team in teams for e in team.unassigned]
        record_reads(actor=request.user, object_type="lijst.caseload", shown=shown, channel=Channel.API)
        return Response(s.TeamCaseloadSerializer(teams, many=True).data)


@extend_schema(tags=["huishoudens"])
class HouseholdAssignmentView(APIView):
    @extend_schema(
        operation_id="households_assign",
        summary="Medewerker (en regisseur) toewijzen",
        description="Voor de teamleider van een team dat het huishouden in de werkvoorraad heeft.",
        request=s.AssignmentSerializer,
        responses={200: s.AssignmentResultSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest, household_uuid: UUID) -> Response:
        policy = HouseholdPolicy(request.user)
        household = policy.get_visible_or_404(uuid=household_uuid)
        if not policy.can_assign(household):
            raise Http404
        if assignable_entry(request.user, household) is None:
            raise Http404
        data = _valid(s.AssignmentSerializer, request)
        entry = services.caseload_assign(
            acting_user=request.user,
            household=household,
            worker=data["worker"],
            regisseur=data.get("regisseur"),
            channel=Channel.API,
        )
        result = {"team": entry.team, "worker": entry.worker, "regisseur": household.regisseur}
        return Response(s.AssignmentResultSerializer(result).data)
