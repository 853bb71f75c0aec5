"""Bezwaar and beroep API: the bezwaren against a request's beschikking, registering one, and the steps
after it (postponement, hearing, decision, beroep and its ruling). Same services, policies and audit as
the pages, with channel "api"; 404 for missing and not allowed alike. Serializers only check the shape;
the services decide and answer in Dutch per field."""

from typing import Any
from uuid import UUID

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from wijkregie.accounts.requests import StaffApiRequest
from wijkregie.audit.constants import Channel
from wijkregie.core.api import NOT_FOUND, UNAUTHENTICATED, StrictSerializer
from wijkregie.core.api import validated as _valid
from wijkregie.decisions import selectors, services
from wijkregie.decisions.constants import ObjectionOutcome
from wijkregie.decisions.models import MaatwerkRequest, Objection
from wijkregie.households.services import dossier_open

API = Channel.API
INVALID = OpenApiResponse(
    dict[str, list[str]],
    description="Ongeldige invoer: per veldnaam een lijst Nederlandse meldingen; `__all__` voor meldingen "
    "over het geheel (bijvoorbeeld: op dit bezwaar is al beslist).",
)
READ_ERRORS = {401: UNAUTHENTICATED, 404: NOT_FOUND}
ERRORS = {400: INVALID, **READ_ERRORS}
# Plain text with the values in the description: "outcome" is already an enum name in other apps.
OUTCOME_HELP = "Een van: " + ", ".join(f"`{value}` ({label})" for value, label in ObjectionOutcome.choices)


# -- serializers --------------------------------------------------------------------------------------------
class ObjectionSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    request = serializers.UUIDField(source="beschikking.request.uuid", read_only=True)
    beschikking = serializers.UUIDField(source="beschikking.uuid", read_only=True)
    beschikking_reference = serializers.CharField(source="beschikking.reference", read_only=True)
    received_on = serializers.DateField(read_only=True)
    objection_period_ends_on = serializers.DateField(
        source="term_state.period_ends_on",
        read_only=True,
        help_text="Laatste dag van de bezwaartermijn (Awb 6:7, 6:8), op een werkdag.",
    )
    late = serializers.BooleanField(
        source="term_state.late",
        read_only=True,
        help_text="Ontvangen na de bezwaartermijn; behandelen kan als dat verschoonbaar is (Awb 6:11).",
    )
    advisory_committee = serializers.BooleanField(read_only=True)
    decision_term_weeks = serializers.IntegerField(source="term_state.weeks", read_only=True)
    postponed_weeks = serializers.IntegerField(read_only=True)
    postponement_reason = serializers.CharField(read_only=True)
    decision_due_on = serializers.DateField(
        source="term_state.due_on",
        read_only=True,
        help_text="Uiterlijk beslissen op (Awb 7:10), met een eventuele verdaging.",
    )
    hearing_on = serializers.DateField(read_only=True, allow_null=True)
    outcome = serializers.CharField(read_only=True, help_text=f"Leeg zolang niet beslist. {OUTCOME_HELP}")
    decided_on = serializers.DateField(read_only=True, allow_null=True)
    motivation = serializers.CharField(read_only=True)
    new_request = serializers.UUIDField(
        source="new_request.uuid",
        read_only=True,
        allow_null=True,
        default=None,
        help_text="De aanvraag voor het nieuwe besluit na een gegrond bezwaar.",
    )
    appeal_filed_on = serializers.DateField(read_only=True, allow_null=True)
    appeal_outcome = serializers.CharField(read_only=True, help_text=f"Leeg zonder uitspraak. {OUTCOME_HELP}")
    appeal_decided_on = serializers.DateField(read_only=True, allow_null=True)


class ObjectionRegisterInput(StrictSerializer):
    received_on = serializers.DateField()
    advisory_committee = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Leeg: wat de gemeente standaard doet. Met adviescommissie is de beslistermijn 12 weken.",
    )


class ObjectionPostponeInput(StrictSerializer):
    weeks = serializers.IntegerField(help_text="1 tot en met 6 (Awb 7:10 lid 3); één keer.")
    reason = serializers.CharField(allow_blank=True)


class ObjectionHearingInput(StrictSerializer):
    hearing_on = serializers.DateField()


class ObjectionDecideInput(StrictSerializer):
    outcome = serializers.CharField(help_text=OUTCOME_HELP)
    decided_on = serializers.DateField()
    motivation = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Verplicht, behalve bij `ingetrokken`."
    )


class AppealRegisterInput(StrictSerializer):
    filed_on = serializers.DateField()


class AppealDecideInput(StrictSerializer):
    outcome = serializers.CharField(help_text=OUTCOME_HELP)
    decided_on = serializers.DateField()


# -- views --------------------------------------------------------------------------------------------------
def _request(request: StaffApiRequest, request_uuid: UUID) -> MaatwerkRequest:
    maatwerk = selectors.request_for(request.user, request_uuid)
    maatwerk.household = dossier_open(
        acting_user=request.user, household_uuid=maatwerk.household.uuid, channel=API
    )
    return maatwerk


def _objection(request: StaffApiRequest, objection_uuid: UUID) -> Objection:
    objection = selectors.objection_for(request.user, objection_uuid)
    maatwerk = objection.beschikking.request
    maatwerk.household = dossier_open(
        acting_user=request.user, household_uuid=maatwerk.household.uuid, channel=API
    )
    return objection


def _data(objections: list[Objection]) -> Any:
    for objection in objections:
        objection.term_state = selectors.objection_term(objection)  # type: ignore[attr-defined]
    return ObjectionSerializer(objections, many=True).data


def _detail(objection: Objection, code: int = status.HTTP_200_OK) -> Response:
    fresh = (
        Objection.objects.select_related("beschikking__request", "new_request")
        .defer("beschikking__letter")
        .get(pk=objection.pk)
    )
    return Response(_data([fresh])[0], status=code)


@extend_schema(tags=["maatwerk"])
class RequestObjectionsView(APIView):
    @extend_schema(
        operation_id="objections_list",
        summary="Bezwaren tegen de beschikking van een aanvraag",
        description="Nieuwste eerst, met de bezwaartermijn, de beslistermijn en de uitkomst.",
        responses={200: ObjectionSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: StaffApiRequest, request_uuid: UUID) -> Response:
        maatwerk = _request(request, request_uuid)
        return Response(_data(selectors.objections_of(maatwerk)))

    @extend_schema(
        operation_id="objections_create",
        summary="Bezwaar registreren",
        description="Alleen tegen een ondertekende beschikking. Opent de beslistermijn (Awb 7:10: 6 weken, "
        "12 met adviescommissie) vanaf de dag na het einde van de bezwaartermijn. Een bezwaar na die "
        "termijn wordt geregistreerd en als te laat gemarkeerd (Awb 6:11).",
        request=ObjectionRegisterInput,
        responses={201: ObjectionSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest, request_uuid: UUID) -> Response:
        maatwerk = _request(request, request_uuid)
        data = _valid(ObjectionRegisterInput, request)
        objection = services.objection_register(
            acting_user=request.user, request=maatwerk, channel=API, **data
        )
        return _detail(objection, status.HTTP_201_CREATED)


@extend_schema(tags=["maatwerk"])
class ObjectionDetailView(APIView):
    @extend_schema(
        operation_id="objections_retrieve",
        summary="Bezwaar met termijnen, beslissing en beroep",
        responses={200: ObjectionSerializer, **READ_ERRORS},
    )
    def get(self, request: StaffApiRequest, objection_uuid: UUID) -> Response:
        return _detail(_objection(request, objection_uuid))


@extend_schema(tags=["maatwerk"])
class ObjectionPostponeView(APIView):
    @extend_schema(
        operation_id="objections_postpone",
        summary="Beslissing op bezwaar verdagen",
        description="Eén keer, met 1 tot en met 6 weken en een schriftelijke reden, zolang de termijn loopt "
        "(Awb 7:10 lid 3). De taak schuift mee.",
        request=ObjectionPostponeInput,
        responses={200: ObjectionSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest, objection_uuid: UUID) -> Response:
        objection = _objection(request, objection_uuid)
        data = _valid(ObjectionPostponeInput, request)
        services.objection_postpone(acting_user=request.user, objection=objection, channel=API, **data)
        return _detail(objection)


@extend_schema(tags=["maatwerk"])
class ObjectionHearingView(APIView):
    @extend_schema(
        operation_id="objections_hearing",
        summary="Hoorzitting vastleggen of verplaatsen",
        description="Zolang niet op het bezwaar is beslist; niet vóór de ontvangst van het bezwaar.",
        request=ObjectionHearingInput,
        responses={200: ObjectionSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest, objection_uuid: UUID) -> Response:
        objection = _objection(request, objection_uuid)
        data = _valid(ObjectionHearingInput, request)
        services.objection_hearing_set(acting_user=request.user, objection=objection, channel=API, **data)
        return _detail(objection)


@extend_schema(tags=["maatwerk"])
class ObjectionDecideView(APIView):
    @extend_schema(
        operation_id="objections_decide",
        summary="Beslissen op bezwaar",
        description="Gegrond, ongegrond, niet-ontvankelijk of ingetrokken, met motivering (Awb 7:12). "
        "Sluit de beslistermijn. Bij gegrond ontstaat een nieuwe aanvraag voor een nieuw besluit.",
        request=ObjectionDecideInput,
        responses={200: ObjectionSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest, objection_uuid: UUID) -> Response:
        objection = _objection(request, objection_uuid)
        data = _valid(ObjectionDecideInput, request)
        services.objection_decide(acting_user=request.user, objection=objection, channel=API, **data)
        return _detail(objection)


@extend_schema(tags=["maatwerk"])
class AppealRegisterView(APIView):
    @extend_schema(
        operation_id="objections_appeal",
        summary="Beroep registreren",
        description="Tegen de beslissing op bezwaar (niet bij een ingetrokken bezwaar), op of na de "
        "beslisdatum.",
        request=AppealRegisterInput,
        responses={200: ObjectionSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest, objection_uuid: UUID) -> Response:
        objection = _objection(request, objection_uuid)
        data = _valid(AppealRegisterInput, request)
        services.appeal_register(acting_user=request.user, objection=objection, channel=API, **data)
        return _detail(objection)


@extend_schema(tags=["maatwerk"])
class AppealDecideView(APIView):
    @extend_schema(
        operation_id="objections_appeal_decide",
        summary="Uitspraak in beroep vastleggen",
        request=AppealDecideInput,
        responses={200: ObjectionSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest, objection_uuid: UUID) -> Response:
        objection = _objection(request, objection_uuid)
        data = _valid(AppealDecideInput, request)
        services.appeal_decide(acting_user=request.user, objection=objection, channel=API, **data)
        return _detail(objection)
