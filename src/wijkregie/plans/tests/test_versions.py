"""Two people changing one goal or action never lose each other's change: a change applies to the row as
stored now, and a change made on an older version (API `If-Match`, the version an edit page carried) is
refused with the current version instead of overwriting."""

import pytest
from rest_framework.test import APIClient

from wijkregie.accounts.services import api_token_for
from wijkregie.core.versioning import EDITED_MEANWHILE, EditedMeanwhile
from wijkregie.plans import services
from wijkregie.plans.models import Goal, PlanAction

from .conftest import active_plan, add_goal, draft_plan

pytestmark = pytest.mark.django_db


def _api(name: str = "anna") -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_for(username=name)}")
    return client


def test_two_changes_of_one_goal_read_before_either_wrote_both_stay(setup):
    goal = add_goal(setup, draft_plan(setup))
    first, second = Goal.objects.get(pk=goal.pk), Goal.objects.get(pk=goal.pk)

    services.goal_update(acting_user=setup.world.anna, goal=first, changes={"description": "Schuldenvrij"})
    services.goal_update(
        acting_user=setup.world.anna, goal=second, changes={"domain": setup.domain("huisvesting")}
    )

    goal.refresh_from_db()
    assert (goal.description, goal.domain.code, goal.version) == ("Schuldenvrij", "huisvesting", 3)


def test_two_changes_of_one_action_read_before_either_wrote_both_stay(setup):
    action = PlanAction.objects.get(goal__plan=active_plan(setup))
    first, second = PlanAction.objects.get(pk=action.pk), PlanAction.objects.get(pk=action.pk)

    services.action_update(acting_user=setup.world.anna, action=first, changes={"description": "Budgetplan"})
    services.action_update(
        acting_user=setup.world.anna, action=second, changes={"performer_name": "Buurman Kees"}
    )

    action.refresh_from_db()
    assert (action.description, action.performer_name, action.version) == ("Budgetplan", "Buurman Kees", 3)


def test_a_change_on_an_older_version_is_refused_and_changes_nothing(setup):
    goal = add_goal(setup, draft_plan(setup))
    services.goal_update(acting_user=setup.world.anna, goal=goal, changes={"description": "Eerst"})

    with pytest.raises(EditedMeanwhile) as refused:
        services.goal_update(
            acting_user=setup.world.anna, goal=goal, changes={"description": "Later"}, expected_version=1
        )

    goal.refresh_from_db()
    assert (refused.value.current_version, goal.description, goal.version) == (2, "Eerst", 2)


def test_the_api_answers_an_etag_and_refuses_a_stale_if_match_with_412(setup):
    goal = add_goal(setup, draft_plan(setup))
    api = _api()

    changed = api.patch(
        f"/api/v1/goals/{goal.uuid}/", {"description": "Eerst"}, format="json", HTTP_IF_MATCH='"1"'
    )
    stale = api.patch(
        f"/api/v1/goals/{goal.uuid}/", {"description": "Later"}, format="json", HTTP_IF_MATCH='"1"'
    )
    weak = api.patch(
        f"/api/v1/goals/{goal.uuid}/", {"description": "Dan"}, format="json", HTTP_IF_MATCH='W/"2"'
    )

    assert (changed.status_code, changed["ETag"], changed.json()["version"]) == (200, '"2"', 2)
    assert (stale.status_code, stale.json(), stale["ETag"]) == (412, {"detail": EDITED_MEANWHILE}, '"2"')
    assert (weak.status_code, weak["ETag"]) == (200, '"3"')
    goal.refresh_from_db()
    assert goal.description == "Dan"


@pytest.mark.parametrize("header", ['"abc"', "3", '"0"', '"1", "2"'])
def test_an_if_match_that_is_no_etag_of_ours_is_a_dutch_400(setup, header):
    goal = add_goal(setup, draft_plan(setup))

    answer = _api().patch(
        f"/api/v1/goals/{goal.uuid}/", {"description": "X"}, format="json", HTTP_IF_MATCH=header
    )

    assert answer.status_code == 400
    assert answer.json() == {"If-Match": ['Stuur in If-Match de ETag zoals ontvangen, bijvoorbeeld "3".']}
    assert Goal.objects.get(pk=goal.pk).version == 1


def test_an_action_patch_with_a_stale_if_match_is_refused(setup):
    action = PlanAction.objects.get(goal__plan=active_plan(setup))
    api = _api()
    api.patch(f"/api/v1/actions/{action.uuid}/", {"description": "Eerst"}, format="json")

    stale = api.patch(
        f"/api/v1/actions/{action.uuid}/", {"description": "Later"}, format="json", HTTP_IF_MATCH='"1"'
    )

    assert (stale.status_code, stale["ETag"]) == (412, '"2"')
    assert PlanAction.objects.get(pk=action.pk).description == "Eerst"


def test_the_goal_page_after_someone_else_changed_it_shows_the_current_goal_and_the_message(client, setup):
    goal = add_goal(setup, draft_plan(setup))
    client.force_login(setup.world.anna)
    url = f"/huishoudens/{setup.world.household.uuid}/plan/doelen/{goal.uuid}/"
    form = client.get(url)
    services.goal_update(acting_user=setup.world.teun, goal=goal, changes={"description": "Van Teun"})

    posted = client.post(
        url,
        {
            "description": "Van Anna",
            "domain": goal.domain.pk,
            "members": [setup.head.uuid],
            "version": form.context["form"]["version"].value(),
        },
    )
    again = client.get(posted["Location"])

    assert (posted.status_code, posted["Location"]) == (302, url)
    assert EDITED_MEANWHILE in again.content.decode()
    assert again.context["form"]["description"].value() == "Van Teun"
    assert again.context["form"]["version"].value() == 2
    assert Goal.objects.get(pk=goal.pk).description == "Van Teun"
