"""Task pages: authorisation matrix (404, login), what they show (overdue at a glance, legal basis), the
forms (bad input changes nothing) and exact query counts."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from wijkregie.audit.constants import Action
from wijkregie.audit.models import AuditEvent
from wijkregie.households.models import TimelineEntry
from wijkregie.households.tests.factories import HouseholdFactory
from wijkregie.tasks.constants import TaskKind, TaskStatus, Term
from wijkregie.tasks.models import Task

from .factories import TaskFactory

pytestmark = pytest.mark.django_db

CASEWORKERS = ["anna", "otto", "teun", "bo", "sanne", "zoe"]
NO_PERSONAL_DATA = ["piet", "carla", "bea", "fenna"]


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.WIJKREGIE_REQUIRE_2FA = False


def _as(client, world, name):
    client.force_login(world.user(name))
    return client


def snapshot():
    return list(Task.objects.order_by("pk").values()), TimelineEntry.objects.count()


@pytest.fixture
def task(world):
    return TaskFactory(household=world.household, team=world.team_a, assignee=world.anna, legal=True)


def _action_url(world, task, action):
    return reverse("tasks:task_action", args=[world.household.uuid, task.uuid, action])


def _prefix(task, action):
    return f"{action}-{task.uuid.hex[:12]}"


# -- who gets in --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("url", ["/taken/", "/taken/team/", "/caseload/"])
def test_anonymous_is_sent_to_login(client, world, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/inloggen/")


def test_anonymous_household_pages_and_actions_go_to_login(client, world, task):
    before = snapshot()
    assert client.get(reverse("tasks:household_tasks", args=[world.household.uuid])).status_code == 302
    assert client.post(_action_url(world, task, "afronden")).status_code == 302
    assert snapshot() == before


@pytest.mark.parametrize("name", CASEWORKERS)
def test_caseworkers_see_their_task_lists(client, world, name):
    _as(client, world, name)
    assert client.get("/taken/").status_code == 200
    assert client.get("/taken/team/").status_code == 200


@pytest.mark.parametrize("name", NO_PERSONAL_DATA)
def test_roles_without_casework_get_404(client, world, name):
    _as(client, world, name)
    assert client.get("/taken/").status_code == 404
    assert client.get("/taken/team/").status_code == 404


@pytest.mark.parametrize(
    ("name", "status"),
    [("anna", 200), ("teun", 200), ("bo", 200)]
    + [(n, 404) for n in ["otto", "zoe", "sanne", *NO_PERSONAL_DATA]],
)
def test_household_tasks_matrix(client, world, task, name, status):
    response = _as(client, world, name).get(reverse("tasks:household_tasks", args=[world.household.uuid]))
    assert response.status_code == status
    reads = AuditEvent.objects.filter(actor=world.user(name), action=Action.READ)
    body = response.content.decode()
    if status == 200:
        assert task.title in body and reads.count() == 1
        assert 'aria-current="page"' in body and "Regisseur" in body  # the dossier header, section taken
    else:
        assert task.title not in body and not reads.exists()


@pytest.mark.parametrize("name", ["bo", "otto", "zoe", "sanne", *NO_PERSONAL_DATA])
@pytest.mark.parametrize("action", ["afronden", "opschorten", "hervatten", "verlengen", "toewijzen"])
def test_actions_are_404_for_who_may_not_act(client, world, task, name, action):
    before = snapshot()
    data = {f"{_prefix(task, action)}-reason": "Wacht op gegevens van de inwoner"}
    response = _as(client, world, name).post(_action_url(world, task, action), data)
    assert response.status_code == 404
    assert snapshot() == before


def test_new_task_is_404_for_who_cannot_see_and_refused_without_caseload_team(client, world):
    url = reverse("tasks:household_tasks", args=[world.household.uuid])
    data = {"nieuw-title": "Bellen", "nieuw-due_on": timezone.localdate().strftime("%d-%m-%Y")}
    before = snapshot()
    for name in ["otto", "zoe", "piet", "bo"]:
        client.logout()
        assert _as(client, world, name).post(url, data).status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize(
    ("name", "status"),
    [("teun", 200)] + [(n, 404) for n in ["anna", "otto", "bo", "sanne", "zoe", *NO_PERSONAL_DATA]],
)
def test_caseload_matrix(client, world, name, status):
    HouseholdFactory(district=world.west_noord, in_caseload_of=(world.team_b, world.otto))
    response = _as(client, world, name).get("/caseload/")
    assert response.status_code == status
    if status == 200:
        body = response.content.decode()
        assert "Wijkteam Centrum" in body and "Wijkteam Noord" not in body
        assert "otto" not in body


# -- what the pages show ----------------------------------------------------------------------------------
def test_my_tasks_shows_overdue_first_with_words_and_the_legal_basis(client, world, task):
    TaskFactory(
        household=world.household, team=world.team_a, assignee=world.anna, overdue=True, title="Te late taak"
    )
    soon = TaskFactory(
        household=world.household,
        team=world.team_a,
        assignee=world.anna,
        due_on=timezone.localdate(),
        title="Vandaag",
    )
    body = _as(client, world, "anna").get("/taken/").content.decode()
    assert body.index("Te late taak") < body.index("Vandaag") < body.index(task.title)
    assert "Te laat" in body and "Binnenkort" in body
    assert "Wettelijke termijn: Wmo 2015 art. 2.3.2 lid 1" in body
    assert "waarvan" in body and soon.title in body


def test_team_tasks_shows_unassigned_tasks(client, world):
    TaskFactory(household=world.household, team=world.team_a, title="Nog van niemand")
    body = _as(client, world, "teun").get("/taken/team/").content.decode()
    assert "Nog van niemand" in body and "Wachtrij van het team" in body and "Niemand" not in body
    body = _as(client, world, "teun").get("/taken/team/", {"team": str(world.team_b.uuid)}).content.decode()
    assert "Nog van niemand" in body  # a team that is not teun's is ignored: all of teun's teams


def test_household_page_offers_extension_only_where_the_law_allows(client, world, task):
    youth = TaskFactory(
        household=world.household,
        team=world.team_a,
        kind=TaskKind.LEGAL_TERM,
        term=Term.YOUTH_PLAN,
        title="Jeugdplan",
    )
    body = (
        _as(client, world, "anna")
        .get(reverse("tasks:household_tasks", args=[world.household.uuid]))
        .content.decode()
    )
    assert _action_url(world, task, "verlengen") in body
    assert _action_url(world, youth, "verlengen") not in body
    assert "Jeugdwet art. 4.1.3 lid 5" in body


def test_bo_sees_tasks_but_no_forms(client, world, task):
    body = (
        _as(client, world, "bo")
        .get(reverse("tasks:household_tasks", args=[world.household.uuid]))
        .content.decode()
    )
    assert task.title in body
    assert _action_url(world, task, "afronden") not in body
    assert "Nieuwe taak" not in body


# -- the forms ---------------------------------------------------------------------------------------------
def test_create_a_task_from_the_household_page(client, world):
    due = timezone.localdate() + timedelta(days=5)
    url = reverse("tasks:household_tasks", args=[world.household.uuid])
    response = _as(client, world, "anna").post(
        url,
        {
            "nieuw-title": "Huisbezoek",
            "nieuw-due_on": due.strftime("%d-%m-%Y"),
            "nieuw-team": str(world.team_a.uuid),
            "nieuw-assignee": str(world.anna.uuid),
        },
    )
    assert response.status_code == 302 and response["Location"] == url
    task = Task.objects.get()
    assert (task.title, task.due_on, task.team, task.assignee) == (
        "Huisbezoek",
        due,
        world.team_a,
        world.anna,
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"nieuw-title": "", "nieuw-due_on": "01-01-2099"}, "Vul de taak in."),
        ({"nieuw-title": "Bellen", "nieuw-due_on": "31-02-2099"}, "Vul een geldige datum in (dd-mm-jjjj)."),
        (
            {"nieuw-title": "Bellen", "nieuw-due_on": "01-01-2020"},
            "De uiterste datum kan niet in het verleden liggen.",
        ),
        (
            {"nieuw-title": "Bellen", "nieuw-due_on": "01-01-2099", "nieuw-assignee": "onbekend"},
            "Kies een medewerker uit de lijst.",
        ),
    ],
)
def test_bad_new_task_changes_nothing(client, world, data, message):
    data = {"nieuw-team": str(world.team_a.uuid), **data}
    before = snapshot()
    response = _as(client, world, "anna").post(
        reverse("tasks:household_tasks", args=[world.household.uuid]), data
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert snapshot() == before


def test_suspend_resume_complete_through_the_page(client, world, task):
    _as(client, world, "anna")
    response = client.post(
        _action_url(world, task, "opschorten"),
        {f"{_prefix(task, 'opschorten')}-reason": "Wacht op gegevens van de inwoner"},
    )
    assert response.status_code == 302
    assert Task.objects.get(pk=task.pk).status == TaskStatus.SUSPENDED
    assert client.post(_action_url(world, task, "hervatten")).status_code == 302
    assert Task.objects.get(pk=task.pk).status == TaskStatus.OPEN
    assert client.post(_action_url(world, task, "afronden")).status_code == 302
    assert Task.objects.get(pk=task.pk).status == TaskStatus.DONE
    assert TimelineEntry.objects.filter(kind="taak").count() == 3


def test_bad_suspension_shows_the_error_at_the_task_and_changes_nothing(client, world, task):
    before = snapshot()
    response = _as(client, world, "anna").post(
        _action_url(world, task, "opschorten"), {f"{_prefix(task, 'opschorten')}-reason": "kort"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Beschrijf de reden in minstens 10 tekens." in body and "<details open" in body
    assert snapshot() == before


def test_extend_and_reassign_through_the_page(client, world):
    task = TaskFactory(
        household=world.household,
        team=world.team_a,
        kind=TaskKind.LEGAL_TERM,
        term=Term.WMO_RESEARCH,
        start_date=date(2025, 3, 6),
        due_on=date(2025, 4, 17),
        original_due_on=date(2025, 4, 17),
    )
    _as(client, world, "teun")
    prefix = _prefix(task, "verlengen")
    before = snapshot()
    refused = client.post(
        _action_url(world, task, "verlengen"),
        {f"{prefix}-new_due_on": "02-06-2025", f"{prefix}-reason": "Inwoner vraagt uitstel"},
    )
    assert "De termijn kan hooguit worden verlengd tot 30-05-2025." in refused.content.decode()
    assert snapshot() == before
    ok = client.post(
        _action_url(world, task, "verlengen"),
        {f"{prefix}-new_due_on": "29-05-2025", f"{prefix}-reason": "Inwoner vraagt uitstel"},
    )
    assert ok.status_code == 302 and Task.objects.get(pk=task.pk).due_on == date(2025, 5, 30)
    ok = client.post(
        _action_url(world, task, "toewijzen"),
        {f"{_prefix(task, 'toewijzen')}-assignee": str(world.anna.uuid)},
    )
    assert ok.status_code == 302 and Task.objects.get(pk=task.pk).assignee == world.anna
    before = snapshot()
    bad = client.post(
        _action_url(world, task, "toewijzen"),
        {f"{_prefix(task, 'toewijzen')}-assignee": str(world.otto.uuid)},
    )
    assert "Kies een medewerker uit de lijst." in bad.content.decode()
    assert snapshot() == before


def test_unknown_action_and_other_households_task_are_404(client, world, task):
    _as(client, world, "anna")
    assert client.post(_action_url(world, task, "weggooien")).status_code == 404
    other = TaskFactory(
        household=HouseholdFactory(district=world.west_centrum, in_caseload_of=(world.team_a, world.anna)),
        team=world.team_a,
    )
    url = reverse("tasks:task_action", args=[world.household.uuid, other.uuid, "afronden"])
    assert client.post(url).status_code == 404
    assert client.get(_action_url(world, task, "afronden")).status_code == 405


# -- query counts ------------------------------------------------------------------------------------------
def _more(world, n):
    for i in range(n):
        household = HouseholdFactory(district=world.west_centrum, in_caseload_of=(world.team_a, world.anna))
        TaskFactory(
            household=household,
            team=world.team_a,
            assignee=world.anna,
            due_on=timezone.localdate() + timedelta(days=i),
        )
        TaskFactory(household=household, team=world.team_a, overdue=True, assignee=world.anna)
        TaskFactory(household=world.household, team=world.team_a, assignee=world.anna, legal=True)
        TaskFactory(household=world.household, done=True)
        HouseholdFactory(district=world.west_centrum, in_caseload_of=world.team_a)


# session + user, then: /taken/ counts 1 + list 2; /taken/team/ + the user's teams 2; /caseload/ 8; each list
# then writes the access rows of what it shows: their break-the-glass flags 1 and the rows in one insert 1;
# the household page: dossier_open 8 (household, 4 prefetches, break-the-glass check, access row and its
# savepoint pair), the tasks 2, the user's teams 1, their caseload teams 1, team members 1 and their
# caseload 1, savepoints.
PAGE_QUERIES = [
    ("anna", "/taken/", 7),
    ("teun", "/taken/team/", 9),
    ("teun", "/caseload/", 12),
    ("anna", "household", 17),
]


@pytest.mark.parametrize(("name", "url", "queries"), PAGE_QUERIES)
def test_page_query_counts_are_fixed(client, world, django_assert_num_queries, name, url, queries):
    if url == "household":
        url = reverse("tasks:household_tasks", args=[world.household.uuid])
    _as(client, world, name)
    _more(world, 2)
    client.get(url)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    _more(world, 5)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


# -- giving out work: real names with what each already carries, never "Niemand" ---------------------------
def test_the_assign_page_names_each_candidate_with_their_caseload(client, world):
    HouseholdFactory(district=world.west_centrum, in_caseload_of=(world.team_a, world.anna), complexity=3)
    body = _as(client, world, "teun").get(reverse("tasks:household_assign", args=[world.household.uuid]))
    page = body.content.decode()
    weight = world.household.complexity + 3
    assert f"{world.anna.display_name} — 2 huishoudens, gewicht {weight}" in page
    assert f"{world.teun.display_name} — 0 huishoudens, gewicht 0" in page
    assert "Nog niet: de wachtrij van het team" in page
    assert "iemand" not in page  # neither "Niemand" nor "(nog niemand)"


def test_the_household_task_page_offers_the_queue_and_the_members_with_their_caseload(client, world, task):
    page = _as(client, world, "anna").get(reverse("tasks:household_tasks", args=[world.household.uuid]))
    body = page.content.decode()
    assert "De wachtrij van het team (de teamleider verdeelt)" in body
    assert f"{world.anna.display_name} — 1 huishouden, gewicht {world.household.complexity}" in body
    assert "Niemand" not in body


def test_assigning_on_the_page_takes_the_households_open_tasks_along(client, world):
    queued = TaskFactory(household=world.household, team=world.team_a)
    response = _as(client, world, "teun").post(
        reverse("tasks:household_assign", args=[world.household.uuid]), {"worker": world.teun.pk}
    )
    assert response.status_code == 302
    assert Task.objects.get(pk=queued.pk).assignee == world.teun
