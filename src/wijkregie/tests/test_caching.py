"""No browser or proxy keeps a response with personal data."""

import pytest
from rest_framework.test import APIClient

from wijkregie.accounts.services import api_token_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.WIJKREGIE_REQUIRE_2FA = False


def test_a_signed_in_page_and_every_api_answer_are_not_stored(client, world):
    client.force_login(world.anna)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token_for(username='anna')}")

    dossier = client.get(f"/huishoudens/{world.household.uuid}/")
    answers = [api.get(f"/api/v1/households/{world.household.uuid}/"), APIClient().get("/api/v1/households/")]

    assert dossier.status_code == 200 and dossier["Cache-Control"] == "no-store, private"
    assert [a["Cache-Control"] for a in answers] == ["no-store, private", "no-store, private"]


def test_public_pages_for_anonymous_visitors_keep_their_caching(client, world):
    assert "no-store" not in client.get("/sociale-kaart/").get("Cache-Control", "")
