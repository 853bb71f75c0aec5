import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from wijkregie.audit.constants import Action
from wijkregie.audit.models import AuditEvent
from wijkregie.conftest import GLASS_REASON, change_rows_flagged
from wijkregie.households import services
from wijkregie.households.constants import Relation, TimelineKind
from wijkregie.households.models import (
    BreakGlassGrant,
    CaseloadEntry,
    Household,
    HouseholdMembership,
    Resident,
    TimelineEntry,
)
from wijkregie.households.tests.factories import ResidentFactory, next_bsn

pytestmark = pytest.mark.django_db


def _data(**overrides):
    values = dict(
        bsn=next_bsn(),
        surname="de Boer",
        birth_date=datetime.date(1975, 3, 2),
        postcode="9711 cd",
        house_number=12,
        city="Westerhoek",
        given_names="Fleur Anne",
    )
    values.update(overrides)
    return services.ResidentData(**values)


def _counts():
    return (
        Resident.objects.count(),
        Household.objects.count(),
        HouseholdMembership.objects.count(),
        AuditEvent.objects.count(),
        TimelineEntry.objects.count(),
    )


def test_register_creates_household_in_the_workers_team_caseload_with_audit_and_timeline(world):
    resident = services.resident_register(acting_user=world.anna, data=_data())

    membership = resident.memberships.get()
    household = membership.household
    assert resident.postcode == "9711CD"
    assert resident.initials == "F.A."
    assert membership.relation == Relation.HEAD
    assert household.district == world.west_centrum
    assert household.municipality == world.west
    entry = CaseloadEntry.objects.get(household=household)
    assert (entry.team, entry.worker) == (world.team_a, world.anna)
    actions = list(
        AuditEvent.objects.filter(household_uuid=household.uuid)
        .order_by("pk")
        .values_list("action", "object_type")
    )
    assert actions == [(Action.CREATE, "households.household"), (Action.CREATE, "households.resident")]
    assert household.timeline.get().description == "Hoofdbewoner geregistreerd"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"bsn": "123456789"}, "bsn", "Dit is geen geldig BSN (9 cijfers die voldoen aan de elfproef)."),
        ({"bsn": "000000000"}, "bsn", "Dit is geen geldig BSN (9 cijfers die voldoen aan de elfproef)."),
        ({"postcode": "0123AB"}, "postcode", "Vul een geldige postcode in, zoals 1234 AB."),
        (
            {"postcode": "9999ZZ"},
            "postcode",
            "Deze postcode ligt niet in een wijk van een gemeente die u bedient.",
        ),
        (
            {"postcode": "9721AB"},
            "postcode",
            "Deze postcode ligt niet in een wijk van een gemeente die u bedient.",
        ),
        (
            {"birth_date": datetime.date(2999, 1, 1)},
            "birth_date",
            "De geboortedatum kan niet in de toekomst liggen.",
        ),
        ({"surname": "  "}, "surname", "Vul de geslachtsnaam in."),
        ({"house_number": 0}, "house_number", "Vul een huisnummer tussen 1 en 99999 in."),
    ],
)
def test_register_refuses_bad_input_and_saves_nothing(world, overrides, field, message):
    before = _counts()

    with pytest.raises(ValidationError) as error:
        services.resident_register(acting_user=world.anna, data=_data(**overrides))

    assert error.value.message_dict[field] == [message]
    assert _counts() == before


def test_register_refuses_a_duplicate_bsn(world):
    existing = world.household.memberships.get().resident
    before = _counts()

    with pytest.raises(ValidationError) as error:
        services.resident_register(acting_user=world.anna, data=_data(bsn=existing.bsn))

    assert error.value.message_dict == {"bsn": ["Er is al een inwoner met dit BSN geregistreerd."]}
    assert _counts() == before


@pytest.mark.parametrize("name", ["piet", "carla", "bea", "fenna"])
def test_roles_without_casework_cannot_register(world, name):
    before = _counts()
    with pytest.raises(Http404):
        services.resident_register(acting_user=world.user(name), data=_data())
    assert _counts() == before


def test_add_to_existing_household_needs_access(world):
    before = _counts()
    with pytest.raises(Http404):
        services.resident_register(
            acting_user=world.zoe, data=_data(), household=world.household, relation=Relation.CHILD
        )
    assert _counts() == before

    child = services.resident_register(
        acting_user=world.anna,
        data=_data(birth_date=datetime.date(2015, 1, 1)),
        household=world.household,
        relation=Relation.CHILD,
    )
    assert child.memberships.get().household == world.household


def test_member_add_moves_resident_and_keeps_history(world):
    other = Household.objects.create(municipality=world.west, district=world.west_centrum)
    CaseloadEntry.objects.create(
        household=other, team=world.team_a, worker=world.anna, started_at=world.household.created_at
    )
    resident = world.household.memberships.get().resident

    services.member_add(
        acting_user=world.anna,
        household=other,
        resident=resident,
        relation=Relation.PARTNER,
        start_date=datetime.date(2026, 6, 1),
    )

    old = HouseholdMembership.objects.get(resident=resident, household=world.household)
    new = HouseholdMembership.objects.get(resident=resident, household=other)
    assert old.end_date == datetime.date(2026, 5, 31)
    assert new.end_date is None and new.relation == Relation.PARTNER


def test_resident_update_records_changed_field_names_only(world):
    resident = world.household.memberships.get().resident

    services.resident_update(acting_user=world.anna, resident=resident, changes={"phone": "0612345678"})

    event = AuditEvent.objects.get(action=Action.UPDATE, object_uuid=resident.uuid)
    assert event.fields == ["phone"]
    assert "0612345678" not in str(event.fields)
    resident.refresh_from_db()
    assert resident.phone == "0612345678"


def test_resident_update_refused_for_other_team(world):
    resident = world.household.memberships.get().resident
    with pytest.raises(Http404):
        services.resident_update(acting_user=world.otto, resident=resident, changes={"phone": "06"})
    resident.refresh_from_db()
    assert resident.phone == ""


def test_teamleider_assigns_worker_and_regisseur(world):
    services.household_assign(
        acting_user=world.teun, household=world.household, team=world.team_a, worker=world.teun
    )
    services.household_set_regisseur(acting_user=world.teun, household=world.household, regisseur=world.anna)

    world.household.refresh_from_db()
    assert world.household.regisseur == world.anna
    assert CaseloadEntry.objects.get(household=world.household, team=world.team_a).worker == world.teun


def test_consulent_cannot_assign_and_nothing_changes(world):
    with pytest.raises(Http404):
        services.household_set_regisseur(
            acting_user=world.anna, household=world.household, regisseur=world.anna
        )
    world.household.refresh_from_db()
    assert world.household.regisseur is None


def test_regisseur_must_work_for_the_municipality(world):
    with pytest.raises(ValidationError) as error:
        services.household_set_regisseur(
            acting_user=world.teun, household=world.household, regisseur=world.zoe
        )
    assert "regisseur" in error.value.message_dict


def test_break_glass_needs_reason_and_opens_for_a_limited_time(world):
    bsn = world.household.memberships.get().resident.bsn
    with pytest.raises(ValidationError):
        services.break_glass_open(acting_user=world.otto, bsn=bsn, reason="te kort")
    assert not BreakGlassGrant.objects.exists()

    household = services.break_glass_open(
        acting_user=world.otto, bsn=bsn, reason="Politie meldt crisis, wijkteam Noord heeft dienst"
    )

    assert household == world.household
    event = AuditEvent.objects.get(action=Action.BREAK_GLASS)
    assert event.break_glass and event.actor == world.otto
    assert "Politie" not in str(event.fields)


def test_break_glass_cannot_reach_another_municipality(world):
    bsn = world.zuid_household.memberships.get().resident.bsn
    with pytest.raises(Http404):
        services.break_glass_open(
            acting_user=world.otto, bsn=bsn, reason="Ik wil graag even kijken in dit dossier"
        )
    assert not BreakGlassGrant.objects.exists()
    assert not AuditEvent.objects.exists()


def test_dossier_open_writes_one_access_row_and_flags_break_glass(world):
    services.dossier_open(acting_user=world.anna, household_uuid=world.household.uuid)
    bsn = world.household.memberships.get().resident.bsn
    services.break_glass_open(
        acting_user=world.otto, bsn=bsn, reason="Crisis: dakloos dreigt, dienst vandaag"
    )
    services.dossier_open(acting_user=world.otto, household_uuid=world.household.uuid)

    reads = AuditEvent.objects.filter(action=Action.READ).order_by("pk")
    assert [(e.actor.username, e.break_glass) for e in reads] == [("anna", False), ("otto", True)]


def test_dossier_open_refused_writes_no_access_row(world):
    with pytest.raises(Http404):
        services.dossier_open(acting_user=world.zoe, household_uuid=world.household.uuid)
    assert not AuditEvent.objects.exists()


def test_search_finds_only_visible_households_and_logs_criteria_not_values(world):
    from wijkregie.households.selectors import SearchCriteria

    ResidentFactory(surname="Visser-Zuid")
    criteria = SearchCriteria(surname="vis")

    found = services.search_logged(acting_user=world.anna, criteria=criteria)
    nothing = services.search_logged(acting_user=world.zoe, criteria=criteria)

    assert [m.household for m in found] == [world.household]
    assert nothing == []
    rows = list(AuditEvent.objects.order_by("pk").values_list("action", "fields", "object_type"))
    assert rows == [  # both searches by their criteria, and the one resident the first showed
        (Action.SEARCH, ["surname"], "households.search"),
        (Action.READ, [], "lijst.zoekresultaat"),
        (Action.SEARCH, ["surname"], "households.search"),
    ]


def test_search_query_count_does_not_grow(world, django_assert_num_queries):
    from wijkregie.households.selectors import SearchCriteria, search

    for _ in range(5):
        from wijkregie.households.tests.factories import HouseholdFactory

        HouseholdFactory(
            district=world.west_centrum,
            in_caseload_of=(world.team_a, world.anna),
            head=ResidentFactory(surname="Visscher"),
        )
    with django_assert_num_queries(1):
        results = search(world.anna, SearchCriteria(surname="vis"))
    assert len(results) == 6


def test_worklist_query_count_does_not_grow(world, django_assert_num_queries):
    from wijkregie.households.selectors import worklist
    from wijkregie.households.tests.factories import HouseholdFactory

    with django_assert_num_queries(4):
        assert len(worklist(world.anna)) == 1
    for _ in range(5):
        HouseholdFactory(district=world.west_centrum, in_caseload_of=(world.team_a, world.anna))
    with django_assert_num_queries(4):
        assert len(worklist(world.anna)) == 6


def test_brp_lookup_is_audited_also_when_the_brp_fails(world):
    from wijkregie.integrations.brp import BrpUnavailable
    from wijkregie.integrations.brp.fake import UNAVAILABLE_BSN

    with pytest.raises(BrpUnavailable):
        services.brp_prefill(acting_user=world.anna, bsn=UNAVAILABLE_BSN)

    event = AuditEvent.objects.get(action=Action.LOOKUP)
    assert event.actor == world.anna and event.object_type == "brp.persoon"
    assert UNAVAILABLE_BSN not in str(event.fields) + str(event.object_uuid)


@pytest.mark.parametrize(
    ("typed", "found"), [("VISS", True), ("vißer", False), ("Vis ser", True), ("--", False), ("vit", False)]
)
def test_surname_search_ignores_case_spaces_and_punctuation(world, typed, found):
    from wijkregie.households.selectors import SearchCriteria, search

    results = search(world.anna, SearchCriteria(surname=typed))

    assert bool(results) is found


# -- break-the-glass in the audit trail -------------------------------------------------------------------
def test_a_change_through_break_the_glass_is_flagged_and_an_ordinary_one_is_not(world, otto_through_glass):
    resident = world.household.memberships.get().resident

    services.resident_update(
        acting_user=otto_through_glass, resident=resident, changes={"phone": "0611111111"}
    )
    services.resident_update(acting_user=world.anna, resident=resident, changes={"phone": "0622222222"})

    assert change_rows_flagged(object_uuid=resident.uuid, actor=world.otto) == [True]
    assert change_rows_flagged(object_uuid=resident.uuid, actor=world.anna) == [False]


def test_a_grant_on_a_household_one_sees_anyway_flags_nothing(world):
    resident = world.household.memberships.get().resident
    services.break_glass_open(acting_user=world.anna, bsn=resident.bsn, reason=GLASS_REASON)

    services.resident_update(acting_user=world.anna, resident=resident, changes={"phone": "0633333333"})

    assert change_rows_flagged(object_uuid=resident.uuid) == [False]


def test_the_flag_is_worked_out_again_for_every_row_not_carried_on_the_object(world, otto_through_glass):
    """A service that loads the household afresh (no marker on the object) still writes the flag."""
    household = Household.objects.get(pk=world.household.pk)
    assert household.seen_through_break_glass is False

    services.household_log(
        otto_through_glass,
        household,
        action=Action.UPDATE,
        obj=household,
        kind=TimelineKind.PLAN,
        description="Afspraak gemaakt",
    )

    assert change_rows_flagged(object_uuid=household.uuid, actor=world.otto) == [True]


def test_after_the_grant_expires_the_change_is_refused(world, otto_through_glass):
    resident = world.household.memberships.get().resident
    BreakGlassGrant.objects.filter(user=otto_through_glass).update(expires_at=timezone.now())

    with pytest.raises(Http404):
        services.resident_update(acting_user=otto_through_glass, resident=resident, changes={"phone": "06"})
    assert change_rows_flagged(object_uuid=resident.uuid) == []


# -- surnames as people type them: with or without the voorvoegsel -------------------------------------------
@pytest.fixture
def namesakes(world):
    """Four current members of anna's household; only the BRP-shaped "de" + "Vries" and the whole "de Vries"
    are the "de Vries" someone types."""
    people = {
        "de+Vries": ResidentFactory(surname_prefix="de", surname="Vries"),
        "whole": ResidentFactory(surname="de Vries"),
        "Vries": ResidentFactory(surname="Vries"),
        "van+Vries": ResidentFactory(surname_prefix="van", surname="Vries"),
        "Dekker": ResidentFactory(surname="Dekker"),
    }
    for resident in people.values():
        HouseholdMembership.objects.create(
            household=world.household,
            resident=resident,
            relation=Relation.OTHER,
            start_date=datetime.date(2020, 1, 1),
        )
    return people


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("de Vries", {"de+Vries", "whole"}),
        ("De  VRIES", {"de+Vries", "whole"}),
        ("de Vr", {"de+Vries", "whole"}),
        ("Vries", {"de+Vries", "Vries", "van+Vries"}),
        ("van Vries", {"van+Vries"}),
        ("van der Vries", set()),
        ("de", {"whole", "Dekker"}),  # a voorvoegsel alone may be the start of a surname
    ],
)
def test_a_surname_is_found_with_and_without_its_voorvoegsel(world, namesakes, typed, expected):
    from wijkregie.households.selectors import SearchCriteria, search

    found = {m.resident_id for m in search(world.anna, SearchCriteria(surname=typed))}

    assert found == {namesakes[name].pk for name in expected}


def test_a_surname_with_voorvoegsel_is_still_searched_as_an_index_range(world, namesakes):
    from django.db import connection, transaction

    from wijkregie.households.selectors import _surname_prefix

    with transaction.atomic():
        if connection.vendor == "postgresql":
            # A table of five rows is read whole whatever its indexes; with a town's worth of other surnames
            # and fresh statistics the planner shows whether the condition *can* be an index range.
            Resident.objects.bulk_create(
                Resident(
                    bsn=next_bsn(),
                    surname=f"Naam{n:05}",
                    surname_search=f"naam{n:05}",
                    birth_date=datetime.date(1980, 1, 1),
                    postcode="1234AB",
                    house_number=n + 1,
                    city="Westerhoek",
                )
                for n in range(5000)
            )
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE households_resident")
                cursor.execute("SET LOCAL enable_seqscan = off")
                cursor.execute("SET LOCAL enable_nestloop = off")  # else the five memberships drive
        plan = HouseholdMembership.objects.filter(_surname_prefix("de Vries")).explain()

    assert "resident_surname_search" in plan
