"""Maatwerk API: a household's requests, one request with its omgekeerde toets, deciding and approving.
Same services, policies and audit as the pages, with channel "api"; 404 for missing and not allowed alike."""

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
from wijkregie.audit.constants import Channel
from wijkregie.core.api import (
    IF_MATCH,
    NOT_FOUND,
    UNAUTHENTICATED,
    VERSION_ERRORS,
    expected_version,
    with_version,
)
from wijkregie.core.api import validated as _valid
from wijkregie.core.calendar import age_on
from wijkregie.decisions import selectors, services
from wijkregie.decisions.models import MaatwerkRequest
from wijkregie.decisions.policies import rules_of, signers_with_ceilings
from wijkregie.households.models import Household, Resident
from wijkregie.households.services import dossier_open
from wijkregie.plans.constants import MAATWERK_RUNGS
from wijkregie.plans.models import PlanAction
from wijkregie.provisions.models import Provision
from wijkregie.provisions.suggestions import unfit_for

from . import serializers as s

API = Channel.API
PRODUCT_INPUT = (
    "start_date",
    "end_date",
    "volume",
    "bandwidth_min",
    "bandwidth_max",
    "budget_cents",
    "delivery_form",
    "provider_choice",
)
INVALID = OpenApiResponse(
    dict[str, list[str]], description="Ongeldige invoer: per veldnaam een lijst Nederlandse meldingen."
)
READ_ERRORS = {401: UNAUTHENTICATED, 404: NOT_FOUND}
ERRORS = {400: INVALID, **READ_ERRORS}


DETAIL_RELATED = (
    "household",
    "resident",
    "provision",
    "plan_action",
    "previous",
    "reverse_test__decided_by",
    "reverse_test__approved_by",
    "beschikking__signed_by",
)


def _request(request: StaffApiRequest, request_uuid: UUID) -> MaatwerkRequest:
    maatwerk = selectors.request_for(request.user, request_uuid)
    maatwerk.household = dossier_open(
        acting_user=request.user, household_uuid=maatwerk.household.uuid, channel=API
    )
    return maatwerk


def _detail(maatwerk: MaatwerkRequest, code: int = status.HTTP_200_OK) -> Response:
    fresh = (
        MaatwerkRequest.objects.select_related(*DETAIL_RELATED)
        .defer("beschikking__letter")
        .get(pk=maatwerk.pk)
    )
    # The ETag is the omgekeerde toets's version: it is what a PATCH of the request changes.
    return with_version(Response(s.MaatwerkRequestSerializer(fresh).data, status=code), fresh.reverse_test)


def _unfit(provision: Provision, resident: Resident, on: Any) -> str:
    """As the page's form: why the provision does not suit the resident (law, age on the aanvraag's day)."""
    if resident.birth_date is None or on is None:
        return ""
    return unfit_for(provision, [age_on(resident.birth_date, on)])


def _create_arguments(household: Household, data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    resident = Resident.objects.current_members_of(household).filter(uuid=data["resident"]).first()
    if resident is None:
        errors["resident"] = ["Kies een lid van dit huishouden."]
    provision = Provision.objects.filter(
        uuid=data["provision"], municipality_id=household.municipality_id
    ).first()
    if provision is None:
        errors["provision"] = ["Kies een maatwerkvoorziening uit de catalogus van de gemeente."]
    elif resident is not None and (why := _unfit(provision, resident, data.get("received_on"))):
        errors["provision"] = [f"Deze voorziening past niet bij deze inwoner: {why}."]
    action = None
    if data.get("plan_action"):
        action = PlanAction.objects.filter(
            uuid=data["plan_action"], goal__plan__household=household, rung__in=MAATWERK_RUNGS
        ).first()
        if action is None:
            errors["plan_action"] = ["Kies een maatwerkactie uit het plan van dit huishouden."]
    if errors:
        raise ValidationError(errors)
    return {
        "resident": resident,
        "provision": provision,
        "plan_action": action,
        "received_on": data["received_on"],
        "urgent": data["urgent"],
        "temporary_provision_note": data["temporary_provision_note"],
    }


@extend_schema(tags=["maatwerk"])
class HouseholdRequestsView(APIView):
    @extend_schema(
        operation_id="maatwerk_requests_list",
        summary="Aanvragen maatwerk van een huishouden",
        responses={200: s.MaatwerkRequestSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: StaffApiRequest, household_uuid: UUID) -> Response:
        household = dossier_open(acting_user=request.user, household_uuid=household_uuid, channel=API)
        rows = (
            MaatwerkRequest.objects.filter(household=household)
            .select_related(*DETAIL_RELATED)
            .defer("beschikking__letter")
        )
        return Response(s.MaatwerkRequestSerializer(rows, many=True).data)

    @extend_schema(
        operation_id="maatwerk_requests_create",
        summary="Aanvraag maatwerk registreren",
        description="Opent de wettelijke termijn (Wmo 2 weken, Jeugdwet en schuldhulp 8 weken). "
        "Spoed onder de Wmo vraagt een tijdelijke voorziening (art. 2.3.3).",
        request=s.RequestCreateInput,
        responses={201: s.MaatwerkRequestSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest, household_uuid: UUID) -> Response:
        household = dossier_open(acting_user=request.user, household_uuid=household_uuid, channel=API)
        arguments = _create_arguments(household, _valid(s.RequestCreateInput, request))
        maatwerk = services.request_create(
            acting_user=request.user, household=household, channel=API, **arguments
        )
        return _detail(maatwerk, status.HTTP_201_CREATED)


@extend_schema(tags=["maatwerk"])
class RequestDetailView(APIView):
    @extend_schema(
        operation_id="maatwerk_requests_retrieve",
        summary="Aanvraag met omgekeerde toets",
        responses={200: s.MaatwerkRequestSerializer, **READ_ERRORS},
    )
    def get(self, request: StaffApiRequest, request_uuid: UUID) -> Response:
        return _detail(_request(request, request_uuid))

    @extend_schema(
        operation_id="maatwerk_reverse_test_update",
        summary="Omgekeerde toets bijwerken",
        description="Alleen zolang er niet is besloten; alleen de meegestuurde stappen veranderen. Met "
        "`If-Match` (de ETag of `reverse_test.version`) alleen als niemand de toets intussen wijzigde.",
        request=s.ReverseTestInput,
        parameters=[IF_MATCH],
        responses={200: s.MaatwerkRequestSerializer, 412: VERSION_ERRORS[412], **ERRORS},
    )
    def patch(self, request: StaffApiRequest, request_uuid: UUID) -> Response:
        maatwerk = _request(request, request_uuid)
        data = _valid(s.ReverseTestInput, request)
        services.reverse_test_save(
            acting_user=request.user,
            request=maatwerk,
            expected_version=expected_version(request),
            channel=API,
            **data,
        )
        return _detail(maatwerk)


@extend_schema(tags=["maatwerk"])
class RequestDecideView(APIView):
    @extend_schema(
        operation_id="maatwerk_requests_decide",
        summary="Besluiten",
        description="Alle zes stappen moeten zijn ingevuld en de beslisser heeft mandaat. Een toekenning "
        "noemt de ingangsdatum en een omvang, een bandbreedte (minimum en maximum) of een budget in "
        "eurocent. Zonder afwijking en onder het jaarbedrag van de gemeente wordt de beschikking meteen "
        "ondertekend; anders wacht zij op een tweede handtekening.",
        request=s.DecideInput,
        responses={200: s.MaatwerkRequestSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest, request_uuid: UUID) -> Response:
        maatwerk = _request(request, request_uuid)
        data = _valid(s.DecideInput, request)
        product = services.Product(**{name: data.pop(name) for name in PRODUCT_INPUT})
        services.request_decide(
            acting_user=request.user, request=maatwerk, product=product, channel=API, **data
        )
        return _detail(maatwerk)


@extend_schema(tags=["maatwerk"])
class RequestApproveView(APIView):
    @extend_schema(
        operation_id="maatwerk_requests_approve",
        summary="Tweede handtekening zetten",
        description="Bij een afwijking of boven het jaarbedrag: door iemand anders dan de beslisser, met "
        "mandaat om mede te ondertekenen. Daarna is de beschikking ondertekend.",
        request=None,
        responses={200: s.MaatwerkRequestSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest, request_uuid: UUID) -> Response:
        maatwerk = _request(request, request_uuid)
        services.request_approve(acting_user=request.user, request=maatwerk, channel=API)
        return _detail(maatwerk)


@extend_schema(tags=["maatwerk"])
class RequestWithdrawView(APIView):
    @extend_schema(
        operation_id="maatwerk_requests_withdraw",
        summary="Aanvraag intrekken",
        description="Alleen vóór het besluit; de wettelijke termijn vervalt.",
        request=s.WithdrawInput,
        responses={200: s.MaatwerkRequestSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest, request_uuid: UUID) -> Response:
        maatwerk = _request(request, request_uuid)
        data = _valid(s.WithdrawInput, request)
        services.request_withdraw(acting_user=request.user, request=maatwerk, channel=API, **data)
        return _detail(maatwerk)


@extend_schema(tags=["maatwerk"])
class RequestReindicationView(APIView):
    @extend_schema(
        operation_id="maatwerk_requests_reindication",
        summary="Herindicatie starten",
        description="Een nieuwe aanvraag voor dezelfde voorziening; de vorige omgekeerde toets is het begin.",
        request=None,
        responses={201: s.MaatwerkRequestSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest, request_uuid: UUID) -> Response:
        maatwerk = _request(request, request_uuid)
        follow_up = services.reindication_start(acting_user=request.user, request=maatwerk, channel=API)
        return _detail(follow_up, status.HTTP_201_CREATED)


@extend_schema(tags=["maatwerk"])
class RequestSignersView(APIView):
    @extend_schema(
        operation_id="maatwerk_requests_signers",
        summary="Wie mag tekenen",
        description="Wie met mandaat mag besluiten en wie de tweede handtekening mag zetten.",
        responses={200: s.SignersSerializer, **READ_ERRORS},
    )
    def get(self, request: StaffApiRequest, request_uuid: UUID) -> Response:
        maatwerk = _request(request, request_uuid)
        beschikking = selectors.beschikking_of(maatwerk)
        yearly = beschikking.yearly_cents if beschikking is not None else 0
        decider = maatwerk.reverse_test.decided_by_id

        def people(cosign: bool) -> list[dict[str, Any]]:
            return [
                {"uuid": user.uuid, "display_name": user.display_name, "max_yearly_cents": ceiling}
                for user, ceiling in signers_with_ceilings(
                    maatwerk, yearly, cosign=cosign, exclude_pk=decider if cosign else None
                )
            ]

        data = {
            "deciders": people(cosign=False),
            "cosigners": people(cosign=True),
            "four_eyes_above_cents": rules_of(maatwerk.household.municipality_id).four_eyes_above_cents,
        }
        return Response(s.SignersSerializer(data).data)


@extend_schema(tags=["maatwerk"])
class BeschikkingLetterView(APIView):
    @extend_schema(
        operation_id="beschikkingen_letter",
        summary="Ondertekende beschikking als PDF",
        description="De brief zoals hij is ondertekend en verstuurd. Elke download wordt vastgelegd.",
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            **READ_ERRORS,
        },
    )
    def get(self, request: StaffApiRequest, beschikking_uuid: UUID) -> HttpResponse:
        beschikking = selectors.beschikking_for(request.user, beschikking_uuid)
        pdf = services.beschikking_letter(acting_user=request.user, beschikking=beschikking, channel=API)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="{services.beschikking_filename(beschikking)}"'
        )
        response["Cache-Control"] = "no-store"
        return response


@extend_schema(tags=["maatwerk"])
class RequestSendBackView(APIView):
    @extend_schema(
        operation_id="maatwerk_requests_send_back",
        summary="Niet tekenen en terugsturen",
        description="Wie de tweede handtekening zou zetten, stuurt het besluit met een reden terug; de "
        "aanvraag staat weer in onderzoek.",
        request=s.SendBackInput,
        responses={200: s.MaatwerkRequestSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest, request_uuid: UUID) -> Response:
        maatwerk = _request(request, request_uuid)
        data = _valid(s.SendBackInput, request)
        services.request_send_back(acting_user=request.user, request=maatwerk, channel=API, **data)
        return _detail(maatwerk)
