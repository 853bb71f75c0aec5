"""The sociale kaart: public without login, only active general provisions of the chosen municipality and
district, filtered by life domain and words; maatwerk only for casework staff; fixed query count."""

import json
from pathlib import Path

import pytest
from django.urls import reverse

from wijkregie.audit.models import AuditEvent
from wijkregie.core.money import euros
from wijkregie.provisions.constants import ProvisionKind, ProvisionLaw, Weight
from wijkregie.provisions.models import Provision
from wijkregie.provisions.social_map import PLAIN_DOMAINS

pytestmark = pytest.mark.django_db

URL = reverse("provisions:social_map")
CASEWORKERS = ["anna", "otto", "teun", "bo", "sanne", "zoe"]
NO_CASEWORK = ["piet", "carla", "bea", "fenna"]


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.WIJKREGIE_REQUIRE_2FA = False


def _as(client, world, name):
    client.force_login(world.user(name))
    return client


def _general(municipality, name, *, districts=(), domains=(), active=True, **fields):
    provision = Provision.objects.create(
        municipality=municipality,
        kind=ProvisionKind.GENERAL,
        name=name,
        domains=list(domains),
        active=active,
        **fields,
    )
    provision.districts.set(districts)
    return provision


def _custom(municipality, name, **fields):
    return Provision.objects.create(
        municipality=municipality,
        kind=ProvisionKind.CUSTOM,
        name=name,
        law=ProvisionLaw.WMO,
        product_category="02",
        product_code="02A01",
        unit="04",
        frequency="2",
        tariff_cents=6150,
        weight=Weight.LIGHT,
        **fields,
    )


@pytest.fixture
def catalogue(world):
    _general(
        world.west,
        "Buurthuiskamer Centrum",
        districts=[world.west_centrum],
        domains=["sociaal-netwerk", "tijdsbesteding"],
        description="Elke ochtend koffie en een praatje.",
        target_group="Iedereen die mensen wil ontmoeten",
        contact="Bel 050 123 45 67",
    )
    _general(world.west, "Schuldhulpmaatje", domains=["financien"], keywords="geld schulden rekeningen")
    _general(world.west, "Steungezin Noord", districts=[world.west_noord], domains=["huiselijke-relaties"])
    _general(world.west, "Oude eetclub", domains=["tijdsbesteding"], active=False)
    _general(world.zuid, "Dorpshuiskamer Zuiderdijk", domains=["sociaal-netwerk"])
    _custom(world.west, "Hulp bij het huishouden licht")
    _custom(world.zuid, "Begeleiding Zuiderdijk")


def _names(response):
    return [row.provision.name for row in response.context["general"]]


def test_anonymous_gets_the_page_without_login_redirect(client, world, catalogue):
    response = client.get(URL)
    assert response.status_code == 200
    assert b"Kies eerst uw gemeente" in response.content
    assert [m.name for m in response.context["form"].fields["municipality"].queryset] == [
        "Westerhoek",
        "Zuiderdijk",
    ]


def test_anonymous_is_not_redirected_even_with_two_factor_required(client, world, catalogue, settings):
    settings.WIJKREGIE_REQUIRE_2FA = True
    response = client.get(URL, {"municipality": world.west.uuid})
    assert response.status_code == 200
    assert _names(response) == ["Buurthuiskamer Centrum", "Schuldhulpmaatje", "Steungezin Noord"]


def test_anonymous_sees_active_general_provisions_of_the_municipality_only(client, world, catalogue):
    response = client.get(URL, {"municipality": world.west.uuid})
    assert _names(response) == ["Buurthuiskamer Centrum", "Schuldhulpmaatje", "Steungezin Noord"]
    content = response.content.decode()
    assert "Oude eetclub" not in content
    assert "Dorpshuiskamer" not in content
    assert "Hulp bij het huishouden" not in content
    assert "alleen voor medewerkers" not in content
    assert "61,50" not in content
    assert response.context["custom"] == []
    assert "Bel 050 123 45 67" in content
    assert "Iedereen die mensen wil ontmoeten" in content
    assert "Heel Westerhoek" in content


def test_district_keeps_whole_municipality_provisions_and_its_own(client, world, catalogue):
    response = client.get(URL, {"municipality": world.west.uuid, "district": world.west_noord.uuid})
    assert _names(response) == ["Schuldhulpmaatje", "Steungezin Noord"]


def test_district_alone_picks_its_municipality(client, world, catalogue):
    response = client.get(URL, {"district": world.west_centrum.uuid})
    assert _names(response) == ["Buurthuiskamer Centrum", "Schuldhulpmaatje"]


def test_district_of_another_municipality_is_refused(client, world, catalogue):
    response = client.get(URL, {"municipality": world.west.uuid, "district": world.zuid_dorp.uuid})
    assert response.status_code == 200
    assert response.context["query"] is None
    assert "Deze wijk hoort niet bij de gekozen gemeente." in response.content.decode()


def test_domain_filter(client, world, catalogue):
    response = client.get(URL, {"municipality": world.west.uuid, "domain": "tijdsbesteding"})
    assert _names(response) == ["Buurthuiskamer Centrum"]
    response = client.get(URL, {"municipality": world.west.uuid, "domain": "financien"})
    assert _names(response) == ["Schuldhulpmaatje"]


def test_unknown_domain_is_refused(client, world, catalogue):
    response = client.get(URL, {"municipality": world.west.uuid, "domain": "bestaat-niet"})
    assert response.context["query"] is None


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("SCHULDEN", ["Schuldhulpmaatje"]),  # keywords, any case
        ("koffie", ["Buurthuiskamer Centrum"]),  # description
        ("ontmoeten", ["Buurthuiskamer Centrum"]),  # target group
        ("steungezin", ["Steungezin Noord"]),  # name
        ("koffie schulden", []),  # every word must match
        ("eetclub", []),  # inactive
        ("dorpshuiskamer", []),  # other municipality
    ],
)
def test_words_filter(client, world, catalogue, words, expected):
    response = client.get(URL, {"municipality": world.west.uuid, "words": words})
    assert _names(response) == expected


def test_other_municipality_shows_only_its_own(client, world, catalogue):
    response = client.get(URL, {"municipality": world.zuid.uuid})
    assert _names(response) == ["Dorpshuiskamer Zuiderdijk"]


def test_postcode_is_turned_into_the_district_by_post(client, world, catalogue):
    response = client.post(URL, {"postcode": "9712 XY"})
    assert response.status_code == 302
    assert "9712" not in response["Location"]
    assert str(world.west_noord.uuid) in response["Location"]
    followed = client.get(response["Location"])
    assert _names(followed) == ["Schuldhulpmaatje", "Steungezin Noord"]


@pytest.mark.parametrize("postcode", ["0000", "12", "abcd"])
def test_unknown_or_bad_postcode_is_said_plainly(client, world, catalogue, postcode):
    response = client.post(URL, {"postcode": postcode})
    assert response.status_code == 200
    assert response.context["postcode_form"].errors


def test_reading_the_map_writes_no_audit_rows(client, world, catalogue):
    before = AuditEvent.objects.count()
    client.get(URL, {"municipality": world.west.uuid, "words": "koffie"})
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("name", CASEWORKERS)
def test_casework_staff_see_the_maatwerk_of_the_chosen_municipality(client, world, catalogue, name):
    response = _as(client, world, name).get(URL, {"municipality": world.west.uuid})
    assert response.status_code == 200
    content = response.content.decode()
    assert "alleen voor medewerkers" in content
    assert [row.provision.name for row in response.context["custom"]] == ["Hulp bij het huishouden licht"]
    assert "€ 61,50" in content
    assert "02A01" in content
    assert "Begeleiding Zuiderdijk" not in content
    assert _names(response) == ["Buurthuiskamer Centrum", "Schuldhulpmaatje", "Steungezin Noord"]


@pytest.mark.parametrize("name", NO_CASEWORK)
def test_staff_without_casework_see_only_the_public_part(client, world, catalogue, name):
    response = _as(client, world, name).get(URL, {"municipality": world.west.uuid})
    assert response.status_code == 200
    assert "alleen voor medewerkers" not in response.content.decode()
    assert response.context["custom"] == []


def test_htmx_gets_only_the_results_fragment(client, world, catalogue):
    response = client.get(URL, {"municipality": world.west.uuid}, headers={"HX-Request": "true"})
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="resultaten"')
    assert "Schuldhulpmaatje" in content
    assert "HX-Request" in response["Vary"]


def _grow(world, number):
    for n in range(number):
        _general(world.west, f"Extra activiteit {n}", districts=[world.west_centrum], domains=["financien"])
        _custom(world.west, f"Extra maatwerk {n}")


@pytest.mark.parametrize("number", [1, 15])
def test_anonymous_query_count_does_not_grow(client, world, catalogue, django_assert_num_queries, number):
    _grow(world, number)
    params = {"municipality": world.west.uuid, "district": world.west_centrum.uuid, "domain": "financien"}
    # municipality options, district options, municipality lookup, district lookup, provisions,
    # their districts
    with django_assert_num_queries(6):
        response = client.get(URL, params)
    assert len(response.context["general"]) == number + 1


@pytest.mark.parametrize("number", [1, 15])
def test_staff_query_count_does_not_grow(client, world, catalogue, django_assert_num_queries, number):
    _grow(world, number)
    _as(client, world, "anna")
    client.get(URL)  # warm the session
    params = {"municipality": world.west.uuid}
    # session, user, municipality options, district options, municipality lookup, provisions, their districts,
    # maatwerk
    with django_assert_num_queries(8):
        response = client.get(URL, params)
    assert len(response.context["custom"]) == number + 1


def test_plain_domains_cover_the_zrm_2017_codes():
    path = Path(__file__).resolve().parents[2] / "assessment" / "instruments" / "zrm-2017.json"
    codes = [domain["code"] for domain in json.loads(path.read_text())["domains"]]
    assert [code for code, _ in PLAIN_DOMAINS] == codes


@pytest.mark.parametrize(
    ("cents", "text"), [(None, ""), (5, "€ 0,05"), (6150, "€ 61,50"), (123456, "€ 1.234,56")]
)
def test_euros(cents, text):
    assert euros(cents) == text
