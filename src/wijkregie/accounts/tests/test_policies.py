"""Which staff accounts a functioneel beheerder manages: those of their own municipality, nobody else's."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from wijkregie.accounts.constants import Role
from wijkregie.accounts.policies import StaffPolicy
from wijkregie.accounts.tests.factories import UserFactory

WEST_STAFF = {"anna", "otto", "teun", "bo", "sanne", "piet", "carla", "bea", "fenna"}


@pytest.fixture
def zara(world):
    return UserFactory(username="zara", role=Role.FUNCTIONAL_ADMIN, municipality=world.zuid)


def _usernames(policy):
    return set(policy.visible().values_list("username", flat=True))


def test_beheerder_sees_staff_on_served_teams_and_with_own_home_municipality(world, zara):
    assert _usernames(StaffPolicy(world.fenna)) == WEST_STAFF
    assert _usernames(StaffPolicy(zara)) == {"bo", "zoe", "zara"}


def test_staff_on_several_served_teams_appear_once(world):
    UserFactory(username="duo", teams=[world.team_a, world.team_b, world.backoffice])

    assert list(StaffPolicy(world.fenna).visible().values_list("username", flat=True)).count("duo") == 1


@pytest.mark.parametrize("name", ["anna", "otto", "teun", "bo", "sanne", "piet", "carla", "bea", "zoe"])
def test_everyone_else_sees_no_staff(world, name):
    policy = StaffPolicy(world.user(name))

    assert not policy.can_manage()
    assert not policy.visible().exists()
    assert not policy.manageable_teams().exists()


def test_anonymous_inactive_and_homeless_beheerders_see_no_staff(world):
    inactive = UserFactory(
        username="oud", role=Role.FUNCTIONAL_ADMIN, municipality=world.west, is_active=False
    )
    homeless = UserFactory(username="los", role=Role.FUNCTIONAL_ADMIN)

    for user in (AnonymousUser(), inactive, homeless):
        assert not StaffPolicy(user).visible().exists()


def test_staff_of_another_municipality_is_404(world, zara):
    with pytest.raises(Http404):
        StaffPolicy(zara).get_visible_or_404(uuid=world.otto.uuid)
    assert StaffPolicy(zara).get_visible_or_404(uuid=world.bo.uuid) == world.bo


def test_staff_visibility_is_one_query(world, django_assert_num_queries):
    policy = StaffPolicy(world.fenna)

    with django_assert_num_queries(1):
        list(policy.visible())
