"""The contract policy and the services: who may do what, what a valid call changes (with its audit row), and
bad input refused in Dutch with nothing saved."""

import datetime
from dataclasses import replace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import Http404

from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.models import AuditEvent
from wijkregie.integrations.istandaarden.codelists import codes
from wijkregie.organisation.constants import OrganisationKind
from wijkregie.organisation.models import Organisation
from wijkregie.organisation.tests.factories import DistrictFactory, OrganisationFactory
from wijkregie.providers import services
from wijkregie.providers.constants import ContractKind
from wijkregie.providers.models import Contract, ContractProduct, Provider
from wijkregie.providers.policies import ContractPolicy
from wijkregie.providers.services import ContractData, add_years

from .conftest import providers_state

pytestmark = pytest.mark.django_db
needs_lists = pytest.mark.skipif(
    codes("iwmo-3.2", "WMO020") is None or codes("ijw-3.2", "JZ020") is None,
    reason="de iStandaarden-codelijsten ontbreken (zie WIJKREGIE_ISTANDAARDEN_DIR)",
)

NOBODY = ["anna", "otto", "teun", "bo", "sanne", "piet", "fenna", "zoe"]


def _open_house(contracting, **changes):
    base = ContractData(
        kind=ContractKind.OPEN_HOUSE,
        name="Open house Wmo 2025",
        party=contracting.anker.organisation,
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2026, 12, 31),
        extension_years=1,
        extensions_max=2,
        review_on=datetime.date(2025, 10, 1),
    )
    return replace(base, **changes)


def _area(world, contracting, **changes):
    base = ContractData(
        kind=ContractKind.AREA,
        name="Jeugd Noord",
        party=contracting.anker.organisation,
        subcontractors=[contracting.zorg_thuis.organisation],
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2026, 12, 31),
        districts=[world.west_noord],
        lump_sum_cents=150_000_000,
        baseline_clients=120,
        risk_valve_percent=10,
    )
    return replace(base, **changes)


def _subsidy(contracting, **changes):
    base = ContractData(
        kind=ContractKind.SUBSIDY,
        name="Subsidie welzijn 2025",
        party=contracting.schans,
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2025, 12, 31),
        subsidy_cents=75_000_000,
        deliverables="Inloop in elke wijk",
    )
    return replace(base, **changes)


def _refused(call, **kwargs):
    """Run a service call that must be refused; return its Dutch messages per field."""
    before = providers_state()
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    assert providers_state() == before
    return caught.value.message_dict


# -- policy --------------------------------------------------------------------------------------------------
def test_contractmanager_sees_own_municipality_providers_and_contracts(world, contracting):
    policy = ContractPolicy(world.carla)

    assert policy.can_view() and policy.can_manage()
    assert set(policy.visible_providers()) == {contracting.zorg_thuis, contracting.anker}
    assert set(policy.visible_contracts()) == {contracting.open_house, contracting.area, contracting.subsidy}


def test_policy_officer_reads_and_manages_nothing(world, contracting):
    policy = ContractPolicy(world.bea)

    assert policy.can_view() and not policy.can_manage()
    assert set(policy.visible_contracts()) == {contracting.open_house, contracting.area, contracting.subsidy}
    assert not policy.can_manage_contract(contracting.open_house)
    assert list(policy.unregistered_provider_organisations()) == []


def test_contractmanager_of_zuid_sees_zuid_only(world, contracting):
    policy = ContractPolicy(contracting.cora)

    assert set(policy.visible_providers()) == {contracting.anker, contracting.kolk}
    assert list(policy.visible_contracts()) == [contracting.zuid_open_house]
    assert not policy.can_manage_contract(contracting.open_house)


@pytest.mark.parametrize("name", NOBODY)
def test_everyone_else_sees_nothing(world, contracting, name):
    policy = ContractPolicy(world.user(name))

    assert not policy.can_view() and not policy.can_manage()
    assert not policy.visible_providers().exists()
    assert not policy.visible_contracts().exists()


def test_anonymous_and_inactive_see_nothing(world, contracting):
    world.carla.is_active = False

    assert not ContractPolicy(AnonymousUser()).can_view()
    assert not ContractPolicy(world.carla).can_view()


# -- providers -----------------------------------------------------------------------------------------------
def test_provider_create_makes_organisation_links_municipality_and_audits(world):
    provider = services.provider_create(
        acting_user=world.carla,
        name="Jeugdhulp De Vlieger",
        kind=OrganisationKind.MAIN_CONTRACTOR,
        agb_code="98990003",
        kvk_number="90000003",
        districts=[world.west_noord],
    )

    provider = Provider.objects.get(pk=provider.pk)
    assert (provider.organisation.name, provider.organisation.kind) == (
        "Jeugdhulp De Vlieger",
        "hoofdaannemer",
    )
    assert (provider.agb_code, provider.kvk_number, provider.active) == ("98990003", "90000003", True)
    assert list(provider.municipalities.all()) == [world.west]
    assert list(provider.districts.all()) == [world.west_noord]
    event = AuditEvent.objects.get()
    assert (event.actor, event.action, event.object_uuid) == (world.carla, Action.CREATE, provider.uuid)
    assert event.fields == ["agb_code", "districts", "kvk_number", "municipalities", "organisation"]
    assert event.household_uuid is None


def test_provider_create_registers_a_known_organisation(world):
    zorg_thuis = Organisation.objects.get(name="Zorg Thuis")

    provider = services.provider_create(acting_user=world.carla, organisation=zorg_thuis, agb_code="12345678")

    assert provider.organisation == zorg_thuis
    assert Organisation.objects.filter(name="Zorg Thuis").count() == 1


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"agb_code": "1234567"}, "agb_code", "Een AGB-code bestaat uit 8 cijfers."),
        ({"agb_code": "1234567a"}, "agb_code", "Een AGB-code bestaat uit 8 cijfers."),
        ({"agb_code": "12345678"}, "agb_code", "Er is al een zorgaanbieder met deze AGB-code."),
        ({"kvk_number": "123"}, "kvk_number", "Een KvK-nummer bestaat uit 8 cijfers."),
        ({"name": ""}, "name", "Vul de naam van de zorgaanbieder in."),
        ({"name": "het anker"}, "name", "Er is al een organisatie met deze naam."),
        ({"kind": "gemeente"}, "kind", "Kies zorgaanbieder of hoofdaannemer."),
    ],
)
def test_provider_create_refuses_bad_input(world, contracting, values, field, message):
    kwargs = {"acting_user": world.carla, "name": "Nieuwe Zorg", "agb_code": "87654321", **values}

    errors = _refused(services.provider_create, **kwargs)

    assert errors[field][0].startswith(message)


def test_provider_create_refuses_a_district_of_another_municipality(world):
    errors = _refused(
        services.provider_create,
        acting_user=world.carla,
        name="Nieuwe Zorg",
        agb_code="87654321",
        districts=[world.zuid_dorp],
    )

    assert errors == {"districts": ["Kies alleen wijken van uw eigen gemeente."]}


def test_provider_create_refuses_an_organisation_already_registered(world, contracting):
    errors = _refused(
        services.provider_create,
        acting_user=world.carla,
        organisation=contracting.anker.organisation,
        agb_code="87654321",
    )

    assert list(errors) == ["organisation"]


@pytest.mark.parametrize("name", ["bea", "piet", "fenna", "anna"])
def test_provider_create_is_404_for_others(world, name):
    before = providers_state()

    with pytest.raises(Http404):
        services.provider_create(acting_user=world.user(name), name="Nieuwe Zorg", agb_code="87654321")

    assert providers_state() == before


def test_provider_update_keeps_other_municipalities_districts(world, contracting):
    anker = contracting.anker
    anker.districts.set([world.zuid_dorp])

    services.provider_update(
        acting_user=world.carla,
        provider=anker,
        name="Het Anker Thuiszorg",
        agb_code=anker.agb_code,
        kvk_number="",
        districts=[world.west_centrum],
        active=False,
    )

    anker = Provider.objects.get(pk=anker.pk)
    assert anker.organisation.name == "Het Anker Thuiszorg"
    assert (anker.kvk_number, anker.active) == ("", False)
    assert set(anker.districts.all()) == {world.zuid_dorp, world.west_centrum}
    assert AuditEvent.objects.get().fields == ["active", "districts", "kvk_number", "name"]


def test_provider_update_of_a_provider_of_another_municipality_is_404(world, contracting):
    before = providers_state()

    with pytest.raises(Http404):
        services.provider_update(
            acting_user=world.carla,
            provider=contracting.kolk,
            name="Overgenomen",
            agb_code=contracting.kolk.agb_code,
            kvk_number="",
            districts=[],
            active=True,
        )

    assert providers_state() == before


def test_contact_add_and_remove_audit_field_names_only(world, contracting):
    contact = services.provider_contact_add(
        acting_user=world.carla,
        provider=contracting.anker,
        topic="Facturen",
        name="Marieke de Boer",
        email="facturen@anker.example",
    )
    services.provider_contact_remove(acting_user=world.carla, contact=contact)

    created, removed = AuditEvent.objects.order_by("pk")
    assert created.fields == ["email", "name", "topic"]
    assert (removed.action, removed.object_uuid) == (Action.DELETE, contact.uuid)
    assert not contracting.anker.contacts.exists()
    assert "Marieke" not in str(list(AuditEvent.objects.values_list("fields", flat=True)))


def test_contact_add_refuses_bad_input(world, contracting):
    errors = _refused(
        services.provider_contact_add,
        acting_user=world.carla,
        provider=contracting.anker,
        topic="",
        email="x@",
    )

    assert errors == {
        "topic": ["Vul in waarvoor dit contactpunt is, bijvoorbeeld ‘toewijzingen’ of ‘facturen’."],
        "email": ["Vul een geldig e-mailadres in."],
    }


# -- contracts -----------------------------------------------------------------------------------------------
def test_contract_create_open_house(world, contracting):
    contract = services.contract_create(
        acting_user=world.carla, data=_open_house(contracting), channel=Channel.API
    )

    contract = Contract.objects.get(pk=contract.pk)
    assert (contract.municipality, contract.kind, contract.party) == (
        world.west,
        ContractKind.OPEN_HOUSE,
        contracting.anker.organisation,
    )
    assert (contract.end_date, contract.extensions_max, contract.extensions_used) == (
        datetime.date(2026, 12, 31),
        2,
        0,
    )
    event = AuditEvent.objects.get()
    assert (event.action, event.channel, event.object_uuid) == (Action.CREATE, Channel.API, contract.uuid)
    assert "municipality" in event.fields and "party" in event.fields


def test_contract_create_area_with_area_and_subcontractor(world, contracting):
    contract = services.contract_create(acting_user=world.carla, data=_area(world, contracting))

    assert list(contract.districts.all()) == [world.west_noord]
    assert list(contract.subcontractors.all()) == [contracting.zorg_thuis.organisation]
    assert (contract.lump_sum_cents, contract.baseline_clients, contract.risk_valve_percent) == (
        150_000_000,
        120,
        10,
    )
    assert {"districts", "subcontractors"} <= set(AuditEvent.objects.get().fields)


def test_contract_create_subsidy_for_any_organisation(world, contracting):
    contract = services.contract_create(acting_user=world.carla, data=_subsidy(contracting))

    assert (contract.party, contract.subsidy_cents) == (contracting.schans, 75_000_000)


BAD_CONTRACTS = [
    (
        "open",
        {"end_date": datetime.date(2024, 12, 31)},
        {"end_date": ["De einddatum ligt vóór de ingangsdatum."]},
    ),
    ("open", {"name": "  "}, {"name": ["Vul de naam van het contract in."]}),
    ("open", {"start_date": None}, {"start_date": ["Vul de ingangsdatum in."]}),
    ("open", {"review_on": None}, {"review_on": ["Vul de datum van de jaarlijkse toetsing in."]}),
    (
        "open",
        {"review_on": datetime.date(2027, 3, 1)},
        {"review_on": ["De toetsing valt binnen de looptijd van het contract."]},
    ),
    (
        "open",
        {"kind": "raamcontract"},
        {"kind": ["Kies een soort contract: open house, gebiedscontract of subsidie."]},
    ),
    ("open", {"party": None}, {"party": ["Kies de contractpartij."]}),
    ("open", {"party": "schans"}, {"party": ["Kies een zorgaanbieder die uw gemeente bedient."]}),
    ("open", {"party": "kolk"}, {"party": ["Kies een zorgaanbieder die uw gemeente bedient."]}),
    ("open", {"lump_sum_cents": 100}, {"lump_sum_cents": ["Hoort alleen bij een gebiedscontract."]}),
    ("open", {"subsidy_cents": 100}, {"subsidy_cents": ["Hoort alleen bij een subsidie."]}),
    (
        "open",
        {"extension_years": 0},
        {
            "extensions_max": [
                "Vul bij verlengingsopties zowel het aantal keren als het aantal jaren per keer in, of zet "
                "beide op 0."
            ]
        },
    ),
    ("open", {"extensions_max": 11}, {"extensions_max": ["Kies 0 tot en met 10 verlengingen."]}),
    ("area", {"districts": []}, {"districts": ["Kies de wijken van het gebied."]}),
    ("area", {"districts": "zuid"}, {"districts": ["Kies alleen wijken van uw eigen gemeente."]}),
    ("area", {"lump_sum_cents": None}, {"lump_sum_cents": ["Vul de lumpsum per jaar in."]}),
    ("area", {"lump_sum_cents": 0}, {"lump_sum_cents": ["Vul een bedrag van meer dan € 0 in."]}),
    (
        "area",
        {"baseline_clients": None},
        {"baseline_clients": ["Vul de basis in: het aantal unieke cliënten per jaar."]},
    ),
    (
        "area",
        {"risk_valve_percent": 0},
        {"risk_valve_percent": ["Vul het risicoventiel in: een percentage van 1 tot en met 100."]},
    ),
    (
        "area",
        {"risk_valve_percent": 101},
        {"risk_valve_percent": ["Vul het risicoventiel in: een percentage van 1 tot en met 100."]},
    ),
    (
        "area",
        {"subcontractors": "schans"},
        {"subcontractors": ["Kies als onderaannemers alleen zorgaanbieders die uw gemeente bedienen."]},
    ),
    (
        "area",
        {"subcontractors": "party"},
        {"subcontractors": ["De hoofdaannemer is geen onderaannemer van zijn eigen contract."]},
    ),
    ("subsidy", {"subsidy_cents": None}, {"subsidy_cents": ["Vul het subsidiebedrag in."]}),
    ("subsidy", {"subsidy_cents": -5}, {"subsidy_cents": ["Vul een bedrag van meer dan € 0 in."]}),
    ("subsidy", {"party": "gemeente_zuid"}, {"party": ["Kies een organisatie uit de lijst."]}),
    ("subsidy", {"districts": "west"}, {"districts": ["Hoort alleen bij een gebiedscontract."]}),
]


@pytest.mark.parametrize(("kind", "changes", "expected"), BAD_CONTRACTS)
def test_contract_create_refuses_bad_input(world, contracting, kind, changes, expected):
    named = {
        "schans": contracting.schans,
        "kolk": contracting.kolk.organisation,
        "party": contracting.anker.organisation,
        "gemeente_zuid": OrganisationFactory(name="Gemeente Zuiderdijk", municipality=world.zuid),
    }
    values = dict(changes)
    for key, value in values.items():
        if value == "zuid":
            values[key] = [world.zuid_dorp]
        elif value == "west":
            values[key] = [world.west_centrum]
        elif key == "subcontractors":
            values[key] = [named[value]]
        elif key == "party" and value is not None:
            values[key] = named[value]
    build = {"open": lambda: _open_house(contracting), "area": lambda: _area(world, contracting)}
    build["subsidy"] = lambda: _subsidy(contracting)
    data = replace(build[kind](), **values)

    assert _refused(services.contract_create, acting_user=world.carla, data=data) == expected


def test_contract_update_changes_only_what_changed(world, contracting):
    area = contracting.area
    data = replace(
        ContractData.of(area), districts=[world.west_centrum, world.west_noord], risk_valve_percent=15
    )

    services.contract_update(acting_user=world.carla, contract=area, data=data)

    area = Contract.objects.get(pk=area.pk)
    assert area.risk_valve_percent == 15
    assert set(area.districts.all()) == {world.west_centrum, world.west_noord}
    assert AuditEvent.objects.get().fields == ["districts", "risk_valve_percent"]


def test_contract_update_without_changes_writes_nothing(world, contracting):
    services.contract_update(
        acting_user=world.carla, contract=contracting.area, data=ContractData.of(contracting.area)
    )

    assert not AuditEvent.objects.exists()


def test_contract_kind_does_not_change(world, contracting):
    data = replace(ContractData.of(contracting.subsidy), kind=ContractKind.OPEN_HOUSE)

    errors = _refused(
        services.contract_update, acting_user=world.carla, contract=contracting.subsidy, data=data
    )

    assert errors["kind"] == ["De soort van een contract verandert niet. Maak een nieuw contract."]


@pytest.mark.parametrize("name", ["bea", "cora", "piet", "fenna"])
def test_contract_update_of_someone_else_is_404(world, contracting, name):
    user = contracting.cora if name == "cora" else world.user(name)
    data = replace(ContractData.of(contracting.open_house), name="Overgenomen")
    before = providers_state()

    with pytest.raises(Http404):
        services.contract_update(acting_user=user, contract=contracting.open_house, data=data)
    with pytest.raises(Http404):
        services.contract_extend(acting_user=user, contract=contracting.open_house)

    assert providers_state() == before


# -- extension -----------------------------------------------------------------------------------------------
def test_extend_uses_one_option_until_none_is_left(world, contracting):
    contract = contracting.open_house  # until 31 December 2026, twice one year

    services.contract_extend(acting_user=world.carla, contract=contract)
    services.contract_extend(acting_user=world.carla, contract=contract)
    errors = _refused(services.contract_extend, acting_user=world.carla, contract=contract)

    contract = Contract.objects.get(pk=contract.pk)
    assert (contract.end_date, contract.extensions_used) == (datetime.date(2028, 12, 31), 2)
    assert errors == {"__all__": ["Dit contract heeft geen verlengingsopties meer."]}
    assert [e.fields for e in AuditEvent.objects.order_by("pk")] == [["end_date", "extensions_used"]] * 2


def test_extend_with_a_stale_copy_is_refused(world, contracting):
    stale = Contract.objects.get(pk=contracting.open_house.pk)
    services.contract_extend(acting_user=world.carla, contract=contracting.open_house)

    errors = _refused(services.contract_extend, acting_user=world.carla, contract=stale)

    assert list(errors) == ["__all__"]
    assert Contract.objects.get(pk=stale.pk).extensions_used == 1


def test_options_cannot_drop_below_the_extensions_used(world, contracting):
    services.contract_extend(acting_user=world.carla, contract=contracting.open_house)
    contract = Contract.objects.get(pk=contracting.open_house.pk)

    errors = _refused(
        services.contract_update,
        acting_user=world.carla,
        contract=contract,
        data=replace(ContractData.of(contract), extensions_max=0, extension_years=0),
    )

    assert errors == {
        "extensions_max": ["Dit contract is al 1 keer verlengd; minder verlengingsopties kan niet."]
    }


@pytest.mark.parametrize(
    ("day", "years", "expected"),
    [
        (datetime.date(2026, 12, 31), 1, datetime.date(2027, 12, 31)),
        (datetime.date(2024, 2, 29), 1, datetime.date(2025, 2, 28)),
        (datetime.date(2024, 2, 29), 4, datetime.date(2028, 2, 29)),
    ],
)
def test_add_years(day, years, expected):
    assert add_years(day, years) == expected


# -- products ------------------------------------------------------------------------------------------------
def test_product_add_and_end(world, contracting):
    product = services.contract_product_add(
        acting_user=world.carla,
        contract=contracting.open_house,
        product_category="01",
        product_code="01a01",
        unit="4",
        tariff_cents=3250,
        valid_from=datetime.date(2025, 1, 1),
    )
    services.contract_product_end(
        acting_user=world.carla, product=product, valid_until=datetime.date(2025, 6, 30)
    )

    product = ContractProduct.objects.get(pk=product.pk)
    assert (product.product_code, product.unit, product.valid_until) == (
        "01A01",
        "04",
        datetime.date(2025, 6, 30),
    )
    assert [e.fields for e in AuditEvent.objects.order_by("pk")] == [
        ["contract", "product_category", "product_code", "tariff_cents", "unit", "valid_from", "valid_until"],
        ["valid_until"],
    ]


def test_a_new_tariff_after_the_old_one_ends(world, contracting):
    services.contract_product_end(
        acting_user=world.carla, product=contracting.product, valid_until=datetime.date(2024, 12, 31)
    )

    services.contract_product_add(
        acting_user=world.carla,
        contract=contracting.open_house,
        product_category="02",
        product_code="02A01",
        tariff_cents=6400,
        valid_from=datetime.date(2025, 1, 1),
    )

    assert contracting.open_house.products.count() == 2


PRODUCT = {
    "product_category": "02",
    "product_code": "02B01",
    "tariff_cents": 100,
    "valid_from": datetime.date(2025, 1, 1),
}
BAD_PRODUCTS = [
    ({"tariff_cents": -1}, {"tariff_cents": ["Het tarief kan niet negatief zijn."]}),
    (
        {"tariff_cents": None},
        {"tariff_cents": ["Vul het tarief in: bij open house betaalt de gemeente per eenheid."]},
    ),
    (
        {"valid_until": datetime.date(2024, 12, 31)},
        {"valid_until": ["‘Geldig tot en met’ ligt vóór ‘geldig vanaf’."]},
    ),
    (
        {"valid_from": datetime.date(2023, 12, 31)},
        {"valid_from": ["Het tarief gaat in binnen de looptijd van het contract."]},
    ),
    (
        {"product_category": "9A"},
        {
            "product_category": [
                "Onbekende productcategorie: kies een code uit WMO020 (Wmo) of JZ020 (Jeugdwet)."
            ]
        },
    ),
    ({"product_category": ""}, {"product_category": ["Vul de productcategorie in."]}),
    (
        {"product_code": "02-A1"},
        {"product_code": ["Een productcode bestaat uit 1 tot 5 hoofdletters of cijfers."]},
    ),
    ({"unit": "uur"}, {"unit": ["Onbekende eenheid: kies een code uit WJ756, bijvoorbeeld 04 (uur)."]}),
    (
        {"product_code": "02A01", "valid_from": datetime.date(2025, 6, 1)},
        {
            "valid_from": [
                "Dit product heeft in deze periode al een tarief. Beëindig eerst het oude tarief, "
                "dan kan het nieuwe daarna ingaan."
            ]
        },
    ),
]


@pytest.mark.parametrize(("changes", "expected"), BAD_PRODUCTS)
def test_product_add_refuses_bad_input(world, contracting, changes, expected):
    kwargs = {**PRODUCT, **changes}

    errors = _refused(
        services.contract_product_add, acting_user=world.carla, contract=contracting.open_house, **kwargs
    )

    assert errors == expected


@needs_lists
@pytest.mark.parametrize(
    ("changes", "field"),
    [({"product_category": "99"}, "product_category"), ({"unit": "99"}, "unit")],
)
def test_codes_are_checked_against_the_code_lists(world, contracting, changes, field):
    errors = _refused(
        services.contract_product_add,
        acting_user=world.carla,
        contract=contracting.open_house,
        **{**PRODUCT, **changes},
    )

    assert list(errors) == [field]


@needs_lists
def test_youth_categories_come_from_jz020(world, contracting):
    product = services.contract_product_add(
        acting_user=world.carla,
        contract=contracting.area,
        product_category="45",
        product_code="45A02",
        valid_from=datetime.date(2024, 1, 1),
    )

    assert product.product_category == "45"


def test_area_products_may_leave_the_tariff_to_the_lump_sum(world, contracting):
    product = services.contract_product_add(
        acting_user=world.carla,
        contract=contracting.area,
        product_category="45",
        product_code="45A01",
        valid_from=datetime.date(2024, 1, 1),
    )

    assert product.tariff_cents is None


def test_a_subsidy_has_no_products(world, contracting):
    errors = _refused(
        services.contract_product_add, acting_user=world.carla, contract=contracting.subsidy, **PRODUCT
    )

    assert errors == {"__all__": ["Een subsidie heeft geen producten met tarieven."]}


def test_product_category_falls_back_to_its_form_without_code_lists(world, contracting, settings, tmp_path):
    from wijkregie.integrations.istandaarden import codelists

    settings.WIJKREGIE_ISTANDAARDEN_DIR = str(tmp_path)
    codelists._read.cache_clear()
    try:
        added = services.contract_product_add(
            acting_user=world.carla,
            contract=contracting.open_house,
            **{**PRODUCT, "product_category": "99"},
        )
        errors = _refused(
            services.contract_product_add,
            acting_user=world.carla,
            contract=contracting.open_house,
            **{**PRODUCT, "product_category": "9A", "product_code": "9A001"},
        )
    finally:
        codelists._read.cache_clear()

    assert added.product_category == "99"
    assert list(errors) == ["product_category"]


def test_product_update_by_the_other_municipality_is_404(world, contracting):
    before = providers_state()

    with pytest.raises(Http404):
        services.contract_product_update(
            acting_user=contracting.cora,
            product=contracting.product,
            product_category="02",
            product_code="02A01",
            unit="04",
            tariff_cents=1,
            valid_from=datetime.date(2024, 1, 1),
            valid_until=None,
        )

    assert providers_state() == before


def test_district_of_own_municipality_created_later_can_join_an_area(world, contracting):
    oost = DistrictFactory(municipality=world.west, name="Oost")
    data = replace(ContractData.of(contracting.area), districts=[world.west_centrum, oost])

    services.contract_update(acting_user=world.carla, contract=contracting.area, data=data)

    assert set(contracting.area.districts.all()) == {world.west_centrum, oost}
