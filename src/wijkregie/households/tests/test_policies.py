"""The need-to-know matrix: who sees which household, and nothing else."""

from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from wijkregie.households.models import BreakGlassGrant
from wijkregie.households.policies import HouseholdPolicy

# (user, sees anna's Westerhoek household, sees the Zuiderdijk household, why)
MATRIX = [
    ("anna", True, False, "assigned worker in team A"),
    ("teun", True, False, "teamleider of team A (team caseload)"),
    ("otto", False, False, "consulent of another team in the same municipality"),
    ("zoe", False, True, "consulent of the other municipality"),
    ("bo", True, True, "backoffice: municipality-wide for both municipalities it serves"),
    ("sanne", False, False, "welfare worker: household not in the welfare team's caseload"),
    ("piet", False, False, "provider staff: no dossiers"),
    ("carla", False, False, "contractmanager: no personal data"),
    ("bea", False, False, "beleidsmedewerker: no personal data"),
    ("fenna", False, False, "functioneel beheerder: no personal data"),
]


@pytest.mark.parametrize(("name", "sees_west", "sees_zuid", "why"), MATRIX)
def test_visibility_matrix(world, name, sees_west, sees_zuid, why):
    policy = HouseholdPolicy(world.user(name))

    visible = set(policy.visible().values_list("pk", flat=True))

    assert (world.household.pk in visible) is sees_west, why
    assert (world.zuid_household.pk in visible) is sees_zuid, why


@pytest.mark.parametrize(("name", "sees_west", "sees_zuid", "why"), MATRIX)
def test_can_view_agrees_with_visible(world, name, sees_west, sees_zuid, why):
    policy = HouseholdPolicy(world.user(name))

    assert policy.can_view(world.household) is sees_west
    assert policy.can_view(world.zuid_household) is sees_zuid


def test_anonymous_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert not HouseholdPolicy(AnonymousUser()).visible().exists()


def test_inactive_user_sees_nothing(world):
    world.anna.is_active = False
    world.anna.save(update_fields=["is_active"])

    assert not HouseholdPolicy(world.anna).visible().exists()


def test_regisseur_sees_household_outside_team_caseload(world):
    world.household.regisseur = world.otto
    world.household.save(update_fields=["regisseur"])

    assert HouseholdPolicy(world.otto).can_view(world.household)


def test_regisseur_of_other_municipality_still_cannot_see(world):
    """A regisseur set wrongly across municipalities does not open the household: the municipality wins."""
    world.zuid_household.regisseur = world.otto
    world.zuid_household.save(update_fields=["regisseur"])

    assert not HouseholdPolicy(world.otto).can_view(world.zuid_household)


def test_break_glass_grant_opens_until_it_expires(world):
    grant = BreakGlassGrant.objects.create(
        user=world.otto,
        household=world.household,
        reason="Crisis melding politie, dringend contact nodig",
        expires_at=timezone.now() + timedelta(hours=1),
    )
    policy = HouseholdPolicy(world.otto)
    assert policy.can_view(world.household)
    assert policy.via_break_glass_only(world.household)

    BreakGlassGrant.objects.filter(pk=grant.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    assert not HouseholdPolicy(world.otto).can_view(world.household)


def test_get_visible_or_404_hides_existence(world):
    with pytest.raises(Http404):
        HouseholdPolicy(world.zoe).get_visible_or_404(uuid=world.household.uuid)
    with pytest.raises(Http404):
        HouseholdPolicy(world.zoe).get_visible_or_404(uuid="not-a-uuid")


def test_only_teamleider_of_the_caseload_team_may_assign(world):
    assert HouseholdPolicy(world.teun).can_assign(world.household)
    assert not HouseholdPolicy(world.anna).can_assign(world.household)
    assert not HouseholdPolicy(world.teun).can_assign(world.zuid_household)


def test_visibility_is_one_query(world, django_assert_num_queries):
    policy = HouseholdPolicy(world.anna)

    with django_assert_num_queries(1):
        list(policy.visible())
