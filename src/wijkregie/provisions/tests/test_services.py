"""Catalogue services under simultaneous changes: the database keeps one entry per name in any capitals."""

import pytest
from django.core.exceptions import ValidationError

from wijkregie.provisions.models import Provision

pytestmark = pytest.mark.django_db


def test_a_name_taken_meanwhile_in_other_capitals_is_refused_in_dutch_by_the_database(world, monkeypatch):
    from wijkregie.provisions import services as catalogue

    values = {"kind": "algemeen", "name": "Buurthuiskamer", "description": "Koffie en een praatje"}
    catalogue.provision_create(acting_user=world.fenna, municipality=world.west, values=values)
    monkeypatch.setattr(catalogue, "_name_taken", lambda *args: None)  # the check ran before the other saved

    with pytest.raises(ValidationError) as refused:
        catalogue.provision_create(
            acting_user=world.fenna, municipality=world.west, values={**values, "name": "BUURTHUISKAMER"}
        )

    assert refused.value.message_dict == {"name": [catalogue.NAME_TAKEN]}
    assert Provision.objects.filter(name__iexact="buurthuiskamer").count() == 1
