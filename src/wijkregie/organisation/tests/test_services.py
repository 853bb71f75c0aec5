"""Writing districts and teams: what the beheerder may change, what is refused, and the audit rows."""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from wijkregie.accounts.constants import Role
from wijkregie.accounts.tests.factories import UserFactory
from wijkregie.audit.constants import Action
from wijkregie.audit.models import AuditEvent
from wijkregie.organisation import services
from wijkregie.organisation.constants import TeamKind
from wijkregie.organisation.models import District, PostcodeArea, Team
from wijkregie.organisation.tests.factories import OrganisationFactory, beheer_state


@pytest.fixture
def zara(world):
    return UserFactory(username="zara", role=Role.FUNCTIONAL_ADMIN, municipality=world.zuid)


def _pc4s(district):
    return sorted(district.postcode_areas.values_list("pc4", flat=True))


def _only_audit_row():
    events = list(AuditEvent.objects.all())
    assert len(events) == 1
    return events[0]


def _district_edit(world, user, district, **changes):
    values = {
        "name": district.name,
        "wijkpunt_name": district.wijkpunt_name,
        "wijkpunt_address": district.wijkpunt_address,
        "postcode_areas": _pc4s(district),
    }
    return services.district_update(acting_user=user, district=district, **{**values, **changes})


# -- districts -------------------------------------------------------------------------------------
def test_district_create_in_own_municipality_with_postcode_areas_and_audit_row(world):
    district = services.district_create(
        acting_user=world.fenna,
        name=" Oost ",
        wijkpunt_name="Wijkpunt Oost",
        wijkpunt_address="Oostweg 1",
        postcode_areas=["9713", " 9714", "9713"],
    )

    district.refresh_from_db()
    assert (district.municipality, district.name) == (world.west, "Oost")
    assert district.wijkpunt_address == "Oostweg 1"
    assert _pc4s(district) == ["9713", "9714"]
    event = _only_audit_row()
    assert (event.action, event.actor, event.object_uuid) == (Action.CREATE, world.fenna, district.uuid)
    assert event.object_type == "organisation.district"
    assert event.fields == ["municipality", "name", "postcode_areas", "wijkpunt_address", "wijkpunt_name"]


def test_duplicate_postcode_area_is_refused_with_nothing_saved(world):
    before = beheer_state()

    with pytest.raises(ValidationError) as error:
        services.district_create(acting_user=world.fenna, name="Oost", postcode_areas=["9713", "9711"])

    assert error.value.message_dict == {
        "postcode_areas": [
            "Postcodegebied 9711 hoort al bij de wijk Centrum. Een postcodegebied hoort bij één wijk."
        ]
    }
    assert beheer_state() == before
    assert not PostcodeArea.objects.filter(pc4="9713").exists()


def test_postcode_area_of_another_municipality_is_refused_without_naming_its_district(world):
    with pytest.raises(ValidationError) as error:
        _district_edit(world, world.fenna, world.west_noord, postcode_areas=["9712", "9721"])

    assert error.value.message_dict["postcode_areas"] == [
        "Postcodegebied 9721 hoort al bij een wijk van een andere gemeente. "
        "Een postcodegebied hoort bij één wijk."
    ]
    assert _pc4s(world.west_noord) == ["9712"]


@pytest.mark.parametrize("wrong", ["0999", "10000", "971", "97a1", "971 1"])
def test_postcode_area_must_be_four_digits_from_1000_to_9999(world, wrong):
    before = beheer_state()

    with pytest.raises(ValidationError) as error:
        services.district_create(acting_user=world.fenna, name="Oost", postcode_areas=[wrong])

    assert error.value.message_dict == {
        "postcode_areas": [
            f"Een postcodegebied bestaat uit 4 cijfers, van 1000 tot en met 9999. Dit klopt niet: {wrong}."
        ]
    }
    assert beheer_state() == before


@pytest.mark.parametrize("pc4", ["1000", "9999"])
def test_postcode_area_bounds_are_accepted(world, pc4):
    district = services.district_create(acting_user=world.fenna, name="Rand", postcode_areas=[pc4])

    assert _pc4s(district) == [pc4]


def test_district_name_must_be_filled_and_unique_in_the_municipality(world, zara):
    with pytest.raises(ValidationError) as empty:
        services.district_create(acting_user=world.fenna, name="  ")
    with pytest.raises(ValidationError) as taken:
        services.district_create(acting_user=world.fenna, name="centrum")

    assert empty.value.message_dict == {"name": ["Vul de naam van de wijk in."]}
    assert taken.value.message_dict == {"name": ["Uw gemeente heeft al een wijk met deze naam."]}
    assert services.district_create(acting_user=zara, name="Centrum").municipality == world.zuid


def test_district_update_moves_postcode_areas_and_audits_only_changed_fields(world):
    _district_edit(
        world, world.fenna, world.west_centrum, wijkpunt_address="Markt 1", postcode_areas=["9715"]
    )

    world.west_centrum.refresh_from_db()
    assert world.west_centrum.wijkpunt_address == "Markt 1"
    assert _pc4s(world.west_centrum) == ["9715"]
    assert not PostcodeArea.objects.filter(pc4="9711").exists()
    event = _only_audit_row()
    assert (event.action, event.fields) == (Action.UPDATE, ["postcode_areas", "wijkpunt_address"])


def test_district_population_is_set_audited_and_cleared(world):
    _district_edit(world, world.fenna, world.west_centrum, population=12_400)
    world.west_centrum.refresh_from_db()
    set_row = _only_audit_row()

    _district_edit(world, world.fenna, world.west_centrum, population=None)
    world.west_centrum.refresh_from_db()

    assert (set_row.action, set_row.fields) == (Action.UPDATE, ["population"])
    assert world.west_centrum.population is None
    assert AuditEvent.objects.count() == 2


def test_a_negative_population_is_refused_and_nothing_changes(world):
    before = beheer_state()

    with pytest.raises(ValidationError) as refused:
        _district_edit(world, world.fenna, world.west_centrum, population=-1)

    assert refused.value.message_dict == {"population": ["Vul een aantal inwoners van 0 of meer in."]}
    assert beheer_state() == before


def test_a_freed_postcode_area_can_move_to_another_district(world):
    _district_edit(world, world.fenna, world.west_centrum, postcode_areas=[])
    _district_edit(world, world.fenna, world.west_noord, postcode_areas=["9711", "9712"])

    assert _pc4s(world.west_centrum) == []
    assert _pc4s(world.west_noord) == ["9711", "9712"]


def test_district_update_without_changes_writes_nothing(world):
    before = beheer_state()

    _district_edit(world, world.fenna, world.west_centrum)

    assert beheer_state() == before


@pytest.mark.parametrize("name", ["zara", "anna", "teun", "bo", "carla", "bea"])
def test_district_of_another_municipality_or_by_a_non_beheerder_is_404(world, zara, name):
    user = zara if name == "zara" else world.user(name)
    before = beheer_state()

    with pytest.raises(Http404):
        _district_edit(world, user, world.west_centrum, name="Gekaapt", postcode_areas=["9799"])
    if name != "zara":
        with pytest.raises(Http404):
            services.district_create(acting_user=user, name="Nieuw")

    assert beheer_state() == before


# -- teams -----------------------------------------------------------------------------------------
def _team_edit(team, user, **changes):
    values = {
        "name": team.name,
        "kind": team.kind,
        "organisation": team.organisation,
        "municipalities": list(team.municipalities.all()),
        "districts": list(team.districts.all()),
    }
    return services.team_update(acting_user=user, team=team, **{**values, **changes})


def test_team_create_serves_own_municipality_and_districts_with_audit_row(world):
    team = services.team_create(
        acting_user=world.fenna,
        name="Flexpool West",
        kind=TeamKind.FLEXPOOL,
        organisation=world.team_a.organisation,
        municipalities=[world.west],
        districts=[world.west_noord],
    )

    assert list(team.municipalities.all()) == [world.west]
    assert list(team.districts.all()) == [world.west_noord]
    event = _only_audit_row()
    assert (event.action, event.object_uuid) == (Action.CREATE, team.uuid)
    assert event.object_type == "organisation.team"
    assert event.fields == ["districts", "kind", "municipalities", "name", "organisation"]


def test_team_create_must_serve_own_municipality_only(world):
    team = {
        "acting_user": world.fenna,
        "name": "X",
        "kind": TeamKind.FLEXPOOL,
        "organisation": world.team_a.organisation,
    }
    before = beheer_state()

    with pytest.raises(ValidationError) as none:
        services.team_create(**team, municipalities=[])
    with pytest.raises(ValidationError) as other:
        services.team_create(**team, municipalities=[world.west, world.zuid], districts=[world.zuid_dorp])

    assert none.value.message_dict == {"municipalities": ["Een team bedient minstens één gemeente."]}
    assert other.value.message_dict == {
        "municipalities": ["U kunt alleen uw eigen gemeente toevoegen of weghalen."],
        "districts": ["U kunt alleen wijken van uw eigen gemeente toevoegen of weghalen."],
    }
    assert beheer_state() == before


def test_team_needs_name_kind_and_an_allowed_organisation(world):
    zuid_own = OrganisationFactory(name="Gemeente Zuiderdijk", municipality=world.zuid)

    with pytest.raises(ValidationError) as error:
        services.team_create(
            acting_user=world.fenna,
            name=" ",
            kind="spookteam",
            organisation=zuid_own,
            municipalities=[world.west],
        )

    assert error.value.message_dict == {
        "name": ["Vul de naam van het team in."],
        "kind": ["Kies een soort team uit de lijst."],
        "organisation": ["Kies een organisatie uit de lijst."],
    }
    assert not Team.objects.filter(organisation=zuid_own).exists()


def test_shared_backoffice_edit_keeps_the_other_municipality(world, zara):
    _team_edit(world.backoffice, world.fenna, name="Backoffice Sociaal", districts=[world.west_centrum])

    world.backoffice.refresh_from_db()
    assert world.backoffice.name == "Backoffice Sociaal"
    assert set(world.backoffice.municipalities.all()) == {world.west, world.zuid}
    assert list(world.backoffice.districts.all()) == [world.west_centrum]
    assert _only_audit_row().fields == ["districts", "name"]

    _team_edit(world.backoffice, zara, municipalities=[], districts=[])

    assert list(world.backoffice.municipalities.all()) == [world.west]
    assert list(world.backoffice.districts.all()) == [world.west_centrum]


def test_removing_own_municipality_also_needs_its_districts_removed(world):
    before = beheer_state()

    with pytest.raises(ValidationError) as error:
        _team_edit(world.welfare, world.fenna, municipalities=[])
    with pytest.raises(ValidationError) as shared:
        _team_edit(world.backoffice, world.fenna, municipalities=[], districts=[world.west_noord])

    assert error.value.message_dict == {
        "municipalities": ["Een team bedient minstens één gemeente."],
        "districts": ["Een team bedient alleen wijken van gemeenten die het bedient."],
    }
    assert shared.value.message_dict == {
        "districts": ["Een team bedient alleen wijken van gemeenten die het bedient."]
    }
    assert beheer_state() == before


def test_team_update_without_changes_writes_nothing(world):
    before = beheer_state()

    _team_edit(world.team_a, world.fenna)

    assert beheer_state() == before


@pytest.mark.parametrize("name", ["zara", "anna", "teun", "bo", "piet", "carla"])
def test_team_of_another_municipality_or_by_a_non_beheerder_is_404(world, zara, name):
    user = zara if name == "zara" else world.user(name)
    before = beheer_state()

    with pytest.raises(Http404):
        _team_edit(world.team_a, user, name="Gekaapt")
    if name != "zara":
        with pytest.raises(Http404):
            services.team_create(
                acting_user=user,
                name="X",
                kind=TeamKind.FLEXPOOL,
                organisation=world.team_a.organisation,
                municipalities=[world.west],
            )

    assert beheer_state() == before
    assert District.objects.count() == 3


def test_shared_team_keeps_another_municipalitys_own_organisation(world, zara):
    west_own = OrganisationFactory(name="Gemeente Westerhoek (eigen)", municipality=world.west)
    Team.objects.filter(pk=world.backoffice.pk).update(organisation=west_own)
    world.backoffice.refresh_from_db()

    _team_edit(world.backoffice, zara, name="Backoffice Sociaal Domein")
    with pytest.raises(ValidationError) as error:
        _team_edit(world.team_z, zara, organisation=west_own)

    assert Team.objects.get(pk=world.backoffice.pk).name == "Backoffice Sociaal Domein"
    assert error.value.message_dict == {"organisation": ["Kies een organisatie uit de lijst."]}
