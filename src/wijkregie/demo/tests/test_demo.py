"""The demo command: a coherent, reproducible dataset, loaded once."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from wijkregie.accounts.constants import Role
from wijkregie.accounts.models import TeamMembership, User
from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.models import AuditEvent
from wijkregie.core.identifiers import is_valid_bsn
from wijkregie.demo.stages import STAGED_HOUSEHOLDS
from wijkregie.households.constants import Relation
from wijkregie.households.models import CaseloadEntry, Household, HouseholdMembership, Resident, TimelineEntry
from wijkregie.households.policies import HouseholdPolicy
from wijkregie.households.selectors import worklist
from wijkregie.organisation.models import District, Municipality, Organisation, PostcodeArea, Team

# username: (role, teams, home municipality for staff without a team)
EXPECTED_LOGINS = {
    "anna": (Role.CONSULENT, ["Wijkteam Centrum"], None),
    "otto": (Role.CONSULENT, ["Wijkteam Noord"], None),
    "teun": (Role.TEAMLEIDER, ["Wijkteam Centrum"], None),
    "bo": (Role.BACKOFFICE, ["Backoffice Westerhoek-Zuiderdijk"], None),
    "sanne": (Role.SOCIAL_WORKER, ["Basisondersteuning De Schans"], None),
    "piet": (Role.PROVIDER_STAFF, ["Noorderlicht Wijkzorg"], None),
    "carla": (Role.CONTRACT_MANAGER, [], "Westerhoek"),
    "bea": (Role.POLICY_OFFICER, [], "Westerhoek"),
    "fenna": (Role.FUNCTIONAL_ADMIN, [], "Westerhoek"),
    "zoe": (Role.CONSULENT, ["Wijkteam Dorp"], None),
}
ALL_MODELS = [
    Municipality, District, PostcodeArea, Organisation, Team, User, TeamMembership, Household, Resident,
    HouseholdMembership, CaseloadEntry, TimelineEntry, AuditEvent,
]  # fmt: skip


def run_demo(households: int | None = 60) -> str:
    out = StringIO()
    call_command("demo", *([f"--households={households}"] if households else []), stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db) -> str:  # type: ignore[no-untyped-def]
    return run_demo()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in ALL_MODELS}


def test_two_municipalities_with_their_districts(demo):
    districts = dict(Municipality.objects.annotate(n=Count("districts")).values_list("cbs_code", "n"))

    assert districts == {"9901": 4, "9902": 2}
    assert Household.objects.count() == 60
    assert set(Municipality.objects.values_list("name", flat=True)) == {"Westerhoek", "Zuiderdijk"}


def test_one_backoffice_serves_both_municipalities(demo):
    backoffice = Team.objects.get(name="Backoffice Westerhoek-Zuiderdijk")

    assert set(backoffice.municipalities.values_list("cbs_code", flat=True)) == {"9901", "9902"}


@pytest.mark.parametrize(("username", "expected"), EXPECTED_LOGINS.items())
def test_logins_have_their_role_place_and_password_demo(demo, username, expected):
    user = User.objects.get(username=username)

    teams = list(user.teams.values_list("name", flat=True))
    assert (user.role, teams, user.municipality.name if user.municipality else None) == expected
    assert user.check_password("demo")
    assert not user.check_password("demo2")
    assert re.search(rf"^  {username} ", demo, re.MULTILINE)


def test_every_bsn_is_valid_and_unique(demo):
    bsns = list(Resident.objects.values_list("bsn", flat=True))

    assert len(bsns) > 60
    assert all(is_valid_bsn(bsn) for bsn in bsns)
    assert len(set(bsns)) == len(bsns)


def test_every_household_has_one_head_a_district_of_its_municipality_and_its_district_team(demo):
    heads = Count("memberships", filter=Q(memberships__relation=Relation.HEAD, memberships__end_date=None))
    district_team = CaseloadEntry.objects.filter(
        household=OuterRef("pk"), ended_at=None, team__districts=OuterRef("district")
    )

    assert not Household.objects.annotate(heads=heads).exclude(heads=1).exists()
    assert not Household.objects.exclude(district__municipality=F("municipality")).exists()
    assert not Household.objects.filter(~Exists(district_team)).exists()
    assert not Household.objects.filter(last_activity_at=None).exists()
    assert not Household.objects.annotate(lines=Count("timeline")).filter(lines=0).exists()


def test_members_are_coherent_families_living_in_their_district(demo):
    areas = dict(PostcodeArea.objects.values_list("pc4", "district_id"))
    today = timezone.localdate()
    memberships = HouseholdMembership.objects.select_related("resident", "household")
    by_household: dict[int, list[HouseholdMembership]] = {}
    for m in memberships:
        by_household.setdefault(m.household_id, []).append(m)

    for members in by_household.values():
        head = next(m.resident for m in members if m.relation == Relation.HEAD)
        assert 1 <= len(members) <= 6
        for m in members:
            assert areas[m.resident.postcode[:4]] == m.household.district_id
            assert re.fullmatch(r"[1-9][0-9]{3}[A-Z]{2}", m.resident.postcode)
            assert (m.resident.postcode, m.resident.house_number) == (head.postcode, head.house_number)
            age = (today - m.resident.birth_date).days / 365.25
            if m.relation in (Relation.HEAD, Relation.PARTNER, Relation.OTHER):
                assert age >= 18
            if m.relation == Relation.CHILD:
                assert (m.resident.birth_date - head.birth_date).days >= 18 * 365
            assert m.start_date <= today


def test_timeline_never_shows_a_bsn(demo):
    descriptions = TimelineEntry.objects.values_list("description", flat=True)

    assert not any(re.search(r"\d{8,9}", text) for text in descriptions)


def test_anna_has_a_werkvoorraad_that_zoe_cannot_see(demo):
    anna, zoe = User.objects.get(username="anna"), User.objects.get(username="zoe")

    households = worklist(anna)

    assert households
    assert all(
        anna.pk in (h.regisseur_id, *h.caseload_entries.values_list("worker", flat=True)) for h in households
    )
    assert any(h.regisseur_id == anna.pk for h in households)
    assert not HouseholdPolicy(zoe).visible().filter(pk__in=[h.pk for h in households]).exists()
    assert worklist(zoe)


def test_tasks_sit_on_the_district_team_with_terms_that_end_on_working_days(demo):
    from wijkregie.core.calendar import is_working_day
    from wijkregie.tasks.constants import TaskKind, TaskStatus
    from wijkregie.tasks.models import Task

    tasks = list(Task.objects.select_related("household", "team"))
    assert {t.kind for t in tasks} == {TaskKind.LEGAL_TERM, TaskKind.PLAN_DATE}
    assert all(is_working_day(t.due_on) for t in tasks)
    assert all(t.team.districts.filter(pk=t.household.district_id).exists() for t in tasks)
    anna = User.objects.get(username="anna")
    assert Task.objects.filter(assignee=anna, status=TaskStatus.OPEN).exists()
    assert not Task.objects.exclude(assignee=None).exclude(assignee__memberships__team=F("team")).exists()


def test_every_district_has_its_fixed_partner_contacts(demo):
    from wijkregie.organisation.models import DistrictContact

    assert not District.objects.filter(contacts=None).exists()
    assert DistrictContact.objects.values("organisation").distinct().count() >= 3


def test_the_bulk_load_is_one_system_audit_event_and_no_row_per_record(demo):
    event = AuditEvent.objects.get(object_type="demo.dataset")
    handed_over = Household.objects.filter(signal_cases__melding__isnull=False)
    staged = {str(key) for key in Household.objects.exclude(meldingen=None).values_list("uuid", flat=True)}
    # Vroegsignalering works bulk households through the services too: those whose zaak was picked up.
    worked = Household.objects.filter(signal_cases__picked_up_on__isnull=False).values_list("uuid", flat=True)
    audited = {str(key) for key in AuditEvent.objects.values_list("household_uuid", flat=True) if key}

    assert (event.actor, event.channel, event.action, event.object_type) == (
        None, Channel.SYSTEM, Action.CREATE, "demo.dataset",
    )  # fmt: skip
    assert Household.objects.exclude(meldingen=None).exclude(pk__in=handed_over).count() == STAGED_HOUSEHOLDS
    assert audited == staged | {str(key) for key in worked}  # only households worked through the services
    assert not AuditEvent.objects.filter(actor=None).exclude(channel=Channel.SYSTEM).exists()


def test_running_it_again_changes_nothing(demo):
    before = counts()

    output = run_demo()

    assert counts() == before
    assert "bestaan al" in output
    assert "http://127.0.0.1:8000" in output


def test_same_seed_same_people(db):
    def snapshot() -> list[tuple]:
        residents = Resident.objects.order_by("bsn").values_list(
            "bsn", "given_names", "surname", "birth_date"
        )
        bulk = Household.objects.filter(meldingen=None)  # the staged ones get their uuid from the services
        return [*residents, *bulk.order_by("uuid").values_list("uuid", "district__name")]

    with transaction.atomic():  # load, look, and roll the whole load back (the audit rows too)
        run_demo(households=40)
        first = snapshot()
        transaction.set_rollback(True)
    assert not Household.objects.exists()
    run_demo(households=40)

    assert len(first) > 40
    assert snapshot() == first


def test_refuses_when_a_demo_username_is_taken(db):
    User.objects.create(username="anna")

    with pytest.raises(CommandError, match="anna"):
        run_demo()

    assert not Municipality.objects.exists()
    assert not Household.objects.exists()


def test_default_scale_fills_the_werkvoorraad(db):
    run_demo(households=None)

    anna = User.objects.get(username="anna")
    assert Household.objects.count() == 900
    assert 1_800 <= Resident.objects.count() <= 2_200
    assert 15 <= len(worklist(anna)) <= 25
    assert 15 <= len(worklist(User.objects.get(username="otto"))) <= 25
    assert 15 <= len(worklist(User.objects.get(username="zoe"))) <= 25


def test_both_municipalities_have_a_catalogue_on_the_sociale_kaart(demo, client):
    from wijkregie.provisions.constants import ProvisionKind
    from wijkregie.provisions.models import Provision

    for code in ("9901", "9902"):
        catalogue = Provision.objects.filter(municipality__cbs_code=code, active=True)
        assert catalogue.filter(kind=ProvisionKind.GENERAL).exists()
        assert catalogue.filter(kind=ProvisionKind.CUSTOM).exists()
    west = Municipality.objects.get(cbs_code="9901")
    page = client.get("/sociale-kaart/", {"municipality": west.uuid}).content.decode()
    assert Provision.objects.filter(municipality=west, kind=ProvisionKind.GENERAL).first().name in page
