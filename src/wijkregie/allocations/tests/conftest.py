import datetime

import pytest

from wijkregie.core.testclock import clock_at
from wijkregie.decisions import services as decisions
from wijkregie.decisions.constants import DecisionKind, Outcome
from wijkregie.households.constants import Relation
from wijkregie.organisation.constants import OrganisationKind
from wijkregie.organisation.models import Organisation
from wijkregie.providers.constants import ContractKind
from wijkregie.providers.models import Contract, ContractProduct, Provider
from wijkregie.provisions.constants import ProvisionKind, ProvisionLaw, Weight
from wijkregie.provisions.models import Provision

TODAY = datetime.date(2025, 3, 10)  # a Monday
AGB = "12345678"
STEPS = {
    "question_situation": "Mevrouw kan niet meer zelf schoonmaken.",
    "needed_outcome": "Een schoon huis.",
    "own_strength_network_general": "Dochter helpt af en toe.",
    "why_not_enough": "Dochter woont ver weg.",
    "law_intent": "Zelfredzaamheid thuis.",
    "outcome_fits_law": True,
    "rules": "Verordening art. 7.",
}


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.WIJKREGIE_REQUIRE_2FA = False


@pytest.fixture(autouse=True)
def _today():
    """These tests run on TODAY: the dates of their contracts and decisions are fixed."""
    with clock_at(TODAY):
        yield


@pytest.fixture
def outbox(settings, tmp_path):
    settings.WIJKREGIE_MESSAGES_IN = str(tmp_path / "in")
    settings.WIJKREGIE_MESSAGES_OUT = str(tmp_path / "uit")
    return tmp_path


def head(household):
    return household.memberships.get(relation=Relation.HEAD).resident


def provider_of(world, name="Zorg Thuis", agb=AGB):
    organisation = Organisation.objects.get_or_create(name=name, kind=OrganisationKind.CARE_PROVIDER)[0]
    provider = Provider.objects.get_or_create(organisation=organisation, defaults={"agb_code": agb})[0]
    provider.municipalities.add(world.west)
    return provider


def contract_for(world, provider, code="01A01", tariff=3250):
    contract = Contract.objects.create(
        municipality=world.west,
        kind=ContractKind.OPEN_HOUSE,
        name=f"Open house {provider.agb_code}",
        party=provider.organisation,
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2026, 12, 31),
        review_on=datetime.date(2025, 12, 1),
    )
    ContractProduct.objects.create(
        contract=contract,
        product_category=code[:2],
        product_code=code,
        unit="04",
        tariff_cents=tariff,
        valid_from=datetime.date(2024, 1, 1),
    )
    return contract


def signed_beschikking(
    world, *, law=ProvisionLaw.WMO, code="01A01", outcome=Outcome.GRANTED, plan_action=None
):
    provision = Provision.objects.get_or_create(
        municipality=world.west,
        kind=ProvisionKind.CUSTOM,
        name=f"Product {code}",
        defaults={
            "law": law,
            "product_category": code[:2],
            "product_code": code,
            "unit": "04",
            "frequency": "2",
            "tariff_cents": 3250,
            "weight": Weight.LIGHT,
        },
    )[0]
    request = decisions.request_create(
        acting_user=world.anna,
        household=world.household,
        resident=head(world.household),
        provision=provision,
        received_on=TODAY,
        plan_action=plan_action,
    )
    decisions.reverse_test_save(acting_user=world.anna, request=request, **STEPS)
    product = decisions.Product(start_date=TODAY, end_date=datetime.date(2025, 12, 31), volume=2)
    granting = outcome in (Outcome.GRANTED, Outcome.PARTLY_GRANTED)
    decisions.request_decide(
        acting_user=world.anna,
        request=request,
        outcome=outcome,
        decision_kind=DecisionKind.WITHIN_RULES,
        decided_on=TODAY,
        product=product if granting else None,
    )
    request.refresh_from_db()
    return request.beschikking
