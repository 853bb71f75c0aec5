"""A plan's maatwerk action follows its aanvraag without anyone updating it: the aanvraag, the signed
beschikking (whose period becomes the action's dates), the 301 sent, the provider's 302, the start (305)
and the end (307) of care; a refused or withdrawn aanvraag stops the action and lets a new one be made."""

import datetime

import pytest
from django.urls import reverse

from wijkregie.allocations.constants import Direction
from wijkregie.allocations.models import Message
from wijkregie.allocations.services import allocation as services
from wijkregie.allocations.services.messages import PROCESSED, message_receive
from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.models import AuditEvent
from wijkregie.decisions import services as decisions
from wijkregie.decisions.constants import Outcome
from wijkregie.integrations.istandaarden import fake_provider
from wijkregie.plans import selectors as plan_selectors
from wijkregie.plans import services as plans
from wijkregie.plans.constants import ActionStatus, ChainStep, Performer, Rung
from wijkregie.plans.models import PlanAction
from wijkregie.tasks.constants import TaskStatus, Term
from wijkregie.tasks.models import Task

from .conftest import TODAY, contract_for, head, provider_of, signed_beschikking

pytestmark = pytest.mark.django_db
END = datetime.date(2025, 12, 31)  # the period signed_beschikking grants: TODAY to END


@pytest.fixture
def action(world):
    """An active plan with one maatwerk action, planned without dates, as a worker writes it."""
    plan = plans.plan_create(acting_user=world.anna, household=world.household)
    domain = plan_selectors.plan_instrument(plan).domains.order_by("position").first()
    goal = plans.goal_add(
        acting_user=world.anna,
        plan=plan,
        domain=domain,
        members=[head(world.household)],
        description="Een schoon en veilig huis",
    )
    made = plans.action_add(
        acting_user=world.anna,
        goal=goal,
        rung=Rung.LIGHT_CUSTOM,
        description="Hulp bij het huishouden",
        performer=Performer.ORGANISATION,
        organisation=provider_of(world).organisation,
        maatwerk_reason="Dochter kan het niet meer en een algemene voorziening is er niet.",
    )
    plans.plan_activate(acting_user=world.anna, plan=plan, start_date=TODAY, evaluation_date=END)
    return made


def _now(action):
    found = PlanAction.objects.get(pk=action.pk)
    return found.chain_step, found.chain_step_on, found.status, found.start_date, found.end_date


def test_the_action_follows_its_aanvraag_to_the_end_of_care(world, action, outbox):
    beschikking = signed_beschikking(world, plan_action=action)
    request = beschikking.request
    # the beschikking's period is the action's, and the step names the beschikking
    assert _now(action) == (ChainStep.GRANTED, TODAY, ActionStatus.PLANNED, TODAY, END)
    assert PlanAction.objects.get(pk=action.pk).chain_request_uuid == request.uuid
    assert PlanAction.objects.get(pk=action.pk).chain_detail == f"Beschikking {beschikking.reference}"

    provider = provider_of(world)
    contract_for(world, provider)
    allocation = services.allocation_create(acting_user=world.bo, beschikking=beschikking, provider=provider)
    assert _now(action)[0] == ChainStep.ALLOCATED
    sent = bytes(Message.objects.get(direction=Direction.OUT, allocations=allocation).content)

    assert message_receive("302.xml", fake_provider.retour_302(sent, dated_on=TODAY))[0] == PROCESSED
    assert _now(action)[0] == ChainStep.ACCEPTED

    started = TODAY + datetime.timedelta(days=2)
    start = fake_provider.start_care_305(sent, started_on=started, identification="ZA305")
    assert message_receive("305.xml", start)[0] == PROCESSED
    assert _now(action)[:3] == (ChainStep.STARTED, started, ActionStatus.RUNNING)

    stopped = datetime.date(2025, 6, 30)
    stop = fake_provider.stop_care_307(sent, started_on=started, stopped_on=stopped, identification="ZA307")
    assert message_receive("307.xml", stop)[0] == PROCESSED
    assert _now(action)[:3] == (ChainStep.STOPPED, stopped, ActionStatus.DONE)
    # the action's end-date reminder is met with it; each step left the system's audit row on the action
    assert Task.objects.get(source_uuid=action.uuid, term=Term.ACTION_END).status == TaskStatus.DONE
    rows = AuditEvent.objects.filter(object_uuid=action.uuid, action=Action.UPDATE, channel=Channel.SYSTEM)
    assert rows.count() == 6  # aanvraag, beschikking, 301, 302, 305, 307


def test_a_refused_aanvraag_stops_the_action_and_opens_it_for_a_new_one(world, action, client):
    signed_beschikking(world, plan_action=action, outcome=Outcome.REFUSED)
    step, _on, status, start, end = _now(action)
    assert (step, status, start, end) == (ChainStep.REFUSED, ActionStatus.STOPPED, None, None)
    client.force_login(world.anna)
    page = client.get(reverse("plans:household_plan", args=[world.household.uuid])).content.decode()
    assert "Aanvraag afgewezen op 10-03-2025" in page and "Nieuwe aanvraag maatwerk" in page


def test_a_withdrawn_aanvraag_stops_the_action(world, action):
    request = decisions.request_create(
        acting_user=world.anna,
        household=world.household,
        resident=head(world.household),
        provision=signed_beschikking(world).request.provision,
        received_on=TODAY,
        plan_action=action,
    )
    assert _now(action)[:2] == (ChainStep.REQUESTED, TODAY)
    decisions.request_withdraw(
        acting_user=world.anna, request=request, reason="Mevrouw wil eerst zelf zoeken."
    )
    assert _now(action)[0::2] == (ChainStep.WITHDRAWN, ActionStatus.STOPPED, None)


def test_the_plan_shows_the_step_and_links_to_the_aanvraag_instead_of_offering_a_new_one(
    world, action, client
):
    beschikking = signed_beschikking(world, plan_action=action)
    client.force_login(world.anna)
    page = client.get(reverse("plans:household_plan", args=[world.household.uuid])).content.decode()
    assert f"Toegekend, nog niet toegewezen op 10-03-2025: Beschikking {beschikking.reference}" in page
    assert reverse("decisions:request_detail", args=[beschikking.request.uuid]) in page
    assert "Aanvraag maatwerk<" not in page and "Nieuwe aanvraag maatwerk" not in page
    assert "vanaf 10-03-2025 tot 31-12-2025" in page
