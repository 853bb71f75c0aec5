"""A list shows personal data too (names, addresses, a provider's BSNs): every list read is audited against
each household it showed, written as one INSERT, with the break-the-glass flag where it applies."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from wijkregie.accounts.services import api_token_for
from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.models import AuditEvent
from wijkregie.households.tests.factories import HouseholdFactory
from wijkregie.intake import services as intake
from wijkregie.intake.constants import Law
from wijkregie.intake.tests.conftest import melding_data
from wijkregie.tasks.tests.factories import TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.WIJKREGIE_REQUIRE_2FA = False


def _api(name):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_for(username=name)}")
    return client


def _listed(user, object_type):
    rows = AuditEvent.objects.filter(actor=user, action=Action.READ, object_type=object_type)
    return sorted(rows.values_list("household_uuid", "channel"))


def _inserts(queries):
    """The statements that wrote access rows (on PostgreSQL a bulk insert carries its values as arrays)."""
    return [
        q for q in queries if q["sql"].startswith('INSERT INTO "audit_auditevent"') and "inzien" in q["sql"]
    ]


@pytest.fixture
def busy(world):
    """Two households in anna's worklist, each with a melding for her team and a task for her."""
    second = HouseholdFactory(district=world.west_centrum, in_caseload_of=(world.team_a, world.anna))
    for household in (world.household, second):
        head = household.memberships.heads().get().resident
        intake.melding_create(
            acting_user=world.anna, household=household, resident=head, data=melding_data(laws=[Law.WMO])
        )
        TaskFactory(household=household, team=world.team_a, assignee=world.anna)
    return sorted([world.household.uuid, second.uuid])


@pytest.mark.parametrize(
    ("page", "api", "object_type"),
    [
        ("/", "/api/v1/households/", "lijst.werkvoorraad"),
        ("/meldingen/", "/api/v1/meldingen/", "lijst.meldingen"),
        ("/taken/", "/api/v1/tasks/", "lijst.taken"),
    ],
)
def test_each_list_writes_one_access_row_per_household_in_one_insert(
    client, world, busy, page, api, object_type
):
    client.force_login(world.anna)
    with CaptureQueriesContext(connection) as on_page:
        assert client.get(page).status_code == 200
    with CaptureQueriesContext(connection) as on_api:
        assert _api("anna").get(api).status_code == 200

    rows = _listed(world.anna, object_type)
    households = sorted(set(h for h, _channel in rows))
    assert households == busy
    assert {channel for _h, channel in rows} == {Channel.WEB, Channel.API}
    assert len(_inserts(on_page.captured_queries)) == 1
    assert len(_inserts(on_api.captured_queries)) == 1


def test_the_caseload_audits_the_unassigned_households_it_names(client, world):
    unassigned = HouseholdFactory(district=world.west_centrum, in_caseload_of=world.team_a)
    client.force_login(world.teun)

    client.get("/caseload/")
    _api("teun").get("/api/v1/caseload/")

    assert _listed(world.teun, "lijst.caseload") == [
        (unassigned.uuid, Channel.API),
        (unassigned.uuid, Channel.WEB),
    ]


def test_a_search_result_seen_through_break_the_glass_is_flagged(world):
    from wijkregie.conftest import GLASS_REASON
    from wijkregie.households import services as households
    from wijkregie.households.selectors import SearchCriteria

    head = world.household.memberships.heads().get().resident
    households.break_glass_open(acting_user=world.otto, bsn=head.bsn, reason=GLASS_REASON)

    found = households.search_logged(acting_user=world.otto, criteria=SearchCriteria(bsn=head.bsn))

    assert [m.resident for m in found] == [head]
    row = AuditEvent.objects.get(actor=world.otto, object_type="lijst.zoekresultaat")
    assert (row.object_uuid, row.household_uuid, row.break_glass) == (head.uuid, world.household.uuid, True)
