"""Consent API. Thin: policies decide (404 for missing and not allowed alike), selectors read, services write
and audit (channel "api"), serializers only validate and shape."""

from typing import Any
from uuid import UUID

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from wijkregie.accounts.requests import StaffApiRequest
from wijkregie.audit.constants import Channel
from wijkregie.core.api import NOT_FOUND, UNAUTHENTICATED
from wijkregie.core.policies import get_or_404
from wijkregie.households import services as household_services
from wijkregie.households.models import Household
from wijkregie.households.policies import HouseholdPolicy
from wijkregie.households.selectors import resident_visible

from .. import selectors, services
from ..models import Share
from ..policies import SharePolicy
from . import serializers as s

INVALID = OpenApiResponse(
    dict[str, list[str]],
    description="Ongeldige invoer: per veldnaam een lijst Nederlandse meldingen.",
)
READ_ERRORS = {401: UNAUTHENTICATED, 404: NOT_FOUND}
ERRORS = {400: INVALID, **READ_ERRORS}


def _valid(serializer_class: type[serializers.Serializer], data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _caseworker_or_404(request: Request) -> None:
    if not HouseholdPolicy(request.user).can_register():
        raise Http404


def _household_or_404(request: Request, household_uuid: Any) -> Household:
    household: Household = HouseholdPolicy(request.user).get_visible_or_404(uuid=household_uuid)
    return household


@extend_schema(tags=["toestemming"])
class ConsentListView(APIView):
    @extend_schema(
        operation_id="consents_list",
        summary="Toestemmingen van een huishouden of een inwoner",
        description="Geef `household` (alle huidige leden) of `resident` op. Elke inzage wordt gelogd.",
        parameters=[
            OpenApiParameter("household", UUID, description="Uuid van het huishouden."),
            OpenApiParameter("resident", UUID, description="Uuid van de inwoner."),
        ],
        responses={200: s.ConsentSerializer(many=True), **ERRORS},
    )
    def get(self, request: StaffApiRequest) -> Response:
        _caseworker_or_404(request)
        query = _valid(s.ConsentListQuerySerializer, request.query_params)
        if query.get("household"):
            household = household_services.dossier_open(
                acting_user=request.user, household_uuid=query["household"], channel=Channel.API
            )
            consents = [
                c for _, member_consents in selectors.household_consents(household) for c in member_consents
            ]
        else:
            resident = household_services.resident_open(
                acting_user=request.user, resident_uuid=query["resident"], channel=Channel.API
            )
            consents = selectors.resident_consents(resident)
        return Response(s.ConsentSerializer(consents, many=True).data)

    @extend_schema(
        operation_id="consents_record",
        summary="Toestemming of wettelijke grondslag vastleggen",
        description="Voor een huidig lid van een huishouden dat u mag zien. Bij `basis` = `toestemming` "
        "is `method` verplicht, bij `wettelijk` de `legal_basis`. Een einddatum in het verleden wordt "
        "geweigerd.",
        request=s.ConsentCreateSerializer,
        responses={201: s.ConsentSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest) -> Response:
        _caseworker_or_404(request)
        data = _valid(s.ConsentCreateSerializer, request.data)
        resident = get_or_404(resident_visible(request.user, data.pop("resident")))
        consent = services.consent_record(
            acting_user=request.user, resident=resident, channel=Channel.API, **data
        )
        return Response(s.ConsentSerializer(consent).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["toestemming"])
class ConsentWithdrawView(APIView):
    @extend_schema(
        operation_id="consents_withdraw",
        summary="Toestemming intrekken",
        description="Geldt direct: delingen die erop rusten zijn meteen niet meer in te zien.",
        request=None,
        responses={200: s.ConsentSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest, consent_uuid: UUID) -> Response:
        consent = get_or_404(
            selectors.consents_visible(request.user).select_related("resident"), uuid=consent_uuid
        )
        consent = services.consent_withdraw(acting_user=request.user, consent=consent, channel=Channel.API)
        return Response(s.ConsentSerializer(consent).data)


@extend_schema(tags=["toestemming"])
class ShareListView(APIView):
    @extend_schema(
        operation_id="shares_list",
        summary="Wat een huishouden deelt met partnerorganisaties",
        description="Met per lopende deling of de toestemming nu in orde is. Elke inzage wordt gelogd.",
        parameters=[
            OpenApiParameter("household", UUID, required=True, description="Uuid van het huishouden.")
        ],
        responses={200: s.ShareSerializer(many=True), **ERRORS},
    )
    def get(self, request: StaffApiRequest) -> Response:
        _caseworker_or_404(request)
        query = _valid(s.ShareListQuerySerializer, request.query_params)
        household = household_services.dossier_open(
            acting_user=request.user, household_uuid=query["household"], channel=Channel.API
        )
        shares = list(selectors.household_shares(household))
        checks = {c.share.pk: c for c in selectors.check_shares([x for x in shares if x.ended_at is None])}
        return Response(s.ShareSerializer(shares, many=True, context={"checks": checks}).data)

    @extend_schema(
        operation_id="shares_create",
        summary="Een onderdeel delen met een partnerorganisatie",
        description="Alleen als elk lid van 16 jaar of ouder (of, in een huishouden van alleen kinderen, de "
        "hoofdbewoner) geldige toestemming of een wettelijke grondslag heeft voor dit onderdeel en deze "
        "organisatie. Zorgaanbieders zijn uitgesloten.",
        request=s.ShareCreateSerializer,
        responses={201: s.ShareSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest) -> Response:
        _caseworker_or_404(request)
        data = _valid(s.ShareCreateSerializer, request.data)
        household = _household_or_404(request, data.pop("household"))
        share = services.share_create(
            acting_user=request.user, household=household, channel=Channel.API, **data
        )
        checks = {c.share.pk: c for c in selectors.check_shares([share])}
        return Response(
            s.ShareSerializer(share, context={"checks": checks}).data, status=status.HTTP_201_CREATED
        )


@extend_schema(tags=["toestemming"])
class ShareEndView(APIView):
    @extend_schema(
        operation_id="shares_end",
        summary="Delen beëindigen",
        request=None,
        responses={200: s.ShareSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest, share_uuid: UUID) -> Response:
        visible = Share.objects.filter(HouseholdPolicy(request.user).q("household"))
        share = get_or_404(visible.select_related("household", "organisation"), uuid=share_uuid)
        share = services.share_end(acting_user=request.user, share=share, channel=Channel.API)
        return Response(s.ShareSerializer(share).data)


@extend_schema(tags=["toestemming"])
class SharedWithUsView(generics.ListAPIView):
    serializer_class = s.SharedSummarySerializer

    @extend_schema(
        operation_id="shared_with_us_list",
        summary="Met mijn organisatie gedeeld",
        description="Lopende delingen met de organisatie van uw team(s) waarvoor de toestemming nu in "
        "orde is.",
        responses={200: s.SharedSummarySerializer(many=True), 401: UNAUTHENTICATED, 404: NOT_FOUND},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not SharePolicy(request.user).is_partner_worker():
            raise Http404
        page = self.paginate_queryset(selectors.shared_with_user(request.user))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema(tags=["toestemming"])
class SharedDetailView(APIView):
    @extend_schema(
        operation_id="shared_with_us_retrieve",
        summary="Een gedeeld onderdeel inzien",
        description="Alleen-lezen; de toestemming wordt bij elke inzage opnieuw gecontroleerd (404 als "
        "die niet meer in orde is). Elke inzage wordt gelogd.",
        responses={200: s.SharedDetailSerializer, **READ_ERRORS},
    )
    def get(self, request: StaffApiRequest, share_uuid: UUID) -> Response:
        read = services.shared_open(acting_user=request.user, share_uuid=share_uuid, channel=Channel.API)
        return Response(s.SharedDetailSerializer(read).data)
