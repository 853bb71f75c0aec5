"""The review list: order, filters, the grant's reason on break-the-glass rows, and a fixed query count."""

from datetime import timedelta

import pytest
from django.utils import timezone

from wijkregie.audit.constants import Action
from wijkregie.audit.services import record
from wijkregie.households.models import BreakGlassGrant
from wijkregie.oversight import selectors

from .conftest import REASON


def test_break_the_glass_first_then_newest(world, trail):
    rows = list(selectors.review_events(world.teun))

    assert rows == [trail.otto_read, trail.otto_glass, trail.anna_read]
    assert [row.break_glass for row in rows] == [True, True, False]


def test_break_the_glass_rows_carry_the_grant(world, trail):
    grant = BreakGlassGrant.objects.get(user=world.otto)

    rows = {row.pk: row for row in selectors.review_events(world.teun)}

    for event in (trail.otto_glass, trail.otto_read):
        assert rows[event.pk].grant_reason == REASON
        assert rows[event.pk].grant_expires_at == grant.expires_at
    assert rows[trail.anna_read.pk].grant_reason is None
    assert rows[trail.anna_read.pk].grant_expires_at is None


def test_a_later_grant_does_not_explain_an_earlier_row(world, trail):
    """Each row shows the grant valid at its moment, not the newest one."""
    BreakGlassGrant.objects.create(
        user=world.otto,
        household=world.household,
        reason="Tweede reden, later gegeven",
        expires_at=timezone.now() + timedelta(hours=8),
    )

    rows = {row.pk: row for row in selectors.review_events(world.teun)}

    assert rows[trail.otto_glass.pk].grant_reason == REASON


def test_filter_per_household(world, trail):
    zuid = world.zuid_household.uuid
    assert list(selectors.review_events(world.fenna, household_uuid=zuid)) == []
    assert list(selectors.review_events(trail.zara, household_uuid=zuid)) == [trail.bo_read, trail.zoe_read]
    assert list(selectors.review_events(world.teun, household_uuid=zuid)) == []


def test_filter_per_user(world, trail):
    assert set(selectors.review_events(world.teun, actor_uuid=world.otto.uuid)) == {
        trail.otto_glass,
        trail.otto_read,
    }
    assert list(selectors.review_events(world.teun, actor_uuid=world.zoe.uuid)) == []


def test_actor_choices_are_own_staff_plus_the_selected_one(world, trail):
    names = [name for _, name in selectors.actor_choices(world.teun)]
    assert sorted(names) == sorted([world.anna.display_name, world.teun.display_name])

    with_otto = dict(selectors.actor_choices(world.teun, str(world.otto.uuid)))
    assert with_otto[str(world.otto.uuid)] == world.otto.display_name
    assert len(selectors.actor_choices(world.teun, "geen-uuid")) == 2


def _events(world, count):
    for _ in range(count):
        record(actor=world.anna, action=Action.READ, obj=world.household, household_uuid=world.household.uuid)


@pytest.mark.parametrize("extra", [0, 10, 80])
def test_review_page_is_two_queries_however_many_rows(world, trail, django_assert_num_queries, extra):
    _events(world, extra)

    with django_assert_num_queries(2):  # count, then one page of rows with actor and grant
        page = selectors.review_page(world.teun)
        rows = [(row.actor.display_name, row.grant_reason) for row in page.object_list]

    assert len(rows) == min(3 + extra, selectors.PAGE_SIZE)
    assert page.paginator.count == 3 + extra


def test_second_page(world, trail):
    _events(world, selectors.PAGE_SIZE)

    page = selectors.review_page(world.teun, page=2)

    assert page.number == 2
    assert len(page.object_list) == 3
