"""Who reviews which audit rows, and who may export a resident's inzage."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser

from wijkregie.households import services as household_services
from wijkregie.households.constants import Relation
from wijkregie.households.models import HouseholdMembership
from wijkregie.oversight.policies import AuditPolicy, home_household

from .conftest import REASON, user

# (user, the rows they review, why)
REVIEW = [
    ("teun", {"anna_read", "otto_glass", "otto_read"}, "teamleider A: own team's members and caseload"),
    ("tim", {"otto_glass", "otto_read"}, "teamleider B: otto is on team B; the household is not B's"),
    (
        "fenna",
        {"anna_read", "otto_glass", "otto_read"},
        "beheerder Westerhoek: households in Westerhoek; not the backoffice's rows on a Zuiderdijk household",
    ),
    ("zara", {"zoe_read", "bo_read"}, "beheerder Zuiderdijk"),
    ("anna", set(), "consulent"),
    ("otto", set(), "consulent of another team"),
    ("zoe", set(), "consulent of the other municipality"),
    ("bo", set(), "backoffice"),
    ("sanne", set(), "welfare"),
    ("piet", set(), "provider staff"),
    ("carla", set(), "contractmanager"),
    ("bea", set(), "beleid"),
]
ALL_ROWS = ("anna_read", "otto_glass", "otto_read", "zoe_read", "bo_read")


@pytest.mark.parametrize(("name", "rows", "why"), REVIEW)
def test_review_matrix(world, trail, name, rows, why):
    policy = AuditPolicy(user(world, trail, name))

    visible = set(policy.visible().values_list("pk", flat=True))

    assert {row for row in ALL_ROWS if getattr(trail, row).pk in visible} == rows, why
    assert policy.can_review() is bool(rows), why


def test_anonymous_and_inactive_review_nothing(world, trail):
    world.teun.is_active = False
    world.teun.save(update_fields=["is_active"])

    assert not AuditPolicy(AnonymousUser()).visible().exists()
    assert not AuditPolicy(world.teun).visible().exists()


def test_beheerder_without_municipality_reviews_nothing(world, trail):
    world.fenna.municipality = None
    world.fenna.save(update_fields=["municipality"])

    assert AuditPolicy(world.fenna).can_review()
    assert not AuditPolicy(world.fenna).visible().exists()


def test_teamleider_loses_rows_of_household_that_left_the_caseload(world, trail):
    world.household.caseload_entries.update(ended_at=trail.otto_read.occurred_at)

    visible = set(AuditPolicy(world.teun).visible().values_list("pk", flat=True))

    assert trail.anna_read.pk in visible  # anna is still on team A
    assert trail.otto_glass.pk not in visible


def test_visible_is_one_query(world, trail, django_assert_num_queries):
    with django_assert_num_queries(1):
        list(AuditPolicy(world.fenna).visible())


# (user, may export the head of world.household, why)
EXPORT = [
    ("teun", True, "teamleider whose team has the household in caseload"),
    ("fenna", True, "beheerder of the resident's municipality"),
    ("tim", False, "teamleider of another team"),
    ("zara", False, "beheerder of the other municipality"),
    ("anna", False, "consulent, even the assigned worker"),
    ("bo", False, "backoffice"),
    ("zoe", False, "other municipality"),
    ("carla", False, "contractmanager"),
]


@pytest.mark.parametrize(("name", "allowed", "why"), EXPORT)
def test_export_matrix(world, trail, name, allowed, why):
    assert AuditPolicy(user(world, trail, name)).can_export_inzage(trail.resident) is allowed, why


def test_teamleider_with_only_break_the_glass_may_not_export(world, trail):
    household_services.break_glass_open(acting_user=trail.tim, bsn=trail.resident.bsn, reason=REASON)

    assert AuditPolicy(trail.tim).can_export_inzage(trail.resident) is False


def test_home_household_is_current_then_latest(world, trail):
    assert home_household(trail.resident) == world.household

    HouseholdMembership.objects.filter(resident=trail.resident).update(end_date=date(2023, 12, 31))
    HouseholdMembership.objects.create(
        household=world.zuid_household,
        resident=trail.resident,
        relation=Relation.PARTNER,
        start_date=date(2024, 1, 1),
        end_date=date(2024, 6, 30),
    )

    assert home_household(trail.resident) == world.zuid_household  # no current one: the latest
    assert AuditPolicy(world.fenna).can_export_inzage(trail.resident) is False
    assert AuditPolicy(trail.zara).can_export_inzage(trail.resident) is True
