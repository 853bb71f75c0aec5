"""Tasks API: authorisation matrix per endpoint (401/404, nothing changed), Dutch 400s, the lists and the
caseload."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from wijkregie.accounts.services import api_token_for
from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.models import AuditEvent
from wijkregie.households.models import TimelineEntry
from wijkregie.tasks.constants import TaskKind, TaskStatus, Term
from wijkregie.tasks.models import Task

from .factories import TaskFactory

pytestmark = pytest.mark.django_db

API = "/api/v1"
NOT_ALLOWED = ["otto", "zoe", "sanne", "piet", "carla", "bea", "fenna"]
REASON = "Wacht op gegevens van de inwoner"


@pytest.fixture
def api(world):
    def client_for(name):
        client = APIClient()
        if name is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_for(username=name)}")
        return client

    return client_for


@pytest.fixture
def task(world):
    return TaskFactory(household=world.household, team=world.team_a, assignee=world.anna, legal=True)


def snapshot():
    return list(Task.objects.order_by("pk").values()), TimelineEntry.objects.count()


def test_anonymous_gets_401(api, world, task):
    for path in ["/tasks/", f"/tasks/{task.uuid}/", "/caseload/"]:
        assert api(None).get(API + path).status_code == 401
    before = snapshot()
    assert api(None).post(f"{API}/tasks/{task.uuid}/complete/").status_code == 401
    assert snapshot() == before


@pytest.mark.parametrize(
    ("name", "status"), [("anna", 200), ("teun", 200), ("bo", 200)] + [(n, 404) for n in NOT_ALLOWED]
)
def test_detail_matrix_and_access_row(api, world, task, name, status):
    response = api(name).get(f"{API}/tasks/{task.uuid}/")
    assert response.status_code == status
    reads = AuditEvent.objects.filter(actor=world.user(name), action=Action.READ, channel=Channel.API)
    if status == 200:
        body = response.json()
        assert body["uuid"] == str(task.uuid) and body["basis"] == "Wmo 2015 art. 2.3.2 lid 1"
        assert body["household"] == str(world.household.uuid) and body["can_extend"] is True
        assert reads.count() == 1
    else:
        assert response.json() == {"detail": "Niet gevonden."} and not reads.exists()


@pytest.mark.parametrize("name", ["bo", *NOT_ALLOWED])
@pytest.mark.parametrize(
    ("action", "body"),
    [
        ("complete", {}),
        ("suspend", {"reason": REASON}),
        ("extend", {"new_due_on": "2099-01-01", "reason": REASON}),
        ("reassign", {"assignee": None}),
    ],
)
def test_actions_matrix(api, world, task, name, action, body):
    before = snapshot()
    response = api(name).post(f"{API}/tasks/{task.uuid}/{action}/", body, format="json")
    assert response.status_code == 404
    assert snapshot() == before


def test_lists(api, world, task):
    unassigned = TaskFactory(household=world.household, team=world.team_a, overdue=True)
    mine = api("anna").get(f"{API}/tasks/").json()
    assert [t["uuid"] for t in mine["results"]] == [str(task.uuid)]
    team = api("teun").get(f"{API}/tasks/", {"lijst": "team"}).json()
    assert [t["uuid"] for t in team["results"]] == [str(unassigned.uuid), str(task.uuid)]
    assert team["results"][0]["is_overdue"] is True
    one = api("teun").get(f"{API}/tasks/", {"lijst": "team", "team": str(world.team_a.uuid)}).json()
    assert one["count"] == 2
    household = api("anna").get(
        f"{API}/tasks/", {"lijst": "huishouden", "huishouden": str(world.household.uuid)}
    )
    assert household.json()["count"] == 2
    reads = AuditEvent.objects.filter(actor=world.anna, action=Action.READ, channel=Channel.API)
    # her own list showed one task, the household's list is read as the dossier (one access row)
    assert sorted(reads.values_list("object_type", flat=True)) == ["households.household", "lijst.taken"]


@pytest.mark.parametrize(
    ("params", "errors"),
    [
        ({"lijst": "alles"}, {"lijst": ["Kies mijn, team of huishouden."]}),
        ({"lijst": "huishouden"}, {"huishouden": ["Kies het huishouden."]}),
        (
            {"lijst": "team", "team": "00000000-0000-0000-0000-000000000000"},
            {"team": ["Kies een van uw teams."]},
        ),
    ],
)
def test_list_bad_parameters(api, world, params, errors):
    response = api("teun").get(f"{API}/tasks/", params)
    assert response.status_code == 400 and response.json() == errors


@pytest.mark.parametrize("name", NOT_ALLOWED)
def test_household_list_of_an_invisible_household_is_404(api, world, task, name):
    response = api(name).get(
        f"{API}/tasks/", {"lijst": "huishouden", "huishouden": str(world.household.uuid)}
    )
    assert response.status_code == 404


def test_create(api, world):
    due = (timezone.localdate() + timedelta(days=2)).isoformat()
    response = api("anna").post(
        f"{API}/tasks/",
        {
            "household": str(world.household.uuid),
            "title": "Bellen",
            "due_on": due,
            "assignee": str(world.anna.uuid),
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["kind"] == TaskKind.OTHER and body["team"]["uuid"] == str(world.team_a.uuid)
    assert body["assignee"]["uuid"] == str(world.anna.uuid)
    assert AuditEvent.objects.get(action=Action.CREATE, object_uuid=body["uuid"]).channel == Channel.API


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"title": ""}, {"title": ["Vul de taak in."]}),
        ({"due_on": "gisteren"}, {"due_on": ["Vul een geldige datum in (jjjj-mm-dd)."]}),
        ({"due_on": "2020-01-01"}, {"due_on": ["De uiterste datum kan niet in het verleden liggen."]}),
        (
            {"assignee": "00000000-0000-0000-0000-000000000000"},
            {"assignee": ["Er is geen actieve medewerker met deze uuid."]},
        ),
        ({"extra": 1}, {"extra": ["Dit veld bestaat niet."]}),
    ],
)
def test_create_bad_input(api, world, changes, errors):
    data = {"household": str(world.household.uuid), "title": "Bellen", "due_on": "2099-01-01", **changes}
    before = snapshot()
    response = api("anna").post(f"{API}/tasks/", data, format="json")
    assert response.status_code == 400 and response.json() == errors
    assert snapshot() == before


@pytest.mark.parametrize("name", NOT_ALLOWED)
def test_create_on_invisible_household_is_404(api, world, name):
    before = snapshot()
    data = {"household": str(world.household.uuid), "title": "Bellen", "due_on": "2099-01-01"}
    assert api(name).post(f"{API}/tasks/", data, format="json").status_code == 404
    assert snapshot() == before


def test_suspend_resume_extend_reassign_complete(api, world):
    task = TaskFactory(
        household=world.household,
        team=world.team_a,
        kind=TaskKind.LEGAL_TERM,
        term=Term.WMO_RESEARCH,
        start_date=date(2025, 3, 6),
        due_on=date(2025, 4, 17),
        original_due_on=date(2025, 4, 17),
    )
    client = api("teun")
    url = f"{API}/tasks/{task.uuid}"
    response = client.post(f"{url}/extend/", {"new_due_on": "2025-05-29", "reason": REASON}, format="json")
    assert response.status_code == 200 and response.json()["due_on"] == "2025-05-30"
    refused = client.post(f"{url}/extend/", {"new_due_on": "2025-06-30", "reason": REASON}, format="json")
    assert refused.status_code == 400
    assert refused.json() == {"new_due_on": ["De termijn kan hooguit worden verlengd tot 30-05-2025."]}
    response = client.post(f"{url}/suspend/", {"reason": REASON, "on": "2025-06-02"}, format="json")
    assert response.json()["status"] == TaskStatus.SUSPENDED
    response = client.post(f"{url}/resume/", {"on": "2025-06-12"}, format="json")
    assert response.json()["due_on"] == "2025-06-10"  # 30 May + 10 days = 9 June, tweede Pinksterdag
    assert response.json()["suspended_days"] == 10
    response = client.post(f"{url}/reassign/", {"assignee": str(world.anna.uuid)}, format="json")
    assert response.json()["assignee"]["uuid"] == str(world.anna.uuid)
    assert client.post(f"{url}/complete/").json()["status"] == TaskStatus.DONE
    assert client.post(f"{url}/complete/").status_code == 400


def test_youth_plan_extension_is_refused_in_dutch(api, world):
    task = TaskFactory(
        household=world.household, team=world.team_a, kind=TaskKind.LEGAL_TERM, term=Term.YOUTH_PLAN
    )
    response = api("anna").post(
        f"{API}/tasks/{task.uuid}/extend/", {"new_due_on": "2099-01-01", "reason": REASON}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"new_due_on": ["De wet staat geen verlenging van deze termijn toe."]}


@pytest.mark.parametrize(
    ("name", "status"), [("teun", 200)] + [(n, 404) for n in ["anna", "bo", *NOT_ALLOWED]]
)
def test_caseload_matrix(api, world, name, status):
    response = api(name).get(f"{API}/caseload/")
    assert response.status_code == status
    if status == 200:
        (team,) = response.json()
        assert team["team"]["uuid"] == str(world.team_a.uuid)
        assert {w["worker"]["uuid"]: w["households"] for w in team["workers"]}[str(world.anna.uuid)] == 1
