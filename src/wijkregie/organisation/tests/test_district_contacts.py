"""Vaste contactpersonen per wijk: only the functioneel beheerder of the district's municipality."""

import pytest
from django.urls import reverse

from wijkregie.accounts.constants import Role
from wijkregie.accounts.tests.factories import UserFactory
from wijkregie.audit.constants import Action
from wijkregie.audit.models import AuditEvent
from wijkregie.organisation.models import DistrictContact, Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.WIJKREGIE_REQUIRE_2FA = False


def _state():
    return list(DistrictContact.objects.order_by("pk").values()), AuditEvent.objects.count()


def test_beheerder_adds_and_removes_a_contact(client, world):
    client.force_login(world.fenna)
    url = reverse("organisation:district_contacts", args=[world.west_centrum.uuid])
    schans = Organisation.objects.get(name="Welzijn De Schans")

    response = client.post(url, {"organisation": schans.uuid, "name": "Karin Smit", "role": "schuldhulp"})

    assert response.status_code == 302
    contact = DistrictContact.objects.get()
    assert (contact.district, contact.organisation, contact.name) == (
        world.west_centrum,
        schans,
        "Karin Smit",
    )
    assert "Karin Smit" in client.get(url).content.decode()
    assert AuditEvent.objects.filter(action=Action.CREATE, object_uuid=contact.uuid).exists()

    remove = reverse("organisation:district_contact_remove", args=[world.west_centrum.uuid, contact.uuid])
    assert client.post(remove).status_code == 302
    assert not DistrictContact.objects.exists()


def test_name_is_required(client, world):
    client.force_login(world.fenna)
    url = reverse("organisation:district_contacts", args=[world.west_centrum.uuid])
    before = _state()

    response = client.post(url, {"organisation": Organisation.objects.first().uuid, "name": ""})

    assert response.status_code == 200
    assert "Vul de naam van de contactpersoon in." in response.content.decode()
    assert _state() == before


@pytest.mark.parametrize("name", ["anna", "teun", "bo", "piet", "carla", "bea", "zuid_admin"])
def test_others_get_404_and_change_nothing(client, world, name):
    user = (
        UserFactory(username="zuid_admin", role=Role.FUNCTIONAL_ADMIN, municipality=world.zuid)
        if name == "zuid_admin"
        else world.user(name)
    )
    contact = DistrictContact.objects.create(
        district=world.west_centrum, organisation=Organisation.objects.first(), name="Karin"
    )
    client.force_login(user)
    before = _state()

    listing = client.get(reverse("organisation:district_contacts", args=[world.west_centrum.uuid]))
    adding = client.post(
        reverse("organisation:district_contacts", args=[world.west_centrum.uuid]),
        {"organisation": Organisation.objects.first().uuid, "name": "X"},
    )
    removing = client.post(
        reverse("organisation:district_contact_remove", args=[world.west_centrum.uuid, contact.uuid])
    )

    assert (listing.status_code, adding.status_code, removing.status_code) == (404, 404, 404)
    assert _state() == before


def test_anonymous_goes_to_login(client, world):
    response = client.get(reverse("organisation:district_contacts", args=[world.west_centrum.uuid]))
    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen/")
