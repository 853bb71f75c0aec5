"""HaalCentraalClient against a local stub of POST /personen: request, mapping and every way it can fail."""

import copy
import threading
from datetime import date
from pathlib import Path
from socket import socket

import httpx
import pytest
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from wijkregie.integrations.brp import BrpPerson, BrpUnavailable, get_client, lookup_person
from wijkregie.integrations.brp.client import HaalCentraalClient
from wijkregie.integrations.brp.fake import FakeBrpClient
from wijkregie.integrations.brp.mapping import FIELDS

from .brp_stub import API_KEY, BSN, PERSON, RESPONSE, running_stub

REPO_ROOT = Path(__file__).resolve().parents[4]
SPEC = REPO_ROOT.parent / "shared" / "standards" / "haal-centraal-brp-2" / "openapi.yaml"


@pytest.fixture
def stub():
    with running_stub() as server:
        yield server


def _client(stub, timeout: float = 2.0) -> HaalCentraalClient:
    return HaalCentraalClient(stub.url + "/", API_KEY, timeout=timeout)


def test_request_body_and_api_key(stub):
    _client(stub).find_by_bsn(BSN)

    [request] = stub.requests
    assert request["path"] == "/haalcentraal/api/brp/personen"
    assert request["headers"]["X-API-KEY"] == API_KEY
    assert request["body"] == {
        "type": "RaadpleegMetBurgerservicenummer",
        "burgerservicenummer": [BSN],
        "fields": FIELDS,
    }


def test_maps_name_birth_date_and_address(stub):
    person = _client(stub).find_by_bsn(BSN)

    assert person == BrpPerson(
        bsn=BSN,
        given_names="Anna Maria",
        initials="A.M.",
        surname_prefix="van der",
        surname="Berg",
        birth_date=date(1975, 3, 14),
        street="Hoofdstraat",
        house_number=12,
        house_number_suffix="a2",
        postcode="9711AB",
        city="Westerhoek",
        municipality_code="9901",
    )


def test_partial_date_and_no_address_map_to_empty(stub):
    stub.answer(
        {
            "type": "RaadpleegMetBurgerservicenummer",
            "personen": [
                {
                    "burgerservicenummer": BSN,
                    "naam": {"geslachtsnaam": "Berg"},
                    "geboorte": {"datum": {"type": "JaarDatum", "jaar": 1975, "langFormaat": "1975"}},
                }
            ],
        }
    )

    person = _client(stub).find_by_bsn(BSN)

    assert person is not None
    assert (person.birth_date, person.postcode, person.house_number, person.street) == (None, "", None, "")


def test_empty_personen_is_none(stub):
    stub.answer({"type": "RaadpleegMetBurgerservicenummer", "personen": []})

    assert _client(stub).find_by_bsn(BSN) is None


def _refused_url() -> str:
    with socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.mark.parametrize(
    ("scenario", "message"),
    [
        ("server error", "De BRP gaf een fout (status 500)."),
        ("unavailable", "De BRP gaf een fout (status 503)."),
        ("invalid json", "Het antwoord van de BRP had een onverwachte vorm."),
        ("person without bsn", "Het antwoord van de BRP had een onverwachte vorm."),
        ("slow", "De BRP antwoordde niet op tijd."),
        ("refused", "De BRP is niet bereikbaar."),
    ],
)
def test_failures_are_unavailable_and_never_name_the_bsn(stub, scenario, message):
    client = _client(stub, timeout=0.2)
    if scenario == "server error":
        stub.answer({"status": 500, "title": "Interne fout"}, status=500)
    elif scenario == "unavailable":
        stub.answer({"status": 503, "title": "Niet beschikbaar"}, status=503)
    elif scenario == "invalid json":
        stub.body = b'{"personen": [ niet-af'
    elif scenario == "person without bsn":
        stub.answer({"type": "RaadpleegMetBurgerservicenummer", "personen": [{"naam": {}}]})
    elif scenario == "slow":
        stub.hold = threading.Event()  # the stub answers only after the client has given up
    else:
        client = HaalCentraalClient(_refused_url(), API_KEY, timeout=0.2)

    with pytest.raises(BrpUnavailable) as caught:
        client.find_by_bsn(BSN)

    assert str(caught.value) == message
    chain, error = [], caught.value
    while error is not None:
        chain.append(f"{error!s} {error!r}")
        error = error.__cause__ or error.__context__
    assert BSN not in " ".join(chain)


@pytest.mark.parametrize("payload", [[], None, {"personen": ["geen persoon"]}])
def test_json_that_is_not_an_object_is_unavailable(stub, payload):
    stub.answer(payload)

    with pytest.raises(BrpUnavailable):
        _client(stub).find_by_bsn(BSN)


# -- the stub speaks the standard -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def spec():
    if not SPEC.is_file():
        pytest.skip(f"Haal Centraal BRP Personen v2 OpenAPI not present at {SPEC} (../shared/standards)")
    return yaml.safe_load(SPEC.read_text(encoding="utf-8"))


def _validator(spec, schema: str) -> Draft202012Validator:
    """A validator for one of the spec's components/schemas; its $refs resolve inside the spec."""
    registry = Registry().with_resource("urn:brp-personen", DRAFT202012.create_resource(spec))
    return Draft202012Validator(
        {"$ref": f"urn:brp-personen#/components/schemas/{schema}"},
        registry=registry,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def _subtype(spec, abstract: str, value: dict) -> str:
    """The concrete schema an OpenAPI discriminator points to, e.g. Adres for a verblijfplaats."""
    mapping = spec["components"]["schemas"][abstract]["discriminator"]["mapping"]
    return mapping[value["type"]].rsplit("/", 1)[-1]


def _conformance_errors(spec, response: dict) -> list[str]:
    """JSON Schema does not follow OpenAPI discriminators, so the polymorphic parts the stub uses
    (verblijfplaats, geboorte.datum) are checked against their concrete subtype as well."""
    errors = list(_validator(spec, "RaadpleegMetBurgerservicenummerResponse").iter_errors(response))
    for person in response.get("personen", []):
        parts = [
            ("AbstractVerblijfplaats", person.get("verblijfplaats")),
            ("AbstractDatum", (person.get("geboorte") or {}).get("datum")),
        ]
        for abstract, value in parts:
            if value is not None:
                errors += _validator(spec, _subtype(spec, abstract, value)).iter_errors(value)
    return [error.message for error in errors]


def test_stub_response_conforms_to_the_spec(spec):
    assert _subtype(spec, "AbstractVerblijfplaats", PERSON["verblijfplaats"]) == "Adres"
    assert _conformance_errors(spec, RESPONSE) == []


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("burgerservicenummer",), "12345678"),
        (("verblijfplaats", "verblijfadres", "huisnummer"), "12"),
        (("verblijfplaats", "verblijfadres", "postcode"), "0711AB"),
        (("naam", "voorvoegsel"), 7),
        (("geboorte", "datum", "datum"), "14-03-1975"),
    ],
)
def test_the_spec_check_rejects_a_wrong_response(spec, path, value):
    person = copy.deepcopy(PERSON)
    target = person
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value

    assert _conformance_errors(spec, {"type": "RaadpleegMetBurgerservicenummer", "personen": [person]})


def test_client_request_conforms_to_the_spec(spec, stub):
    _client(stub).find_by_bsn(BSN)

    request = _validator(spec, "RaadpleegMetBurgerservicenummer")
    assert list(request.iter_errors(stub.requests[0]["body"])) == []


# -- choosing the client --------------------------------------------------------------------------------


def test_get_client_uses_haal_centraal_when_a_url_is_set(settings, stub):
    settings.WIJKREGIE_BRP_URL = stub.url
    settings.WIJKREGIE_BRP_API_KEY = API_KEY
    settings.WIJKREGIE_BRP_TIMEOUT = 1.5

    client = get_client()

    assert isinstance(client, HaalCentraalClient)
    assert (client.base_url, client.api_key, client.timeout) == (stub.url, API_KEY, 1.5)
    assert lookup_person(BSN).surname == "Berg"
    assert stub.requests[0]["headers"]["X-API-KEY"] == API_KEY


def test_get_client_falls_back_to_the_fake(settings, db):
    settings.WIJKREGIE_BRP_URL = ""

    assert isinstance(get_client(), FakeBrpClient)


def test_invalid_bsn_never_reaches_the_brp(settings, stub):
    settings.WIJKREGIE_BRP_URL = stub.url

    assert lookup_person("123456780") is None
    assert stub.requests == []


def test_transport_errors_from_httpx_are_unavailable():
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("verbinding geweigerd", request=request)

    client = HaalCentraalClient("http://brp.invalid", API_KEY, transport=httpx.MockTransport(refuse))

    with pytest.raises(BrpUnavailable, match="niet bereikbaar"):
        client.find_by_bsn(BSN)
