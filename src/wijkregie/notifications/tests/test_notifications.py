"""What waits for a worker: counted for the header, listed on /notificaties/, and mailed once per working
day with counts and a link only."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from wijkregie.notifications.models import DigestSent
from wijkregie.notifications.selectors import attention, total
from wijkregie.notifications.services import digests_send
from wijkregie.tasks.constants import TaskKind, Term
from wijkregie.tasks.tests.factories import TaskFactory

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 11, 16)
CHRISTMAS = date(2026, 12, 25)


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.WIJKREGIE_REQUIRE_2FA = False


@pytest.fixture
def annas_terms(world):
    today = timezone.localdate()
    legal = {"household": world.household, "legal": True, "assignee": world.anna, "team": world.team_a}
    TaskFactory(**legal, start_date=today - timedelta(days=50), due_on=today - timedelta(days=1))
    TaskFactory(**legal, start_date=today - timedelta(days=40), due_on=today)
    TaskFactory(**legal, due_on=today + timedelta(days=30))  # far off
    reminder = {"household": world.household, "assignee": world.anna, "team": world.team_a}
    TaskFactory(**reminder, kind=TaskKind.PLAN_DATE, term=Term.REINDICATION, due_on=today + timedelta(days=1))
    TaskFactory(
        household=world.household,
        assignee=world.anna,
        start_date=today - timedelta(days=9),
        due_on=today - timedelta(days=3),
    )  # no term


def test_a_consulent_sees_overdue_and_due_soon_terms(world, annas_terms):
    items = attention(world.anna)
    assert [(i.key, i.count) for i in items] == [("overdue", 1), ("due_soon", 2)]  # a herindicatie too
    assert total(items) == 3


@pytest.mark.parametrize("who", ["piet", "carla", "bea", "fenna"])
def test_roles_without_casework_have_no_notifications(client, world, who):
    user = getattr(world, who)
    assert attention(user) == []
    client.force_login(user)
    assert "Notificaties" not in client.get(reverse("home")).content.decode()


def test_the_header_count_is_its_own_small_request(client, world, annas_terms, django_assert_max_num_queries):
    client.force_login(world.anna)
    page = client.get(reverse("households:worklist")).content.decode()
    assert f'hx-get="{reverse("notifications:count")}"' in page
    with django_assert_max_num_queries(6):
        badge = client.get(reverse("notifications:count"))
    assert ">3<" in badge.content.decode()
    assert "no-store" in badge["Cache-Control"] or "no-cache" in badge["Cache-Control"]


def test_the_list_links_each_item_to_its_page(client, world, annas_terms):
    client.force_login(world.anna)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "1 termijn(en) verstreken" in page
    assert f'href="{reverse("tasks:my_tasks")}"' in page
    client.force_login(world.otto)
    assert "Er wacht nu niets op u" in client.get(reverse("notifications:list")).content.decode()


def test_the_daily_mail_has_counts_and_a_link_and_goes_once(world, annas_terms, settings):
    settings.WIJKREGIE_BASE_URL = "https://wijkregie.example.nl"
    world.anna.email = "anna@example.nl"
    world.anna.save()
    world.otto.email = "otto@example.nl"  # nothing waits for otto: no mail
    world.otto.save()
    today = timezone.localdate()
    assert digests_send(today) == "1 dagoverzicht(en) verstuurd."
    assert digests_send(today) == "0 dagoverzicht(en) verstuurd."
    assert [m.to for m in mail.outbox] == [["anna@example.nl"]]
    body = mail.outbox[0].body
    assert "- 1 termijn(en) verstreken" in body
    assert "https://wijkregie.example.nl/notificaties/" in body
    head = world.household.memberships.heads().get().resident
    for personal in (head.surname, head.bsn, world.anna.display_name, str(world.household.uuid)):
        assert personal not in body and personal not in mail.outbox[0].subject
    assert DigestSent.objects.filter(user=world.anna, day=today).count() == 1


def test_no_mail_on_a_public_holiday_or_when_switched_off(world, annas_terms, settings):
    world.anna.email = "anna@example.nl"
    world.anna.save()
    assert digests_send(CHRISTMAS) == "Geen werkdag: geen dagoverzicht."
    settings.WIJKREGIE_DIGEST_MAIL = False
    assert digests_send(MONDAY).startswith("Dagoverzicht staat uit")
    assert mail.outbox == []
