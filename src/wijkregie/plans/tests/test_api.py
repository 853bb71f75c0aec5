"""Plans API: authorisation matrix (404 and nothing changed), the plan flow, Dutch 400s that save nothing."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from wijkregie.accounts.services import api_token_for
from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.models import AuditEvent
from wijkregie.organisation.models import Organisation
from wijkregie.plans import services
from wijkregie.plans.constants import GoalStatus, PlanStatus, Rung
from wijkregie.plans.models import GoalAttainment, Mdo, Plan, PlanAction

from .conftest import REASON, active_plan, draft_plan
from .test_services import state

pytestmark = pytest.mark.django_db

API = "/api/v1"
TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)
ALLOWED = ["anna", "teun", "bo"]
REFUSED = ["otto", "zoe", "sanne", "piet", "carla", "bea", "fenna"]


def _without_reads() -> tuple:
    return (*state()[:-2], state()[-1], AuditEvent.objects.exclude(action=Action.READ).count())


@pytest.fixture
def api(world):
    def client_for(name: str | None) -> APIClient:
        client = APIClient()
        if name is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_for(username=name)}")
        return client

    return client_for


def _endpoints(setup, plan):
    household = setup.world.household.uuid
    goal = plan.goals.get()
    version = plan.versions.get()
    return [
        ("get", f"/households/{household}/plans/", None),
        ("post", f"/households/{household}/plans/", {}),
        ("get", f"/plans/{plan.uuid}/", None),
        ("post", f"/plans/{plan.uuid}/versions/", None),
        ("post", f"/plans/{plan.uuid}/close/", {"outcome": "verhuisd", "closed_on": TODAY().isoformat()}),
        (
            "post",
            f"/plan-versions/{version.uuid}/agreement/",
            {
                "agreed_on": TODAY().isoformat(),
                "agreement_method": "mondeling",
                "agreed_by": str(setup.head.uuid),
            },
        ),
        (
            "post",
            f"/plans/{plan.uuid}/goals/",
            {"description": "Doel", "domain": "huisvesting", "members": [str(setup.head.uuid)]},
        ),
        ("patch", f"/goals/{goal.uuid}/", {"description": "Anders"}),
        (
            "post",
            f"/goals/{goal.uuid}/actions/",
            {"rung": Rung.NETWORK, "description": "X", "performer": "netwerk"},
        ),
        ("get", f"/households/{household}/mdos/", None),
        (
            "post",
            f"/households/{household}/mdos/",
            {"held_on": TODAY().isoformat(), "discussed": "x", "participants": [{"name": "A"}]},
        ),
        ("get", f"/plans/{plan.uuid}/evaluations/", None),
        ("get", f"/plan-versions/{version.uuid}/pdf/", None),
        (
            "post",
            f"/plans/{plan.uuid}/evaluations/",
            {"held_on": TODAY().isoformat(), "attainments": [{"goal": str(goal.uuid), "score": 1}]},
        ),
    ]


@pytest.mark.parametrize("index", range(14))
@pytest.mark.parametrize("name", [None, *REFUSED])
def test_refused_users_get_401_or_404_and_nothing_changes(api, setup, name, index):
    method, path, body = _endpoints(setup, active_plan(setup))[index]
    client = api(name)
    before = state()

    response = getattr(client, method)(f"{API}{path}", body, format="json")

    assert response.status_code == (401 if name is None else 404)
    assert state() == before


@pytest.mark.parametrize("name", ALLOWED)
def test_allowed_users_read_the_plan_and_it_is_logged(api, setup, name):
    plan = active_plan(setup)

    response = api(name).get(f"{API}/plans/{plan.uuid}/")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == PlanStatus.ACTIVE
    assert body["goals"][0]["domain"] == {"code": "financien", "name": "Financiën"}
    assert body["versions"][0]["number"] == 1
    assert AuditEvent.objects.filter(
        actor=setup.world.user(name), action=Action.READ, channel=Channel.API
    ).exists()


def test_plan_flow_and_dutch_400s(api, setup):
    client = api("anna")
    household = setup.world.household.uuid

    created = client.post(f"{API}/households/{household}/plans/", {}, format="json")
    assert created.status_code == 201
    plan_uuid = created.json()["uuid"]
    second = client.post(f"{API}/households/{household}/plans/", {}, format="json")
    assert second.status_code == 400
    assert second.json() == {"household": [services.OPEN_PLAN_EXISTS_ERROR]}

    no_goals = client.post(
        f"{API}/plans/{plan_uuid}/activate/",
        {"start_date": TODAY().isoformat(), "evaluation_date": (TODAY() + 30 * DAY).isoformat()},
        format="json",
    )
    assert no_goals.status_code == 400
    assert no_goals.json() == {"__all__": [services.NO_GOALS_ERROR]}

    goal = client.post(
        f"{API}/plans/{plan_uuid}/goals/",
        {"description": "Rondkomen", "domain": "financien", "members": [str(setup.head.uuid)]},
        format="json",
    )
    assert goal.status_code == 201
    bad_domain = client.post(
        f"{API}/plans/{plan_uuid}/goals/",
        {"description": "X", "domain": "ruimtevaart", "members": [str(setup.head.uuid)]},
        format="json",
    )
    assert bad_domain.status_code == 400
    assert "domain" in bad_domain.json()

    zorg = Organisation.objects.get(name="Zorg Thuis")
    maatwerk = {
        "rung": Rung.HEAVY_CUSTOM,
        "description": "Beschermd wonen",
        "performer": "organisatie",
        "organisation": str(zorg.uuid),
    }
    before = _without_reads()
    refused = client.post(f"{API}/goals/{goal.json()['uuid']}/actions/", maatwerk, format="json")
    assert refused.status_code == 400
    assert refused.json() == {"maatwerk_reason": [services.MAATWERK_REASON_ERROR]}
    assert _without_reads() == before

    action = client.post(
        f"{API}/goals/{goal.json()['uuid']}/actions/", {**maatwerk, "maatwerk_reason": REASON}, format="json"
    )
    assert action.status_code == 201
    assert PlanAction.objects.get(uuid=action.json()["uuid"]).organisation == zorg

    activated = client.post(
        f"{API}/plans/{plan_uuid}/activate/",
        {"start_date": TODAY().isoformat(), "evaluation_date": (TODAY() + 30 * DAY).isoformat()},
        format="json",
    )
    assert activated.status_code == 200
    version = activated.json()["versions"][0]
    agreed = client.post(
        f"{API}/plan-versions/{version['uuid']}/agreement/",
        {"agreed_on": TODAY().isoformat(), "agreement_method": "digitaal", "agreed_by": str(setup.head.uuid)},
        format="json",
    )
    assert agreed.status_code == 200
    assert agreed.json()["agreed_by"]["uuid"] == str(setup.head.uuid)

    early = client.post(
        f"{API}/plans/{plan_uuid}/evaluations/",
        {"held_on": (TODAY() - DAY).isoformat(), "attainments": [{"goal": goal.json()["uuid"], "score": 1}]},
        format="json",
    )
    assert early.status_code == 400
    assert early.json() == {"held_on": [services.EVALUATION_BEFORE_START_ERROR]}

    evaluated = client.post(
        f"{API}/plans/{plan_uuid}/evaluations/",
        {
            "held_on": TODAY().isoformat(),
            "notes": "Goed",
            "attainments": [{"goal": goal.json()["uuid"], "score": -1, "status": "niet_behaald"}],
            "rescoring": [
                {"resident": str(setup.head.uuid), "scores": [{"domain": "financien", "value": 3}]}
            ],
        },
        format="json",
    )
    assert evaluated.status_code == 201, evaluated.json()
    gas = GoalAttainment.objects.get()
    assert (gas.score, gas.highest_rung, gas.goal.status) == (-1, Rung.HEAVY_CUSTOM, GoalStatus.NOT_ACHIEVED)

    closed = client.post(
        f"{API}/plans/{plan_uuid}/close/",
        {"outcome": "deels", "closed_on": TODAY().isoformat()},
        format="json",
    )
    assert closed.status_code == 200
    assert Plan.objects.get(uuid=plan_uuid).status == PlanStatus.CLOSED


def test_mdo_decision_to_action(api, setup):
    plan = active_plan(setup)
    client = api("anna")
    household = setup.world.household.uuid
    schans = Organisation.objects.get(name="Welzijn De Schans")

    mdo = client.post(
        f"{API}/households/{household}/mdos/",
        {
            "held_on": TODAY().isoformat(),
            "discussed": "Voortgang",
            "participants": [{"name": "Karin", "organisation": str(schans.uuid), "role": "schuldhulp"}],
        },
        format="json",
    )
    assert mdo.status_code == 201
    decision = client.post(
        f"{API}/mdos/{mdo.json()['uuid']}/decisions/", {"text": "Budgetcursus"}, format="json"
    )
    assert decision.status_code == 201
    url = f"{API}/mdo-decisions/{decision.json()['uuid']}/action/"
    body = {"goal": str(plan.goals.get().uuid), "rung": Rung.LIGHT_CUSTOM, "performer": "inwoner"}
    assert client.post(url, body, format="json").status_code == 400
    action = client.post(url, {**body, "rung": Rung.GENERAL}, format="json")
    assert action.status_code == 201
    assert action.json()["description"] == "Budgetcursus"
    assert Mdo.objects.get().participants.get().organisation == schans


def test_draft_plan_goal_removal(api, setup):
    plan = draft_plan(setup)
    goal = services.goal_add(
        acting_user=setup.world.anna,
        plan=plan,
        domain=setup.domain("financien"),
        members=[setup.head],
        description="Doel",
    )

    assert api("anna").delete(f"{API}/goals/{goal.uuid}/").status_code == 204
    assert not plan.goals.exists()


def test_the_plan_document_as_pdf_through_the_api(api, setup):
    plan = active_plan(setup)
    version = plan.versions.get()

    response = api("anna").get(f"{API}/plan-versions/{version.uuid}/pdf/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == 'attachment; filename="plan-v1.pdf"'
    assert (
        AuditEvent.objects.filter(action=Action.EXPORT, object_uuid=version.uuid, channel="api").count() == 1
    )
