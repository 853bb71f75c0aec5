"""Providers and contracts API, for the contractmanager (reads and writes) and the beleidsmedewerker (reads)
of a municipality; 404 for everyone else. Serializers only check the shape; the services decide, answer in
Dutch per field (400) and audit with channel "api"."""

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
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
    expected_version,
    validated,
    with_version,
)
from wijkregie.organisation.models import District, Organisation
from wijkregie.providers import selectors, services
from wijkregie.providers.models import Contract, Provider
from wijkregie.providers.policies import ContractPolicy
from wijkregie.providers.services import ContractData

from . import serializers as s

API = Channel.API
TAGS = ["contracten"]
INVALID = OpenApiResponse(
    dict[str, list[str]],
    description="Ongeldige invoer: per veldnaam een lijst Nederlandse meldingen; `__all__` voor meldingen "
    "over het geheel. Er is niets opgeslagen.",
)
READ_ERRORS = {401: UNAUTHENTICATED, 404: NOT_FOUND}
ERRORS = {400: INVALID, **READ_ERRORS}
UNKNOWN_ORGANISATION = "Onbekende organisatie."
UNKNOWN_DISTRICT = "Onbekende wijk."


def _reader_or_404(request: Request) -> ContractPolicy:
    policy = ContractPolicy(request.user)
    if not policy.can_view():
        raise Http404
    return policy


def _manager_or_404(request: Request) -> ContractPolicy:
    policy = ContractPolicy(request.user)
    if not policy.can_manage():
        raise Http404
    return policy


def _by_uuid(model: Any, uuids: Iterable[UUID], field: str, message: str) -> list[Any]:
    """The objects for these uuids, in their order; an unknown uuid is a 400 on `field`."""
    wanted = list(dict.fromkeys(uuids))
    found = {obj.uuid: obj for obj in model.objects.filter(uuid__in=wanted)}
    if len(found) != len(wanted):
        raise ValidationError({field: [message]})
    return [found[uuid] for uuid in wanted]


def _provider_body(policy: ContractPolicy, provider: Provider) -> dict[str, Any]:
    fresh = selectors.provider_details(policy).get(pk=provider.pk)
    return dict(s.ProviderSerializer(fresh).data)


def _contract_body(policy: ContractPolicy, contract: Contract) -> dict[str, Any]:
    fresh = selectors.contract_list(policy).get(pk=contract.pk)
    return dict(s.ContractSerializer(fresh).data)


# -- providers ---------------------------------------------------------------------------------------------
@extend_schema(tags=TAGS)
class ProviderListView(generics.ListAPIView):
    serializer_class = s.ProviderSerializer

    @extend_schema(
        operation_id="providers_list",
        summary="Zorgaanbieders van mijn gemeente",
        description="De zorgaanbieders die de gemeente van de contractmanager of beleidsmedewerker bedienen, "
        "met hun AGB-code, wijken en contactpunten.",
        responses={200: s.ProviderSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        policy = _reader_or_404(request)
        page = self.paginate_queryset(selectors.provider_details(policy))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        operation_id="providers_create",
        summary="Zorgaanbieder registreren",
        description="Voor de contractmanager: een bestaande organisatie (`organisation`) óf een nieuwe "
        "(`name`, `kind`). De zorgaanbieder gaat uw gemeente bedienen.",
        request=s.ProviderCreateInputSerializer,
        responses={201: s.ProviderSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest) -> Response:
        policy = _manager_or_404(request)
        data = validated(s.ProviderCreateInputSerializer, request)
        if data.get("organisation"):
            data["organisation"] = _by_uuid(
                Organisation, [data["organisation"]], "organisation", UNKNOWN_ORGANISATION
            )[0]
        data["districts"] = _by_uuid(District, data.get("districts", []), "districts", UNKNOWN_DISTRICT)
        provider = services.provider_create(acting_user=request.user, channel=API, **data)
        return Response(_provider_body(policy, provider), status=status.HTTP_201_CREATED)


@extend_schema(tags=TAGS)
class ProviderDetailView(APIView):
    @extend_schema(
        operation_id="providers_retrieve",
        summary="Eén zorgaanbieder",
        responses={200: s.ProviderSerializer, **READ_ERRORS},
    )
    def get(self, request: Request, provider_uuid: UUID) -> Response:
        policy = _reader_or_404(request)
        provider = policy.get_provider_or_404(provider_uuid)
        return with_version(Response(_provider_body(policy, provider)), provider)

    @extend_schema(
        operation_id="providers_partial_update",
        summary="Zorgaanbieder wijzigen",
        description="Stuur alleen wat verandert. `districts` is de complete lijst wijken van uw gemeente. "
        "Met `If-Match` (de ETag of `version`) alleen als niemand de zorgaanbieder intussen wijzigde.",
        request=s.ProviderUpdateInputSerializer,
        parameters=[IF_MATCH],
        responses={200: s.ProviderSerializer, **VERSION_ERRORS, **ERRORS},
    )
    def patch(self, request: StaffApiRequest, provider_uuid: UUID) -> Response:
        policy = _manager_or_404(request)
        provider = policy.get_provider_or_404(provider_uuid)
        data = validated(s.ProviderUpdateInputSerializer, request, partial=True)
        if "districts" in data:
            districts = _by_uuid(District, data["districts"], "districts", UNKNOWN_DISTRICT)
        else:
            districts = list(selectors.provider_districts(policy, provider))
        provider = services.provider_update(
            acting_user=request.user,
            provider=provider,
            name=data.get("name", provider.organisation.name),
            agb_code=data.get("agb_code", provider.agb_code),
            kvk_number=data.get("kvk_number", provider.kvk_number),
            districts=districts,
            active=data.get("active", provider.active),
            expected_version=expected_version(request),
            channel=API,
        )
        return with_version(Response(_provider_body(policy, provider)), provider)


# -- contracts ---------------------------------------------------------------------------------------------
def _contract_data(data: dict[str, Any], base: ContractData | None = None) -> ContractData:
    """The input (all of it, or the changed part on top of `base`) with uuids turned into objects."""
    values = dict(data)
    if "party" in values:
        values["party"] = _by_uuid(Organisation, [values["party"]], "party", UNKNOWN_ORGANISATION)[0]
    if "subcontractors" in values:
        values["subcontractors"] = _by_uuid(
            Organisation, values["subcontractors"], "subcontractors", UNKNOWN_ORGANISATION
        )
    if "districts" in values:
        values["districts"] = _by_uuid(District, values["districts"], "districts", UNKNOWN_DISTRICT)
    if base is None:
        return ContractData(**values)
    return ContractData(**{**base.__dict__, **values})


@extend_schema(tags=TAGS)
class ContractListView(generics.ListAPIView):
    serializer_class = s.ContractSerializer

    @extend_schema(
        operation_id="contracts_list",
        summary="Contracten van mijn gemeente",
        description="Open house, gebiedscontracten met lumpsum en subsidies, met looptijd en "
        "verlengingsopties.",
        responses={200: s.ContractSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        policy = _reader_or_404(request)
        page = self.paginate_queryset(selectors.contract_list(policy))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        operation_id="contracts_create",
        summary="Contract vastleggen",
        description="Open house vraagt `review_on`; een gebiedscontract `districts`, `lump_sum_cents`, "
        "`baseline_clients` en `risk_valve_percent`; een subsidie `subsidy_cents`. Velden van een andere "
        "soort worden geweigerd.",
        request=s.ContractInputSerializer,
        responses={201: s.ContractSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest) -> Response:
        policy = _manager_or_404(request)
        data = _contract_data(validated(s.ContractInputSerializer, request))
        contract = services.contract_create(acting_user=request.user, data=data, channel=API)
        return Response(_contract_body(policy, contract), status=status.HTTP_201_CREATED)


@extend_schema(tags=TAGS)
class ContractDetailView(APIView):
    @extend_schema(
        operation_id="contracts_retrieve",
        summary="Eén contract",
        responses={200: s.ContractSerializer, **READ_ERRORS},
    )
    def get(self, request: Request, contract_uuid: UUID) -> Response:
        policy = _reader_or_404(request)
        contract = policy.get_contract_or_404(contract_uuid)
        return with_version(Response(_contract_body(policy, contract)), contract)

    @extend_schema(
        operation_id="contracts_partial_update",
        summary="Contract wijzigen",
        description="Stuur alleen wat verandert. De soort (`kind`) verandert niet; verlengen gaat met "
        "`extend`. Met `If-Match` (de ETag of `version`) alleen als niemand het contract intussen wijzigde "
        "of verlengde.",
        request=s.ContractInputSerializer,
        parameters=[IF_MATCH],
        responses={200: s.ContractSerializer, **VERSION_ERRORS, **ERRORS},
    )
    def patch(self, request: StaffApiRequest, contract_uuid: UUID) -> Response:
        policy = _manager_or_404(request)
        contract = policy.get_contract_or_404(contract_uuid)
        changes = validated(s.ContractInputSerializer, request, partial=True)
        data = _contract_data(changes, base=ContractData.of(contract))
        contract = services.contract_update(
            acting_user=request.user,
            contract=contract,
            data=data,
            expected_version=expected_version(request),
            channel=API,
        )
        return with_version(Response(_contract_body(policy, contract)), contract)


@extend_schema(tags=TAGS)
class ContractExtendView(APIView):
    @extend_schema(
        operation_id="contracts_extend",
        summary="Contract verlengen",
        description="Gebruikt één verlengingsoptie: de einddatum schuift `extension_years` jaar op. "
        "Geweigerd (400) als er geen optie meer over is.",
        request=None,
        responses={200: s.ContractSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest, contract_uuid: UUID) -> Response:
        policy = _manager_or_404(request)
        contract = policy.get_contract_or_404(contract_uuid)
        contract = services.contract_extend(acting_user=request.user, contract=contract, channel=API)
        return Response(_contract_body(policy, contract))


@extend_schema(tags=TAGS)
class ContractProductListView(generics.ListAPIView):
    serializer_class = s.ContractProductSerializer

    @extend_schema(
        operation_id="contract_products_list",
        summary="Producten en tarieven van een contract",
        responses={200: s.ContractProductSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request, contract_uuid: UUID) -> Response:
        contract = _reader_or_404(request).get_contract_or_404(contract_uuid)
        page = self.paginate_queryset(selectors.contract_products(contract))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        operation_id="contract_products_create",
        summary="Product aan een contract toevoegen",
        description="Met het tarief in eurocent per eenheid, vanaf `valid_from` tot en met `valid_until`. "
        "Een product met een tarief in dezelfde periode wordt geweigerd: beëindig eerst het oude.",
        request=s.ContractProductInputSerializer,
        responses={201: s.ContractProductSerializer, **ERRORS},
    )
    def post(self, request: StaffApiRequest, contract_uuid: UUID) -> Response:
        contract = _manager_or_404(request).get_contract_or_404(contract_uuid)
        data = validated(s.ContractProductInputSerializer, request)
        product = services.contract_product_add(
            acting_user=request.user, contract=contract, channel=API, **data
        )
        return Response(s.ContractProductSerializer(product).data, status=status.HTTP_201_CREATED)
