"""Plans API: the household plan with goals, actions, versions and agreement; MDO's; evaluations.

Thin: selectors fetch by uuid within the HouseholdPolicy (404 for missing and not allowed alike), the
dossier is opened (access row, break-the-glass flag) before anything is shown or changed, services write
and audit with channel "api", serializers only check the shape."""

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from wijkregie.accounts.requests import StaffApiRequest
from wijkregie.assessment.services import DomainScoreData
from wijkregie.audit.constants import Channel
from wijkregie.core.api import (
    IF_MATCH,
    NOT_FOUND,
    PRECONDITION_FAILED,
    UNAUTHENTICATED,
    expected_version,
    with_version,
)
from wijkregie.core.api import validated as _valid
from wijkregie.households.models import Household, Resident
from wijkregie.households.services import dossier_open
from wijkregie.organisation.models import Organisation
from wijkregie.plans import selectors, services
from wijkregie.plans.models import Plan

from . import serializers as s

API = Channel.API
INVALID = OpenApiResponse(
    dict[str, list[str]],
    description="Ongeldige invoer: per veldnaam een lijst Nederlandse meldingen; `__all__` voor meldingen "
    "over "
    "het geheel (bijvoorbeeld: een plan zonder doelen kan niet actief worden).",
)
READ_ERRORS = {401: UNAUTHENTICATED, 404: NOT_FOUND}
ERRORS = {400: INVALID, **READ_ERRORS}
NO_CONTENT = OpenApiResponse(description="Verwijderd.")


def _open(request: StaffApiRequest, household: Household) -> Household:
    """Open the dossier: checks the policy again and writes the access row (API channel)."""
    return dossier_open(acting_user=request.user, household_uuid=household.uuid, channel=API)


def _plan(request: StaffApiRequest, plan_uuid: UUID) -> Plan:
    plan = selectors.plan_visible(request.user, plan_uuid)
    plan.household = _open(request, plan.household)
    return plan


def _members(household: Household, uuids: list[UUID], field: str) -> list[Resident]:
    members = {str(r.uuid): r for r in selectors.current_members(household)}
    if any(str(u) not in members for u in uuids):
        raise ValidationError({field: ["Kies alleen leden van het huishouden."]})
    return [members[str(u)] for u in uuids]


def _organisation(
    household: Household, uuid: UUID | None, field: str = "organisation"
) -> Organisation | None:
    if uuid is None:
        return None
    organisation = selectors.selectable_organisations(household).filter(uuid=uuid).first()
    if organisation is None:
        raise ValidationError({field: ["Kies een organisatie uit de lijst."]})
    return organisation


def _domain(plan: Plan, code: str) -> Any:
    domain = selectors.instrument_domains(selectors.plan_instrument(plan)).filter(code=code).first()
    if domain is None:
        raise ValidationError({"domain": ["Kies een leefgebied uit de lijst."]})
    return domain


def _action_values(household: Household, data: dict[str, Any]) -> dict[str, Any]:
    if "organisation" in data:
        data["organisation"] = _organisation(household, data["organisation"])
    return data


def _detail(plan: Plan, code: int = status.HTTP_200_OK) -> Response:
    return Response(s.PlanSerializer(selectors.plan_detail(plan)).data, status=code)


# -- plans --------------------------------------------------------------------------------------------------
@extend_schema(tags=["plannen"])
class HouseholdPlansView(APIView):
    @extend_schema(
        operation_id="plans_list",
        summary="Plannen van een huishouden",
        description="Het open plan eerst, dan de afgesloten plannen. Elke inzage wordt gelogd.",
        responses={200: s.PlanSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: StaffApiRequest, household_uuid: UUID) -> Response:
        household = dossier_open(acting_user=request.user, household_uuid=household_uuid, channel=API)
        return Response(s.PlanSerializer(selectors.household_plans(household), many=True).data)

    @extend_schema(
        operation_id="plans_create",
        summary="Plan maken (concept)",
        description="Hoogstens één open plan per huishouden; gekoppeld aan de laatste brede uitvraag.",
        request=s.PlanCreateInput,
        responses={201: s.PlanSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest, household_uuid: UUID) -> Response:
        household = dossier_open(acting_user=request.user, household_uuid=household_uuid, channel=API)
        data = _valid(s.PlanCreateInput, request)
        plan = services.plan_create(acting_user=request.user, household=household, channel=API, **data)
        return _detail(plan, status.HTTP_201_CREATED)


@extend_schema(tags=["plannen"])
class PlanDetailView(APIView):
    @extend_schema(
        operation_id="plans_retrieve",
        summary="Plan met doelen, acties en versies",
        responses={200: s.PlanSerializer, **READ_ERRORS},
    )
    def get(self, request: StaffApiRequest, plan_uuid: UUID) -> Response:
        return _detail(_plan(request, plan_uuid))

    @extend_schema(
        operation_id="plans_update",
        summary="Evaluatiedatum wijzigen",
        description="Van een actief plan; de taak 'Plan evalueren' schuift mee.",
        request=s.PlanUpdateInput,
        responses={200: s.PlanSerializer, **ERRORS},
    )
    def patch(self, request: StaffApiRequest, plan_uuid: UUID) -> Response:
        plan = _plan(request, plan_uuid)
        data = _valid(s.PlanUpdateInput, request)
        services.plan_evaluation_date_set(acting_user=request.user, plan=plan, channel=API, **data)
        return _detail(plan)


@extend_schema(tags=["plannen"])
class PlanActivateView(APIView):
    @extend_schema(
        operation_id="plans_activate",
        summary="Plan actief maken",
        description="Vereist minstens één doel; legt versie 1 vast en plant de evaluatie.",
        request=s.PlanActivateInput,
        responses={200: s.PlanSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest, plan_uuid: UUID) -> Response:
        plan = _plan(request, plan_uuid)
        data = _valid(s.PlanActivateInput, request)
        services.plan_activate(acting_user=request.user, plan=plan, channel=API, **data)
        return _detail(plan)


@extend_schema(tags=["plannen"])
class PlanVersionsView(APIView):
    @extend_schema(
        operation_id="plans_version_make",
        summary="Nieuwe versie vastleggen",
        description="Alleen als het plan sinds de vorige versie is veranderd.",
        request=None,
        responses={201: s.PlanVersionSerializer, 400: INVALID, **READ_ERRORS},
    )
    def post(self, request: StaffApiRequest, plan_uuid: UUID) -> Response:
        plan = _plan(request, plan_uuid)
        version = services.plan_version_make(acting_user=request.user, plan=plan, channel=API)
        return Response(s.PlanVersionSerializer(version).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["plannen"])
class VersionAgreementView(APIView):
    @extend_schema(
        operation_id="plan_versions_agreement",
        summary="Akkoord van de inwoner op een versie vastleggen",
        request=s.PlanAgreementInput,
        responses={200: s.PlanVersionSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest, version_uuid: UUID) -> Response:
        version = selectors.version_visible(request.user, version_uuid)
        household = _open(request, version.plan.household)
        version.plan.household = household
        data = _valid(s.PlanAgreementInput, request)
        [agreed_by] = _members(household, [data.pop("agreed_by")], "agreed_by")
        version = services.plan_agreement_record(
            acting_user=request.user,
            version=version,
            agreed_on=data["agreed_on"],
            method=data["agreement_method"],
            agreed_by=agreed_by,
            channel=API,
        )
        return Response(s.PlanVersionSerializer(version).data)


@extend_schema(tags=["plannen"])
class VersionPdfView(APIView):
    @extend_schema(
        operation_id="plan_versions_pdf",
        summary="Het plandocument van een versie (PDF)",
        description="Het leesbare plan om aan het huishouden te geven. Elke download staat in het auditlog "
        "(exporteren) en op de tijdlijn; de bestandsnaam bevat geen persoonsgegevens.",
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, **READ_ERRORS},
    )
    def get(self, request: StaffApiRequest, version_uuid: UUID) -> HttpResponse:
        version = selectors.version_visible(request.user, version_uuid)
        pdf = services.plan_version_export(acting_user=request.user, version=version, channel=API)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{services.plan_version_filename(version)}"'
        response["Cache-Control"] = "no-store"
        return response


@extend_schema(tags=["plannen"])
class PlanCloseView(APIView):
    @extend_schema(
        operation_id="plans_close",
        summary="Plan afsluiten met een uitkomst",
        description="Doelen die nog open staan, vervallen; de taken van het plan vervallen.",
        request=s.PlanCloseInput,
        responses={200: s.PlanSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest, plan_uuid: UUID) -> Response:
        plan = _plan(request, plan_uuid)
        data = _valid(s.PlanCloseInput, request)
        services.plan_close(acting_user=request.user, plan=plan, channel=API, **data)
        return _detail(plan)


# -- goals and actions --------------------------------------------------------------------------------------
@extend_schema(tags=["plannen"])
class PlanGoalsView(APIView):
    @extend_schema(
        operation_id="goals_create",
        summary="Doel toevoegen",
        description="`domain` is de code van een leefgebied van het instrument van het plan; `members` de "
        "uuid's van huidige leden.",
        request=s.PlanGoalInput,
        responses={201: s.PlanGoalSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest, plan_uuid: UUID) -> Response:
        plan = _plan(request, plan_uuid)
        data = _valid(s.PlanGoalInput, request)
        goal = services.goal_add(
            acting_user=request.user,
            plan=plan,
            domain=_domain(plan, data["domain"]),
            members=_members(plan.household, data["members"], "members"),
            description=data["description"],
            channel=API,
        )
        return Response(s.PlanGoalSerializer(goal).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["plannen"])
class GoalDetailView(APIView):
    @extend_schema(
        operation_id="goals_update",
        summary="Doel wijzigen",
        description="Alleen de meegestuurde velden wijzigen. Met `If-Match` (de ETag of `version`) alleen "
        "als niemand het doel intussen wijzigde.",
        request=s.PlanGoalInput,
        parameters=[IF_MATCH],
        responses={200: s.PlanGoalSerializer, 412: PRECONDITION_FAILED, **ERRORS},
    )
    def patch(self, request: StaffApiRequest, goal_uuid: UUID) -> Response:
        goal = selectors.goal_visible(request.user, goal_uuid)
        goal.plan.household = _open(request, goal.plan.household)
        data = _valid(s.PlanGoalInput, request, partial=True)
        if "domain" in data:
            data["domain"] = _domain(goal.plan, data["domain"])
        if "members" in data:
            data["members"] = _members(goal.plan.household, data["members"], "members")
        goal = services.goal_update(
            acting_user=request.user,
            goal=goal,
            changes=data,
            expected_version=expected_version(request),
            channel=API,
        )
        return with_version(Response(s.PlanGoalSerializer(goal).data), goal)

    @extend_schema(
        operation_id="goals_destroy",
        summary="Doel verwijderen",
        description="Niet als het doel al is geëvalueerd.",
        responses={204: NO_CONTENT, 400: INVALID, **READ_ERRORS},
    )
    def delete(self, request: StaffApiRequest, goal_uuid: UUID) -> Response:
        goal = selectors.goal_visible(request.user, goal_uuid)
        goal.plan.household = _open(request, goal.plan.household)
        services.goal_remove(acting_user=request.user, goal=goal, channel=API)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["plannen"])
class GoalActionsView(APIView):
    @extend_schema(
        operation_id="actions_create",
        summary="Actie toevoegen op de ondersteuningsladder",
        description="Een actie op een maatwerktrede vraagt `maatwerk_reason`: waarom lichtere treden niet "
        "volstaan (minstens 20 tekens).",
        request=s.PlanActionInput,
        responses={201: s.PlanActionSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest, goal_uuid: UUID) -> Response:
        goal = selectors.goal_visible(request.user, goal_uuid)
        goal.plan.household = _open(request, goal.plan.household)
        data = _action_values(goal.plan.household, _valid(s.PlanActionInput, request))
        action = services.action_add(acting_user=request.user, goal=goal, channel=API, **data)
        return Response(s.PlanActionSerializer(action).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["plannen"])
class ActionDetailView(APIView):
    @extend_schema(
        operation_id="actions_update",
        summary="Actie wijzigen",
        description="Alleen de meegestuurde velden wijzigen; de taak 'Actie loopt af' schuift mee. Met "
        "`If-Match` (de ETag of `version`) alleen als niemand de actie intussen wijzigde.",
        request=s.PlanActionInput,
        parameters=[IF_MATCH],
        responses={200: s.PlanActionSerializer, 412: PRECONDITION_FAILED, **ERRORS},
    )
    def patch(self, request: StaffApiRequest, action_uuid: UUID) -> Response:
        action = selectors.action_visible(request.user, action_uuid)
        household = _open(request, action.goal.plan.household)
        action.goal.plan.household = household
        data = _action_values(household, _valid(s.PlanActionInput, request, partial=True))
        action = services.action_update(
            acting_user=request.user,
            action=action,
            changes=data,
            expected_version=expected_version(request),
            channel=API,
        )
        return with_version(Response(s.PlanActionSerializer(action).data), action)

    @extend_schema(
        operation_id="actions_destroy",
        summary="Actie verwijderen",
        responses={204: NO_CONTENT, 400: INVALID, **READ_ERRORS},
    )
    def delete(self, request: StaffApiRequest, action_uuid: UUID) -> Response:
        action = selectors.action_visible(request.user, action_uuid)
        action.goal.plan.household = _open(request, action.goal.plan.household)
        services.action_remove(acting_user=request.user, action=action, channel=API)
        return Response(status=status.HTTP_204_NO_CONTENT)


# -- MDO ----------------------------------------------------------------------------------------------------
@extend_schema(tags=["mdo"])
class HouseholdMdosView(APIView):
    @extend_schema(
        operation_id="mdos_list",
        summary="MDO's over een huishouden",
        responses={200: s.MdoSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: StaffApiRequest, household_uuid: UUID) -> Response:
        household = dossier_open(acting_user=request.user, household_uuid=household_uuid, channel=API)
        return Response(s.MdoSerializer(selectors.household_mdos(household), many=True).data)

    @extend_schema(
        operation_id="mdos_create",
        summary="MDO vastleggen",
        description="Met de deelnemers (naam, organisatie-uuid of leeg, rol) en wat er besproken is.",
        request=s.MdoInput,
        responses={201: s.MdoSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest, household_uuid: UUID) -> Response:
        household = dossier_open(acting_user=request.user, household_uuid=household_uuid, channel=API)
        data = _valid(s.MdoInput, request)
        participants = [
            (p["name"], _organisation(household, p.get("organisation"), "participants"), p.get("role", ""))
            for p in data["participants"]
        ]
        mdo = services.mdo_create(
            acting_user=request.user,
            household=household,
            held_on=data["held_on"],
            discussed=data["discussed"],
            participants=participants,
            channel=API,
        )
        return Response(s.MdoSerializer(mdo).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["mdo"])
class MdoDecisionsView(APIView):
    @extend_schema(
        operation_id="mdo_decisions_create",
        summary="Besluit vastleggen bij een MDO",
        request=s.MdoDecisionInput,
        responses={201: s.MdoDecisionSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest, mdo_uuid: UUID) -> Response:
        mdo = selectors.mdo_visible(request.user, mdo_uuid)
        mdo.household = _open(request, mdo.household)
        data = _valid(s.MdoDecisionInput, request)
        decision = services.mdo_decision_add(
            acting_user=request.user, mdo=mdo, text=data["text"], channel=API
        )
        return Response(s.MdoDecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["mdo"])
class DecisionActionView(APIView):
    @extend_schema(
        operation_id="mdo_decisions_to_action",
        summary="Besluit als actie in het plan zetten",
        description="Op een doel van het open plan; dezelfde regels als een actie toevoegen. Zonder "
        "`description` wordt de tekst van het besluit gebruikt.",
        request=s.MdoDecisionActionInput,
        responses={201: s.PlanActionSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest, decision_uuid: UUID) -> Response:
        decision = selectors.decision_visible(request.user, decision_uuid)
        household = _open(request, decision.mdo.household)
        decision.mdo.household = household
        data = _action_values(household, _valid(s.MdoDecisionActionInput, request))
        goal_uuid = data.pop("goal")
        plan = selectors.open_plan(household)
        goal = plan.goals.filter(uuid=goal_uuid).first() if plan is not None else None
        if goal is None:
            raise ValidationError({"goal": ["Kies een doel uit het open plan van dit huishouden."]})
        goal.plan.household = household
        action = services.mdo_decision_to_action(
            acting_user=request.user, decision=decision, goal=goal, channel=API, **data
        )
        return Response(s.PlanActionSerializer(action).data, status=status.HTTP_201_CREATED)


# -- evaluations --------------------------------------------------------------------------------------------
@extend_schema(tags=["plannen"])
class PlanEvaluationsView(APIView):
    @extend_schema(
        operation_id="evaluations_list",
        summary="Evaluaties van een plan",
        responses={200: s.PlanEvaluationSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: StaffApiRequest, plan_uuid: UUID) -> Response:
        plan = _plan(request, plan_uuid)
        return Response(s.PlanEvaluationSerializer(selectors.plan_evaluations(plan), many=True).data)

    @extend_schema(
        operation_id="evaluations_create",
        summary="Plan evalueren",
        description="Per doel een doelrealisatie (GAS, −2 tot en met +2), optioneel een status om het doel "
        "af te sluiten; per lid optioneel opnieuw scoren op het instrument van het plan (`domain` is de "
        "code van het leefgebied). Niet vóór de start van het plan. Alles of niets wordt opgeslagen.",
        request=s.PlanEvaluationInput,
        responses={201: s.PlanEvaluationSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest, plan_uuid: UUID) -> Response:
        plan = _plan(request, plan_uuid)
        data = _valid(s.PlanEvaluationInput, request)
        attainments = {
            a["goal"]: (a["score"], a.get("note", ""), a.get("status") or None) for a in data["attainments"]
        }
        rescoring = None
        if data.get("rescoring"):
            residents = _members(plan.household, [r["resident"] for r in data["rescoring"]], "rescoring")
            rescoring = [
                (
                    resident,
                    [DomainScoreData(domain_code=x["domain"], value=x["value"]) for x in row["scores"]],
                )
                for resident, row in zip(residents, data["rescoring"], strict=True)
            ]
        evaluation = services.evaluation_record(
            acting_user=request.user,
            plan=plan,
            held_on=data["held_on"],
            notes=data.get("notes", ""),
            attainments=attainments,
            rescoring=rescoring,
            next_evaluation_date=data.get("next_evaluation_date"),
            channel=API,
        )
        return Response(s.PlanEvaluationSerializer(evaluation).data, status=status.HTTP_201_CREATED)
