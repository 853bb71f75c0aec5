"""'Ophalen uit BRP' on the registration page, with the built-in fake: prefill, and the Dutch fallback."""

import pytest
from django.urls import reverse

from wijkregie.audit.constants import Action
from wijkregie.audit.models import AuditEvent
from wijkregie.households.models import Resident
from wijkregie.integrations.brp import get_client
from wijkregie.integrations.brp.fake import NOT_FOUND_BSN, UNAVAILABLE_BSN
from wijkregie.organisation.selectors import sample_addresses

URL = reverse("households:register")
BSN = "999993653"


@pytest.fixture(autouse=True)
def _fake_brp_without_two_factor(settings):
    settings.WIJKREGIE_REQUIRE_2FA = False
    settings.WIJKREGIE_BRP_URL = ""


def _lookup(client, world, bsn, name="anna"):
    client.force_login(world.user(name))
    return client.post(URL, {"brp-bsn": bsn})


def _value(response, field):
    return response.context["form"][field].value()


def test_lookup_prefills_the_form(client, world):
    expected = get_client(sample_addresses).find_by_bsn(BSN)  # the addresses the page hands the fake
    residents = Resident.objects.count()

    response = _lookup(client, world, BSN)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Gegevens opgehaald uit de BRP. Controleer ze en sla op." in html
    for field in ("bsn", "given_names", "surname", "street", "postcode", "city"):
        assert _value(response, field) == getattr(expected, field)
        assert f'value="{getattr(expected, field)}"' in html
    assert _value(response, "house_number") == expected.house_number
    assert _value(response, "birth_date") == expected.birth_date.strftime("%d-%m-%Y")
    assert Resident.objects.count() == residents, "a lookup only prefills; nothing is registered"
    lookup = AuditEvent.objects.get(action=Action.LOOKUP)
    assert (lookup.actor, lookup.object_type, lookup.object_uuid) == (world.anna, "brp.persoon", None)


def test_unavailable_brp_shows_dutch_error_and_an_empty_manual_form(client, world):
    response = _lookup(client, world, UNAVAILABLE_BSN)

    assert response.status_code == 200
    html = response.content.decode()
    assert "De BRP antwoordde niet op tijd. Vul de gegevens met de hand in." in html
    assert "utrecht-alert--error" in html
    for field in ("given_names", "surname", "street", "house_number", "postcode", "city", "birth_date"):
        assert _value(response, field) in (None, ""), field
    assert _value(response, "bsn") == UNAVAILABLE_BSN  # the typed BSN is kept, nothing else
    assert not Resident.objects.filter(bsn=UNAVAILABLE_BSN).exists()


def test_unknown_person_shows_dutch_message(client, world):
    response = _lookup(client, world, NOT_FOUND_BSN)

    html = response.content.decode()
    assert "De BRP kent geen persoon met dit BSN. Vul de gegevens met de hand in." in html
    assert _value(response, "surname") in (None, "")


def test_invalid_bsn_is_refused_before_asking_the_brp(client, world):
    response = _lookup(client, world, "123456789")

    assert "Dit is geen geldig BSN" in response.content.decode()
    assert not AuditEvent.objects.filter(action=Action.LOOKUP).exists()


def test_anonymous_is_sent_to_login(client, world):
    response = client.post(URL, {"brp-bsn": BSN})

    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen/")
    assert not AuditEvent.objects.filter(action=Action.LOOKUP).exists()


@pytest.mark.parametrize("name", ["piet", "carla", "bea", "fenna"])
def test_roles_without_casework_get_404_and_no_lookup(client, world, name):
    response = _lookup(client, world, BSN, name=name)

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action=Action.LOOKUP).exists()
