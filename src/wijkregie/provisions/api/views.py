"""Catalogue API. Staff of a municipality read its catalogue; its functioneel beheerder writes
(channel "api"). Missing and not allowed both answer 404."""

from typing import Any
from uuid import UUID

from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from wijkregie.accounts.requests import StaffApiRequest
from wijkregie.audit.constants import Channel
from wijkregie.core.api import (
    IF_MATCH,
    NOT_FOUND,
    UNAUTHENTICATED,
    VERSION_ERRORS,
    checked_query,
    expected_version,
    with_version,
)
from wijkregie.core.policies import get_or_404
from wijkregie.organisation.models import Municipality

from .. import selectors, services
from ..policies import CataloguePolicy
from . import serializers as s

INVALID = OpenApiResponse(
    dict[str, list[str]], description="Ongeldige invoer: per veld Nederlandse meldingen."
)
READ_ERRORS = {401: UNAUTHENTICATED, 404: NOT_FOUND}
ERRORS = {400: INVALID, **READ_ERRORS}
MUNICIPALITY = OpenApiParameter(
    "gemeente", OpenApiTypes.UUID, description="Alleen de catalogus van deze gemeente.", required=False
)


def _values(request: Request, partial: bool = False) -> dict[str, Any]:
    serializer = s.ProvisionWriteSerializer(data=request.data, partial=partial)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _municipality(request: Request) -> Municipality:
    """The municipality asked for (?gemeente=uuid), else the user's own; only one the user may read."""
    checked_query(request, uuids=("gemeente",))
    readable = CataloguePolicy(request.user).readable_municipalities()
    wanted = request.query_params.get("gemeente")
    if wanted:
        return get_or_404(readable, uuid=wanted)
    home = getattr(request.user, "municipality_id", None)
    if home:
        return get_or_404(readable, pk=home)
    if readable.count() == 1:
        return readable.get()
    raise Http404


@extend_schema(tags=["voorzieningen"])
class ProvisionListView(generics.ListAPIView):
    serializer_class = s.ProvisionSerializer

    @extend_schema(
        operation_id="provisions_list",
        summary="Catalogus van voorzieningen",
        description="De voorzieningen van de gemeenten waarvoor u werkt.",
        parameters=[MUNICIPALITY],
        responses={200: s.ProvisionSerializer(many=True), 401: UNAUTHENTICATED},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        checked_query(request, uuids=("gemeente",))
        provisions = (
            CataloguePolicy(request.user)
            .visible()
            .select_related("organisation", "municipality")
            .prefetch_related("districts")
            .order_by("municipality__name", "kind", "name")
        )
        if wanted := request.query_params.get("gemeente"):
            provisions = provisions.filter(municipality__uuid=UUID(wanted))
        page = self.paginate_queryset(provisions)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        operation_id="provisions_create",
        summary="Voorziening toevoegen",
        description="Voor de functioneel beheerder, in de catalogus van de eigen gemeente.",
        request=s.ProvisionWriteSerializer,
        responses={201: s.ProvisionSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest) -> Response:
        municipality = CataloguePolicy(request.user).managed_or_404()
        provision = services.provision_create(
            acting_user=request.user, municipality=municipality, values=_values(request), channel=Channel.API
        )
        return Response(s.ProvisionSerializer(provision).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["voorzieningen"])
class ProvisionDetailView(APIView):
    @extend_schema(
        operation_id="provisions_detail",
        summary="Eén voorziening",
        responses={200: s.ProvisionSerializer, **READ_ERRORS},
    )
    def get(self, request: Request, provision_uuid: UUID) -> Response:
        provision = selectors.provision_visible(request.user, provision_uuid)
        return with_version(Response(s.ProvisionSerializer(provision).data), provision)

    @extend_schema(
        operation_id="provisions_update",
        summary="Voorziening wijzigen",
        description="Voor de functioneel beheerder van de gemeente; alleen de meegestuurde velden "
        "veranderen. Met `If-Match` (de ETag of `version`) alleen als niemand de voorziening intussen "
        "wijzigde.",
        request=s.ProvisionWriteSerializer,
        parameters=[IF_MATCH],
        responses={200: s.ProvisionSerializer, **VERSION_ERRORS, **ERRORS},
    )
    def patch(self, request: StaffApiRequest, provision_uuid: UUID) -> Response:
        provision = get_or_404(
            CataloguePolicy(request.user).manageable().select_related("municipality"), uuid=provision_uuid
        )
        provision = services.provision_update(
            acting_user=request.user,
            provision=provision,
            values=_values(request, True),
            expected_version=expected_version(request),
            channel=Channel.API,
        )
        return with_version(Response(s.ProvisionSerializer(provision).data), provision)


@extend_schema(tags=["voorzieningen"])
class CatalogueImportView(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="provisions_import",
        summary="Catalogus inlezen",
        description="CSV of XLSX. Is één regel fout, dan wordt niets ingelezen; `file` noemt elke fout als "
        '"Regel N: reden".',
        request={"multipart/form-data": s.ImportSerializer},
        responses={200: s.ImportResultSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest) -> Response:
        municipality = CataloguePolicy(request.user).managed_or_404()
        serializer = s.ImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        result = services.catalogue_import(
            acting_user=request.user,
            municipality=municipality,
            content=upload.read(),
            filename=upload.name,
            channel=Channel.API,
        )
        return Response(s.ImportResultSerializer(result).data)


@extend_schema(tags=["voorzieningen"])
class CatalogueExportView(APIView):
    def perform_content_negotiation(self, request: Any, force: bool = False) -> Any:
        # `format` names the file format here, not an API renderer: answers (and errors) are rendered as JSON.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        operation_id="provisions_export",
        summary="Catalogus exporteren",
        parameters=[
            OpenApiParameter("format", str, enum=["csv", "xlsx"], description="Standaard csv."),
            MUNICIPALITY,
        ],
        responses={(200, "text/csv"): OpenApiTypes.BINARY, **READ_ERRORS},
    )
    def get(self, request: StaffApiRequest) -> HttpResponse:
        checked_query(request, choices={"format": ["csv", "xlsx"]})
        file_format = request.query_params.get("format", "csv")
        municipality = _municipality(request)
        data = services.catalogue_export(
            acting_user=request.user, municipality=municipality, file_format=file_format, channel=Channel.API
        )
        content_type = (
            "text/csv; charset=utf-8"
            if file_format == "csv"
            else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response = HttpResponse(data, content_type=content_type)
        response["Content-Disposition"] = (
            f'attachment; filename="catalogus-{municipality.cbs_code}.{file_format}"'
        )
        return response
