"""A fresh installation starts with one command: the municipality, its own organisation and its first
beheerder, invited by mail; a second beheerder this way, or a wrong value, saves nothing."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from wijkregie.accounts.constants import Role
from wijkregie.accounts.models import User
from wijkregie.organisation.constants import OrganisationKind
from wijkregie.organisation.models import Municipality, Organisation

pytestmark = pytest.mark.django_db

ARGS = {
    "gemeentecode": "0014",
    "gemeente": "Groningen",
    "gebruikersnaam": "Fenna",
    "voornaam": "Fenna",
    "achternaam": "Beheer",
    "email": "fenna@groningen.example",
}


def _run(**changes):
    options = {**ARGS, **changes}
    call_command("first-beheerder", *[f"--{key}={value}" for key, value in options.items()])


def test_a_fresh_installation_gets_its_municipality_and_invited_beheerder():
    _run()
    user = User.objects.get(username="fenna")
    assert (user.role, user.municipality.cbs_code, user.has_usable_password()) == (
        Role.FUNCTIONAL_ADMIN,
        "0014",
        False,
    )
    assert Organisation.objects.get(municipality=user.municipality).kind == OrganisationKind.MUNICIPALITY
    assert [m.to for m in mail.outbox] == [["fenna@groningen.example"]]
    assert "/wachtwoord-instellen/" in mail.outbox[0].body


def test_a_second_beheerder_or_a_wrong_code_saves_nothing():
    _run()
    with pytest.raises(CommandError, match="al een functioneel beheerder"):
        _run(gebruikersnaam="tweede", email="tweede@groningen.example")
    with pytest.raises(CommandError, match="4 cijfers"):
        _run(gemeentecode="14", gebruikersnaam="derde")
    assert User.objects.count() == 1 and Municipality.objects.count() == 1
