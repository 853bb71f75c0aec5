"""Shared fixtures for the providers tests: a contracted world on top of the `world` fixture."""

import datetime
from dataclasses import dataclass

import pytest

from wijkregie.accounts.constants import Role
from wijkregie.accounts.models import User
from wijkregie.accounts.tests.factories import UserFactory
from wijkregie.audit.models import AuditEvent
from wijkregie.core.testclock import clock_at
from wijkregie.organisation.constants import OrganisationKind
from wijkregie.organisation.models import Organisation
from wijkregie.organisation.tests.factories import OrganisationFactory
from wijkregie.providers.models import Contract, ContractProduct, Provider, ProviderContact

from .factories import ContractFactory, ContractProductFactory, ProviderContactFactory, ProviderFactory

TODAY = datetime.date(2025, 3, 10)  # a Monday


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.WIJKREGIE_REQUIRE_2FA = False


@pytest.fixture(autouse=True)
def _today():
    """These tests run on TODAY: the dates of their contracts and decisions are fixed."""
    with clock_at(TODAY):
        yield


@dataclass
class Contracting:
    zorg_thuis: Provider  # piet's organisation; serves west
    anker: Provider  # serves west and zuid
    kolk: Provider  # serves zuid only
    schans: Organisation  # welfare, not a provider
    open_house: Contract  # west, party zorg_thuis, product 02A01
    area: Contract  # west, anker main, zorg_thuis sub, area: centrum
    subsidy: Contract  # west, schans
    zuid_open_house: Contract  # zuid, party kolk
    product: ContractProduct  # the open house's 02A01
    contact: ProviderContact  # of zorg_thuis
    cora: User  # the contractmanager of zuid


@pytest.fixture
def contracting(world) -> Contracting:
    zorg_thuis = ProviderFactory(
        organisation=Organisation.objects.get(name="Zorg Thuis"),
        agb_code="12345678",
        municipalities=[world.west],
    )
    anker = ProviderFactory(
        organisation=OrganisationFactory(name="Het Anker", kind=OrganisationKind.CARE_PROVIDER),
        municipalities=[world.west, world.zuid],
    )
    kolk = ProviderFactory(
        organisation=OrganisationFactory(name="De Kolk", kind=OrganisationKind.CARE_PROVIDER),
        municipalities=[world.zuid],
    )
    schans = Organisation.objects.get(name="Welzijn De Schans")
    open_house = ContractFactory(
        municipality=world.west, name="Open house Zorg Thuis", party=zorg_thuis.organisation
    )
    area = ContractFactory(
        area=True,
        municipality=world.west,
        name="Jeugd Centrum",
        party=anker.organisation,
        districts=[world.west_centrum],
        subcontractors=[zorg_thuis.organisation],
    )
    subsidy = ContractFactory(subsidy=True, municipality=world.west, name="Subsidie De Schans", party=schans)
    zuid_open_house = ContractFactory(
        municipality=world.zuid, name="Open house De Kolk", party=kolk.organisation
    )
    return Contracting(
        zorg_thuis=zorg_thuis,
        anker=anker,
        kolk=kolk,
        schans=schans,
        open_house=open_house,
        area=area,
        subsidy=subsidy,
        zuid_open_house=zuid_open_house,
        product=ContractProductFactory(contract=open_house),
        contact=ProviderContactFactory(provider=zorg_thuis),
        cora=UserFactory(username="cora", role=Role.CONTRACT_MANAGER, municipality=world.zuid),
    )


def providers_state() -> tuple:
    """Everything these pages and services can change, to assert that a refusal changed nothing."""

    def rows(queryset, *fields):  # type: ignore[no-untyped-def]
        return list(queryset.order_by("pk").values_list(*fields))

    contract_fields = [f.attname for f in Contract._meta.concrete_fields]
    product_fields = [f.attname for f in ContractProduct._meta.concrete_fields]
    return (
        rows(Organisation.objects, "pk", "name", "kind"),
        rows(Provider.objects, "pk", "organisation_id", "agb_code", "kvk_number", "active"),
        rows(Provider.municipalities.through.objects, "provider_id", "municipality_id"),
        rows(Provider.districts.through.objects, "provider_id", "district_id"),
        rows(ProviderContact.objects, "pk", "provider_id", "topic", "name", "email", "phone"),
        rows(Contract.objects, *contract_fields),
        rows(Contract.subcontractors.through.objects, "contract_id", "organisation_id"),
        rows(Contract.districts.through.objects, "contract_id", "district_id"),
        rows(ContractProduct.objects, *product_fields),
        AuditEvent.objects.count(),
    )
