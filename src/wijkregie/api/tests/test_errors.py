"""Every API error is Dutch JSON in the documented shape, whatever the client sends or asks for: a body that
is no JSON, nests too deep, is not an object or is too big, a number where text is asked, a path that matches
nothing; and the language does not follow the client's Accept-Language."""

import gettext
import re
from pathlib import Path

import pytest
from rest_framework.test import APIClient

from wijkregie.accounts.services import api_token_for
from wijkregie.api.exceptions import NOT_FOUND, TOO_BIG
from wijkregie.core.api import NOT_AN_OBJECT, NOT_TEXT
from wijkregie.core.parsers import MAX_DEPTH, NOT_JSON, TOO_DEEP

pytestmark = pytest.mark.django_db

SEARCH = "/api/v1/residents/search/"


@pytest.fixture
def api(world):
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Token {api_token_for(username='anna')}", HTTP_ACCEPT_LANGUAGE="en"
    )
    return client


def _post(api, body: bytes, content_type: str = "application/json"):
    return api.generic("POST", SEARCH, body, content_type=content_type)


@pytest.mark.parametrize(
    ("body", "status", "answer"),
    [
        (b"{bad", 400, {"detail": NOT_JSON}),
        (b"[" * 1000 + b"]" * 1000, 400, {"detail": TOO_DEEP}),
        (b'{"a": ' * (MAX_DEPTH + 1) + b"1" + b"}" * (MAX_DEPTH + 1), 400, {"detail": TOO_DEEP}),
        (b"null", 400, {"non_field_errors": [NOT_AN_OBJECT]}),
        (b"[1, 2]", 400, {"non_field_errors": [NOT_AN_OBJECT]}),
        (b'{"surname": 123}', 400, {"surname": [NOT_TEXT]}),
        (b'{"surname": ["viss"]}', 400, {"surname": [NOT_TEXT]}),
        (b'{"surname": "' + b"a" * 3_000_000 + b'"}', 413, {"detail": TOO_BIG}),
    ],
    ids=["not-json", "bracket-bomb", "too-deep", "null", "list", "number-for-text", "list-for-text", "10mb"],
)
def test_bad_bodies_get_a_dutch_json_answer(api, body, status, answer):
    response = _post(api, body)

    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response.json() == answer


def test_a_path_that_matches_nothing_is_a_json_404(api, world):
    for path in (
        "/api/v1/households/not-a-uuid/",
        f"/api/v1/households/{world.household.uuid}x/",
        "/api/v1/does-not-exist/",
    ):
        response = api.get(path)

        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"detail": NOT_FOUND}


def test_a_page_that_matches_nothing_is_still_the_html_page(client):
    response = client.get("/bestaat-niet/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_the_messages_of_the_api_library_are_dutch(api):
    response = api.post("/api/v1/residents/search/", {"birth_date": "morgen"}, format="json")

    assert response.status_code == 400
    message = response.json()["birth_date"][0]
    assert "Datum" in message or "datum" in message
    assert "format" not in message.lower() or "formaat" in message.lower()


def test_the_compiled_catalogue_holds_exactly_the_translations_of_its_source():
    folder = Path(__file__).resolve().parents[2] / "locale" / "nl" / "LC_MESSAGES"
    source = (folder / "django.po").read_text()
    pairs = dict(re.findall(r'^msgid "(.+)"\nmsgstr "(.*)"$', source, flags=re.MULTILINE))
    compiled = gettext.GNUTranslations((folder / "django.mo").open("rb"))

    assert pairs and all(compiled.gettext(msgid) == msgstr for msgid, msgstr in pairs.items())
    assert len(compiled._catalog) == len(pairs) + 1  # and the header
