"""Allocation API: allocating a beschikking (casework), the allocations a user may see (casework, or a
provider's staff for their own organisation), reporting start and stop of care (the provider, instead of a
305/307), revoking (casework). Same services, policy and audit as the pages; 404 when not allowed."""

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from wijkregie.accounts.requests import StaffApiRequest
from wijkregie.allocations.constants import AllocationStatus
from wijkregie.allocations.models import Allocation
from wijkregie.allocations.policies import AllocationPolicy
from wijkregie.allocations.selectors import allocation as selectors
from wijkregie.allocations.services import allocation as services
from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.services import record, record_reads
from wijkregie.core.api import NOT_FOUND, UNAUTHENTICATED, StrictSerializer, checked_query, validated
from wijkregie.decisions.selectors import beschikking_for
from wijkregie.households.services import dossier_open
from wijkregie.providers.selectors import provider_by_uuid

API = Channel.API
INVALID = OpenApiResponse(
    dict[str, list[str]], description="Ongeldige invoer: per veldnaam een lijst Nederlandse meldingen."
)
READ_ERRORS = {401: UNAUTHENTICATED, 404: NOT_FOUND}
ERRORS = {400: INVALID, **READ_ERRORS}


class AllocationSerializer(serializers.ModelSerializer):
    """What the message standard carries: the provider's staff see no more than this."""

    provider = serializers.UUIDField(source="provider.uuid", read_only=True)
    provider_agb = serializers.CharField(source="provider.agb_code", read_only=True)
    municipality = serializers.CharField(source="municipality.cbs_code", read_only=True)
    beschikking = serializers.UUIDField(source="beschikking.uuid", read_only=True)
    client = serializers.SerializerMethodField()

    class Meta:
        model = Allocation
        fields = [
            "uuid", "number", "municipality", "provider", "provider_agb", "beschikking", "client", "law",
            "product_category", "product_code", "volume", "unit", "frequency", "budget_cents", "start_date",
            "end_date", "status", "resident_choice", "continuity", "started_on", "stopped_on", "stop_reason",
            "revoked_on",
        ]  # fmt: skip
        read_only_fields = fields

    def get_client(self, obj: Allocation) -> dict[str, Any]:
        """The BSN only for the provider's own staff (the 301 carries it to them)."""
        resident = obj.resident
        request = self.context.get("request")
        for_provider = request is not None and AllocationPolicy(request.user).is_provider_staff()
        return {
            **({"bsn": resident.bsn} if for_provider else {}),
            "birth_date": resident.birth_date,
            "surname": resident.surname,
            "surname_prefix": resident.surname_prefix,
            "initials": resident.initials,
            "postcode": resident.postcode,
            "house_number": resident.house_number,
        }


class AllocateInput(StrictSerializer):
    provider = serializers.UUIDField()
    resident_choice = serializers.BooleanField(required=False, default=False)


class StartInput(StrictSerializer):
    started_on = serializers.DateField()


class StopInput(StrictSerializer):
    stopped_on = serializers.DateField()
    reason = serializers.CharField(max_length=2, help_text="Reden beëindiging (WMO588 / JZ588).")


class RevokeInput(StrictSerializer):
    end_on = serializers.DateField()
    reason = serializers.ChoiceField(choices=list(services.REVOKE_REASONS.items()))


def _allocation(request: StaffApiRequest, allocation_uuid: UUID) -> Allocation:
    allocation = selectors.allocation_for(request.user, allocation_uuid)
    if AllocationPolicy(request.user).is_provider_staff():
        record(
            actor=request.user, action=Action.READ, obj=allocation, household_uuid=allocation.household.uuid,
            channel=API,
        )  # fmt: skip
    else:
        dossier_open(acting_user=request.user, household_uuid=allocation.household.uuid, channel=API)
    return allocation


def _detail(allocation: Allocation, request: Request, code: int = status.HTTP_200_OK) -> Response:
    context = {"request": request}
    fresh = Allocation.objects.select_related("provider", "municipality", "beschikking", "resident").defer(
        "beschikking__letter"
    )
    return Response(AllocationSerializer(fresh.get(pk=allocation.pk), context=context).data, status=code)


@extend_schema(tags=["toewijzingen"])
class AllocationListView(APIView):
    @extend_schema(
        operation_id="allocations_list",
        summary="Toewijzingen",
        description="Voor een aanbieder: de eigen toewijzingen (hooguit 100, nieuwste eerst), met "
        "`status` of `beschikking` beperkt. Voor casework: de toewijzingen van een beschikking met "
        "`?beschikking=<uuid>`.",
        parameters=[
            OpenApiParameter("beschikking", UUID, description="uuid van een beschikking"),
            OpenApiParameter("status", str, enum=AllocationStatus.values),
        ],
        responses={200: AllocationSerializer(many=True), 401: UNAUTHENTICATED, 404: NOT_FOUND},
    )
    def get(self, request: StaffApiRequest) -> Response:
        checked_query(request, uuids=("beschikking",), choices={"status": AllocationStatus.values})
        if AllocationPolicy(request.user).is_provider_staff():
            rows = selectors.provider_worklist(
                request.user,
                request.query_params.get("status", ""),
                request.query_params.get("beschikking"),
            )
            shown = [(a.uuid, a.household.uuid) for a in rows]
            record_reads(actor=request.user, object_type="lijst.toewijzingen", shown=shown, channel=API)
        elif request.query_params.get("beschikking"):
            beschikking = beschikking_for(request.user, UUID(request.query_params["beschikking"]))
            dossier_open(
                acting_user=request.user, household_uuid=beschikking.request.household.uuid, channel=API
            )
            rows = selectors.allocations_of_beschikking(beschikking)
        else:
            rows = []
        return Response(AllocationSerializer(rows, many=True, context={"request": request}).data)


@extend_schema(tags=["toewijzingen"])
class AllocateView(APIView):
    @extend_schema(
        operation_id="beschikkingen_allocate",
        summary="Beschikking toewijzen",
        description="Aan een aanbieder met een contract voor het product; verstuurt de 301.",
        request=AllocateInput,
        responses={201: AllocationSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest, beschikking_uuid: UUID) -> Response:
        beschikking = beschikking_for(request.user, beschikking_uuid)
        data = validated(AllocateInput, request)
        provider = provider_by_uuid(data["provider"])
        if provider is None:
            raise ValidationError({"provider": ["Onbekende aanbieder."]})
        allocation = services.allocation_create(
            acting_user=request.user,
            beschikking=beschikking,
            provider=provider,
            resident_choice=data["resident_choice"],
            channel=API,
        )
        return _detail(allocation, request, status.HTTP_201_CREATED)


@extend_schema(tags=["toewijzingen"])
class AllocationDetailView(APIView):
    @extend_schema(
        operation_id="allocations_retrieve",
        summary="Eén toewijzing",
        responses={200: AllocationSerializer, **READ_ERRORS},
    )
    def get(self, request: StaffApiRequest, allocation_uuid: UUID) -> Response:
        return _detail(_allocation(request, allocation_uuid), request)


@extend_schema(tags=["toewijzingen"])
class AllocationStartView(APIView):
    @extend_schema(
        operation_id="allocations_start",
        summary="Start van de zorg doorgeven",
        description="Door de aanbieder, in plaats van een 305.",
        request=StartInput,
        responses={200: AllocationSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest, allocation_uuid: UUID) -> Response:
        allocation = selectors.allocation_for(request.user, allocation_uuid)
        if not AllocationPolicy(request.user).is_provider_staff():
            raise Http404
        data = validated(StartInput, request)
        services.allocation_report_start(acting_user=request.user, allocation=allocation, channel=API, **data)
        return _detail(allocation, request)


@extend_schema(tags=["toewijzingen"])
class AllocationStopView(APIView):
    @extend_schema(
        operation_id="allocations_stop",
        summary="Einde van de zorg doorgeven",
        description="Door de aanbieder, in plaats van een 307.",
        request=StopInput,
        responses={200: AllocationSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest, allocation_uuid: UUID) -> Response:
        allocation = selectors.allocation_for(request.user, allocation_uuid)
        if not AllocationPolicy(request.user).is_provider_staff():
            raise Http404
        data = validated(StopInput, request)
        services.allocation_report_stop(acting_user=request.user, allocation=allocation, channel=API, **data)
        return _detail(allocation, request)


@extend_schema(tags=["toewijzingen"])
class AllocationRevokeView(APIView):
    @extend_schema(
        operation_id="allocations_revoke",
        summary="Toewijzing intrekken",
        description="Door de gemeente: de toewijzing eindigt op `end_on`; de aanbieder krijgt de 301 opnieuw "
        "met de reden (WMO002 / JZ002).",
        request=RevokeInput,
        responses={200: AllocationSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest, allocation_uuid: UUID) -> Response:
        allocation = selectors.allocation_for(request.user, allocation_uuid)
        if AllocationPolicy(request.user).is_provider_staff():
            raise Http404
        data = validated(RevokeInput, request)
        services.allocation_revoke(acting_user=request.user, allocation=allocation, channel=API, **data)
        return _detail(allocation, request)
