"""Each role lands on what waits for it (wijkregie.home): the teamleider on second signatures, households
without a worker, overdue terms and the team's queue; the backoffice on its queue per municipality; the
caseworkers and the provider on their lists; the other roles on what they can do here. Names on a queue
are access rows; the pages cost a fixed number of queries."""

import datetime

import pytest
from django.urls import reverse

from wijkregie.audit.models import AuditEvent
from wijkregie.decisions import services as decisions
from wijkregie.decisions.constants import DecisionKind, Outcome
from wijkregie.decisions.models import DecisionRules
from wijkregie.decisions.tests.conftest import TODAY, head, make_provision
from wijkregie.decisions.tests.test_objections import register, signed_request
from wijkregie.decisions.tests.test_services import STEPS
from wijkregie.households.tests.factories import HouseholdFactory
from wijkregie.tasks.constants import Term
from wijkregie.tasks.tests.factories import TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.WIJKREGIE_REQUIRE_2FA = False


@pytest.fixture(autouse=True)
def _today():
    from wijkregie.core.testclock import clock_at

    with clock_at(TODAY):
        yield


def _page(client, user):
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def _decided_awaiting_cosign(world, name="Voorziening wmo", decider=None):
    """anna (or `decider`) decides above the four-eyes amount: the beschikking waits for a second
    signature."""
    decisions.mandates_install_defaults(acting_user=None, municipality=world.west)
    DecisionRules.objects.filter(municipality=world.west).update(four_eyes_above_cents=1)
    request = decisions.request_create(
        acting_user=world.anna,
        household=world.household,
        resident=head(world.household),
        provision=make_provision(world.west, name=name),
        received_on=TODAY,
    )
    decisions.reverse_test_save(acting_user=world.anna, request=request, **STEPS)
    decisions.request_decide(
        acting_user=decider or world.anna,
        request=request,
        outcome=Outcome.GRANTED,
        decision_kind=DecisionKind.WITHIN_RULES,
        decided_on=TODAY,
        product=decisions.Product(start_date=TODAY, end_date=datetime.date(2025, 12, 31), volume=2),
    )
    return request


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("anna", "Mijn werkvoorraad"),
        ("sanne", "Meldingen voor mijn team"),
        ("piet", "Toewijzingen"),
        ("teun", "Wachtrij van het team"),
        ("bo", "Wachtrij backoffice"),
        ("carla", "Wat u hier kunt doen"),
        ("bea", "Wat u hier kunt doen"),
        ("fenna", "Wat u hier kunt doen"),
    ],
)
def test_each_role_lands_on_its_own_page(client, world, name, title):
    assert f'<h1 class="utrecht-heading-1">{title}' in _page(client, world.user(name))


def test_signing_in_lands_on_the_home_page(client, world, settings):
    settings.WIJKREGIE_REQUIRE_2FA = False
    response = client.post(
        reverse("accounts:login"), {"username": "teun", "password": "demo-wachtwoord"}, follow=False
    )
    assert response.status_code == 302 and response.url == "/"


def test_the_roles_without_dossiers_see_what_they_can_do_and_no_household(client, world):
    page = _page(client, world.carla)
    assert "Contracten</a>: contracten met hun producten, tarieven en looptijd" in page
    page = _page(client, world.bea)
    assert "Kosten per cliënt</a>: unieke cliënten, uitgaven en kosten per unieke cliënt" in page
    page = _page(client, world.fenna)
    assert "Triageregels</a>: de triageregels die bepalen waar een melding heen gaat" in page
    assert "Visser" not in page


def test_the_teamleider_sees_what_waits_for_him_and_the_team(client, world):
    request = _decided_awaiting_cosign(world)
    waiting = HouseholdFactory(district=world.west_centrum, in_caseload_of=world.team_a)
    overdue = TaskFactory(
        household=world.household,
        team=world.team_a,
        assignee=world.anna,
        legal=True,
        start_date=TODAY - datetime.timedelta(weeks=8),
    )
    queued = TaskFactory(household=world.household, team=world.team_a, title="Nog te verdelen")

    page = _page(client, world.teun)

    assert reverse("decisions:request_detail", args=[request.uuid]) in page
    assert reverse("tasks:household_assign", args=[waiting.uuid]) in page
    assert overdue.title in page and queued.title in page
    shown = set(AuditEvent.objects.filter(object_type="lijst.wachtrij").values_list("object_uuid", flat=True))
    assert {request.uuid, overdue.uuid, queued.uuid, waiting.uuid} <= shown


def test_a_decision_of_his_own_does_not_wait_for_his_second_signature(client, world):
    request = _decided_awaiting_cosign(world, decider=world.teun)
    page = _page(client, world.teun)
    assert reverse("decisions:request_detail", args=[request.uuid]) not in page
    assert "Er wacht geen besluit op uw handtekening." in page


def test_the_backoffice_sees_its_queue_per_municipality(client, world):
    research = decisions.request_create(
        acting_user=world.anna,
        household=world.household,
        resident=head(world.household),
        provision=make_provision(world.west, name="Woningaanpassing"),
        received_on=TODAY,
    )
    objection = register(world, signed_request(world))

    page = _page(client, world.bo)

    assert "Gemeente Westerhoek" in page
    assert reverse("decisions:request_detail", args=[research.uuid]) in page
    assert reverse("decisions:objection_detail", args=[objection.uuid]) in page
    assert "Gemeente Zuiderdijk" not in page  # nothing waits there


def test_the_queues_cost_the_same_whatever_waits(client, world, django_assert_max_num_queries):
    client.force_login(world.teun)
    _decided_awaiting_cosign(world)
    TaskFactory(household=world.household, team=world.team_a, term=Term.WMO_RESEARCH)
    client.get("/")
    with django_assert_max_num_queries(40) as few:
        client.get("/")
    for number in range(3):
        _decided_awaiting_cosign(world, name=f"Voorziening {number}")
        TaskFactory(household=world.household, team=world.team_a)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/")


def test_the_backoffice_queue_costs_the_same_whatever_waits(client, world, django_assert_max_num_queries):
    client.force_login(world.bo)
    _decided_awaiting_cosign(world)
    client.get("/")
    with django_assert_max_num_queries(60) as few:
        client.get("/")
    for number in range(3):
        decisions.request_create(
            acting_user=world.anna,
            household=world.household,
            resident=head(world.household),
            provision=make_provision(world.west, name=f"In onderzoek {number}"),
            received_on=TODAY,
        )
        _decided_awaiting_cosign(world, name=f"Te tekenen {number}")
    register(world, signed_request(world))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/")
