"""The contractmanager's pages: the authorisation matrix for every page, what a valid form changes, Dutch
refusals that save nothing, and exact query counts for the lists."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from wijkregie.audit.constants import Action
from wijkregie.audit.models import AuditEvent
from wijkregie.providers.models import Contract, ContractProduct, Provider

from .conftest import providers_state
from .factories import ContractFactory, ContractProductFactory, ProviderFactory

pytestmark = pytest.mark.django_db

NOBODY = ["anna", "otto", "teun", "bo", "sanne", "piet", "fenna", "zoe"]

# page -> (what its uuids point at, whether it takes a POST, whether bea may read it)
PAGES = {
    "provider_list": ((), False, True),
    "provider_create": ((), True, False),
    "provider_detail": (("zorg_thuis",), True, True),
    "provider_update": (("zorg_thuis",), True, False),
    "provider_contact_remove": (("zorg_thuis", "contact"), True, False),
    "contract_list": ((), False, True),
    "contract_create": ((), True, False),
    "contract_detail": (("open_house",), True, True),
    "contract_update": (("open_house",), True, False),
    "contract_extend": (("open_house",), True, False),
    "contract_product_update": (("open_house", "product"), True, False),
}
POST_ONLY = {"provider_contact_remove", "contract_extend"}
DETAILS = [page for page, (targets, _, _) in PAGES.items() if targets]
READABLE = [page for page, (_, _, bea) in PAGES.items() if bea]
WRITES = [page for page, (_, post, _) in PAGES.items() if post]


def _url(contracting, page):
    args = [getattr(contracting, target).uuid for target in PAGES[page][0]]
    url = reverse(f"providers:{page}", args=args)
    return url + "?soort=open_house" if page == "contract_create" else url


def _post_data(world, contracting, page):
    return {
        "provider_create": {"name": "Nieuwe Zorg", "kind": "zorgaanbieder", "agb_code": "87654321"},
        "provider_detail": {"topic": "Facturen", "email": "facturen@zorgthuis.example"},
        "provider_update": {"name": "Zorg Thuis BV", "agb_code": "12345678", "active": "on"},
        "contract_create": {
            "name": "Open house 2025",
            "party": contracting.anker.organisation.uuid,
            "start_date": "2025-01-01",
            "end_date": "2026-12-31",
            "extensions_max": "2",
            "extension_years": "1",
            "review_on": "2025-10-01",
        },
        "contract_detail": {
            "product_category": "01",
            "product_code": "01A01",
            "unit": "04",
            "tariff": "32,50",
            "valid_from": "2025-01-01",
        },
        "contract_update": {
            "name": "Open house Zorg Thuis (verlengd)",
            "party": contracting.zorg_thuis.organisation.uuid,
            "start_date": "2024-01-01",
            "end_date": "2026-12-31",
            "extensions_max": "2",
            "extension_years": "1",
            "review_on": "2025-10-01",
        },
        "contract_product_update": {
            "product_category": "02",
            "product_code": "02A01",
            "unit": "04",
            "tariff": "63,00",
            "valid_from": "2024-01-01",
        },
    }.get(page, {})


# -- who may open which page -----------------------------------------------------------------------------
@pytest.mark.parametrize("page", PAGES)
def test_anonymous_is_sent_to_login(client, world, contracting, page):
    url = _url(contracting, page)
    before = providers_state()

    responses = [client.post(url, _post_data(world, contracting, page))]
    if page not in POST_ONLY:
        responses.append(client.get(url))

    for response in responses:
        assert response.status_code == 302
        assert response["Location"].startswith(f"{reverse('accounts:login')}?next=")
    assert providers_state() == before


@pytest.mark.parametrize("name", NOBODY)
@pytest.mark.parametrize("page", PAGES)
def test_every_other_role_gets_404_and_changes_nothing(client, world, contracting, page, name):
    client.force_login(world.user(name))
    url = _url(contracting, page)
    before = providers_state()

    if page not in POST_ONLY:
        assert client.get(url).status_code == 404
    if page in WRITES:
        assert client.post(url, _post_data(world, contracting, page)).status_code == 404
    assert providers_state() == before


@pytest.mark.parametrize("page", PAGES)
def test_policy_officer_reads_and_changes_nothing(client, world, contracting, page):
    client.force_login(world.bea)
    url = _url(contracting, page)
    before = providers_state()

    if page not in POST_ONLY:
        assert client.get(url).status_code == (200 if page in READABLE else 404)
    if page in WRITES:
        assert client.post(url, _post_data(world, contracting, page)).status_code == 404
    assert providers_state() == before


@pytest.mark.parametrize("page", DETAILS)
def test_contractmanager_of_zuid_gets_404_for_west(client, world, contracting, page):
    client.force_login(contracting.cora)
    url = _url(contracting, page)
    before = providers_state()

    if page not in POST_ONLY:
        assert client.get(url).status_code == 404
    if page in WRITES:
        assert client.post(url, _post_data(world, contracting, page)).status_code == 404
    assert providers_state() == before


def test_unknown_and_mismatched_uuids_are_404(client, world, contracting):
    client.force_login(world.carla)
    other_product = ContractProductFactory(
        contract=contracting.area, product_category="45", product_code="45A01"
    )

    assert client.get(reverse("providers:contract_detail", args=[world.household.uuid])).status_code == 404
    url = reverse("providers:contract_product_update", args=[contracting.open_house.uuid, other_product.uuid])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("page", [p for p in PAGES if p not in POST_ONLY])
def test_contractmanager_opens_every_page(client, world, contracting, page):
    client.force_login(world.carla)

    response = client.get(_url(contracting, page))

    assert response.status_code == 200
    assert b'aria-label="Contractbeheer"' in response.content


@pytest.mark.parametrize("page", WRITES)
def test_contractmanager_post_changes_with_an_audit_row(client, world, contracting, page):
    client.force_login(world.carla)

    response = client.post(_url(contracting, page), _post_data(world, contracting, page))

    assert response.status_code == 302
    event = AuditEvent.objects.get()
    assert event.actor == world.carla
    expected = {
        "provider_create": Action.CREATE,
        "provider_detail": Action.CREATE,
        "provider_contact_remove": Action.DELETE,
        "contract_create": Action.CREATE,
        "contract_detail": Action.CREATE,
    }
    assert event.action == expected.get(page, Action.UPDATE)


@pytest.mark.parametrize("name", ["carla", "bea", *NOBODY])
def test_navigation_links_contract_pages_for_carla_and_bea_only(world, name):
    request = RequestFactory().get("/")
    request.user = world.user(name)
    html = render_to_string("partials/nav.html", request=request)

    shown = reverse("providers:contract_list") in html and reverse("providers:provider_list") in html
    assert shown is (name in ("carla", "bea"))


# -- what the pages show ---------------------------------------------------------------------------------
def test_provider_list_shows_agb_municipalities_and_contract_count(client, world, contracting):
    client.force_login(world.carla)

    html = client.get(reverse("providers:provider_list")).content.decode()

    assert "12345678" in html and "Zorg Thuis" in html and "Het Anker" in html
    assert "Westerhoek, Zuiderdijk" in html  # het anker serves both
    assert "De Kolk" not in html  # serves zuid only
    # Zorg Thuis: its open house and the area contract as subcontractor; Het Anker: the area contract.
    rows = {name: html.split(name, 1)[1].split("</tr>", 1)[0] for name in ("Zorg Thuis", "Het Anker")}
    assert '<td class="utrecht-table__cell">2</td>' in rows["Zorg Thuis"]
    assert '<td class="utrecht-table__cell">1</td>' in rows["Het Anker"]


def test_bea_sees_no_edit_links(client, world, contracting):
    client.force_login(world.bea)

    detail = client.get(_url(contracting, "contract_detail")).content.decode()
    providers = client.get(reverse("providers:provider_list")).content.decode()

    assert (
        "Contract wijzigen" not in detail and "Verlengen" not in detail and "Product toevoegen" not in detail
    )
    assert "Zorgaanbieder registreren" not in providers


def test_contract_list_groups_per_kind_with_period_options_and_amounts(client, world, contracting):
    client.force_login(world.carla)

    html = client.get(reverse("providers:contract_list")).content.decode()

    assert (
        html.index("Open house Zorg Thuis") < html.index("Jeugd Centrum") < html.index("Subsidie De Schans")
    )
    assert "1 januari 2024 tot en met 31 december 2026" in html
    assert "2 van 2 (telkens 1 jaar)" in html
    assert "€ 2.400.000,00" in html  # the area's lump sum
    assert "€ 500.000,00" in html  # the subsidy
    assert "Open house De Kolk" not in html


def test_contract_detail_shows_products_tariffs_and_risk_valve(client, world, contracting):
    ContractProductFactory(
        contract=contracting.area, product_category="45", product_code="45A01", tariff_cents=None
    )
    client.force_login(world.carla)

    open_house = client.get(_url(contracting, "contract_detail")).content.decode()
    area = client.get(reverse("providers:contract_detail", args=[contracting.area.uuid])).content.decode()

    assert "02 / 02A01" in open_house and "€ 61,50" in open_house
    assert "Verlengen met 1 jaar" in open_house
    assert "meer dan 220 unieke cliënten" in area  # baseline 200 + 10%
    assert "Binnen de lumpsum" in area
    assert "Zorg Thuis" in area  # the subcontractor


# -- forms -----------------------------------------------------------------------------------------------
def test_create_provider_then_it_is_listed_for_the_municipality(client, world, contracting):
    client.force_login(world.carla)

    response = client.post(
        reverse("providers:provider_create"),
        {
            "name": "Jeugdhulp De Vlieger",
            "kind": "hoofdaannemer",
            "agb_code": "98990003",
            "districts": [world.west_noord.pk],
        },
    )

    provider = Provider.objects.get(agb_code="98990003")
    assert response["Location"] == reverse("providers:provider_detail", args=[provider.uuid])
    assert list(provider.municipalities.all()) == [world.west]
    assert list(provider.districts.all()) == [world.west_noord]


def test_bad_agb_code_shows_the_field_error_and_saves_nothing(client, world, contracting):
    client.force_login(world.carla)
    before = providers_state()

    response = client.post(
        reverse("providers:provider_create"),
        {"name": "Nieuwe Zorg", "kind": "zorgaanbieder", "agb_code": "12345678"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Er is al een zorgaanbieder met deze AGB-code." in html
    assert 'id="id_agb_code_error"' in html and 'aria-invalid="true"' in html
    assert providers_state() == before


def test_contract_kind_choice_comes_first(client, world, contracting):
    client.force_login(world.carla)

    html = client.get(reverse("providers:contract_create")).content.decode()

    assert "?soort=open_house" in html and "?soort=gebied" in html and "?soort=subsidie" in html
    assert client.post(reverse("providers:contract_create"), {"name": "x"}).status_code == 404


def test_area_contract_form_in_euros(client, world, contracting):
    client.force_login(world.carla)

    response = client.post(
        reverse("providers:contract_create") + "?soort=gebied",
        {
            "name": "Jeugd Noord",
            "party": contracting.anker.organisation.uuid,
            "subcontractors": [contracting.zorg_thuis.organisation.pk],
            "districts": [world.west_noord.pk],
            "start_date": "2025-01-01",
            "end_date": "2026-12-31",
            "extensions_max": "2",
            "extension_years": "1",
            "lump_sum": "1500000,50",
            "baseline_clients": "120",
            "risk_valve_percent": "10",
        },
    )

    contract = Contract.objects.get(name="Jeugd Noord")
    assert response.status_code == 302
    assert (contract.kind, contract.lump_sum_cents, contract.risk_valve_percent) == (
        "gebied",
        150_000_050,
        10,
    )
    assert list(contract.districts.all()) == [world.west_noord]


def test_end_before_start_is_refused_in_dutch_and_nothing_saved(client, world, contracting):
    client.force_login(world.carla)
    before = providers_state()
    data = {**_post_data(world, contracting, "contract_create"), "end_date": "2024-12-31"}

    response = client.post(_url(contracting, "contract_create"), data)

    assert response.status_code == 200
    assert "De einddatum ligt vóór de ingangsdatum." in response.content.decode()
    assert providers_state() == before


def test_negative_tariff_is_refused_on_the_tariff_field(client, world, contracting):
    client.force_login(world.carla)
    before = providers_state()
    data = {**_post_data(world, contracting, "contract_detail"), "tariff": "-1,00"}

    response = client.post(_url(contracting, "contract_detail"), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Het tarief kan niet negatief zijn." in html and 'id="id_tariff_error"' in html
    assert providers_state() == before


def test_extend_page_moves_the_end_date_and_says_so(client, world, contracting):
    client.force_login(world.carla)

    response = client.post(_url(contracting, "contract_extend"), follow=True)

    assert Contract.objects.get(pk=contracting.open_house.pk).end_date == datetime.date(2027, 12, 31)
    assert "Het contract is verlengd tot en met 31 december 2027." in response.content.decode()


def test_extend_without_options_shows_the_refusal(client, world, contracting):
    client.force_login(world.carla)
    before = providers_state()

    response = client.post(reverse("providers:contract_extend", args=[contracting.subsidy.uuid]), follow=True)

    assert "Dit contract heeft geen verlengingsopties meer." in response.content.decode()
    assert providers_state() == before


def test_end_a_tariff_from_the_product_page(client, world, contracting):
    client.force_login(world.carla)

    response = client.post(
        _url(contracting, "contract_product_update"),
        {"formulier": "beeindigen", "einde-valid_until": "2025-06-30"},
    )

    assert response.status_code == 302
    assert ContractProduct.objects.get(pk=contracting.product.pk).valid_until == datetime.date(2025, 6, 30)


# -- query counts ----------------------------------------------------------------------------------------
# session, user, the municipality, the providers, their municipalities
PROVIDER_LIST_QUERIES = 5
# session, user, the municipality, the contracts, their subcontractors, their districts
CONTRACT_LIST_QUERIES = 6


def _more_data(world, count):
    for _ in range(count):
        provider = ProviderFactory(municipalities=[world.west, world.zuid])
        ContractFactory(
            area=True,
            municipality=world.west,
            party=provider.organisation,
            districts=[world.west_centrum, world.west_noord],
            subcontractors=[provider.organisation],
        )
        ContractFactory(municipality=world.west, party=provider.organisation)


@pytest.mark.parametrize("extra", [0, 6])
def test_provider_list_query_count_does_not_grow(
    client, world, contracting, django_assert_num_queries, extra
):
    _more_data(world, extra)
    client.force_login(world.carla)

    with django_assert_num_queries(PROVIDER_LIST_QUERIES):
        response = client.get(reverse("providers:provider_list"))

    assert response.content.decode().count('scope="row"') == 2 + extra


@pytest.mark.parametrize("extra", [0, 6])
def test_contract_list_query_count_does_not_grow(
    client, world, contracting, django_assert_num_queries, extra
):
    _more_data(world, extra)
    client.force_login(world.carla)

    with django_assert_num_queries(CONTRACT_LIST_QUERIES):
        response = client.get(reverse("providers:contract_list"))

    assert response.content.decode().count('scope="row"') == 3 + 2 * extra


def test_help_texts_set_per_kind_are_linked_to_their_field(client, world, contracting):
    client.force_login(world.carla)

    html = client.get(reverse("providers:contract_create") + "?soort=open_house").content.decode()

    for name in ("party", "review_on"):
        assert f'aria-describedby="id_{name}_help"' in html
        assert f'id="id_{name}_help"' in html
    assert "Lumpsum" not in html and "Subsidiebedrag" not in html  # fields of the other kinds
