"""Reads of providers and contracts: the contractmanager's pages start from the policy's visible querysets;
the allocation code asks which providers are contracted for a product, and at what tariff.

Contracts and providers hold no personal data; these reads write no access rows."""

import math
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from wijkregie.integrations.istandaarden.codelists import codes
from wijkregie.organisation.models import District, Municipality

from .constants import ContractKind
from .models import Contract, ContractProduct, Provider, ProviderContact
from .policies import ContractPolicy

# -- the contractmanager's pages -----------------------------------------------------------------------------


def _contracts_of(municipality_id: int, organisation: Any) -> QuerySet[Contract]:
    """Contracts of a municipality with `organisation` (an id, or an OuterRef to the query around this one)
    as party or subcontractor."""
    inner = OuterRef(organisation) if isinstance(organisation, OuterRef) else organisation
    subcontracts = Contract.subcontractors.through.objects.filter(
        contract_id=OuterRef("pk"), organisation_id=inner
    )
    return Contract.objects.filter(municipality_id=municipality_id).filter(
        Q(party_id=organisation) | Q(Exists(subcontracts))
    )


def provider_list(policy: ContractPolicy) -> QuerySet[Provider]:
    """The providers serving the user's municipality, with their municipalities and `contract_count`: the
    number of the municipality's contracts they are party or subcontractor to. Two queries."""
    count = (
        _contracts_of(policy.own_municipality_id(), OuterRef("organisation_id"))
        .order_by()
        .values("municipality_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        policy.visible_providers()
        .select_related("organisation")
        .prefetch_related("municipalities")
        .annotate(contract_count=Coalesce(Subquery(count, output_field=IntegerField()), Value(0)))
        .order_by("organisation__name")
    )


def provider_details(policy: ContractPolicy) -> QuerySet[Provider]:
    """provider_list with the districts and contact points too (for the API). Four queries."""
    return provider_list(policy).prefetch_related("districts", "contacts")


def provider_contacts(provider: Provider) -> QuerySet[ProviderContact]:
    return provider.contacts.order_by("topic", "name", "pk")


def provider_contracts(policy: ContractPolicy, provider: Provider) -> QuerySet[Contract]:
    """The user's municipality's contracts with this provider, as party or as subcontractor."""
    return (
        _contracts_of(policy.own_municipality_id(), provider.organisation_id)
        .select_related("party")
        .order_by("kind", "-end_date", "name")
    )


def provider_districts(policy: ContractPolicy, provider: Provider) -> QuerySet[District]:
    """The districts of the user's municipality the provider serves (none: the whole municipality)."""
    return provider.districts.filter(municipality_id=policy.own_municipality_id()).order_by("name")


def contract_list(policy: ContractPolicy) -> QuerySet[Contract]:
    """The municipality's contracts with party, subcontractors, area and `extensions_left`. Three queries."""
    return (
        policy.visible_contracts()
        .annotate(extensions_left=F("extensions_max") - F("extensions_used"))
        .select_related("party", "municipality")
        .prefetch_related("subcontractors", "districts")
        .order_by("kind", "name", "pk")
    )


def contracts_by_kind(contracts: Iterable[Contract]) -> list[tuple[str, str, list[Contract]]]:
    """(kind, label, contracts) for every kind, in the order of ContractKind; empty kinds included."""
    groups: dict[str, list[Contract]] = {kind: [] for kind in ContractKind.values}
    for contract in contracts:
        groups[contract.kind].append(contract)
    return [(kind, ContractKind(kind).label, groups[kind]) for kind in ContractKind.values]


def contract_products(contract: Contract) -> QuerySet[ContractProduct]:
    return contract.products.order_by("product_category", "product_code", "valid_from", "pk")


def category_name(product_category: str) -> str:
    """The description of a WMO020/JZ020 product category, or "" when the code lists are not installed."""
    for standard, list_id in (("iwmo-3.2", "WMO020"), ("ijw-3.2", "JZ020")):
        found = (codes(standard, list_id) or {}).get(product_category)
        if found:
            return found
    return ""


def unit_name(unit: str) -> str:
    return (codes("iwmo-3.2", "WJ756") or {}).get(unit, "")


def risk_valve_threshold(contract: Contract) -> int | None:
    """The number of unique clients per year above which an area contract's risk valve flags: the baseline
    plus the risk valve percentage, rounded up. None when the contract has no risk valve."""
    if contract.baseline_clients is None or contract.risk_valve_percent is None:
        return None
    return math.ceil(contract.baseline_clients * (100 + contract.risk_valve_percent) / 100)


def risk_valve_exceeded(contract: Contract, unique_clients: int) -> bool:
    """True when this year's unique-client inflow exceeds the baseline by more than the risk valve."""
    threshold = risk_valve_threshold(contract)
    return threshold is not None and unique_clients > threshold


def extensions_left(contract: Contract) -> int:
    return max(0, contract.extensions_max - contract.extensions_used)


# -- for the allocation code ---------------------------------------------------------------------------------


def _in_force(on: date) -> Q:
    """Products whose tariff applies on `on`, under a contract that runs on `on`."""
    return (
        Q(valid_from__lte=on)
        & (Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        & Q(contract__start_date__lte=on, contract__end_date__gte=on)
    )


def _product(product_category: str, product_code: str) -> Q:
    """The asked product, or a contract line for its whole category (no product code)."""
    return Q(product_category=product_category) & (Q(product_code=product_code) | Q(product_code=""))


def contracted_product(
    municipality: Municipality, provider: Provider, product_category: str, product_code: str, on: date
) -> ContractProduct | None:
    """The contracted product (with its tariff and contract) that applies on `on` when the municipality
    allocates this product to this provider: under a contract of the municipality whose party or
    subcontractor is the provider's organisation. A line for exactly this product code wins over a line for
    the whole category; among equals the latest `valid_from`. None when the provider is not contracted for
    it that day. One query."""
    return (
        ContractProduct.objects.filter(
            _in_force(on), _product(product_category, product_code), contract__municipality_id=municipality.pk
        )
        .filter(
            Q(contract__party_id=provider.organisation_id)
            | Q(
                Exists(
                    Contract.subcontractors.through.objects.filter(
                        contract_id=OuterRef("contract_id"), organisation_id=provider.organisation_id
                    )
                )
            )
        )
        .select_related("contract")
        .order_by("-product_code", "-valid_from", "pk")
        .first()
    )


def providers_for(
    municipality: Municipality, district: District, product_category: str, product_code: str, on: date
) -> QuerySet[Provider]:
    """The active providers contracted by the municipality for this product on `on` that serve `district`.

    A provider counts when a contract product applies that day (see contracted_product) under an open house
    contract, or under an area contract whose area holds the district (as main provider or subcontractor),
    and when the provider serves the district: it lists no districts of this municipality (the whole
    municipality) or lists this one. Ordered by name, with the organisation; one query."""
    if district.municipality_id != municipality.pk:
        return Provider.objects.none()
    as_party_or_sub = Q(contract__party_id=OuterRef("organisation_id")) | Q(
        Exists(
            Contract.subcontractors.through.objects.filter(
                contract_id=OuterRef("contract_id"), organisation_id=OuterRef(OuterRef("organisation_id"))
            )
        )
    )
    in_area = ~Q(contract__kind=ContractKind.AREA) | Q(
        Exists(
            Contract.districts.through.objects.filter(
                contract_id=OuterRef("contract_id"), district_id=district.pk
            )
        )
    )
    contracted = ContractProduct.objects.filter(
        _in_force(on), _product(product_category, product_code), contract__municipality_id=municipality.pk
    ).filter(as_party_or_sub, in_area)
    served = Provider.districts.through.objects.filter(provider_id=OuterRef("pk"))
    serves_district = ~Q(Exists(served.filter(district__municipality_id=municipality.pk))) | Q(
        Exists(served.filter(district_id=district.pk))
    )
    return (
        Provider.objects.filter(Exists(contracted), serves_district, active=True)
        .select_related("organisation")
        .order_by("organisation__name", "pk")
    )


def provider_by_uuid(provider_uuid: Any) -> Provider | None:
    """An active provider by its uuid: the contract check at allocation decides whether it may be chosen."""
    return Provider.objects.filter(uuid=provider_uuid, active=True).select_related("organisation").first()
