import datetime

import factory

from wijkregie.organisation.constants import OrganisationKind
from wijkregie.organisation.tests.factories import MunicipalityFactory, OrganisationFactory
from wijkregie.providers.constants import ContractKind
from wijkregie.providers.models import Contract, ContractProduct, Provider, ProviderContact


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.CARE_PROVIDER)
    agb_code = factory.Sequence(lambda n: f"{75000000 + n:08d}")
    kvk_number = factory.Sequence(lambda n: f"{60000000 + n:08d}")

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create and extracted:
            self.municipalities.set(extracted)

    @factory.post_generation
    def districts(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create and extracted:
            self.districts.set(extracted)


class ProviderContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProviderContact

    provider = factory.SubFactory(ProviderFactory)
    topic = "Toewijzingen"
    email = "toewijzingen@aanbieder.example"


class ContractFactory(factory.django.DjangoModelFactory):
    """An open house contract by default; traits `area` and `subsidy` for the other kinds."""

    class Meta:
        model = Contract
        skip_postgeneration_save = True

    municipality = factory.SubFactory(MunicipalityFactory)
    kind = ContractKind.OPEN_HOUSE
    name = factory.Sequence(lambda n: f"Contract {n}")
    party = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.CARE_PROVIDER)
    start_date = datetime.date(2024, 1, 1)
    end_date = datetime.date(2026, 12, 31)
    extension_years = 1
    extensions_max = 2
    review_on = datetime.date(2025, 10, 1)

    class Params:
        area = factory.Trait(
            kind=ContractKind.AREA,
            review_on=None,
            lump_sum_cents=240_000_000,
            baseline_clients=200,
            risk_valve_percent=10,
        )
        subsidy = factory.Trait(
            kind=ContractKind.SUBSIDY,
            review_on=None,
            extension_years=0,
            extensions_max=0,
            subsidy_cents=50_000_000,
            deliverables="Inloop in elke wijk",
        )

    @factory.post_generation
    def districts(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create and extracted:
            self.districts.set(extracted)

    @factory.post_generation
    def subcontractors(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create and extracted:
            self.subcontractors.set(extracted)


class ContractProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContractProduct

    contract = factory.SubFactory(ContractFactory)
    product_category = "02"
    product_code = "02A01"
    unit = "04"
    tariff_cents = 6150
    valid_from = datetime.date(2024, 1, 1)
