"""A BSN is nine ASCII digits: fullwidth, Arabic-Indic or superscript digits are another spelling of a number
and must not register the same person twice, nor crash a search (they did: `str.isdigit()` and `int()`)."""

import importlib

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from rest_framework.test import APIClient

from wijkregie.accounts.services import api_token_for
from wijkregie.core.text import LINE_ERROR
from wijkregie.households.models import Resident

from .test_api import API, head_of, resident_body, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(world):
    def client_for(name):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_for(username=name)}")
        return client

    return client_for


FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
BSN_ERROR = "Dit is geen geldig BSN (9 cijfers die voldoen aan de elfproef)."


def spellings(bsn: str) -> list[str]:
    return [bsn.translate(FULLWIDTH), bsn.translate(ARABIC_INDIC), "²" + bsn[1:]]


def test_a_fullwidth_spelling_of_a_registered_bsn_registers_nobody(world, api):
    existing = head_of(world.household)
    before = snapshot()

    for other in spellings(existing.bsn)[:2]:
        response = api("anna").post(f"{API}/residents/", resident_body(bsn=other), format="json")

        assert response.status_code == 400
        assert response.json() == {"bsn": [BSN_ERROR]}
    assert snapshot() == before


REASON = {"reason": "Crisisdienst belt: acute zorgen om dit gezin buiten kantoortijd."}


@pytest.mark.parametrize(
    ("path", "extra"), [("residents/search/", {}), ("brp/persons/", {}), ("break-glass/", REASON)]
)
def test_other_digits_are_a_dutch_400_on_every_endpoint_that_takes_a_bsn(world, api, path, extra):
    for other in spellings(head_of(world.household).bsn):
        response = api("otto").post(f"{API}/{path}", {"bsn": other, **extra}, format="json")

        assert response.status_code == 400, other
        assert response.json() == {"bsn": [BSN_ERROR]}


def test_the_search_page_answers_other_digits_with_a_field_error(client, world, settings):
    settings.WIJKREGIE_REQUIRE_2FA = False
    client.force_login(world.anna)

    response = client.post(reverse("households:search"), {"bsn": "²" + head_of(world.household).bsn[1:]})

    assert response.status_code == 200
    assert BSN_ERROR in response.content.decode()


def test_the_database_refuses_a_bsn_or_postcode_in_other_digits(world):
    resident = head_of(world.household)

    for field, value in (("bsn", resident.bsn.translate(FULLWIDTH)), ("postcode", "９７１１AB")):
        with pytest.raises(IntegrityError), transaction.atomic():
            Resident.objects.filter(pk=resident.pk).update(**{field: value})


def test_the_migration_rewrites_other_digits_and_stops_on_a_second_registration():
    migration = importlib.import_module("wijkregie.households.migrations.0008_bsn_and_postcode_in_ascii")

    rewrites, duplicates = migration.plan(
        {1: "299000345", 2: "２９９０００３４５", 3: "١٢٣٤٥٦٧٨٢", 4: "123456782".translate(FULLWIDTH)}
    )

    assert rewrites == {3: "123456782"}
    assert sorted(duplicates) == [(2, 1), (4, 3)]
    assert migration.in_ascii("٩٧١١AB") == "9711AB"


@pytest.mark.parametrize("field", ["given_names", "surname", "street", "city", "house_number_suffix"])
@pytest.mark.parametrize("hidden", ["\u202e", "\u200b", "\n", "\t", "\x1b[2J"])
def test_a_name_or_address_with_hidden_characters_is_refused_per_field_and_nothing_saved(
    world, api, field, hidden
):
    before = snapshot()

    response = api("anna").post(f"{API}/residents/", resident_body(**{field: f"Ab{hidden}cd"}), format="json")

    assert response.status_code == 400
    assert response.json() == {field: [LINE_ERROR]}
    assert snapshot() == before


def test_a_name_in_decomposed_unicode_is_stored_composed(world, api):
    body = resident_body(given_names="Zoe\u0308")

    assert api("anna").post(f"{API}/residents/", body, format="json").status_code == 201

    assert Resident.objects.get(bsn=body["bsn"]).given_names == "Zoë"
