"""Staff accounts written by the functioneel beheerder, scoped to their own municipality."""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from wijkregie.accounts import services
from wijkregie.accounts.constants import Role
from wijkregie.accounts.models import User
from wijkregie.accounts.tests.factories import UserFactory
from wijkregie.audit.constants import Action
from wijkregie.audit.models import AuditEvent
from wijkregie.organisation.tests.factories import beheer_state


@pytest.fixture
def zara(world):
    return UserFactory(username="zara", role=Role.FUNCTIONAL_ADMIN, municipality=world.zuid)


def _create(world, user, **changes):
    values = {
        "username": "kees",
        "first_name": "Kees",
        "last_name": "de Vries",
        "email": "kees@example.nl",
        "role": Role.CONSULENT,
        "teams": [world.team_a],
        "municipality": None,
    }
    return services.staff_create(acting_user=user, **{**values, **changes})


def _update(staff, user, **changes):
    values = {
        "role": staff.role,
        "teams": list(staff.teams.all()),
        "is_active": staff.is_active,
        "municipality": staff.municipality,
    }
    return services.staff_update(acting_user=user, user=staff, **{**values, **changes})


def _teams(user):
    return set(user.teams.values_list("name", flat=True))


def test_staff_create_on_a_served_team_with_audit_row(world):
    kees = _create(world, world.fenna, username=" Kees ")

    assert (kees.username, kees.role, kees.municipality) == ("kees", Role.CONSULENT, None)
    assert _teams(kees) == {"Wijkteam Centrum"}
    assert not kees.has_usable_password()
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.object_uuid) == (Action.CREATE, world.fenna, kees.uuid)
    assert event.fields == ["email", "municipality", "name", "role", "teams", "username"]


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"teams": []}, {"teams": ["Kies minstens één team, of uw gemeente als eigen gemeente."]}),
        ({"teams": ["team_z"]}, {"teams": ["U kunt alleen teams kiezen die uw gemeente bedienen."]}),
        (
            {"municipality": "zuid"},
            {"municipality": ["U kunt alleen uw eigen gemeente als eigen gemeente instellen of weghalen."]},
        ),
        (
            {"role": Role.CONTRACT_MANAGER, "teams": []},
            {
                "role": ["Deze rol werkt vanuit de eigen gemeente: kies uw gemeente als eigen gemeente."],
                "teams": ["Kies minstens één team, of uw gemeente als eigen gemeente."],
            },
        ),
        (
            {"role": Role.FUNCTIONAL_ADMIN, "municipality": "zuid"},
            {
                "role": ["Deze rol werkt vanuit de eigen gemeente: kies uw gemeente als eigen gemeente."],
                "municipality": ["U kunt alleen uw eigen gemeente als eigen gemeente instellen of weghalen."],
            },
        ),
        ({"role": "baas"}, {"role": ["Kies een rol uit de lijst."]}),
        ({"username": "ANNA"}, {"username": ["Deze gebruikersnaam is al in gebruik."]}),
        ({"username": " "}, {"username": ["Vul een gebruikersnaam in."]}),
    ],
)
def test_staff_create_outside_own_municipality_is_refused_with_nothing_saved(world, changes, errors):
    changes = dict(changes)
    if "municipality" in changes:
        changes["municipality"] = getattr(world, changes["municipality"])
    if "teams" in changes:
        changes["teams"] = [getattr(world, name) for name in changes["teams"]]
    before = beheer_state()

    with pytest.raises(ValidationError) as error:
        _create(world, world.fenna, **changes)

    assert error.value.message_dict == errors
    assert beheer_state() == before


def test_contractmanager_with_own_home_municipality_is_created(world):
    kees = _create(world, world.fenna, role=Role.CONTRACT_MANAGER, teams=[], municipality=world.west)

    assert (kees.role, kees.municipality, _teams(kees)) == (Role.CONTRACT_MANAGER, world.west, set())


@pytest.mark.parametrize("name", ["anna", "teun", "bo", "carla", "bea"])
def test_staff_create_by_a_non_beheerder_is_404(world, name):
    before = beheer_state()

    with pytest.raises(Http404):
        _create(world, world.user(name))

    assert beheer_state() == before


def test_staff_update_changes_role_and_own_teams_and_audits_changed_fields(world):
    _update(world.otto, world.fenna, role=Role.TEAMLEIDER, teams=[world.team_a, world.team_b])

    world.otto.refresh_from_db()
    assert world.otto.role == Role.TEAMLEIDER
    assert _teams(world.otto) == {"Wijkteam Centrum", "Wijkteam Noord"}
    event = AuditEvent.objects.get()
    assert (event.action, event.object_uuid) == (Action.UPDATE, world.otto.uuid)
    assert event.fields == ["role", "teams"]


def test_staff_update_keeps_memberships_of_teams_the_beheerder_does_not_manage(world, zara):
    world.bo.teams.add(world.team_z)

    _update(world.bo, world.fenna, teams=[world.team_a])

    assert _teams(world.bo) == {"Wijkteam Centrum", "Wijkteam Dorp"}
    world.bo.refresh_from_db()  # the next page reads the account anew
    _update(world.bo, zara, teams=[])
    assert _teams(world.bo) == {"Wijkteam Centrum"}


def test_staff_update_deactivates(world):
    _update(world.otto, world.fenna, is_active=False)

    world.otto.refresh_from_db()
    assert not world.otto.is_active
    assert AuditEvent.objects.get().fields == ["is_active"]


def test_home_municipality_of_another_municipality_cannot_be_changed_or_used(world):
    world.bo.municipality = world.zuid
    world.bo.save(update_fields=["municipality"])
    before = beheer_state()

    with pytest.raises(ValidationError) as moved:
        _update(world.bo, world.fenna, municipality=None)
    with pytest.raises(ValidationError) as promoted:
        _update(world.bo, world.fenna, role=Role.FUNCTIONAL_ADMIN)

    assert moved.value.message_dict == {
        "municipality": ["U kunt alleen uw eigen gemeente als eigen gemeente instellen of weghalen."]
    }
    assert promoted.value.message_dict == {
        "role": ["Deze rol werkt vanuit de eigen gemeente: kies uw gemeente als eigen gemeente."]
    }
    assert beheer_state() == before


def test_beheerder_cannot_lock_themselves_out(world):
    before = beheer_state()

    for changes in ({"is_active": False}, {"role": Role.CONSULENT, "teams": [world.team_a]}):
        with pytest.raises(ValidationError) as error:
            _update(world.fenna, world.fenna, **changes)
        assert error.value.message_dict["role"] == [
            "U kunt uw eigen rol niet wijzigen en uw eigen account niet uitschakelen."
        ]

    assert beheer_state() == before


def test_staff_update_without_changes_writes_nothing(world):
    before = beheer_state()

    _update(world.anna, world.fenna)

    assert beheer_state() == before


@pytest.mark.parametrize("name", ["zara", "anna", "teun", "bo", "carla"])
def test_staff_of_another_municipality_or_by_a_non_beheerder_is_404(world, zara, name):
    user = zara if name == "zara" else world.user(name)
    before = beheer_state()

    with pytest.raises(Http404):
        _update(world.otto, user, role=Role.TEAMLEIDER)

    assert beheer_state() == before
    assert User.objects.get(pk=world.otto.pk).role == Role.CONSULENT
