"""Who manages which districts and teams: only a functioneel beheerder, only within their own municipality."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from wijkregie.accounts.constants import Role
from wijkregie.accounts.tests.factories import UserFactory
from wijkregie.organisation.models import Team
from wijkregie.organisation.policies import OrganisationPolicy
from wijkregie.organisation.tests.factories import OrganisationFactory

NOT_BEHEERDERS = ["anna", "otto", "teun", "bo", "sanne", "piet", "carla", "bea", "zoe"]


@pytest.fixture
def zara(world):
    """The functioneel beheerder of Zuiderdijk."""
    return UserFactory(username="zara", role=Role.FUNCTIONAL_ADMIN, municipality=world.zuid)


def _names(queryset):
    return set(queryset.values_list("name", flat=True))


def test_beheerder_manages_the_districts_and_teams_of_their_own_municipality(world, zara):
    fenna, zuid = OrganisationPolicy(world.fenna), OrganisationPolicy(zara)

    assert fenna.can_manage() and zuid.can_manage()
    assert _names(fenna.visible_districts()) == {"Centrum", "Noord"}
    assert _names(zuid.visible_districts()) == {"Dorp"}
    assert _names(fenna.visible_teams()) == {
        "Wijkteam Centrum",
        "Wijkteam Noord",
        "Backoffice",
        "Basisondersteuning",
        "Zorg Thuis team",
    }
    assert _names(zuid.visible_teams()) == {"Wijkteam Dorp", "Backoffice"}
    assert list(fenna.municipalities()) == [world.west]


@pytest.mark.parametrize("name", NOT_BEHEERDERS)
def test_everyone_else_manages_nothing(world, name):
    policy = OrganisationPolicy(world.user(name))

    assert not policy.can_manage()
    assert not policy.visible_districts().exists()
    assert not policy.visible_teams().exists()
    assert not policy.municipalities().exists()
    assert not policy.organisations().exists()
    assert not policy.can_manage_district(world.west_centrum)
    assert not policy.can_manage_team(world.team_a)


def test_anonymous_inactive_and_homeless_beheerders_manage_nothing(world):
    inactive = UserFactory(
        username="oud", role=Role.FUNCTIONAL_ADMIN, municipality=world.west, is_active=False
    )
    homeless = UserFactory(username="los", role=Role.FUNCTIONAL_ADMIN, municipality=None)

    for user in (AnonymousUser(), inactive, homeless):
        policy = OrganisationPolicy(user)
        assert not policy.can_manage()
        assert not policy.visible_districts().exists()
        assert not policy.visible_teams().exists()


def test_shared_backoffice_is_managed_by_both_beheerders(world, zara):
    assert OrganisationPolicy(world.fenna).can_manage_team(world.backoffice)
    assert OrganisationPolicy(zara).can_manage_team(world.backoffice)
    assert not OrganisationPolicy(world.fenna).can_manage_team(world.team_z)
    assert not OrganisationPolicy(zara).can_manage_team(world.team_a)


def test_districts_of_another_municipality_are_not_managed(world, zara):
    assert OrganisationPolicy(world.fenna).can_manage_district(world.west_centrum)
    assert not OrganisationPolicy(world.fenna).can_manage_district(world.zuid_dorp)
    assert not OrganisationPolicy(zara).can_manage_district(world.west_centrum)


def test_get_or_404_hides_other_municipalities_and_bad_uuids(world, zara):
    policy = OrganisationPolicy(zara)

    assert policy.get_district_or_404(world.zuid_dorp.uuid) == world.zuid_dorp
    for lookup in (
        lambda: policy.get_district_or_404(world.west_centrum.uuid),
        lambda: policy.get_team_or_404(world.team_a.uuid),
        lambda: policy.get_district_or_404("geen-uuid"),
    ):
        with pytest.raises(Http404):
            lookup()


def test_another_municipalitys_own_organisation_cannot_be_chosen(world):
    zuid_own = OrganisationFactory(name="Gemeente Zuiderdijk", municipality=world.zuid)
    west_own = OrganisationFactory(name="Gemeente Westerhoek (eigen)", municipality=world.west)

    choices = set(OrganisationPolicy(world.fenna).organisations())

    assert west_own in choices
    assert zuid_own not in choices
    assert world.team_a.organisation in choices


def test_visible_querysets_are_one_query_each(world, django_assert_num_queries):
    policy = OrganisationPolicy(world.fenna)

    with django_assert_num_queries(2):
        list(policy.visible_districts())
        list(policy.visible_teams())


def test_visible_teams_has_no_duplicates(world):
    assert (
        OrganisationPolicy(world.fenna).visible_teams().count()
        == Team.objects.filter(municipalities=world.west).distinct().count()
        == 5
    )
