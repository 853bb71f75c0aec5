"""Mandates and decision rules API, for the functioneel beheerder of a municipality (their own municipality
only; 404 for everyone else). Amounts in euro cents. Serializers only check the shape; the services decide
and answer in Dutch per field, and audit with channel "api"."""

from typing import Any
from uuid import UUID

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from wijkregie.accounts.constants import CASEWORK_ROLES
from wijkregie.accounts.requests import StaffApiRequest
from wijkregie.audit.constants import Channel
from wijkregie.core.api import (
    IF_MATCH,
    NOT_FOUND,
    UNAUTHENTICATED,
    VERSION_ERRORS,
    VERSION_HELP,
    StaffRefSerializer,
    StrictSerializer,
    expected_version,
    with_version,
)
from wijkregie.core.api import validated as _valid
from wijkregie.decisions import selectors, services
from wijkregie.decisions.models import DecisionRules, Mandate
from wijkregie.decisions.policies import rules_of
from wijkregie.provisions.constants import ProvisionLaw, Weight

API = Channel.API
INVALID = OpenApiResponse(
    dict[str, list[str]],
    description="Ongeldige invoer: per veldnaam een lijst Nederlandse meldingen; `__all__` voor meldingen "
    "over het geheel (bijvoorbeeld: een rol én een medewerker). Er is niets opgeslagen.",
)
READ_ERRORS = {401: UNAUTHENTICATED, 404: NOT_FOUND}
ERRORS = {400: INVALID, **READ_ERRORS}


def _values(values: Any) -> str:
    return ", ".join(f"`{value}`" for value in values)


# Plain strings with the values in the help text: "role" and "law" are enum names in other apps already.
ROLE_HELP = f"Eén van {_values(sorted(CASEWORK_ROLES))}; leeg bij een mandaat voor één medewerker."
LAWS_HELP = f"Lijst met waarden uit {_values(ProvisionLaw.values)}; leeg: alle wetten."
WEIGHTS_HELP = f"Lijst met waarden uit {_values(Weight.values)}; leeg: licht en zwaar."
CENTS = "Vul een bedrag in eurocent in, als heel getal."
LIST: dict[str, Any] = {"not_a_list": "Stuur een lijst.", "invalid": "Stuur een lijst."}
YES_NO: dict[str, Any] = {"invalid": "Kies true of false."}


# -- serializers --------------------------------------------------------------------------------------------
class MandateSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    role = serializers.CharField(read_only=True, help_text=ROLE_HELP)
    staff = StaffRefSerializer(read_only=True, allow_null=True, help_text="De medewerker met naam, of null.")
    laws = serializers.ListField(child=serializers.CharField(), read_only=True, help_text=LAWS_HELP)
    weights = serializers.ListField(child=serializers.CharField(), read_only=True, help_text=WEIGHTS_HELP)
    max_yearly_cents = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Tot dit jaarbedrag in eurocent; null: zonder bovengrens."
    )
    may_cosign = serializers.BooleanField(
        read_only=True, help_text="Mag als tweede ondertekenen en afwijkingen goedkeuren."
    )
    version = serializers.IntegerField(read_only=True, help_text=VERSION_HELP)


class MandateInputSerializer(StrictSerializer):
    role = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=40,
        help_text=ROLE_HELP,
        error_messages={"max_length": "Kies een rol uit de lijst.", "invalid": "Kies een rol uit de lijst."},
    )
    staff = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text="De uuid van één medewerker met casuswerk in een team dat de gemeente bedient; null bij "
        "een mandaat voor een rol.",
        error_messages={"invalid": "Dit is geen geldige uuid."},
    )
    laws = serializers.ListField(
        child=serializers.CharField(max_length=40), required=False, help_text=LAWS_HELP, error_messages=LIST
    )
    weights = serializers.ListField(
        child=serializers.CharField(max_length=40),
        required=False,
        help_text=WEIGHTS_HELP,
        error_messages=LIST,
    )
    max_yearly_cents = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="Tot dit jaarbedrag in eurocent (0 of meer); null: zonder bovengrens.",
        error_messages={"invalid": CENTS, "max_string_length": CENTS},
    )
    may_cosign = serializers.BooleanField(
        required=False,
        help_text="Mag als tweede ondertekenen en afwijkingen goedkeuren.",
        error_messages=YES_NO,
    )


class DecisionRulesSerializer(serializers.Serializer):
    own_rules = serializers.BooleanField(
        read_only=True, help_text="false: de gemeente gebruikt nog de standaardwaarden."
    )
    four_eyes_above_cents = serializers.IntegerField(
        read_only=True,
        help_text="Boven dit jaarbedrag in eurocent is een tweede handtekening nodig; bij een afwijking "
        "altijd.",
    )
    reminder_weeks = serializers.IntegerField(
        read_only=True, help_text="Herinnering dit aantal weken voor de einddatum van een beschikking."
    )
    advisory_committee = serializers.BooleanField(
        read_only=True, help_text="Bezwaren gaan langs een adviescommissie (beslistermijn 12 weken)."
    )
    letter_sender = serializers.CharField(read_only=True)
    letter_message = serializers.CharField(read_only=True)
    objection_address = serializers.CharField(read_only=True)
    version = serializers.IntegerField(read_only=True, help_text=VERSION_HELP)


class DecisionRulesInputSerializer(StrictSerializer):
    four_eyes_above_cents = serializers.IntegerField(
        help_text="Eurocent, 0 of meer.",
        error_messages={"required": "Vul het bedrag in.", "invalid": CENTS, "max_string_length": CENTS},
    )
    reminder_weeks = serializers.IntegerField(
        help_text="1 tot en met 52.",
        error_messages={
            "required": "Kies 1 tot en met 52 weken.",
            "invalid": "Vul een heel aantal weken in.",
            "max_string_length": "Kies 1 tot en met 52 weken.",
        },
    )
    advisory_committee = serializers.BooleanField(required=False, default=False, error_messages=YES_NO)
    letter_sender = serializers.CharField(
        allow_blank=True,
        help_text="Hooguit 200 tekens.",
        error_messages={"required": "Vul de afzender van de brief in."},
    )
    letter_message = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Hooguit 2000 tekens."
    )
    objection_address = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Hooguit 500 tekens."
    )


# -- views ---------------------------------------------------------------------------------------------------
def _mandate_body(mandate: Mandate) -> dict[str, Any]:
    return dict(MandateSerializer(mandate).data)


def _current(mandate: Mandate) -> dict[str, Any]:
    return {
        "role": mandate.role,
        "staff": mandate.staff.uuid if mandate.staff else None,
        "laws": list(mandate.laws),
        "weights": list(mandate.weights),
        "max_yearly_cents": mandate.max_yearly_cents,
        "may_cosign": mandate.may_cosign,
    }


def _rules_body(rules: DecisionRules) -> dict[str, Any]:
    rules.own_rules = rules.pk is not None  # type: ignore[attr-defined]
    return dict(DecisionRulesSerializer(rules).data)


@extend_schema(tags=["mandaten"])
class MandateListView(generics.ListAPIView):
    serializer_class = MandateSerializer

    @extend_schema(
        operation_id="mandates_list",
        summary="Mandaten van mijn gemeente",
        description="Wie over welk maatwerk mag besluiten, tot welk jaarbedrag, en wie mede mag "
        "ondertekenen. Voor de functioneel beheerder van de gemeente.",
        responses={200: MandateSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        selectors.managed_municipality_or_404(request.user)
        page = self.paginate_queryset(selectors.managed_mandates(request.user))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        operation_id="mandates_create",
        summary="Mandaat toevoegen",
        description="Voor een rol (`role`) óf één medewerker (`staff`), niet allebei.",
        request=MandateInputSerializer,
        responses={201: MandateSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest) -> Response:
        selectors.managed_municipality_or_404(request.user)
        data = _valid(MandateInputSerializer, request)
        mandate = services.mandate_create(
            acting_user=request.user, data=services.MandateData(**data), channel=API
        )
        return Response(_mandate_body(mandate), status=status.HTTP_201_CREATED)


@extend_schema(tags=["mandaten"])
class MandateDetailView(APIView):
    @extend_schema(
        operation_id="mandates_retrieve",
        summary="Eén mandaat",
        responses={200: MandateSerializer, **READ_ERRORS},
    )
    def get(self, request: Request, mandate_uuid: UUID) -> Response:
        mandate = selectors.mandate_for_beheer(request.user, mandate_uuid)
        return with_version(Response(_mandate_body(mandate)), mandate)

    @extend_schema(
        operation_id="mandates_partial_update",
        summary="Mandaat wijzigen",
        description='Stuur alleen wat verandert. Van rol naar medewerker: stuur `role: ""` en `staff`; '
        "andersom `staff: null` en `role`. Met `If-Match` (de ETag of `version`) alleen als niemand het "
        "mandaat intussen wijzigde.",
        request=MandateInputSerializer,
        parameters=[IF_MATCH],
        responses={200: MandateSerializer, **VERSION_ERRORS, **ERRORS},
    )
    def patch(self, request: StaffApiRequest, mandate_uuid: UUID) -> Response:
        mandate = selectors.mandate_for_beheer(request.user, mandate_uuid)
        data = {**_current(mandate), **_valid(MandateInputSerializer, request, partial=True)}
        mandate = services.mandate_update(
            acting_user=request.user,
            mandate=mandate,
            data=services.MandateData(**data),
            expected_version=expected_version(request),
            channel=API,
        )
        mandate = selectors.mandate_for_beheer(request.user, mandate.uuid)
        return with_version(Response(_mandate_body(mandate)), mandate)

    @extend_schema(
        operation_id="mandates_destroy",
        summary="Mandaat verwijderen",
        description="Besluiten die al genomen zijn, blijven staan.",
        responses={204: None, **READ_ERRORS},
    )
    def delete(self, request: StaffApiRequest, mandate_uuid: UUID) -> Response:
        mandate = selectors.mandate_for_beheer(request.user, mandate_uuid)
        services.mandate_delete(acting_user=request.user, mandate=mandate, channel=API)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["mandaten"])
class DecisionRulesView(APIView):
    @extend_schema(
        operation_id="decision_rules_retrieve",
        summary="Regels voor besluiten van mijn gemeente",
        description="Het bedrag voor een tweede handtekening, de herinnering voor de einddatum en de teksten "
        "van de brief. Zonder eigen regels: de standaardwaarden.",
        responses={200: DecisionRulesSerializer, **READ_ERRORS},
    )
    def get(self, request: Request) -> Response:
        municipality = selectors.managed_municipality_or_404(request.user)
        rules = rules_of(municipality.pk)
        return with_version(Response(_rules_body(rules)), rules)

    @extend_schema(
        operation_id="decision_rules_update",
        summary="Regels voor besluiten vastleggen",
        description="Met `If-Match` (de ETag of `version`) alleen als niemand de regels intussen wijzigde.",
        request=DecisionRulesInputSerializer,
        parameters=[IF_MATCH],
        responses={200: DecisionRulesSerializer, 412: VERSION_ERRORS[412], **ERRORS},
    )
    def put(self, request: StaffApiRequest) -> Response:
        selectors.managed_municipality_or_404(request.user)
        data = _valid(DecisionRulesInputSerializer, request)
        rules = services.decision_rules_save(
            acting_user=request.user,
            data=services.DecisionRulesData(**data),
            expected_version=expected_version(request),
            channel=API,
        )
        return with_version(Response(_rules_body(rules)), rules)
