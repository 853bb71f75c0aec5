"""The DDAS Vroegsignalering v1.2 delivery on the API.

- `GET early-warning/ddas/`: the pull endpoint for CBS, authenticated only by `Authorization: Bearer
  <leveringssleutel>` (a credential the functioneel beheerder made); staff tokens and sessions get 401.
  The answer is `{"paginering": {pageSize, currentPage, totalPages, totalRecords}, "gegevens": <the
  exchange document>}`, so `gegevens` validates against the published schema as it is.
- `GET early-warning/ddas/export/`: the whole period as one exchange document, for the municipality's
  functioneel beheerder with a staff token or a verified session.

The answers stream: a large municipality's page is never held in memory whole. The query string carries a
municipality code, dates and page numbers only, so an access log line that shows it shows no person."""

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, NoReturn

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, StreamingHttpResponse
from django.urls import URLPattern, path
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from wijkregie.accounts.requests import StaffApiRequest
from wijkregie.audit.constants import Channel
from wijkregie.core.api import NOT_FOUND, UNAUTHENTICATED, ErrorSerializer, QuerySerializer
from wijkregie.organisation.models import Municipality

from .. import ddas
from ..models import DeliveryCredential
from ..selectors import delivery as selectors
from ..services import delivery as services
from . import ddas_schema

NO_TOKEN = "Stuur de leveringssleutel mee: Authorization: Bearer <leveringssleutel>."
BAD_TOKEN = "Deze leveringssleutel is onbekend of ingetrokken."
DATE_INVALID = "Vul een geldige datum in (jjjj-mm-dd)."
CODE_INVALID = "Geef een CBS-gemeentecode van vier cijfers, bijvoorbeeld 0014."
PAGE_INVALID = "Geef een geheel getal van 1 of meer."
TAGS = ["vroegsignalering"]


# -- authentication: the delivery credential, and nothing else -------------------------------------------
@dataclass(frozen=True)
class DeliveryAuth:
    token: str
    credential: DeliveryCredential


class DeliveryTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer <token>` of an active DeliveryCredential. Unknown and revoked tokens get the
    same 401; any other scheme (a staff `Token`, a session) authenticates nobody here."""

    keyword = b"bearer"

    def authenticate(self, request: Request) -> tuple[Any, DeliveryAuth] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(NO_TOKEN)
        try:
            token = parts[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed(BAD_TOKEN) from error
        credential = selectors.active_credential(token)
        if credential is None:
            raise exceptions.AuthenticationFailed(BAD_TOKEN)
        return AnonymousUser(), DeliveryAuth(token=token, credential=credential)

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="ddas"'


class HasDeliveryCredential(BasePermission):
    message = NO_TOKEN

    def has_permission(self, request: Any, view: Any) -> bool:
        return isinstance(request.auth, DeliveryAuth)


class DeliveryTokenScheme(OpenApiAuthenticationExtension):
    target_class = DeliveryTokenAuthentication
    name = "leveringssleutel"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "De leveringssleutel die de functioneel beheerder van de gemeente maakte "
            "(Vroegsignalering > Levering aan CBS). Alleen voor het ophalen van de levering.",
        }


# -- query values ----------------------------------------------------------------------------------------
@extend_schema_field({"type": "string", "format": "date", "example": "2026-07-01"})
class IsoDateField(serializers.DateField):
    """Only jjjj-mm-dd: Python would also read 20260701 or a week date."""

    def to_internal_value(self, value: Any) -> date:
        if not (isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value)):
            self.fail("invalid", format="jjjj-mm-dd")
        result: date = super().to_internal_value(value)
        return result


@extend_schema_field({"type": "string", "pattern": "^[0-9]{4}$", "example": "0014"})
class MunicipalityCodeField(serializers.CharField):
    def to_internal_value(self, value: Any) -> str:
        text = super().to_internal_value(value)
        if not re.fullmatch(r"[0-9]{4}", text):
            self.fail("invalid")
        return str(text)


def _date(name: str) -> IsoDateField:
    return IsoDateField(
        help_text=f"{name} van de periode (jjjj-mm-dd), die dag meegerekend.",
        error_messages={"invalid": DATE_INVALID, "required": f"Geef de {name.lower()} (jjjj-mm-dd)."},
    )


def _code() -> MunicipalityCodeField:
    return MunicipalityCodeField(
        help_text="De CBS-gemeentecode (vier cijfers).",
        error_messages={"invalid": CODE_INVALID, "required": CODE_INVALID, "blank": CODE_INVALID},
    )


class ExportQuerySerializer(QuerySerializer):
    gemeentecode = _code()
    startdatum = _date("Startdatum")
    einddatum = _date("Einddatum")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        services.period_check(attrs["startdatum"], attrs["einddatum"])
        return attrs


def _page_number(help_text: str, *, maximum: int | None = None, default: int) -> serializers.IntegerField:
    message = services.PAGE_SIZE_RANGE if maximum else PAGE_INVALID
    return serializers.IntegerField(
        required=False,
        default=default,
        min_value=1,
        max_value=maximum,
        help_text=help_text,
        error_messages={
            "invalid": message,
            "min_value": message,
            "max_value": message,
            "max_string_length": message,
        },
    )


class PullQuerySerializer(ExportQuerySerializer):
    # camelCase: the names CBS asks for.
    pageSize = _page_number(
        f"Vroegsignalen per pagina, hooguit {ddas.MAX_PAGE_SIZE}.",
        maximum=ddas.MAX_PAGE_SIZE,
        default=ddas.MAX_PAGE_SIZE,
    )
    currentPage = _page_number("De pagina, vanaf 1.", default=1)


def _query(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _streamed(chunks: Any) -> StreamingHttpResponse:
    return StreamingHttpResponse(
        (chunk.encode() for chunk in chunks), content_type="application/json; charset=utf-8"
    )


# -- views -----------------------------------------------------------------------------------------------
BEARER_REFUSED = OpenApiResponse(
    ErrorSerializer,
    description="Geen, een onbekende of een ingetrokken leveringssleutel (`Authorization: Bearer "
    "<leveringssleutel>`); ook een API-token of sessie van een medewerker geeft hier 401.",
)


@extend_schema(tags=TAGS)
class DeliveryPullView(APIView):
    authentication_classes = [DeliveryTokenAuthentication]
    permission_classes = [HasDeliveryCredential]

    def permission_denied(self, request: Request, message: Any = None, code: Any = None) -> NoReturn:
        # Without a delivery token nobody is authenticated here: always 401, with the Bearer challenge.
        raise exceptions.NotAuthenticated(NO_TOKEN)

    @extend_schema(
        operation_id="early_warning_ddas_pull",
        summary="DDAS-levering ophalen (CBS)",
        description="Eén pagina van de levering Vroegsignalering (DDAS v1.2) van de gemeente van de "
        "leveringssleutel: `gegevens` is het uitwisselmodel, `paginering` zegt hoeveel er is. Een pagina "
        "draagt haar vroegsignalen en de vroegsignaalzaken waarvan het eerste signaal op die pagina staat; "
        "een zaak verwijst naar haar signalen op die pagina of de volgende. Een gemeentecode van een andere "
        "gemeente dan die van de sleutel: 404. Een pagina voorbij de laatste: 400.",
        parameters=[PullQuerySerializer],
        responses={
            200: OpenApiResponse(ddas_schema.PULLED_PAGE, description="Eén pagina van de levering."),
            401: BEARER_REFUSED,
            404: NOT_FOUND,
        },
    )
    def get(self, request: Request) -> StreamingHttpResponse:
        query = _query(PullQuerySerializer, request)
        auth = request.auth
        if not isinstance(auth, DeliveryAuth):  # HasDeliveryCredential lets nothing else in
            raise exceptions.NotAuthenticated(NO_TOKEN)
        try:
            pulled = services.delivery_pull(
                token=auth.token,
                municipality_code=query["gemeentecode"],
                start=query["startdatum"],
                end=query["einddatum"],
                page=query["currentPage"],
                page_size=query["pageSize"],
            )
        except services.UnknownCredential as error:  # revoked since authentication
            raise exceptions.AuthenticationFailed(BAD_TOKEN) from error
        return _streamed(pulled.chunks)


@extend_schema(tags=TAGS)
class DeliveryExportView(APIView):
    @extend_schema(
        operation_id="early_warning_ddas_export",
        summary="DDAS-levering downloaden (functioneel beheerder)",
        description="De hele periode als één uitwisselmodel (DDAS Vroegsignalering v1.2), als bestand. "
        "Voor de functioneel beheerder van de gemeente; ieder ander: 404.",
        parameters=[ExportQuerySerializer],
        responses={
            200: OpenApiResponse(ddas_schema.EXCHANGE_DOCUMENT, description="Het uitwisselmodel."),
            401: UNAUTHENTICATED,
            404: NOT_FOUND,
        },
    )
    def get(self, request: StaffApiRequest) -> StreamingHttpResponse:
        query = _query(ExportQuerySerializer, request)
        municipality = Municipality.objects.filter(cbs_code=query["gemeentecode"]).first()
        if municipality is None:
            raise Http404
        delivery = services.delivery_export(
            acting_user=request.user,
            municipality=municipality,
            start=query["startdatum"],
            end=query["einddatum"],
            channel=Channel.API,
        )
        response = _streamed(delivery.chunks)
        response["Content-Disposition"] = f'attachment; filename="{delivery.filename}"'
        return response


urlpatterns: list[URLPattern] = [
    path("ddas/", DeliveryPullView.as_view(), name="ddas-pull"),
    path("ddas/export/", DeliveryExportView.as_view(), name="ddas-export"),
]
