"""Query values that do not fit their documented type are refused with a Dutch 400 per parameter, on every
list: paging, filters, also a filter the endpoint would not use for this user."""

import pytest
from rest_framework.request import Request
from rest_framework.test import APIClient, APIRequestFactory

from wijkregie.accounts.services import api_token_for
from wijkregie.api.pagination import NO_SUCH_PAGE, NOT_A_NUMBER, Pagination
from wijkregie.core.api import NOT_A_UUID

pytestmark = pytest.mark.django_db


@pytest.fixture
def anna(world, settings) -> APIClient:
    settings.WIJKREGIE_REQUIRE_2FA = False
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_for(username='anna')}")
    return client


@pytest.mark.parametrize(
    ("query", "answer"),
    [
        ("page_size=abc", {"page_size": [NOT_A_NUMBER]}),
        ("page_size=0", {"page_size": [NOT_A_NUMBER]}),
        ("page=0", {"page": [NOT_A_NUMBER]}),
        ("page=922337203685477580", {"page": [NO_SUCH_PAGE]}),
        ("page=%C2%B2", {"page": [NOT_A_NUMBER]}),
    ],
)
@pytest.mark.parametrize("path", ["households/", "teams/", "meldingen/"])
def test_paging_values_that_are_no_page_are_a_400(anna, path, query, answer):
    response = anna.get(f"/api/v1/{path}?{query}")

    assert (response.status_code, response.json()) == (400, answer)


@pytest.mark.parametrize(("sent", "used"), [("100000", 200), ("200", 200), ("7", 7)])
def test_a_page_size_over_the_maximum_gives_the_maximum(sent, used):
    request = Request(APIRequestFactory().get("/api/v1/households/", {"page_size": sent}))

    assert Pagination().get_page_size(request) == used


def test_a_page_size_over_the_maximum_still_answers_the_list(anna):
    assert anna.get("/api/v1/households/?page_size=100000").json()["count"] == 1


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("tasks/?lijst=mijn&team=geen-uuid", "team"),
        ("tasks/?huishouden=1", "huishouden"),
        ("meldingen/?huishouden=1", "huishouden"),
        ("provisions/?gemeente=1", "gemeente"),
        ("provisions/export/?gemeente=1", "gemeente"),
    ],
)
def test_a_uuid_filter_that_is_no_uuid_is_a_400_even_where_it_is_not_used(anna, path, parameter):
    response = anna.get(f"/api/v1/{path}")

    assert (response.status_code, response.json()) == (400, {parameter: [NOT_A_UUID]})


def test_an_unknown_export_format_is_a_400_not_a_404(anna):
    response = anna.get("/api/v1/provisions/export/?format=pdf")

    assert (response.status_code, response.json()) == (400, {"format": ["Kies uit: csv, xlsx."]})


def test_errors_on_the_items_of_a_list_stay_under_the_lists_field(anna, world):
    body = {"resident": str(world.household.memberships.get().resident.uuid), "parts": ["ok", "x" * 30]}

    response = anna.post("/api/v1/consents/", body, format="json")

    assert response.status_code == 400
    assert response.json()["parts"] == ["Zorg ervoor dat dit veld niet meer dan 20 karakters bevat."]


def _client_for(username: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_for(username=username)}")
    return client


@pytest.mark.parametrize(
    ("who", "path", "field"),
    [
        ("carla", "costs/?year=", "year"),
        ("carla", "costs/?per=", "per"),
        ("anna", "consents/?household=&resident={resident}", "household"),
        ("anna", "shares/?household=", "household"),
    ],
)
def test_an_empty_filter_is_refused_not_read_as_left_out(world, settings, who, path, field):
    """`?year=` would otherwise answer this year's costs, `?household=` the resident's consents alone."""
    settings.WIJKREGIE_REQUIRE_2FA = False
    resident = world.household.memberships.heads().get().resident
    response = _client_for(who).get(f"/api/v1/{path.format(resident=resident.uuid)}")

    assert response.status_code == 400, response.content
    assert list(response.json()) == [field]
    assert "{" not in response.json()[field][0]  # never a message template with its placeholder


def test_an_empty_year_says_what_a_year_looks_like(world, settings):
    settings.WIJKREGIE_REQUIRE_2FA = False
    response = _client_for("carla").get("/api/v1/costs/?year=")
    assert response.json() == {"year": ["Vul een jaartal in, bijvoorbeeld 2025."]}
