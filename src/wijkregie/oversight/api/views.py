"""Audit API: the review list and the inzage export, with the same policy and filters as the pages."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from wijkregie.accounts.requests import StaffApiRequest
from wijkregie.audit.constants import Channel
from wijkregie.audit.models import AuditEvent
from wijkregie.core.api import UNAUTHENTICATED, checked_query
from wijkregie.oversight import selectors, services
from wijkregie.oversight.inzage import NOT_FOUND
from wijkregie.oversight.policies import AuditPolicy

from .serializers import AuditEventFilterSerializer, AuditEventSerializer, InzageSerializer

INVALID = OpenApiResponse(description="Ongeldige invoer: meldingen per veld.")
MISSING = OpenApiResponse(description="Niet gevonden, of u heeft er geen toegang toe.")


@extend_schema(
    tags=["audit"],
    summary="Auditregels beoordelen",
    description="Doorbroken toegang eerst, daarna de nieuwste. Alleen voor teamleiders (hun teams en de "
    "werkvoorraad daarvan) en functioneel beheerders (hun gemeente); anderen krijgen 404.",
    parameters=[AuditEventFilterSerializer],
    responses={200: AuditEventSerializer(many=True), 400: INVALID, 401: UNAUTHENTICATED, 404: MISSING},
)
class AuditEventList(generics.ListAPIView):
    serializer_class = AuditEventSerializer

    def get_queryset(self) -> QuerySet[AuditEvent]:
        if getattr(self, "swagger_fake_view", False):
            return AuditEvent.objects.none()
        if not AuditPolicy(self.request.user).can_review():
            raise NotFound
        # An empty `?household=` would pass the serializer as left out: all rows, the filter ignored.
        checked_query(self.request, uuids=("household", "actor"))
        params = AuditEventFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        filters = params.validated_data
        return selectors.review_events(
            self.request.user, household_uuid=filters.get("household"), actor_uuid=filters.get("actor")
        )


class InzageExport(APIView):
    @extend_schema(
        tags=["audit"],
        summary="Inzage exporteren (AVG-recht op inzage)",
        description="Alle gegevens over één inwoner en wie ze heeft ingezien; formaat in docs/inzage.md. "
        "Schrijft een auditregel 'exporteren'. Onbekend BSN en geen bevoegdheid geven allebei 404.",
        request=InzageSerializer,
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="Het inzagedocument"),
            400: INVALID,
            401: UNAUTHENTICATED,
            404: MISSING,
        },
    )
    def post(self, request: StaffApiRequest, *args: Any, **kwargs: Any) -> Response:
        if not AuditPolicy(request.user).can_review():
            raise NotFound(NOT_FOUND)
        data = InzageSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            document = services.inzage_export(
                acting_user=request.user, bsn=data.validated_data["bsn"], channel=Channel.API
            )
        except Http404 as exc:
            raise NotFound(NOT_FOUND) from exc
        return Response(document, headers={"Cache-Control": "no-store"})
