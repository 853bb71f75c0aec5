"""Households API. Thin: policies decide (404 for missing and not allowed alike), selectors read, services
write and audit (channel "api"), serializers only validate and shape."""

from typing import Any
from uuid import UUID

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from wijkregie.accounts.requests import StaffApiRequest
from wijkregie.audit.constants import Channel
from wijkregie.audit.services import record_reads
from wijkregie.core.api import (
    IF_MATCH,
    NOT_FOUND,
    PRECONDITION_FAILED,
    UNAUTHENTICATED,
    ErrorSerializer,
    expected_version,
    with_version,
)
from wijkregie.core.api import validated as _valid
from wijkregie.households import selectors, services
from wijkregie.households.policies import HouseholdPolicy
from wijkregie.integrations.brp import BrpUnavailable

from . import serializers as s

INVALID = OpenApiResponse(
    dict[str, list[str]],
    description="Ongeldige invoer: per veldnaam een lijst Nederlandse meldingen; `non_field_errors` voor "
    "meldingen over de combinatie van velden.",
)
READ_ERRORS = {401: UNAUTHENTICATED, 404: NOT_FOUND}
ERRORS = {400: INVALID, **READ_ERRORS}


def _caseworker_or_404(request: Request) -> HouseholdPolicy:
    policy = HouseholdPolicy(request.user)
    if not policy.can_register():
        raise Http404
    return policy


@extend_schema(tags=["huishoudens"])
class HouseholdListView(generics.ListAPIView):
    serializer_class = s.HouseholdSummarySerializer

    @extend_schema(
        operation_id="households_worklist",
        summary="Mijn werkvoorraad",
        description="Huishoudens waarvan u de toegewezen medewerker of de regisseur bent.",
        responses={200: s.HouseholdSummarySerializer(many=True), 401: UNAUTHENTICATED},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(selectors.worklist(request.user)) or []
        shown = [(h.uuid, h.uuid) for h in page]
        record_reads(actor=request.user, object_type="lijst.werkvoorraad", shown=shown, channel=Channel.API)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema(tags=["huishoudens"])
class HouseholdDetailView(APIView):
    @extend_schema(
        operation_id="households_dossier",
        summary="Dossier van een huishouden",
        description="Elke inzage wordt gelogd.",
        responses={200: s.DossierSerializer, **READ_ERRORS},
    )
    def get(self, request: StaffApiRequest, household_uuid: UUID) -> Response:
        household = services.dossier_open(
            acting_user=request.user, household_uuid=household_uuid, channel=Channel.API
        )
        context = {"via_break_glass": household.seen_through_break_glass}
        return Response(s.DossierSerializer(household, context=context).data)


@extend_schema(tags=["huishoudens"])
class HouseholdTimelineView(generics.ListAPIView):
    serializer_class = s.TimelineEntrySerializer

    @extend_schema(
        operation_id="households_timeline",
        summary="Tijdlijn van een huishouden",
        description="Nieuwste eerst. Elke inzage wordt gelogd.",
        responses={200: s.TimelineEntrySerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: StaffApiRequest, household_uuid: UUID) -> Response:  # type: ignore[override]
        household = services.dossier_open(
            acting_user=request.user, household_uuid=household_uuid, channel=Channel.API
        )
        page = self.paginate_queryset(selectors.timeline_entries(household))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema(tags=["inwoners"])
class ResidentCreateView(APIView):
    @extend_schema(
        operation_id="residents_register",
        summary="Inwoner registreren",
        description="In een nieuw huishouden (wijk volgt uit de postcode) of, met `household` en "
        "`relation`, in een bestaand huishouden dat u mag zien.",
        request=s.ResidentCreateSerializer,
        responses={201: s.RegisteredResidentSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest) -> Response:
        _caseworker_or_404(request)
        data = _valid(s.ResidentCreateSerializer, request)
        household = data.pop("household", None)
        relation = data.pop("relation")
        resident = services.resident_register(
            acting_user=request.user,
            data=services.ResidentData(**data),
            household=household,
            relation=relation,
            channel=Channel.API,
        )
        if household is None:
            household = resident.memberships.current().select_related("household").get().household
        body = s.RegisteredResidentSerializer(resident, context={"household": household}).data
        return Response(body, status=status.HTTP_201_CREATED)


@extend_schema(tags=["inwoners"])
class ResidentDetailView(APIView):
    @extend_schema(
        operation_id="residents_retrieve",
        summary="Gegevens van een inwoner",
        description="Elke inzage wordt gelogd.",
        responses={200: s.ResidentSerializer, **READ_ERRORS},
    )
    def get(self, request: StaffApiRequest, resident_uuid: UUID) -> Response:
        resident = services.resident_open(
            acting_user=request.user, resident_uuid=resident_uuid, channel=Channel.API
        )
        return with_version(Response(s.ResidentSerializer(resident).data), resident)

    @extend_schema(
        operation_id="residents_update",
        summary="Naam, adres of contact wijzigen",
        description="Alleen de meegestuurde velden wijzigen. Het BSN kan niet worden gewijzigd. Met "
        "`If-Match` (de ETag of `version`) alleen als niemand de gegevens intussen wijzigde.",
        request=s.ResidentUpdateSerializer,
        parameters=[IF_MATCH],
        responses={200: s.ResidentSerializer, 412: PRECONDITION_FAILED, **ERRORS},
    )
    def patch(self, request: StaffApiRequest, resident_uuid: UUID) -> Response:
        resident = selectors.resident_visible(request.user, resident_uuid).first()
        if resident is None:
            raise Http404
        changes = _valid(s.ResidentUpdateSerializer, request, partial=True)
        resident = services.resident_update(
            acting_user=request.user,
            resident=resident,
            changes=changes,
            expected_version=expected_version(request),
            channel=Channel.API,
        )
        return with_version(Response(s.ResidentSerializer(resident).data), resident)


@extend_schema(tags=["inwoners"])
class ResidentSearchView(APIView):
    @extend_schema(
        operation_id="residents_search",
        summary="Zoeken in de huishoudens die u mag zien",
        description="POST, zodat een BSN of naam nooit in een URL staat. Zoek op BSN, begin van de "
        "achternaam, geboortedatum, of postcode met huisnummer. Hooguit "
        f"{selectors.SEARCH_LIMIT} resultaten.",
        request=s.SearchSerializer,
        responses={200: s.SearchResultSerializer(many=True), **ERRORS},
    )
    def post(self, request: StaffApiRequest) -> Response:
        _caseworker_or_404(request)
        criteria = selectors.SearchCriteria(**_valid(s.SearchSerializer, request))
        results = services.search_logged(acting_user=request.user, criteria=criteria, channel=Channel.API)
        return Response(s.SearchResultSerializer(results, many=True).data)


@extend_schema(tags=["brp"])
class BrpPersonView(APIView):
    @extend_schema(
        operation_id="brp_person_lookup",
        summary="Persoon opvragen bij de BRP",
        description="Om een registratie vooraf in te vullen. 404 als de BRP niemand kent met dit BSN; "
        "503 als de BRP niet antwoordt.",
        request=s.BsnSerializer,
        responses={
            200: s.BrpPersonSerializer,
            **ERRORS,
            503: OpenApiResponse(ErrorSerializer, description="De BRP is niet bereikbaar."),
        },
    )
    def post(self, request: StaffApiRequest) -> Response:
        _caseworker_or_404(request)
        bsn = _valid(s.BsnSerializer, request)["bsn"]
        try:
            person = services.brp_prefill(acting_user=request.user, bsn=bsn, channel=Channel.API)
        except BrpUnavailable as error:
            return Response(
                {"detail": f"{error} Vul de gegevens met de hand in."},
                status=status.HTTP_503_SERVICE_UNAVAILABLE,
            )
        if person is None:
            return Response(
                {"detail": "De BRP kent geen persoon met dit BSN."}, status=status.HTTP_404_NOT_FOUND
            )
        return Response(s.BrpPersonSerializer(person).data)


@extend_schema(tags=["huishoudens"])
class BreakGlassView(APIView):
    @extend_schema(
        operation_id="break_glass_open",
        summary="Toegang buiten de werkvoorraad (doorbreken)",
        description="Opent het huidige huishouden van de inwoner met dit BSN voor beperkte tijd, in de "
        "gemeenten die uw teams bedienen. De reden wordt vastgelegd en beoordeeld.",
        request=s.BreakGlassSerializer,
        responses={201: s.BreakGlassResultSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest) -> Response:
        if not HouseholdPolicy(request.user).can_break_glass():
            raise Http404
        data = _valid(s.BreakGlassSerializer, request)
        household = services.break_glass_open(
            acting_user=request.user, bsn=data["bsn"], reason=data["reason"], channel=Channel.API
        )
        return Response(s.BreakGlassResultSerializer(household).data, status=status.HTTP_201_CREATED)
