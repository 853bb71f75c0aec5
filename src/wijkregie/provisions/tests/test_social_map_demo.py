"""The demo catalogue: both demo municipalities get general provisions and maatwerk; loading twice adds
nothing; a provision for a district that does not exist is left out."""

import pytest
from django.urls import reverse

from wijkregie.provisions.constants import ProvisionKind
from wijkregie.provisions.demo_catalogue import load_demo_catalogue
from wijkregie.provisions.models import Provision

pytestmark = pytest.mark.django_db


def test_demo_catalogue_fills_both_municipalities_once(world):
    made = load_demo_catalogue()
    assert made == Provision.objects.count()
    for municipality in (world.west, world.zuid):
        own = Provision.objects.filter(municipality=municipality)
        assert own.filter(kind=ProvisionKind.GENERAL).count() >= 4
        assert own.filter(kind=ProvisionKind.CUSTOM).count() == 6
    assert set(
        Provision.objects.get(municipality=world.west, name="Buurthuiskamer De Kern").districts.all()
    ) == {world.west_centrum}
    assert load_demo_catalogue() == 0
    assert Provision.objects.count() == made


def test_demo_catalogue_shows_on_the_map(client, world):
    load_demo_catalogue()
    response = client.get(
        reverse("provisions:social_map"),
        {"municipality": world.west.uuid, "district": world.west_noord.uuid, "domain": "financien"},
    )
    names = [row.provision.name for row in response.context["general"]]
    assert names == ["Jongeren-geldcoaching", "Schuldhulpmaatje"]
    assert "Hulp bij het huishouden" not in response.content.decode()
    # "Inloop in de Haven" is for the Haven district, which the test world does not have
    assert not Provision.objects.filter(name="Inloop in de Haven").exists()
