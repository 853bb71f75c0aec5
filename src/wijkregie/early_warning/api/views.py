"""Vroegsignalering API: signal files in, matching runs, the outreach team's zaken and the work on them.
Thin: policies decide (404 for missing and not allowed alike), selectors read, services write and audit
(channel "api"); serializers only validate and shape."""

from typing import Any
from uuid import UUID

from django.http import Http404
from django.urls import URLPattern, path
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from wijkregie.accounts.requests import StaffApiRequest
from wijkregie.audit.constants import Channel
from wijkregie.core.api import (
    IF_MATCH,
    NOT_FOUND,
    UNAUTHENTICATED,
    VERSION_ERRORS,
    expected_version,
    validated,
    with_version,
)
from wijkregie.organisation.models import Municipality

from .. import selectors
from ..models import SignalCase, SignalPartner
from ..policies import EarlyWarningPolicy
from ..services import files, matching, outreach
from . import serializers as s

MAX_UPLOAD = 512 * 1024 * 1024
INVALID = OpenApiResponse(
    dict[str, list[str]], description="Ongeldige invoer: per veldnaam een lijst Nederlandse meldingen."
)
ERRORS = {400: INVALID, 401: UNAUTHENTICATED, 404: NOT_FOUND}


def _municipality(request: StaffApiRequest, uuid: UUID, allowed: str) -> Municipality:
    found = EarlyWarningPolicy(request.user).municipalities(allowed).filter(uuid=uuid).first()
    if found is None:
        raise Http404
    return found


@extend_schema(tags=["vroegsignalering"])
class SignalFileView(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="early_warning_signal_file_read",
        summary="Bestand met vroegsignalen inlezen",
        description="Voor de functioneel beheerder en het outreachteam van de gemeente. Alles of niets: is "
        "één regel onjuist, dan wordt niets ingelezen (400, `file`: 'Regel N: reden'). Hetzelfde bestand nog "
        "eens: 200 met `repeated` true, er verandert niets.",
        request={"multipart/form-data": s.SignalFileInput},
        responses={201: s.SignalFileSerializer, 200: s.SignalFileSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest) -> Response:
        data = validated(s.SignalFileInput, request)
        municipality = _municipality(request, data["municipality"], "read_in")
        partner = None
        if data.get("partner"):
            partner = SignalPartner.objects.filter(municipality=municipality, uuid=data["partner"]).first()
            if partner is None:
                raise ValidationError({"partner": ["Kies een signaalpartner van deze gemeente."]})
        upload = data["file"]
        if upload.size > MAX_UPLOAD:
            raise ValidationError({"file": ["Het bestand is groter dan 512 MB."]})
        result = files.signal_file_import(
            acting_user=request.user, municipality=municipality, content=upload.read(), name=upload.name,
            partner=partner, source="api", channel=Channel.API,
        )  # fmt: skip
        body = {**vars(result.file), "uuid": result.file.uuid, "repeated": not result.created}
        code = status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        return Response(s.SignalFileSerializer(body).data, status=code)


@extend_schema(tags=["vroegsignalering"])
class MatchingRunView(APIView):
    @extend_schema(
        operation_id="early_warning_matching_run",
        summary="Signalen van een periode matchen en bundelen",
        description="Koppelt de nieuwe signalen van de periode aan inwoners en bundelt ze per huishouden tot "
        "een vroegsignaalzaak. Herhaalbaar: opnieuw over dezelfde periode neemt alleen nieuwe signalen mee.",
        request=s.MatchingRunInput,
        responses={201: s.MatchingRunSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest) -> Response:
        data = validated(s.MatchingRunInput, request)
        municipality = _municipality(request, data["municipality"], "read_in")
        run = matching.matching_run(
            acting_user=request.user, municipality=municipality, period_start=data["period_start"],
            period_end=data["period_end"], channel=Channel.API,
        )  # fmt: skip
        return Response(s.MatchingRunSerializer(run).data, status=status.HTTP_201_CREATED)


def _case_body(case: SignalCase, clock: selectors.Clock, **more: Any) -> dict[str, Any]:
    return {**vars(case), "district": case.district, "team": case.team, "contact_due": clock.contact_due,
            "analysis_due": clock.analysis_due, "melding": case.melding, **more}  # fmt: skip


@extend_schema(tags=["vroegsignalering"])
class CaseListView(APIView):
    @extend_schema(
        operation_id="early_warning_cases_list",
        summary="Vroegsignaalzaken van uw outreachteam",
        description="Crisissignalen eerst, daarna de oudste; hooguit 200. Wie getoond wordt, wordt gelogd.",
        parameters=[s.CaseQuerySerializer],
        responses={200: s.CaseSerializer(many=True), 401: UNAUTHENTICATED, 400: INVALID},
    )
    def get(self, request: StaffApiRequest) -> Response:
        query = s.CaseQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        wanted = selectors.QueueFilter(**query.validated_data)
        rows = outreach.queue_read(acting_user=request.user, wanted=wanted, channel=Channel.API)
        return Response(s.CaseSerializer([_case_body(row.case, row.clock) for row in rows], many=True).data)


def _case(request: StaffApiRequest, case_uuid: UUID) -> SignalCase:
    return selectors.case_visible(request.user, case_uuid)


def _detail(request: StaffApiRequest, case: SignalCase, code: int = 200) -> Response:
    view = selectors.case_view(request.user, case)
    body = _case_body(view.case, view.clock, people=view.people, signals=view.signals, attempts=view.attempts)
    return with_version(Response(s.CaseDetailSerializer(body).data, status=code), view.case)


@extend_schema(tags=["vroegsignalering"])
class CaseDetailView(APIView):
    @extend_schema(
        operation_id="early_warning_case_read",
        summary="Eén vroegsignaalzaak",
        description="Voor het outreachteam (met de contactgegevens van de inwoners met een signaal) en wie "
        "het huishouden mag zien. De inzage wordt gelogd.",
        responses={200: s.CaseDetailSerializer, 401: UNAUTHENTICATED, 404: NOT_FOUND},
    )
    def get(self, request: StaffApiRequest, case_uuid: UUID) -> Response:
        case = _case(request, case_uuid)
        outreach.case_read(acting_user=request.user, case=case, channel=Channel.API)
        return _detail(request, case)


@extend_schema(tags=["vroegsignalering"])
class PickUpView(APIView):
    @extend_schema(
        operation_id="early_warning_case_pick_up",
        summary="Zaak oppakken",
        description="Zet de datum van oppakken (standaard vandaag); de medewerker neemt de zaak.",
        parameters=[IF_MATCH],
        request=s.PickUpInput,
        responses={200: s.CaseDetailSerializer, **ERRORS, **VERSION_ERRORS},
    )
    def post(self, request: StaffApiRequest, case_uuid: UUID) -> Response:
        case = _case(request, case_uuid)
        data = validated(s.PickUpInput, request)
        version = expected_version(request)
        case = outreach.case_pick_up(
            acting_user=request.user,
            case=case,
            on=data.get("picked_up_on"),
            expected_version=version,
            channel=Channel.API,
        )
        return _detail(request, case)


@extend_schema(tags=["vroegsignalering"])
class AttemptView(APIView):
    @extend_schema(
        operation_id="early_warning_contact_attempt_add",
        summary="Contactpoging vastleggen",
        description="Niet vóór de signaaldatum en niet in de toekomst; de eerste poging pakt de zaak op.",
        request=s.AttemptInput,
        responses={201: s.CaseDetailSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest, case_uuid: UUID) -> Response:
        case = _case(request, case_uuid)
        data = validated(s.AttemptInput, request)
        outreach.contact_attempt_add(
            acting_user=request.user, case=case, data=outreach.AttemptData(**data), channel=Channel.API
        )
        return _detail(request, _case(request, case_uuid), code=status.HTTP_201_CREATED)


@extend_schema(tags=["vroegsignalering"])
class CloseView(APIView):
    @extend_schema(
        operation_id="early_warning_case_close",
        summary="Zaak afsluiten met het eindresultaat",
        description="Volgens de definities: een resultaat van een opgepakte zaak vraagt een datum van "
        "oppakken, hulp geaccepteerd, zelf betaald en regelt het zelf vragen een bereikte contactpoging. "
        "Vervolghulp vraagt `handover_line` en `question` en maakt een melding in het dossier.",
        parameters=[IF_MATCH],
        request=s.CloseInput,
        responses={200: s.CaseDetailSerializer, **ERRORS, **VERSION_ERRORS},
    )
    def post(self, request: StaffApiRequest, case_uuid: UUID) -> Response:
        case = _case(request, case_uuid)
        data = validated(s.CloseInput, request)
        result = outreach.ResultData(**data)
        version = expected_version(request)
        case = outreach.case_close(
            acting_user=request.user, case=case, data=result, expected_version=version, channel=Channel.API
        )
        return _detail(request, case)


urlpatterns: list[URLPattern] = [
    path("signal-files/", SignalFileView.as_view(), name="signal-files"),
    path("matching-runs/", MatchingRunView.as_view(), name="matching-runs"),
    path("cases/", CaseListView.as_view(), name="cases"),
    path("cases/<uuid:case_uuid>/", CaseDetailView.as_view(), name="case"),
    path("cases/<uuid:case_uuid>/pick-up/", PickUpView.as_view(), name="case-pick-up"),
    path(
        "cases/<uuid:case_uuid>/contact-attempts/",
        AttemptView.as_view(),
        name="contact-attempts",
    ),
    path("cases/<uuid:case_uuid>/close/", CloseView.as_view(), name="case-close"),
]
