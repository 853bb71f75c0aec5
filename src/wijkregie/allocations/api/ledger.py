"""Cost ledger API for the contractmanager and beleid of a municipality (beleid reads only, and sees a cell
of 1 to 4 clients as suppressed: counts and amounts null). Reading in an invoice file is for the
contractmanager. Amounts in euro cents. Everyone else: 404."""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from wijkregie.accounts.requests import StaffApiRequest
from wijkregie.audit.constants import Channel
from wijkregie.core.api import NOT_FOUND, UNAUTHENTICATED, QuerySerializer

from ..selectors import ledger as selectors
from ..selectors.ledger import LedgerAccess, Per
from ..services import ledger as services

INVALID = OpenApiResponse(
    dict[str, list[str]],
    description="Ongeldige invoer: per veldnaam een lijst Nederlandse meldingen. Bij een bestand staat onder "
    '`file` elke fout als "Regel N: reden."; er is dan niets ingelezen.',
)
READ_ERRORS = {401: UNAUTHENTICATED, 404: NOT_FOUND}
ERRORS = {400: INVALID, **READ_ERRORS}
SUPPRESSED = "Bij beleid: true als de cel 1 tot 4 cliënten telt; aantallen en bedragen zijn dan null."
MAX_UPLOAD = 10 * 1024 * 1024


# -- serializers ---------------------------------------------------------------------------------------------
class LedgerCellSerializer(serializers.Serializer):
    month = serializers.DateField(
        read_only=True, allow_null=True, help_text="De eerste dag van de maand; null voor het hele jaar."
    )
    clients = serializers.IntegerField(read_only=True, allow_null=True, help_text="Verschillende inwoners.")
    expected_cents = serializers.IntegerField(read_only=True, allow_null=True)
    actual_cents = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Geboekte declaratieregels."
    )
    difference_cents = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Werkelijk min verwacht."
    )
    suppressed = serializers.BooleanField(read_only=True, help_text=SUPPRESSED)


class LedgerRowSerializer(serializers.Serializer):
    key = serializers.CharField(read_only=True, help_text="Wet, productcategorie/productcode, of een uuid.")
    # A declared field named like Field.label: the serializer's metaclass takes it off the class.
    label = serializers.CharField(read_only=True)  # type: ignore[assignment]
    total = LedgerCellSerializer(read_only=True)
    months = LedgerCellSerializer(many=True, read_only=True)


class AreaContractSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    name = serializers.CharField(read_only=True)
    party = serializers.CharField(read_only=True, help_text="De hoofdaannemer.")
    districts = serializers.ListField(child=serializers.CharField(), read_only=True)
    start_date = serializers.DateField(read_only=True)
    end_date = serializers.DateField(read_only=True)
    lump_sum_cents = serializers.IntegerField(read_only=True, help_text="Lumpsum per jaar.")
    spent_cents = serializers.IntegerField(read_only=True, allow_null=True)
    remaining_cents = serializers.IntegerField(read_only=True, allow_null=True)
    expected_cents = serializers.IntegerField(read_only=True, allow_null=True)
    clients = serializers.IntegerField(read_only=True, allow_null=True, help_text="Unieke cliënten dit jaar.")
    baseline_clients = serializers.IntegerField(read_only=True)
    risk_valve_percent = serializers.IntegerField(read_only=True, allow_null=True)
    risk_valve_clients = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Boven dit aantal unieke cliënten gaat het ventiel open."
    )
    risk_valve_triggered = serializers.BooleanField(
        read_only=True, allow_null=True, help_text="null: het contract heeft geen risicoventiel."
    )
    suppressed = serializers.BooleanField(read_only=True, help_text=SUPPRESSED)


class LedgerSerializer(serializers.Serializer):
    year = serializers.IntegerField(read_only=True)
    per = serializers.ChoiceField(choices=Per.choices, read_only=True)
    suppress = serializers.BooleanField(read_only=True, help_text="Kleine aantallen worden verborgen.")
    total = LedgerCellSerializer(read_only=True)
    months = LedgerCellSerializer(many=True, read_only=True)
    rows = LedgerRowSerializer(many=True, read_only=True)
    area_contracts = AreaContractSerializer(many=True, read_only=True)


class LedgerQuerySerializer(QuerySerializer):
    year = serializers.IntegerField(
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages={
            "invalid": "Vul een jaartal in, bijvoorbeeld 2025.",
            "min_value": "Vul een jaartal vanaf 2000 in.",
            "max_value": "Vul een jaartal tot en met 2100 in.",
        },
    )
    per = serializers.ChoiceField(
        choices=Per.choices,
        required=False,
        error_messages={"invalid_choice": "Kies uit law, product, provider of district."},
    )


class InvoiceImportInput(serializers.Serializer):
    file = serializers.FileField(
        help_text="CSV (; of ,) met de kolommen toewijzingnummer, agb, maand (jjjj-mm), productcategorie, "
        "productcode, aantal en bedrag (euro).",
        error_messages={"required": "Stuur een bestand mee.", "empty": "Het bestand is leeg."},
    )


class FlaggedLineSerializer(serializers.Serializer):
    allocation_number = serializers.IntegerField(source="allocation__number", read_only=True, allow_null=True)
    provider = serializers.CharField(source="provider__organisation__name", read_only=True)
    provider_agb = serializers.CharField(source="provider__agb_code", read_only=True)
    month = serializers.DateField(read_only=True)
    product_category = serializers.CharField(read_only=True)
    product_code = serializers.CharField(read_only=True)
    quantity = serializers.IntegerField(read_only=True)
    amount_cents = serializers.IntegerField(read_only=True)
    reason = serializers.CharField(source="flag_reason", read_only=True)


class InvoiceImportResultSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    file_name = serializers.CharField(read_only=True)
    lines = serializers.IntegerField(read_only=True)
    booked = serializers.IntegerField(read_only=True)
    booked_cents = serializers.IntegerField(read_only=True)
    flagged = serializers.IntegerField(read_only=True)
    repeated = serializers.BooleanField(
        read_only=True, help_text="Dit bestand was al ingelezen: er is niets veranderd."
    )
    flagged_lines = FlaggedLineSerializer(many=True, read_only=True, help_text="De eerste 500.")


class ProviderReviewSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    name = serializers.CharField(read_only=True)
    agb_code = serializers.CharField(read_only=True)
    under_contract = serializers.BooleanField(read_only=True, help_text="Heeft nu een contract.")
    clients_now = serializers.IntegerField(read_only=True, allow_null=True)
    clients_year = serializers.IntegerField(read_only=True, allow_null=True)
    spend_year_cents = serializers.IntegerField(read_only=True, allow_null=True)
    clients_last_12_months = serializers.BooleanField(read_only=True)
    suppressed = serializers.BooleanField(read_only=True, help_text=SUPPRESSED)


class UncontractedSerializer(serializers.Serializer):
    provider_uuid = serializers.UUIDField(read_only=True)
    provider = serializers.CharField(read_only=True)
    law = serializers.CharField(read_only=True, help_text="Bij toewijzingen: de wet.")
    kind = serializers.CharField(read_only=True, help_text="Bij verzoeken: 315 of 317.")
    product_category = serializers.CharField(read_only=True)
    product_code = serializers.CharField(read_only=True)
    count = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Cliënten (toewijzingen) of verzoeken."
    )
    suppressed = serializers.BooleanField(read_only=True, help_text=SUPPRESSED)


class ContractReviewSerializer(serializers.Serializer):
    today = serializers.DateField(read_only=True)
    year = serializers.IntegerField(read_only=True)
    suppress = serializers.BooleanField(read_only=True)
    providers = ProviderReviewSerializer(many=True, read_only=True)
    candidates_to_end = ProviderReviewSerializer(
        many=True, read_only=True, help_text="Met een contract, zonder cliënten in de afgelopen 12 maanden."
    )
    uncontracted_allocations = UncontractedSerializer(many=True, read_only=True)
    uncontracted_requests = UncontractedSerializer(many=True, read_only=True)
    area_contracts = AreaContractSerializer(many=True, read_only=True)


# -- views ---------------------------------------------------------------------------------------------------
@extend_schema(tags=["kosten"])
class CostsView(APIView):
    @extend_schema(
        operation_id="costs_ledger",
        summary="Kosten: verwacht tegen werkelijk",
        description="Per maand van het jaar, per groep (wet, product, aanbieder of wijk) met zijn "
        "maanden, en de gebiedscontracten tegen hun lumpsum. Voor de contractmanager en beleid van de "
        "eigen gemeente.",
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT, description="Standaard het huidige jaar."),
            OpenApiParameter("per", str, enum=Per.values, description="Standaard law."),
        ],
        responses={200: LedgerSerializer, **ERRORS},
    )
    def get(self, request: Request) -> Response:
        access = LedgerAccess(request.user)
        municipality = access.municipality_or_404()
        query = LedgerQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        year = query.validated_data.get("year") or timezone.localdate().year
        per = query.validated_data.get("per") or Per.LAW
        ledger = selectors.ledger(municipality, year, per, suppress=access.suppress_small)
        return Response(LedgerSerializer(ledger).data)


@extend_schema(tags=["kosten"])
class InvoiceImportView(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="costs_invoice_import",
        summary="Declaratiebestand inlezen",
        description="Voor de contractmanager. Alles of niets: is één regel onleesbaar, dan wordt niets "
        "ingelezen (400). Een regel die niet past wordt gemarkeerd en niet geboekt. Hetzelfde bestand "
        "nog eens: 200 met `repeated` true, er verandert niets.",
        request={"multipart/form-data": InvoiceImportInput},
        responses={201: InvoiceImportResultSerializer, 200: InvoiceImportResultSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest) -> Response:
        municipality = LedgerAccess(request.user).import_municipality_or_404()
        serializer = InvoiceImportInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        if upload.size > MAX_UPLOAD:
            raise ValidationError({"file": ["Het bestand is groter dan 10 MB."]})
        result = services.invoice_import(
            acting_user=request.user,
            municipality=municipality,
            content=upload.read(),
            filename=upload.name,
            channel=Channel.API,
        )
        detail = selectors.invoice_import_detail(municipality, result.invoice_import.uuid)
        body: dict[str, Any] = {
            "uuid": result.invoice_import.uuid,
            "file_name": result.invoice_import.file_name,
            "lines": result.invoice_import.lines,
            "booked": detail.booked,
            "booked_cents": detail.booked_cents,
            "flagged": result.invoice_import.flagged,
            "repeated": result.repeated,
            "flagged_lines": detail.flagged,
        }
        return Response(
            InvoiceImportResultSerializer(body).data,
            status=status.HTTP_200_OK if result.repeated else status.HTTP_201_CREATED,
        )


@extend_schema(tags=["kosten"])
class ContractReviewView(APIView):
    @extend_schema(
        operation_id="costs_contract_review",
        summary="Contracttoetsing",
        description="Per aanbieder cliënten in zorg nu en uitgaven dit jaar; aanbieders met een contract "
        "zonder cliënten in de afgelopen 12 maanden; gevraagde producten zonder contract; de "
        "gebiedscontracten tegen lumpsum en risicoventiel.",
        responses={200: ContractReviewSerializer, **READ_ERRORS},
    )
    def get(self, request: Request) -> Response:
        access = LedgerAccess(request.user)
        municipality = access.municipality_or_404()
        review = selectors.contract_review(municipality, suppress=access.suppress_small)
        return Response(ContractReviewSerializer(review).data)
