"""Assessment API: instruments (read; import by the functioneel beheerder) and the brede uitvraag of a
household (reports and scorings). Thin: policies decide (404 for missing and not allowed alike), selectors
read, services write and audit with channel "api"."""

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from wijkregie.accounts.requests import StaffApiRequest
from wijkregie.assessment import selectors, services
from wijkregie.assessment.constants import ScoringMoment
from wijkregie.assessment.definitions import guess_format
from wijkregie.assessment.models import ConversationReport, Instrument
from wijkregie.assessment.policies import InstrumentPolicy
from wijkregie.audit.constants import Channel
from wijkregie.core.api import NOT_FOUND, UNAUTHENTICATED
from wijkregie.core.api import validated as _valid
from wijkregie.core.parsers import LimitedJSONParser
from wijkregie.core.policies import get_or_404
from wijkregie.households.models import Household
from wijkregie.households.services import dossier_open

from . import serializers as s

INVALID = OpenApiResponse(
    dict[str, list[str]],
    description="Ongeldige invoer: per veldnaam een lijst Nederlandse meldingen. Bij een bestand staan onder "
    "`file` alle fouten als 'Regel N: reden'; er is dan niets opgeslagen.",
)
READ_ERRORS = {401: UNAUTHENTICATED, 404: NOT_FOUND}
ERRORS = {400: INVALID, **READ_ERRORS}


def _detailed(instrument: Instrument) -> Instrument:
    instrument.level_list = list(instrument.levels.order_by("value"))  # type: ignore[attr-defined]
    instrument.domain_list = selectors.instrument_domains(instrument)  # type: ignore[attr-defined]
    return instrument


def _file_content(request: Request) -> tuple[bytes, str]:
    """A JSON body is the file itself; otherwise a multipart upload with `file` (and optional `format`)."""
    if (request.content_type or "").startswith("application/json"):
        return request.body, "json"
    data = _valid(s.FileUploadSerializer, request)
    upload = data["file"]
    fmt = data.get("format") or guess_format(upload.name or "")
    if not fmt:
        raise ValidationError(
            {"format": ["Kies json of csv: de bestandsnaam eindigt niet op .json of .csv."]}
        )
    return upload.read(), fmt


def _admin_or_404(request: Request) -> InstrumentPolicy:
    policy = InstrumentPolicy(request.user)
    if not policy.is_admin():
        raise Http404
    return policy


UPLOAD_REQUEST = {
    "multipart/form-data": s.FileUploadSerializer,
    "application/json": s.InstrumentFileSerializer,
}
ANCHOR_REQUEST = {"multipart/form-data": s.FileUploadSerializer, "application/json": s.AnchorFileSerializer}


@extend_schema(tags=["instrumenten"])
class InstrumentListView(generics.ListAPIView):
    serializer_class = s.InstrumentSummarySerializer

    @extend_schema(
        operation_id="instruments_list",
        summary="Instrumenten",
        description="De ingebouwde instrumenten en die van de gemeenten die u bedient of beheert.",
        responses={200: s.InstrumentSummarySerializer(many=True), 401: UNAUTHENTICATED},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instruments = InstrumentPolicy(request.user).visible().order_by("municipality_id", "name", "pk")
        page = self.paginate_queryset(instruments)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema(tags=["instrumenten"])
class InstrumentDetailView(APIView):
    @extend_schema(
        operation_id="instruments_retrieve",
        summary="Een instrument met zijn schaal en leefgebieden",
        responses={200: s.InstrumentSerializer, **READ_ERRORS},
    )
    def get(self, request: Request, instrument_uuid: UUID) -> Response:
        instrument = get_or_404(InstrumentPolicy(request.user).visible(), uuid=instrument_uuid)
        return Response(s.InstrumentSerializer(_detailed(instrument)).data)


@extend_schema(tags=["instrumenten"])
class InstrumentImportView(APIView):
    parser_classes = [LimitedJSONParser, MultiPartParser]

    @extend_schema(
        operation_id="instruments_import",
        summary="Een eigen instrument inlezen",
        description="Voor de functioneel beheerder: een JSON-body met de definitie, of een bestand (JSON of "
        "CSV) als multipart. Alles of niets: bij een fout wordt niets opgeslagen.",
        request=UPLOAD_REQUEST,
        responses={201: s.InstrumentSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest) -> Response:
        _admin_or_404(request)
        municipality = getattr(request.user, "municipality", None)
        if municipality is None:
            raise Http404
        content, fmt = _file_content(request)
        instrument = services.instrument_import(
            acting_user=request.user,
            municipality=municipality,
            content=content,
            format=fmt,
            channel=Channel.API,
        )
        return Response(s.InstrumentSerializer(_detailed(instrument)).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["instrumenten"])
class AnchorImportView(APIView):
    parser_classes = [LimitedJSONParser, MultiPartParser]

    @extend_schema(
        operation_id="instruments_anchors_import",
        summary="Ankerteksten inlezen voor uw gemeente",
        description="Voor de functioneel beheerder, ook voor een ingebouwd instrument (de teksten zijn dan "
        "alleen van uw gemeente). Vervangt de eerder ingelezen teksten van uw gemeente; alles of niets.",
        request=ANCHOR_REQUEST,
        responses={200: s.AnchorImportResultSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest, instrument_uuid: UUID) -> Response:
        policy = _admin_or_404(request)
        instrument = get_or_404(policy.visible(), uuid=instrument_uuid)
        if not policy.can_load_anchors(instrument):
            raise Http404
        content, fmt = _file_content(request)
        loaded = services.anchor_texts_import(
            acting_user=request.user, instrument=instrument, content=content, format=fmt, channel=Channel.API
        )
        return Response(s.AnchorImportResultSerializer({"loaded": loaded}).data)


# -- reports --------
def _household(request: StaffApiRequest, household_uuid: Any) -> Household:
    if not InstrumentPolicy(request.user).is_caseworker():
        raise Http404
    return dossier_open(acting_user=request.user, household_uuid=household_uuid, channel=Channel.API)


def _report(request: StaffApiRequest, report_uuid: Any) -> ConversationReport:
    """The report through its household's dossier (access row written), 404 when not allowed."""
    if not InstrumentPolicy(request.user).is_caseworker():
        raise Http404
    household_uuid = (
        ConversationReport.objects.filter(uuid=report_uuid).values_list("household__uuid", flat=True).first()
        if _is_uuid(report_uuid)
        else None
    )
    if household_uuid is None:
        raise Http404
    household = dossier_open(acting_user=request.user, household_uuid=household_uuid, channel=Channel.API)
    report: ConversationReport = get_or_404(
        ConversationReport.objects.filter(household=household).select_related("instrument"), uuid=report_uuid
    )
    report.household = household
    return report


def _is_uuid(value: Any) -> bool:
    try:
        UUID(str(value))
    except ValueError:
        return False
    return True


def _report_body(report: ConversationReport) -> Any:
    detail = selectors.report_detail(report)
    return s.ReportSerializer(detail, context={"labels": selectors.scale_labels([detail])}).data


@extend_schema(tags=["brede uitvraag"])
class HouseholdReportsView(generics.ListAPIView):
    serializer_class = s.ReportSerializer

    @extend_schema(
        operation_id="reports_list",
        summary="Brede uitvragen van een huishouden",
        description="Nieuwste eerst. Elke inzage wordt gelogd.",
        responses={200: s.ReportSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: StaffApiRequest, household_uuid: UUID) -> Response:  # type: ignore[override]
        household = _household(request, household_uuid)
        reports = selectors.household_reports(request.user, household).order_by(
            "-held_on", "-created_at", "-pk"
        )
        page = selectors.reports_with_scores(list(self.paginate_queryset(reports) or []))
        body = s.ReportSerializer(page, many=True, context={"labels": selectors.scale_labels(page)}).data
        return self.get_paginated_response(body)

    @extend_schema(
        operation_id="reports_create",
        summary="Een brede uitvraag vastleggen",
        request=s.ReportCreateSerializer,
        responses={201: s.ReportSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest, household_uuid: UUID) -> Response:
        household = _household(request, household_uuid)
        data = _valid(s.ReportCreateSerializer, request)
        instrument = None
        if data.get("instrument") is not None:
            instrument = (
                selectors.instruments_for(household.municipality_id).filter(uuid=data["instrument"]).first()
            )
            if instrument is None:
                raise ValidationError({"instrument": ["Kies een instrument dat uw gemeente gebruikt."]})
        report = services.report_create(
            acting_user=request.user,
            household=household,
            held_on=data["held_on"],
            story=data["story"],
            wishes=data.get("wishes", ""),
            instrument=instrument,
            channel=Channel.API,
        )
        return Response(_report_body(report), status=status.HTTP_201_CREATED)


@extend_schema(tags=["brede uitvraag"])
class ReportDetailView(APIView):
    @extend_schema(
        operation_id="reports_retrieve",
        summary="Een brede uitvraag met de scores per lid",
        description="Elke inzage wordt gelogd.",
        responses={200: s.ReportSerializer, **READ_ERRORS},
    )
    def get(self, request: StaffApiRequest, report_uuid: UUID) -> Response:
        return Response(_report_body(_report(request, report_uuid)))


@extend_schema(tags=["brede uitvraag"])
class ReportFinaliseView(APIView):
    @extend_schema(
        operation_id="reports_finalise",
        summary="Een brede uitvraag vaststellen",
        description="Daarna kan zij niet meer worden gewijzigd.",
        request=None,
        responses={200: s.ReportSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest, report_uuid: UUID) -> Response:
        report = services.report_finalise(
            acting_user=request.user, report=_report(request, report_uuid), channel=Channel.API
        )
        return Response(_report_body(report))


@extend_schema(tags=["brede uitvraag"])
class ScoringCreateView(APIView):
    @extend_schema(
        operation_id="scorings_create",
        summary="Een lid scoren op de brede uitvraag",
        description="Per leefgebied de score en de situatie, wat de inwoner zelf kan en wat het netwerk kan. "
        "Vervangt een eerdere scoring van hetzelfde lid op deze (concept-)uitvraag.",
        request=s.ScoringCreateSerializer,
        responses={201: s.ScoringSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest, report_uuid: UUID) -> Response:
        report = _report(request, report_uuid)
        household = report.household
        data = _valid(s.ScoringCreateSerializer, request)
        membership = next(
            (m for m in household.current_members if m.resident.uuid == data["resident"]),  # type: ignore[attr-defined]
            None,
        )
        if membership is None:
            raise ValidationError({"resident": ["Deze inwoner is geen lid van dit huishouden."]})
        scoring = services.scoring_record(
            acting_user=request.user,
            household=household,
            resident=membership.resident,
            instrument=report.instrument,
            moment=ScoringMoment.INTAKE,
            scores=[
                services.DomainScoreData(
                    domain_code=item["domain"],
                    value=item.get("value"),
                    situation=item.get("situation", ""),
                    own_strength=item.get("own_strength", ""),
                    network_strength=item.get("network_strength", ""),
                )
                for item in data["scores"]
            ],
            scored_on=data["scored_on"],
            report=report,
            channel=Channel.API,
        )
        detail = selectors.report_detail(report)
        saved = next(x for x in detail.scoring_list if x.pk == scoring.pk)  # type: ignore[attr-defined]
        body = s.ScoringSerializer(saved, context={"labels": selectors.scale_labels([detail])}).data
        return Response(body, status=status.HTTP_201_CREATED)
