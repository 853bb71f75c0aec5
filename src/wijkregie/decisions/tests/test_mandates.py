"""Mandates per municipality: who may decide and co-sign (policy), the beheerder's services, pages and API,
with the authorisation matrix, Dutch refusals that save nothing, audit rows and query counts."""

import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from rest_framework.test import APIClient

from wijkregie.accounts.constants import Role
from wijkregie.accounts.models import TeamMembership
from wijkregie.accounts.services import api_token_for
from wijkregie.accounts.tests.factories import UserFactory
from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.models import AuditEvent
from wijkregie.decisions import services
from wijkregie.decisions.models import DecisionRules, MaatwerkRequest, Mandate
from wijkregie.decisions.policies import MandatePolicy, needs_cosign, rules_of, signers, signers_with_ceilings
from wijkregie.decisions.services import DecisionRulesData, MandateData
from wijkregie.decisions.services.rules import DEFAULT_MANDATES
from wijkregie.provisions.constants import ProvisionKind, ProvisionLaw, Weight
from wijkregie.provisions.models import Provision

from .conftest import TODAY, head

pytestmark = pytest.mark.django_db

API = "/api/v1"
# Everyone in the world but the beheerder of west: none of them manages mandates.
DENIED = ["anna", "otto", "zoe", "bo", "teun", "sanne", "piet", "carla", "bea"]


@pytest.fixture
def femke(world):
    """The functioneel beheerder of zuid."""
    return UserFactory(username="femke", role=Role.FUNCTIONAL_ADMIN, municipality=world.zuid)


def _request(world, *, law=ProvisionLaw.WMO, weight=Weight.LIGHT, household=None):
    """A maatwerk request straight in the database (the request services are not under test here)."""
    household = household or world.household
    provision = Provision.objects.create(
        municipality=household.municipality,
        kind=ProvisionKind.CUSTOM,
        name=f"{law} {weight}",
        law=law,
        product_category="02",
        weight=weight,
    )
    request = MaatwerkRequest.objects.create(
        household=household, resident=head(household), provision=provision, law=law, received_on=TODAY
    )
    return MaatwerkRequest.objects.select_related("household", "provision").get(pk=request.pk)


def _mandate(municipality, **values):
    return Mandate.objects.create(municipality=municipality, **values)


def _names(users):
    """Usernames, sorted: signers come ordered by name, and factory names depend on the test order."""
    return sorted(user.username for user in users)


def _snapshot():
    rules = [
        (r.municipality_id, r.four_eyes_above_cents, r.reminder_weeks, r.letter_sender)
        for r in DecisionRules.objects.order_by("pk")
    ]
    mandates = list(
        Mandate.objects.order_by("pk").values_list(
            "municipality_id", "role", "staff_id", "laws", "weights", "max_yearly_cents", "may_cosign"
        )
    )
    return mandates, rules, AuditEvent.objects.count()


# -- policy --------------------------------------------------------------------------------------------------
def test_role_mandate_covers_that_role_on_teams_serving_the_municipality(world):
    _mandate(world.west, role=Role.CONSULENT)
    request = _request(world)

    assert MandatePolicy(world.anna).may_decide(request, 0)
    assert MandatePolicy(world.otto).may_decide(request, 0)  # another west team: the mandate is municipal
    assert not MandatePolicy(world.zoe).may_decide(request, 0)  # a consulent, but in zuid
    assert not MandatePolicy(world.teun).may_decide(request, 0)  # another role
    assert not MandatePolicy(world.fenna).may_decide(request, 0)
    assert not MandatePolicy(AnonymousUser()).may_decide(request, 0)
    assert _names(signers(request, 0)) == ["anna", "otto"]


def test_named_mandate_covers_only_that_person(world):
    _mandate(world.west, staff=world.teun)
    request = _request(world)

    assert MandatePolicy(world.teun).may_decide(request, 0)
    assert not MandatePolicy(world.anna).may_decide(request, 0)
    assert _names(signers(request, 0)) == ["teun"]


def test_a_mandate_of_another_municipality_covers_nothing_here(world):
    _mandate(world.zuid, role=Role.CONSULENT)
    _mandate(world.zuid, role=Role.BACKOFFICE)
    request = _request(world)

    assert not MandatePolicy(world.anna).may_decide(request, 0)
    assert not MandatePolicy(world.bo).may_decide(request, 0)  # bo serves zuid too, but this is west
    assert list(signers(request, 0)) == []


@pytest.mark.parametrize(
    ("laws", "weights", "law", "weight", "covered"),
    [
        ([], [], ProvisionLaw.DEBT, Weight.HEAVY, True),
        ([ProvisionLaw.YOUTH], [], ProvisionLaw.YOUTH, Weight.LIGHT, True),
        ([ProvisionLaw.YOUTH], [], ProvisionLaw.WMO, Weight.LIGHT, False),
        ([ProvisionLaw.WMO, ProvisionLaw.YOUTH], [], ProvisionLaw.WMO, Weight.LIGHT, True),
        ([], [Weight.LIGHT], ProvisionLaw.WMO, Weight.LIGHT, True),
        ([], [Weight.LIGHT], ProvisionLaw.WMO, Weight.HEAVY, False),
        ([ProvisionLaw.WMO], [Weight.HEAVY], ProvisionLaw.WMO, Weight.HEAVY, True),
        ([ProvisionLaw.WMO], [Weight.HEAVY], ProvisionLaw.YOUTH, Weight.HEAVY, False),
    ],
)
def test_laws_and_weights_cover_the_request(world, laws, weights, law, weight, covered):
    _mandate(world.west, role=Role.CONSULENT, laws=laws, weights=weights, may_cosign=True)
    request = _request(world, law=law, weight=weight)

    assert MandatePolicy(world.anna).may_decide(request, 0) is covered
    assert MandatePolicy(world.anna).may_cosign(request, 0) is covered
    assert ("anna" in _names(signers(request, 0))) is covered


@pytest.mark.parametrize(("yearly", "covered"), [(0, True), (500_000, True), (500_001, False)])
def test_the_yearly_ceiling_is_inclusive(world, yearly, covered):
    _mandate(world.west, role=Role.CONSULENT, max_yearly_cents=500_000, may_cosign=True)
    request = _request(world)

    assert MandatePolicy(world.anna).may_decide(request, yearly) is covered
    assert MandatePolicy(world.anna).may_cosign(request, yearly) is covered
    assert (_names(signers(request, yearly)) == ["anna", "otto"]) is covered


def test_no_ceiling_covers_any_amount(world):
    _mandate(world.west, role=Role.BACKOFFICE)
    request = _request(world)

    assert MandatePolicy(world.bo).may_decide(request, 2_000_000_000)


def test_staff_not_serving_the_municipality_is_never_covered(world):
    # Made directly: the service refuses these. zoe serves zuid only; carla is on no team.
    _mandate(world.west, staff=world.zoe)
    _mandate(world.west, staff=world.carla)
    _mandate(world.west, role=Role.CONSULENT)
    request = _request(world)

    assert not MandatePolicy(world.zoe).may_decide(request, 0)
    assert not MandatePolicy(world.carla).may_decide(request, 0)
    assert _names(signers(request, 0)) == ["anna", "otto"]


def test_leaving_the_team_ends_a_named_mandate(world):
    _mandate(world.west, staff=world.otto, may_cosign=True)
    request = _request(world)
    assert MandatePolicy(world.otto).may_decide(request, 0)

    TeamMembership.objects.filter(user=world.otto).delete()

    assert not MandatePolicy(world.otto).may_decide(request, 0)
    assert not MandatePolicy(world.otto).may_cosign(request, 0)
    assert list(signers(request, 0)) == []


def test_a_named_mandate_lapses_when_the_person_no_longer_does_casework(world):
    _mandate(world.west, staff=world.anna, may_cosign=True)
    _mandate(world.west, staff=world.piet)  # provider staff on a team serving west: never a mandate
    request = _request(world)
    assert MandatePolicy(world.anna).may_decide(request, 0)

    world.anna.role = Role.PROVIDER_STAFF
    world.anna.save(update_fields=["role"])

    assert not MandatePolicy(world.anna).may_decide(request, 0)
    assert not MandatePolicy(world.anna).may_cosign(request, 0)
    assert not MandatePolicy(world.piet).may_decide(request, 0)
    assert list(signers(request, 0)) == []
    assert list(signers(request, 0, cosign=True)) == []


def test_inactive_staff_are_not_listed_as_signers(world):
    _mandate(world.west, role=Role.CONSULENT)
    world.otto.is_active = False
    world.otto.save(update_fields=["is_active"])

    assert _names(signers(_request(world), 0)) == ["anna"]


def test_may_cosign_only_with_a_cosign_mandate(world):
    _mandate(world.west, role=Role.CONSULENT)
    _mandate(world.west, role=Role.TEAMLEIDER, may_cosign=True, max_yearly_cents=1_500_000)
    request = _request(world)

    assert MandatePolicy(world.anna).may_decide(request, 0)
    assert not MandatePolicy(world.anna).may_cosign(request, 0)
    assert MandatePolicy(world.teun).may_cosign(request, 1_500_000)
    assert not MandatePolicy(world.teun).may_cosign(request, 1_500_001)  # the ceiling holds for co-signing
    assert _names(signers(request, 0, cosign=True)) == ["teun"]
    assert _names(signers(request, 1_500_001, cosign=True)) == []
    assert _names(signers(request, 0)) == ["anna", "otto", "teun"]


def test_signers_mix_roles_and_named_people_once_each(world):
    _mandate(world.west, role=Role.CONSULENT)
    _mandate(world.west, staff=world.anna, may_cosign=True)  # anna by role and by name: listed once
    _mandate(world.west, staff=world.bo)
    request = _request(world)

    assert _names(signers(request, 0)) == ["anna", "bo", "otto"]
    assert signers(request, 0).count() == 3
    assert _names(signers(request, 0, cosign=True)) == ["anna"]


def test_signers_take_two_queries_however_many_mandates(world, django_assert_num_queries):
    request = _request(world)
    for role in (Role.CONSULENT, Role.TEAMLEIDER, Role.BACKOFFICE, Role.SOCIAL_WORKER):
        _mandate(world.west, role=role, may_cosign=True)
    for name in ("anna", "otto", "teun", "bo"):
        _mandate(world.west, staff=world.user(name))
    for i in range(5):
        UserFactory(username=f"extra{i}", role=Role.CONSULENT, teams=[world.team_a])

    with django_assert_num_queries(2):  # the mandates, then the people
        people = list(signers(request, 0))
    assert len(people) == 10  # anna, otto, teun, bo, sanne and the five extra consulenten


def test_signers_with_their_ceilings(world):
    _mandate(world.west, role=Role.CONSULENT, max_yearly_cents=500_000)
    _mandate(world.west, staff=world.anna, max_yearly_cents=800_000)  # anna: the higher of the two
    _mandate(world.west, role=Role.TEAMLEIDER, max_yearly_cents=1_500_000, may_cosign=True)
    _mandate(world.west, staff=world.teun, may_cosign=True)  # teun by name: without a ceiling
    _mandate(world.west, role=Role.BACKOFFICE, laws=[ProvisionLaw.YOUTH])  # not for this request
    request = _request(world)

    people = {signer.user.username: signer.max_yearly_cents for signer in signers_with_ceilings(request)}
    assert people == {"anna": 800_000, "otto": 500_000, "teun": None}
    cosigners = signers_with_ceilings(request, cosign=True)
    assert [(user.username, ceiling) for user, ceiling in cosigners] == [("teun", None)]
    # above a ceiling only who has no ceiling is left; an unknown amount is above every ceiling
    assert _names(s.user for s in signers_with_ceilings(request, 900_000)) == ["teun"]
    assert _names(s.user for s in signers_with_ceilings(request, None)) == ["teun"]
    # the decider does not give the second signature
    assert signers_with_ceilings(request, cosign=True, exclude_pk=world.teun.pk) == []


def test_signers_with_ceilings_take_two_queries(world, django_assert_num_queries):
    request = _request(world)
    for role in (Role.CONSULENT, Role.TEAMLEIDER, Role.BACKOFFICE):
        _mandate(world.west, role=role, max_yearly_cents=100_000)
    for name in ("anna", "otto", "teun", "bo"):
        _mandate(world.west, staff=world.user(name))
    with django_assert_num_queries(2):  # the mandates, then the people
        people = signers_with_ceilings(request)
    assert [ceiling for _, ceiling in people] == [None, None, None, None]


@pytest.mark.parametrize(
    ("deviation", "yearly", "expected"),
    [
        (False, 0, False),
        (False, 1_000_000, False),  # the default amount itself does not need a second signature
        (False, 1_000_001, True),
        (True, 0, True),  # any deviation does
        (False, None, True),  # and so does an amount nobody knows
    ],
)
def test_needs_cosign_with_the_default_amount(world, deviation, yearly, expected):
    assert needs_cosign(_request(world), deviation=deviation, yearly_cents=yearly) is expected


def test_needs_cosign_follows_the_municipality_own_amount(world):
    DecisionRules.objects.create(municipality=world.west, four_eyes_above_cents=200_000)
    DecisionRules.objects.create(municipality=world.zuid, four_eyes_above_cents=5_000_000)
    west = _request(world)
    zuid = _request(world, household=world.zuid_household)

    assert not needs_cosign(west, deviation=False, yearly_cents=200_000)
    assert needs_cosign(west, deviation=False, yearly_cents=200_001)
    assert not needs_cosign(zuid, deviation=False, yearly_cents=2_000_000)
    assert needs_cosign(zuid, deviation=True, yearly_cents=0)


# -- services: mandates --------------------------------------------------------------------------------------
def test_beheerder_adds_a_role_mandate_with_an_audit_row(world):
    mandate = services.mandate_create(
        acting_user=world.fenna,
        data=MandateData(
            role=Role.CONSULENT,
            laws=[ProvisionLaw.YOUTH, ProvisionLaw.WMO, ProvisionLaw.WMO],
            weights=[Weight.LIGHT],
            max_yearly_cents=250_000,
        ),
    )

    mandate.refresh_from_db()
    assert mandate.municipality == world.west
    assert (mandate.role, mandate.staff) == (Role.CONSULENT, None)
    assert mandate.laws == [ProvisionLaw.WMO, ProvisionLaw.YOUTH]  # in list order, once each
    assert mandate.weights == [Weight.LIGHT]
    assert (mandate.max_yearly_cents, mandate.may_cosign) == (250_000, False)
    event = AuditEvent.objects.get(object_uuid=mandate.uuid)
    assert (event.action, event.channel, event.actor) == (Action.CREATE, Channel.WEB, world.fenna)
    assert event.fields == sorted(["role", "staff", "laws", "weights", "max_yearly_cents", "may_cosign"])
    assert event.household_uuid is None


@pytest.mark.parametrize("name", ["anna", "teun", "bo", "sanne"])
def test_beheerder_names_casework_staff_serving_the_municipality(world, name):
    person = world.user(name)
    mandate = services.mandate_create(
        acting_user=world.fenna, data=MandateData(staff=person.uuid, may_cosign=True), channel=Channel.API
    )

    assert (mandate.role, mandate.staff, mandate.may_cosign) == ("", person, True)
    assert AuditEvent.objects.get(object_uuid=mandate.uuid).channel == Channel.API


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (MandateData(), "__all__", "Kies een rol of een medewerker met naam, niet allebei."),
        (MandateData(role=Role.CONSULENT, staff="anna"), "__all__", "niet allebei"),
        (MandateData(role=Role.FUNCTIONAL_ADMIN), "role", "Kies een rol uit de lijst."),
        (MandateData(role=Role.PROVIDER_STAFF), "role", "Kies een rol uit de lijst."),
        (MandateData(role="koning"), "role", "Kies een rol uit de lijst."),
        (MandateData(staff="zoe"), "staff", "team dat uw gemeente bedient"),
        (MandateData(staff="piet"), "staff", "Kies een medewerker uit de lijst"),
        (MandateData(staff="carla"), "staff", "Kies een medewerker uit de lijst"),
        (MandateData(staff="fenna"), "staff", "Kies een medewerker uit de lijst"),
        (MandateData(staff=str(uuid.uuid4())), "staff", "Kies een medewerker uit de lijst"),
        (MandateData(staff="geen-uuid"), "staff", "Kies een medewerker uit de lijst"),
        (MandateData(role=Role.CONSULENT, laws=["wmo", "belasting"]), "laws", "Kies alleen wetten"),
        (MandateData(role=Role.CONSULENT, laws="wmo"), "laws", "Kies alleen wetten"),  # type: ignore[arg-type]
        (MandateData(role=Role.CONSULENT, weights=["middel"]), "weights", "Kies alleen licht of zwaar."),
        (MandateData(role=Role.CONSULENT, max_yearly_cents=-1), "max_yearly_cents", "niet negatief"),
        (MandateData(role=Role.CONSULENT, max_yearly_cents=1_000_000_001), "max_yearly_cents", "10 miljoen"),
        (MandateData(role=Role.CONSULENT, max_yearly_cents="100"), "max_yearly_cents", "heel getal"),  # type: ignore[arg-type]
        (MandateData(role=Role.CONSULENT, max_yearly_cents=True), "max_yearly_cents", "heel getal"),
    ],
)
def test_bad_mandates_are_refused_in_dutch_and_nothing_is_saved(world, data, field, message):
    if data.staff in {"anna", "zoe", "piet", "carla", "fenna"}:
        data.staff = world.user(data.staff).uuid
    before = _snapshot()

    with pytest.raises(ValidationError) as raised:
        services.mandate_create(acting_user=world.fenna, data=data)

    assert message in " ".join(raised.value.message_dict[field])
    assert _snapshot() == before


def test_several_errors_come_together(world):
    data = MandateData(role="koning", laws=["x"], weights=["y"], max_yearly_cents=-5)
    with pytest.raises(ValidationError) as raised:
        services.mandate_create(acting_user=world.fenna, data=data)

    assert set(raised.value.message_dict) == {"role", "laws", "weights", "max_yearly_cents"}


@pytest.mark.parametrize("name", DENIED)
def test_only_the_beheerder_changes_mandates(world, name):
    mandate = _mandate(world.west, role=Role.CONSULENT)
    user = world.user(name)
    before = _snapshot()

    with pytest.raises(Http404):
        services.mandate_create(acting_user=user, data=MandateData(role=Role.BACKOFFICE))
    with pytest.raises(Http404):
        services.mandate_update(acting_user=user, mandate=mandate, data=MandateData(role=Role.BACKOFFICE))
    with pytest.raises(Http404):
        services.mandate_delete(acting_user=user, mandate=mandate)
    with pytest.raises(Http404):
        services.decision_rules_save(
            acting_user=user, data=DecisionRulesData(four_eyes_above_cents=1, reminder_weeks=4)
        )
    assert _snapshot() == before


def test_a_beheerder_of_another_municipality_cannot_touch_wests_mandates(world, femke):
    mandate = _mandate(world.west, role=Role.CONSULENT)
    before = _snapshot()

    with pytest.raises(Http404):
        services.mandate_update(acting_user=femke, mandate=mandate, data=MandateData(role=Role.BACKOFFICE))
    with pytest.raises(Http404):
        services.mandate_delete(acting_user=femke, mandate=mandate)
    with pytest.raises(Http404):
        services.mandates_install_defaults(acting_user=femke, municipality=world.west)
    assert _snapshot() == before
    # femke's own mandates go to zuid, and zuid's staff are the ones she may name
    own = services.mandate_create(acting_user=femke, data=MandateData(staff=world.zoe.uuid))
    assert own.municipality == world.zuid
    with pytest.raises(ValidationError):
        services.mandate_create(acting_user=femke, data=MandateData(staff=world.anna.uuid))


def test_an_inactive_beheerder_manages_nothing(world):
    world.fenna.is_active = False
    world.fenna.save(update_fields=["is_active"])

    with pytest.raises(Http404):
        services.mandate_create(acting_user=world.fenna, data=MandateData(role=Role.CONSULENT))
    assert not Mandate.objects.exists()


def test_update_records_only_the_changed_fields(world):
    mandate = _mandate(world.west, role=Role.CONSULENT, weights=[Weight.LIGHT], max_yearly_cents=500_000)

    services.mandate_update(
        acting_user=world.fenna,
        mandate=mandate,
        data=MandateData(
            staff=world.teun.uuid, weights=[Weight.LIGHT], max_yearly_cents=None, may_cosign=True
        ),
    )

    mandate.refresh_from_db()
    assert (mandate.role, mandate.staff, mandate.max_yearly_cents, mandate.may_cosign) == (
        "",
        world.teun,
        None,
        True,
    )
    event = AuditEvent.objects.get(object_uuid=mandate.uuid)
    assert (event.action, event.fields) == (
        Action.UPDATE,
        ["max_yearly_cents", "may_cosign", "role", "staff"],
    )


def test_update_compares_with_the_row_as_it_is_now(world):
    """Another beheerder changed the mandate after this one read it: the change back is saved, not lost
    as 'nothing changed'."""
    mandate = _mandate(world.west, role=Role.CONSULENT, max_yearly_cents=500_000)
    Mandate.objects.filter(pk=mandate.pk).update(max_yearly_cents=700_000)  # meanwhile

    saved = services.mandate_update(
        acting_user=world.fenna,
        mandate=mandate,  # still says 500.000
        data=MandateData(role=Role.CONSULENT, max_yearly_cents=500_000),
    )

    assert saved.max_yearly_cents == 500_000
    assert Mandate.objects.get(pk=mandate.pk).max_yearly_cents == 500_000
    event = AuditEvent.objects.get(object_uuid=mandate.uuid)
    assert (event.action, event.fields) == (Action.UPDATE, ["max_yearly_cents"])


def test_update_without_changes_writes_nothing(world):
    mandate = _mandate(world.west, staff=world.anna, laws=[ProvisionLaw.WMO])

    services.mandate_update(
        acting_user=world.fenna,
        mandate=mandate,
        data=MandateData(staff=str(world.anna.uuid), laws=[ProvisionLaw.WMO]),
    )

    assert not AuditEvent.objects.exists()


def test_bad_update_changes_nothing(world):
    mandate = _mandate(world.west, role=Role.CONSULENT, max_yearly_cents=500_000)
    before = _snapshot()

    with pytest.raises(ValidationError):
        services.mandate_update(
            acting_user=world.fenna,
            mandate=mandate,
            data=MandateData(role=Role.CONSULENT, staff=world.anna.uuid, max_yearly_cents=1),
        )

    assert _snapshot() == before


def test_updating_a_mandate_removed_meanwhile_is_404(world):
    mandate = _mandate(world.west, role=Role.CONSULENT)
    Mandate.objects.filter(pk=mandate.pk).delete()

    with pytest.raises(Http404):
        services.mandate_update(
            acting_user=world.fenna, mandate=mandate, data=MandateData(role=Role.BACKOFFICE)
        )

    assert not Mandate.objects.exists()
    assert not AuditEvent.objects.exists()


def test_delete_removes_the_mandate_once(world):
    mandate = _mandate(world.west, role=Role.CONSULENT)
    uuid_ = mandate.uuid

    services.mandate_delete(acting_user=world.fenna, mandate=mandate)
    services.mandate_delete(acting_user=world.fenna, mandate=mandate)  # a second click

    assert not Mandate.objects.exists()
    event = AuditEvent.objects.get(action=Action.DELETE)
    assert (event.action, event.object_uuid, event.fields) == (Action.DELETE, uuid_, [])
    # The rules are saved with it (the defaults): the system does not bring the starter set back.
    rules = DecisionRules.objects.get(municipality=world.west)
    assert rules.four_eyes_above_cents == 1_000_000
    assert AuditEvent.objects.get(object_uuid=rules.uuid).action == Action.CREATE
    assert services.mandates_install_defaults(acting_user=None, municipality=world.west) == []
    assert not Mandate.objects.exists()


def test_the_beheerder_installs_the_default_set_once(world):
    created = services.mandates_install_defaults(
        acting_user=world.fenna, municipality=world.west, channel=Channel.WEB
    )

    assert [m.role for m in created] == [d.role for d in DEFAULT_MANDATES]
    created_rows = AuditEvent.objects.filter(actor=world.fenna, action=Action.CREATE)
    assert created_rows.filter(object_type="decisions.mandate").count() == len(DEFAULT_MANDATES)
    assert created_rows.filter(object_type="decisions.decisionrules").count() == 1
    assert services.mandates_install_defaults(acting_user=world.fenna, municipality=world.west) == []
    assert Mandate.objects.count() == len(DEFAULT_MANDATES)


def test_the_beheerder_may_install_the_default_set_again_after_deleting_all(world):
    services.mandates_install_defaults(acting_user=None, municipality=world.west)
    Mandate.objects.filter(municipality=world.west).delete()

    created = services.mandates_install_defaults(acting_user=world.fenna, municipality=world.west)

    assert len(created) == len(DEFAULT_MANDATES)
    assert DecisionRules.objects.filter(municipality=world.west).count() == 1


@pytest.mark.parametrize("name", DENIED)
def test_only_the_beheerder_installs_the_default_set(world, name):
    with pytest.raises(Http404):
        services.mandates_install_defaults(acting_user=world.user(name), municipality=world.west)
    assert not Mandate.objects.exists()


def test_the_system_installs_the_default_set_without_a_user(world):
    created = services.mandates_install_defaults(acting_user=None, municipality=world.zuid)

    assert len(created) == len(DEFAULT_MANDATES)
    assert AuditEvent.objects.filter(actor=None, channel=Channel.SYSTEM).count() == len(DEFAULT_MANDATES) + 1
    rules = DecisionRules.objects.get(municipality=world.zuid)  # the defaults, saved
    assert (rules.four_eyes_above_cents, rules.reminder_weeks) == (1_000_000, 8)
    event = AuditEvent.objects.get(object_uuid=rules.uuid)
    assert (event.action, event.fields) == (
        Action.CREATE,
        sorted(
            [
                "advisory_committee",
                "four_eyes_above_cents",
                "letter_message",
                "letter_sender",
                "objection_address",
                "reminder_weeks",
            ]
        ),
    )


def test_the_system_installs_the_default_set_once(world):
    """A beheerder who took every mandate away does not get them back with the next request."""
    services.mandates_install_defaults(acting_user=None, municipality=world.west)
    for mandate in Mandate.objects.filter(municipality=world.west):
        services.mandate_delete(acting_user=world.fenna, mandate=mandate)

    request = services.request_create(
        acting_user=world.anna,
        household=world.household,
        resident=head(world.household),
        provision=_request(world).provision,
        received_on=TODAY,
    )

    assert request.pk is not None
    assert not Mandate.objects.filter(municipality=world.west).exists()
    assert list(signers(request, 0)) == []


def test_the_system_installs_nothing_for_a_municipality_with_its_own_rules(world):
    services.decision_rules_save(
        acting_user=world.fenna,
        data=DecisionRulesData(four_eyes_above_cents=1, reminder_weeks=4, letter_sender="Team Toegang"),
    )

    assert services.mandates_install_defaults(acting_user=None, municipality=world.west) == []
    assert not Mandate.objects.exists()


# -- services: decision rules --------------------------------------------------------------------------------
RULES = DecisionRulesData(
    four_eyes_above_cents=750_000,
    reminder_weeks=6,
    advisory_committee=True,
    letter_sender="  Team Toegang Westerhoek ",
    letter_message="Bel ons gerust.",
    objection_address="Postbus 1, 9700 AA Westerhoek",
)


def test_first_save_replaces_the_defaults(world):
    assert rules_of(world.west.pk).pk is None

    rules = services.decision_rules_save(acting_user=world.fenna, data=RULES)

    rules.refresh_from_db()
    assert rules.municipality == world.west
    assert (rules.four_eyes_above_cents, rules.reminder_weeks, rules.advisory_committee) == (750_000, 6, True)
    assert rules.letter_sender == "Team Toegang Westerhoek"
    assert rules_of(world.west.pk) == rules
    assert rules_of(world.zuid.pk).pk is None
    event = AuditEvent.objects.get(object_uuid=rules.uuid)
    assert event.action == Action.CREATE
    assert event.fields == sorted(
        [
            "four_eyes_above_cents",
            "reminder_weeks",
            "advisory_committee",
            "letter_sender",
            "letter_message",
            "objection_address",
        ]
    )


def test_a_later_save_records_the_changed_fields(world):
    services.decision_rules_save(acting_user=world.fenna, data=RULES)
    data = DecisionRulesData(**{**RULES.__dict__, "reminder_weeks": 10, "letter_message": ""})

    rules = services.decision_rules_save(acting_user=world.fenna, data=data, channel=Channel.API)
    services.decision_rules_save(acting_user=world.fenna, data=data)  # the same again: nothing to record

    rules.refresh_from_db()
    assert (rules.reminder_weeks, rules.letter_message) == (10, "")
    updates = AuditEvent.objects.filter(action=Action.UPDATE)
    assert [(e.fields, e.channel) for e in updates] == [(["letter_message", "reminder_weeks"], Channel.API)]
    assert DecisionRules.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"reminder_weeks": 0}, "reminder_weeks", "Kies 1 tot en met 52 weken."),
        ({"reminder_weeks": 53}, "reminder_weeks", "Kies 1 tot en met 52 weken."),
        ({"reminder_weeks": "8"}, "reminder_weeks", "Kies 1 tot en met 52 weken."),
        ({"four_eyes_above_cents": -1}, "four_eyes_above_cents", "Het bedrag kan niet negatief zijn."),
        ({"four_eyes_above_cents": None}, "four_eyes_above_cents", "heel getal"),
        ({"four_eyes_above_cents": 10**10}, "four_eyes_above_cents", "10 miljoen"),
        ({"letter_sender": "   "}, "letter_sender", "Vul de afzender van de brief in."),
        ({"letter_sender": "x" * 201}, "letter_sender", "hooguit 200 tekens"),
        ({"letter_message": "x" * 2001}, "letter_message", "hooguit 2000 tekens"),
        ({"objection_address": "x" * 501}, "objection_address", "hooguit 500 tekens"),
    ],
)
def test_bad_rules_are_refused_in_dutch_and_nothing_is_saved(world, changes, field, message):
    services.decision_rules_save(acting_user=world.fenna, data=RULES)
    before = _snapshot()

    with pytest.raises(ValidationError) as raised:
        services.decision_rules_save(
            acting_user=world.fenna, data=DecisionRulesData(**{**RULES.__dict__, **changes})
        )

    assert message in " ".join(raised.value.message_dict[field])
    assert _snapshot() == before


def test_reminder_weeks_bounds_are_allowed(world):
    for weeks in (1, 52):
        data = DecisionRulesData(**{**RULES.__dict__, "reminder_weeks": weeks})
        assert services.decision_rules_save(acting_user=world.fenna, data=data).reminder_weeks == weeks


# -- pages ---------------------------------------------------------------------------------------------------
PAGE = "decisions:beheer_mandates"


def _as(client, user):
    client.force_login(user)
    return client


def _page_urls(mandate):
    return [
        reverse(PAGE),
        reverse("decisions:beheer_mandate_edit", args=[mandate.uuid]),
    ]


def _post_urls(mandate):
    return [
        (reverse(PAGE), {"formulier": "mandaat", "role": Role.BACKOFFICE}),
        (reverse(PAGE), {"formulier": "regels", "four_eyes_above": "1", "reminder_weeks": "2"}),
        (reverse("decisions:beheer_mandate_edit", args=[mandate.uuid]), {"role": Role.BACKOFFICE}),
        (reverse("decisions:beheer_mandate_delete", args=[mandate.uuid]), {}),
        (reverse("decisions:beheer_mandates_defaults"), {}),
    ]


def test_anonymous_is_sent_to_login_and_nothing_changes(client, world):
    mandate = _mandate(world.west, role=Role.CONSULENT)
    before = _snapshot()

    for url in _page_urls(mandate):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/inloggen/")
    for url, data in _post_urls(mandate):
        assert client.post(url, data).status_code == 302
    assert _snapshot() == before


@pytest.mark.parametrize("name", DENIED)
def test_pages_are_404_for_everyone_but_the_beheerder(client, world, name):
    mandate = _mandate(world.west, role=Role.CONSULENT)
    _as(client, world.user(name))
    before = _snapshot()

    for url in _page_urls(mandate):
        assert client.get(url).status_code == 404
    for url, data in _post_urls(mandate):
        assert client.post(url, data).status_code == 404
    assert _snapshot() == before


def test_a_beheerder_of_zuid_sees_and_edits_only_zuid(client, world, femke):
    mandate = _mandate(world.west, staff=world.anna, max_yearly_cents=123_400)
    _as(client, femke)
    before = _snapshot()

    page = client.get(reverse(PAGE)).content.decode()
    assert "Zuiderdijk" in page and "Westerhoek" not in page
    assert world.anna.display_name not in page  # neither in the list nor among the staff to choose from
    for url in _page_urls(mandate)[1:]:
        assert client.get(url).status_code == 404
    for url, data in _post_urls(mandate)[2:4]:
        assert client.post(url, data).status_code == 404
    assert _snapshot() == before


def test_the_beheerder_sees_the_list_and_the_rules(client, world):
    _mandate(
        world.west,
        role=Role.CONSULENT,
        laws=[ProvisionLaw.WMO],
        weights=[Weight.LIGHT],
        max_yearly_cents=500_000,
    )
    _mandate(world.west, staff=world.bo, may_cosign=True)
    _mandate(world.zuid, role=Role.TEAMLEIDER)
    _as(client, world.fenna)

    response = client.get(reverse(PAGE))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Iedereen met de rol Wijkteammedewerker / consulent" in page
    assert "tot € 5.000,00 per jaar" in page
    assert "Wmo 2015" in page and "Lichte maatwerkvoorziening" in page
    assert f"{world.bo.display_name} (Backoffice-specialist)" in page
    assert "zonder bovengrens" in page and "alle wetten" in page
    assert "Iedereen met de rol Teamleider" not in page  # zuid's
    assert "Mandaten (2)" in page
    assert "Standaardmandaten toevoegen" not in page
    assert 'aria-current="page">Mandaten</a>' in page
    assert "nog de standaardwaarden" in page
    assert 'value="10000,00"' in page  # the default four-eyes amount, in euros


def test_an_empty_list_offers_the_default_set(client, world):
    _as(client, world.fenna)

    page = client.get(reverse(PAGE)).content.decode()
    assert "Standaardmandaten toevoegen" in page
    assert "tot € 15.000,00 per jaar" in page  # what the default set holds, from DEFAULT_MANDATES

    response = client.post(reverse("decisions:beheer_mandates_defaults"))
    assert response.status_code == 302
    assert Mandate.objects.filter(municipality=world.west).count() == len(DEFAULT_MANDATES)
    client.post(reverse("decisions:beheer_mandates_defaults"))
    assert Mandate.objects.count() == len(DEFAULT_MANDATES)
    assert "al mandaten" in client.get(reverse(PAGE)).content.decode()


def test_the_empty_list_says_whether_the_default_set_comes_by_itself(client, world):
    _as(client, world.fenna)
    assert "bij de eerste aanvraag eenmalig vanzelf toegevoegd" in client.get(reverse(PAGE)).content.decode()

    services.mandates_install_defaults(acting_user=None, municipality=world.west)
    for mandate in Mandate.objects.all():
        client.post(reverse("decisions:beheer_mandate_delete", args=[mandate.uuid]))

    page = client.get(reverse(PAGE)).content.decode()
    assert "vanzelf toegevoegd" not in page
    assert "De standaardset komt niet vanzelf terug." in page
    assert "Standaardmandaten toevoegen" in page


def test_the_beheer_navigation_links_to_the_mandates(client, world):
    _as(client, world.fenna)
    page = client.get(reverse("accounts:beheer_overview")).content.decode()
    assert f'href="{reverse(PAGE)}"' in page


@pytest.mark.parametrize(("typed", "cents"), [("5000", 500_000), ("5.000,50", 500_050), ("€ 12,5", 1250)])
def test_adding_a_mandate_in_euros(client, world, typed, cents):
    _as(client, world.fenna)

    response = client.post(
        reverse(PAGE),
        {
            "formulier": "mandaat",
            "staff": str(world.teun.uuid),
            "laws": [ProvisionLaw.WMO, ProvisionLaw.YOUTH],
            "weights": [Weight.HEAVY],
            "max_yearly": typed,
            "may_cosign": "on",
        },
    )

    assert response.status_code == 302
    mandate = Mandate.objects.get()
    assert (mandate.municipality, mandate.role, mandate.staff) == (world.west, "", world.teun)
    assert (mandate.laws, mandate.weights) == ([ProvisionLaw.WMO, ProvisionLaw.YOUTH], [Weight.HEAVY])
    assert (mandate.max_yearly_cents, mandate.may_cosign) == (cents, True)
    assert AuditEvent.objects.get(object_uuid=mandate.uuid).action == Action.CREATE


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"role": Role.CONSULENT, "max_yearly": "-5"}, "Het bedrag kan niet negatief zijn."),
        ({"role": Role.CONSULENT, "max_yearly": "vijf"}, "Vul een bedrag in euro in"),
        ({"role": Role.CONSULENT, "max_yearly": "5,555"}, "twee cijfers achter de komma"),
        ({"role": Role.CONSULENT, "max_yearly": "20000000"}, "10 miljoen"),
        ({"role": Role.CONSULENT, "staff": "{anna}"}, "niet allebei"),
        ({}, "niet allebei"),
        ({"role": Role.FUNCTIONAL_ADMIN}, "Kies alleen uit de lijst."),
        ({"staff": "{zoe}"}, "Kies alleen uit de lijst."),
        ({"role": Role.CONSULENT, "laws": ["belasting"]}, "Kies alleen uit de lijst."),
    ],
)
def test_adding_a_bad_mandate_shows_dutch_errors_and_saves_nothing(client, world, data, message):
    data = {
        k: v.format(anna=world.anna.uuid, zoe=world.zoe.uuid) if isinstance(v, str) else v
        for k, v in data.items()
    }
    _as(client, world.fenna)
    before = _snapshot()

    response = client.post(reverse(PAGE), {"formulier": "mandaat", **data})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert _snapshot() == before


def test_editing_a_mandate(client, world):
    mandate = _mandate(world.west, role=Role.CONSULENT, weights=[Weight.LIGHT], max_yearly_cents=500_000)
    _as(client, world.fenna)
    url = reverse("decisions:beheer_mandate_edit", args=[mandate.uuid])

    page = client.get(url).content.decode()
    assert "Mandaat wijzigen" in page
    assert 'value="5000,00"' in page
    response = client.post(url, {"role": Role.TEAMLEIDER, "weights": [Weight.LIGHT], "max_yearly": "15.000"})

    assert response.status_code == 302
    mandate.refresh_from_db()
    assert (mandate.role, mandate.max_yearly_cents, mandate.may_cosign) == (Role.TEAMLEIDER, 1_500_000, False)
    assert AuditEvent.objects.get(object_uuid=mandate.uuid).fields == ["max_yearly_cents", "role"]


def test_a_bad_edit_shows_the_error_and_changes_nothing(client, world):
    mandate = _mandate(world.west, role=Role.CONSULENT)
    _as(client, world.fenna)
    before = _snapshot()

    response = client.post(
        reverse("decisions:beheer_mandate_edit", args=[mandate.uuid]),
        {"role": Role.CONSULENT, "staff": str(world.anna.uuid)},
    )

    assert response.status_code == 200
    assert "niet allebei" in response.content.decode()
    assert _snapshot() == before


def test_deleting_a_mandate(client, world):
    mandate = _mandate(world.west, role=Role.CONSULENT)
    _as(client, world.fenna)

    response = client.post(reverse("decisions:beheer_mandate_delete", args=[mandate.uuid]))

    assert response.status_code == 302
    assert not Mandate.objects.exists()
    assert list(AuditEvent.objects.filter(object_uuid=mandate.uuid).values_list("action", flat=True)) == [
        Action.DELETE
    ]
    assert client.get(reverse("decisions:beheer_mandate_delete", args=[mandate.uuid])).status_code == 405


def test_saving_the_decision_rules(client, world):
    _as(client, world.fenna)

    response = client.post(
        reverse(PAGE),
        {
            "formulier": "regels",
            "four_eyes_above": "7.500,00",
            "reminder_weeks": "6",
            "advisory_committee": "on",
            "letter_sender": "Team Toegang Westerhoek",
            "letter_message": "Bel ons gerust.",
            "objection_address": "Postbus 1",
        },
    )

    assert response.status_code == 302
    rules = DecisionRules.objects.get(municipality=world.west)
    assert (rules.four_eyes_above_cents, rules.reminder_weeks, rules.advisory_committee) == (750_000, 6, True)
    assert (rules.letter_sender, rules.letter_message, rules.objection_address) == (
        "Team Toegang Westerhoek",
        "Bel ons gerust.",
        "Postbus 1",
    )
    page = client.get(reverse(PAGE)).content.decode()
    assert 'value="7500,00"' in page and "nog de standaardwaarden" not in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"reminder_weeks": "0"}, "Kies 1 tot en met 52 weken."),
        ({"reminder_weeks": "60"}, "Kies 1 tot en met 52 weken."),
        ({"four_eyes_above": "-1"}, "Het bedrag kan niet negatief zijn."),
        ({"four_eyes_above": ""}, "Vul een bedrag in euro in."),
        ({"letter_sender": ""}, "Vul de afzender van de brief in."),
    ],
)
def test_bad_rules_show_dutch_errors_and_save_nothing(client, world, changes, message):
    _as(client, world.fenna)
    data = {
        "formulier": "regels",
        "four_eyes_above": "7500",
        "reminder_weeks": "6",
        "letter_sender": "Team Toegang",
        **changes,
    }

    response = client.post(reverse(PAGE), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not DecisionRules.objects.exists()
    assert not AuditEvent.objects.exists()


def test_list_page_queries_do_not_grow(client, world, django_assert_num_queries):
    _as(client, world.fenna)
    _mandate(world.west, role=Role.CONSULENT)
    url = reverse(PAGE)
    client.get(url)  # warm up (session, content types)
    # session, user, municipality, decision rules, the mandates with their staff, the staff to choose from
    with django_assert_num_queries(6):
        assert client.get(url).status_code == 200

    for role in (Role.TEAMLEIDER, Role.BACKOFFICE, Role.SOCIAL_WORKER):
        _mandate(world.west, role=role, laws=[ProvisionLaw.WMO])
    for name in ("anna", "otto", "teun", "bo"):
        _mandate(world.west, staff=world.user(name), may_cosign=True)
    DecisionRules.objects.create(municipality=world.west)
    with django_assert_num_queries(6):
        page = client.get(url).content.decode()
    assert "Mandaten (8)" in page


# -- API -----------------------------------------------------------------------------------------------------
def _client(user=None):
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_for(username=user.username)}")
    return client


def _calls(mandate):
    detail = f"{API}/mandates/{mandate.uuid}/"
    return [
        ("get", f"{API}/mandates/", None),
        ("post", f"{API}/mandates/", {"role": Role.BACKOFFICE}),
        ("get", detail, None),
        ("patch", detail, {"may_cosign": True}),
        ("delete", detail, None),
        ("get", f"{API}/decision-rules/", None),
        (
            "put",
            f"{API}/decision-rules/",
            {"four_eyes_above_cents": 1, "reminder_weeks": 2, "letter_sender": "X"},
        ),
    ]


def _call(client, method, url, body):
    return (
        getattr(client, method)(url, body, format="json")
        if body is not None
        else getattr(client, method)(url)
    )


def test_api_anonymous_is_401_and_nothing_changes(world):
    mandate = _mandate(world.west, role=Role.CONSULENT)
    before = _snapshot()

    for method, url, body in _calls(mandate):
        assert _call(_client(), method, url, body).status_code == 401, (method, url)
    assert _snapshot() == before


@pytest.mark.parametrize("name", DENIED)
def test_api_is_404_for_everyone_but_the_beheerder(world, name):
    mandate = _mandate(world.west, role=Role.CONSULENT)
    client = _client(world.user(name))
    before = _snapshot()

    for method, url, body in _calls(mandate):
        assert _call(client, method, url, body).status_code == 404, (method, url)
    assert _snapshot() == before


def test_api_beheerder_of_zuid_sees_and_changes_only_zuid(world, femke):
    mandate = _mandate(world.west, role=Role.CONSULENT)
    DecisionRules.objects.create(municipality=world.west, four_eyes_above_cents=300_000)
    client = _client(femke)
    before = _snapshot()

    for method, url, body in _calls(mandate)[2:5]:
        assert _call(client, method, url, body).status_code == 404, (method, url)
    assert _snapshot() == before
    assert client.get(f"{API}/mandates/").json()["results"] == []
    assert client.get(f"{API}/decision-rules/").json()["four_eyes_above_cents"] == 1_000_000  # zuid's default
    body = {"four_eyes_above_cents": 20_000, "reminder_weeks": 4, "letter_sender": "Gemeente Zuiderdijk"}
    assert client.put(f"{API}/decision-rules/", body, format="json").status_code == 200
    assert rules_of(world.zuid.pk).four_eyes_above_cents == 20_000
    assert rules_of(world.west.pk).four_eyes_above_cents == 300_000


def test_api_flow_for_the_beheerder(world):
    client = _client(world.fenna)

    created = client.post(
        f"{API}/mandates/",
        {"staff": str(world.bo.uuid), "laws": ["jeugdwet"], "max_yearly_cents": 900_000, "may_cosign": True},
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["staff"] == {"uuid": str(world.bo.uuid), "display_name": world.bo.display_name}
    assert (body["role"], body["laws"], body["weights"]) == ("", ["jeugdwet"], [])
    assert (body["max_yearly_cents"], body["may_cosign"]) == (900_000, True)
    url = f"{API}/mandates/{body['uuid']}/"
    assert client.get(url).json() == body
    listed = client.get(f"{API}/mandates/").json()
    assert (listed["count"], listed["results"]) == (1, [body])

    patched = client.patch(
        url, {"role": "teamleider", "staff": None, "max_yearly_cents": None}, format="json"
    )
    assert patched.status_code == 200, patched.json()
    assert (patched.json()["role"], patched.json()["staff"], patched.json()["max_yearly_cents"]) == (
        "teamleider",
        None,
        None,
    )
    assert patched.json()["laws"] == ["jeugdwet"]  # what was not sent stays
    mandate = Mandate.objects.get()
    assert AuditEvent.objects.get(object_uuid=mandate.uuid, action=Action.UPDATE).channel == Channel.API

    assert client.delete(url).status_code == 204
    assert not Mandate.objects.exists()
    assert client.get(url).status_code == 404

    rules = client.get(f"{API}/decision-rules/").json()
    # Deleting the last mandate saved the default rules, so the starter set does not come back.
    assert (rules["own_rules"], rules["four_eyes_above_cents"], rules["reminder_weeks"]) == (
        True,
        1_000_000,
        8,
    )
    saved = client.put(
        f"{API}/decision-rules/",
        {"four_eyes_above_cents": 500_000, "reminder_weeks": 12, "letter_sender": "Team Toegang"},
        format="json",
    )
    assert saved.status_code == 200
    assert (saved.json()["own_rules"], saved.json()["reminder_weeks"], saved.json()["letter_message"]) == (
        True,
        12,
        "",
    )


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"role": "consulent", "staff": "{anna}"}, "__all__", "niet allebei"),
        ({}, "__all__", "niet allebei"),
        ({"role": "beheerder"}, "role", "Kies een rol uit de lijst."),
        ({"staff": "{zoe}"}, "staff", "Kies een medewerker uit de lijst"),
        ({"staff": "geen-uuid"}, "staff", "Dit is geen geldige uuid."),
        ({"role": "consulent", "laws": ["belasting"]}, "laws", "Kies alleen wetten uit de lijst."),
        ({"role": "consulent", "laws": "wmo"}, "laws", "Stuur een lijst."),
        ({"role": "consulent", "weights": ["middel"]}, "weights", "Kies alleen licht of zwaar."),
        (
            {"role": "consulent", "max_yearly_cents": -1},
            "max_yearly_cents",
            "Het bedrag kan niet negatief zijn.",
        ),
        ({"role": "consulent", "max_yearly_cents": "veel"}, "max_yearly_cents", "heel getal"),
        ({"role": "consulent", "geheim": 1}, "geheim", "Dit veld bestaat niet."),
    ],
)
def test_api_bad_mandates_are_400_in_dutch_and_save_nothing(world, body, field, message):
    body = {
        k: v.format(anna=world.anna.uuid, zoe=world.zoe.uuid) if isinstance(v, str) else v
        for k, v in body.items()
    }
    client = _client(world.fenna)  # issuing the token is audited too
    before = _snapshot()

    response = client.post(f"{API}/mandates/", body, format="json")

    assert response.status_code == 400
    assert message in " ".join(response.json()[field])
    assert _snapshot() == before


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"reminder_weeks": 60}, "reminder_weeks", "Kies 1 tot en met 52 weken."),
        ({"reminder_weeks": "vaak"}, "reminder_weeks", "Vul een heel aantal weken in."),
        ({"four_eyes_above_cents": -100}, "four_eyes_above_cents", "Het bedrag kan niet negatief zijn."),
        ({"letter_sender": ""}, "letter_sender", "Vul de afzender van de brief in."),
        ({"objection_address": "x" * 501}, "objection_address", "hooguit 500 tekens"),
    ],
)
def test_api_bad_rules_are_400_in_dutch_and_save_nothing(world, changes, field, message):
    body = {"four_eyes_above_cents": 1, "reminder_weeks": 2, "letter_sender": "X", **changes}
    client = _client(world.fenna)
    before = _snapshot()

    response = client.put(f"{API}/decision-rules/", body, format="json")

    assert response.status_code == 400
    assert message in " ".join(response.json()[field])
    assert not DecisionRules.objects.exists()
    assert _snapshot() == before


def test_api_list_queries_do_not_grow(world, django_assert_num_queries):
    client = _client(world.fenna)
    _mandate(world.west, role=Role.CONSULENT)
    client.get(f"{API}/mandates/")
    # token and user, municipality, count, the mandates with their staff
    with django_assert_num_queries(4):
        client.get(f"{API}/mandates/")
    for name in ("anna", "otto", "teun", "bo"):
        _mandate(world.west, staff=world.user(name))
    with django_assert_num_queries(4):
        assert client.get(f"{API}/mandates/").json()["count"] == 5


def test_request_decisions_use_the_configured_mandates(world):
    """The configuration is what the decision screen reads: a mandate the beheerder adds makes a signer."""
    request = _request(world, law=ProvisionLaw.WMO)
    assert list(signers(request, 0)) == []

    services.mandate_create(
        acting_user=world.fenna, data=MandateData(role=Role.CONSULENT, laws=[ProvisionLaw.WMO])
    )

    assert _names(signers(request, 0)) == ["anna", "otto"]
