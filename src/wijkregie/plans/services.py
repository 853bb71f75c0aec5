"""Writes to the household plan, its goals, actions, versions and agreements, MDO's and evaluations.

Each service checks the HouseholdPolicy (Http404 when not allowed, as if it did not exist), validates with
Dutch messages per field (ValidationError, nothing saved), owns its transaction and writes the audit row
and the household's timeline line in it. Plan dates are kept in step with tasks (tasks.services)."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.http import Http404
from django.utils import timezone

from wijkregie.accounts.models import User
from wijkregie.assessment import services as assessment_services
from wijkregie.assessment.constants import ScoringMoment
from wijkregie.assessment.models import InstrumentDomain
from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.services import record
from wijkregie.core.versioning import locked_current, save_new_version
from wijkregie.households.constants import TimelineKind
from wijkregie.households.models import CaseloadEntry, Household, Resident
from wijkregie.households.policies import HouseholdPolicy
from wijkregie.households.services import household_log, timeline_note
from wijkregie.organisation.models import Organisation, Team
from wijkregie.tasks import services as task_services
from wijkregie.tasks.constants import Term

from . import selectors
from .constants import (
    CHAIN_STATUS,
    FINISHED_ACTIONS,
    MAATWERK_RUNGS,
    OPEN_PLAN_STATUSES,
    ActionStatus,
    AgreementMethod,
    CaseDirector,
    ChainStep,
    GoalStatus,
    Performer,
    PlanOutcome,
    PlanStatus,
    Rung,
)
from .models import (
    Evaluation,
    Goal,
    GoalAttainment,
    Mdo,
    MdoDecision,
    MdoParticipant,
    Plan,
    PlanAction,
    PlanVersion,
)

Errors = dict[str, list[str]]

MAATWERK_REASON_MIN = 20
MAATWERK_REASON_ERROR = (
    "Leg uit waarom eigen kracht, netwerk, vrijwilligers en algemene voorzieningen niet volstaan."
)
NO_GOALS_ERROR = "Een plan zonder doelen kan niet actief worden."
EVALUATION_BEFORE_START_ERROR = "Een evaluatie kan niet vóór de start van het plan."
OPEN_PLAN_EXISTS_ERROR = "Dit huishouden heeft al een open plan. Werk dat plan bij of sluit het eerst af."
PLAN_CLOSED_ERROR = "Dit plan is afgesloten en kan niet meer worden gewijzigd."
EVALUATION_TASK_TITLE = "Plan evalueren"
ACTION_END_TASK_TITLE = "Actie loopt af"


# -- shared checks ------------------------------------------------------------------------------------------
def _editable_or_404(acting_user: User, household: Household) -> None:
    if not HouseholdPolicy(acting_user).can_edit(household):
        raise Http404


VERSION_ONLY_ACTIVE = "Alleen van een actief plan wordt een nieuwe versie gemaakt."


def _open_or_error(plan: Plan) -> None:
    if plan.status not in OPEN_PLAN_STATUSES:
        raise ValidationError({"__all__": [PLAN_CLOSED_ERROR]})


def _lock_in(plan: Plan, statuses: tuple[str, ...], message: str) -> None:
    """First thing inside a change's transaction: the plan row, locked and read again, must still be in one
    of `statuses` (a plan closed by someone else meanwhile refuses the change). On SQLite the transaction
    itself serialises the writers."""
    status = Plan.objects.select_for_update().filter(pk=plan.pk).values_list("status", flat=True).first()
    if status not in statuses:
        raise ValidationError({"__all__": [message]})
    plan.status = status


def _lock_open(plan: Plan) -> None:
    _lock_in(plan, OPEN_PLAN_STATUSES, PLAN_CLOSED_ERROR)


def _today() -> date:
    return timezone.localdate()


def _not_future(errors: Errors, field: str, day: date | None, label: str) -> None:
    if day is not None and day > _today():
        errors.setdefault(field, []).append(f"{label} kan niet in de toekomst liggen.")


def _task_team(acting_user: User, household: Household) -> Team | None:
    """A team of the acting user that has the household in caseload (for the plan's tasks)."""
    entry = (
        CaseloadEntry.objects.filter(
            household=household,
            ended_at__isnull=True,
            team_id__in=HouseholdPolicy(acting_user).own_team_ids(),
        )
        .select_related("team")
        .order_by("pk")
        .first()
    )
    return entry.team if entry is not None else None


def _task_kwargs(acting_user: User, household: Household) -> dict[str, Any]:
    return {
        "household": household,
        "team": _task_team(acting_user, household),
        "assignee": household.regisseur or acting_user,
        "today": _today(),
    }


def _evaluation_task_set(acting_user: User, plan: Plan) -> None:
    task_services.plan_date_task_set(
        term=Term.PLAN_EVALUATION,
        title=EVALUATION_TASK_TITLE,
        day=plan.evaluation_date,
        source=plan,
        **_task_kwargs(acting_user, plan.household),
    )


def _action_task_set(
    acting_user: User, action: PlanAction, household: Household, *, cancel: bool = False
) -> None:
    """Keep the 'Actie loopt af' task of an active plan's action in step with its end date."""
    task_services.plan_date_task_set(
        term=Term.ACTION_END,
        title=ACTION_END_TASK_TITLE,
        day=None if cancel else action.end_date,
        source=action,
        **_task_kwargs(acting_user, household),
    )


# -- plan ---------------------------------------------------------------------------------------------------
def plan_create(
    *,
    acting_user: User,
    household: Household,
    family_group_plan: bool = False,
    channel: Channel = Channel.WEB,
) -> Plan:
    """A new draft plan for the household, linked to its latest brede uitvraag when there is one.
    At most one open (draft or active) plan per household."""
    _editable_or_404(acting_user, household)
    if selectors.open_plan(household) is not None:
        raise ValidationError({"household": [OPEN_PLAN_EXISTS_ERROR]})
    report = selectors.latest_report(household)
    try:
        with transaction.atomic():
            plan = Plan.objects.create(
                household=household,
                report=report,
                status=PlanStatus.DRAFT,
                family_group_plan=family_group_plan,
                created_by=acting_user,
            )
            household_log(
                acting_user,
                household,
                action=Action.CREATE,
                obj=plan,
                kind=TimelineKind.PLAN,
                description="Plan aangemaakt (concept)",
                fields=["status", "report", "family_group_plan"],
                channel=channel,
            )
            if family_group_plan:
                _youth_term_not_applicable(acting_user, household)
    except IntegrityError as exc:  # another open plan was made at the same moment
        raise ValidationError({"household": [OPEN_PLAN_EXISTS_ERROR]}) from exc
    return plan


def _youth_term_not_applicable(acting_user: User, household: Household) -> None:
    """Jeugdwet 4.1.3 lid 5: the six-week plan term applies only where there is no familiegroepsplan."""
    task_services.tasks_close_for_household(
        household=household,
        terms=(Term.YOUTH_PLAN,),
        on=timezone.localdate(),
        cancel=True,
        actor=acting_user,
        reason="er is een familiegroepsplan",
    )


def plan_activate(
    *,
    acting_user: User,
    plan: Plan,
    start_date: date,
    evaluation_date: date,
    channel: Channel = Channel.WEB,
) -> Plan:
    """The draft plan becomes active from `start_date`: version 1 is frozen, the evaluation is planned."""
    household = plan.household
    _editable_or_404(acting_user, household)
    errors: Errors = {}
    if plan.status != PlanStatus.DRAFT:
        errors["__all__"] = ["Alleen een conceptplan kan actief worden."]
    elif not plan.goals.exists():
        errors["__all__"] = [NO_GOALS_ERROR]
    if start_date is None:
        errors["start_date"] = ["Vul de startdatum in."]
    if evaluation_date is None:
        errors["evaluation_date"] = ["Vul de evaluatiedatum in."]
    elif start_date is not None and evaluation_date < start_date:
        errors["evaluation_date"] = ["De evaluatiedatum ligt vóór de startdatum."]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        updated = Plan.objects.filter(pk=plan.pk, status=PlanStatus.DRAFT).update(
            status=PlanStatus.ACTIVE,
            start_date=start_date,
            evaluation_date=evaluation_date,
            current_version=1,
            updated_at=timezone.now(),
        )
        if not updated:
            raise ValidationError({"__all__": ["Alleen een conceptplan kan actief worden."]})
        plan.status = PlanStatus.ACTIVE
        plan.start_date = start_date
        plan.evaluation_date = evaluation_date
        plan.current_version = 1
        PlanVersion.objects.create(plan=plan, number=1, content=plan_content(plan), made_by=acting_user)
        _evaluation_task_set(acting_user, plan)
        for action in PlanAction.objects.filter(goal__plan=plan, end_date__isnull=False):
            _action_task_set(acting_user, action, household)
        task_services.tasks_close_for_household(
            household=household, terms=(Term.YOUTH_PLAN,), on=start_date, actor=acting_user
        )
        household_log(
            acting_user,
            household,
            action=Action.UPDATE,
            obj=plan,
            kind=TimelineKind.PLAN,
            description=f"Plan actief vanaf {start_date:%d-%m-%Y} (versie 1), evaluatie op "
            f"{evaluation_date:%d-%m-%Y}",
            fields=["status", "start_date", "evaluation_date", "current_version"],
            channel=channel,
        )
    return plan


def plan_evaluation_date_set(
    *, acting_user: User, plan: Plan, evaluation_date: date, channel: Channel = Channel.WEB
) -> Plan:
    """Move the active plan's (next) evaluation date; the evaluation task moves with it."""
    _editable_or_404(acting_user, plan.household)
    _evaluation_date_set(acting_user, plan, evaluation_date, channel)
    return plan


def _evaluation_date_errors(plan: Plan, evaluation_date: date | None, after: date | None = None) -> Errors:
    if plan.status != PlanStatus.ACTIVE:
        return {"__all__": ["Alleen een actief plan heeft een evaluatiedatum."]}
    if evaluation_date is None:
        return {"evaluation_date": ["Vul de evaluatiedatum in."]}
    if plan.start_date is not None and evaluation_date < plan.start_date:
        return {"evaluation_date": ["De evaluatiedatum ligt vóór de startdatum."]}
    if after is not None and evaluation_date <= after:
        return {"evaluation_date": ["De volgende evaluatie ligt na deze evaluatie."]}
    return {}


def _evaluation_date_set(
    acting_user: User, plan: Plan, evaluation_date: date, channel: Channel, *, after: date | None = None
) -> None:
    errors = _evaluation_date_errors(plan, evaluation_date, after)
    if errors:
        raise ValidationError(errors)
    if evaluation_date == plan.evaluation_date and after is None:
        return
    with transaction.atomic():
        _lock_in(plan, (PlanStatus.ACTIVE,), "Alleen een actief plan heeft een evaluatiedatum.")
        Plan.objects.filter(pk=plan.pk).update(evaluation_date=evaluation_date, updated_at=timezone.now())
        plan.evaluation_date = evaluation_date
        _evaluation_task_set(acting_user, plan)
        household_log(
            acting_user,
            plan.household,
            action=Action.UPDATE,
            obj=plan,
            kind=TimelineKind.PLAN,
            description=f"Evaluatiedatum van het plan: {evaluation_date:%d-%m-%Y}",
            fields=["evaluation_date"],
            channel=channel,
        )


def plan_content(plan: Plan) -> dict[str, Any]:
    """The plan as it stands, as plain data with labels: what a version freezes and the document shows."""
    goals = (
        Goal.objects.filter(plan=plan)
        .select_related("domain")
        .prefetch_related("members", "actions__organisation")
        .order_by("position", "created_at", "pk")
    )
    content_goals = []
    for goal in goals:
        members = sorted(goal.members.all(), key=lambda r: (r.birth_date, r.pk))
        actions = sorted(goal.actions.all(), key=lambda a: (a.rung, a.created_at, a.pk))
        content_goals.append(
            {
                "uuid": str(goal.uuid),
                "description": goal.description,
                "domain": {
                    "code": goal.domain.code,
                    "name": goal.domain.name,
                    "position": goal.domain.position,
                },
                "members": [{"uuid": str(r.uuid), "name": r.full_name} for r in members],
                "status": goal.status,
                "status_label": GoalStatus(goal.status).label,
                "actions": [_action_content(action) for action in actions],
            }
        )
    return {
        "start_date": plan.start_date.isoformat() if plan.start_date else None,
        "evaluation_date": plan.evaluation_date.isoformat() if plan.evaluation_date else None,
        "family_group_plan": plan.family_group_plan,
        "goals": content_goals,
    }


def _action_content(action: PlanAction) -> dict[str, Any]:
    return {
        "uuid": str(action.uuid),
        "description": action.description,
        "rung": action.rung,
        "rung_label": Rung(action.rung).label,
        "performer": action.performer,
        "performer_label": Performer(action.performer).label,
        "performer_name": action.performer_name,
        "organisation": action.organisation.name if action.organisation else "",
        "provision": action.provision,
        "case_director": action.case_director,
        "case_director_label": CaseDirector(action.case_director).label,
        "start_date": action.start_date.isoformat() if action.start_date else None,
        "end_date": action.end_date.isoformat() if action.end_date else None,
        "status": action.status,
        "status_label": ActionStatus(action.status).label,
        "maatwerk_reason": action.maatwerk_reason,
    }


def plan_version_make(*, acting_user: User, plan: Plan, channel: Channel = Channel.WEB) -> PlanVersion:
    """Freeze the active plan's current content as its next version (only when it changed)."""
    _editable_or_404(acting_user, plan.household)
    if plan.status != PlanStatus.ACTIVE:
        raise ValidationError({"__all__": [VERSION_ONLY_ACTIVE]})
    content = plan_content(plan)
    last = plan.versions.order_by("-number").first()
    if last is not None and last.content == content:
        raise ValidationError(
            {
                "__all__": [
                    f"Er is niets veranderd sinds versie {last.number}; er is geen nieuwe versie nodig."
                ]
            }
        )
    number = (last.number if last else 0) + 1
    try:
        with transaction.atomic():
            _lock_in(
                plan, (PlanStatus.ACTIVE,), "Alleen van een actief plan wordt een nieuwe versie gemaakt."
            )
            version = PlanVersion.objects.create(
                plan=plan, number=number, content=content, made_by=acting_user
            )
            Plan.objects.filter(pk=plan.pk).update(current_version=number, updated_at=timezone.now())
            plan.current_version = number
            household_log(
                acting_user,
                plan.household,
                action=Action.CREATE,
                obj=version,
                kind=TimelineKind.PLAN,
                description=f"Planversie {number} vastgelegd",
                fields=["number", "content"],
                channel=channel,
            )
    except IntegrityError as exc:  # someone made the same version number at the same moment
        raise ValidationError(
            {"__all__": ["Iemand anders heeft zojuist ook een versie gemaakt. Bekijk het plan opnieuw."]}
        ) from exc
    return version


def plan_agreement_record(
    *,
    acting_user: User,
    version: PlanVersion,
    agreed_on: date,
    method: AgreementMethod | str,
    agreed_by: Resident,
    channel: Channel = Channel.WEB,
) -> PlanVersion:
    """Record the resident's agreement with one version: when, how and who."""
    plan = version.plan
    household = plan.household
    _editable_or_404(acting_user, household)
    errors: Errors = {}
    if version.agreed_on is not None:
        errors["__all__"] = [f"Het akkoord op versie {version.number} is al vastgelegd."]
    if method not in AgreementMethod.values:
        errors["method"] = ["Kies hoe de inwoner akkoord gaf."]
    if agreed_on is None:
        errors["agreed_on"] = ["Vul de datum van het akkoord in."]
    else:
        _not_future(errors, "agreed_on", agreed_on, "De datum van het akkoord")
        made_on = timezone.localdate(version.created_at)
        if agreed_on < made_on:
            errors.setdefault("agreed_on", []).append(
                f"Versie {version.number} is gemaakt op {made_on:%d-%m-%Y}; het akkoord kan niet eerder zijn."
            )
    member_ids = {r.pk for r in selectors.current_members(household)}
    if agreed_by is None or agreed_by.pk not in member_ids:
        errors["agreed_by"] = ["Kies een lid van het huishouden."]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        updated = PlanVersion.objects.filter(pk=version.pk, agreed_on__isnull=True).update(
            agreed_on=agreed_on, agreement_method=method, agreed_by=agreed_by, updated_at=timezone.now()
        )
        if not updated:
            raise ValidationError({"__all__": [f"Het akkoord op versie {version.number} is al vastgelegd."]})
        version.agreed_on = agreed_on
        version.agreement_method = method
        version.agreed_by = agreed_by
        household_log(
            acting_user,
            household,
            action=Action.UPDATE,
            obj=version,
            kind=TimelineKind.AGREEMENT,
            description=f"Akkoord op planversie {version.number}: {AgreementMethod(method).label.lower()}",
            fields=["agreed_on", "agreement_method", "agreed_by"],
            channel=channel,
        )
    return version


def plan_close(
    *,
    acting_user: User,
    plan: Plan,
    outcome: PlanOutcome | str,
    closed_on: date,
    channel: Channel = Channel.WEB,
) -> Plan:
    """Close the plan with its outcome; goals still open lapse ('vervallen'); its tasks are cancelled."""
    household = plan.household
    _editable_or_404(acting_user, household)
    errors: Errors = {}
    if plan.status not in OPEN_PLAN_STATUSES:
        errors["__all__"] = ["Dit plan is al afgesloten."]
    if outcome not in PlanOutcome.values:
        errors["outcome"] = ["Kies de uitkomst van het plan."]
    if closed_on is None:
        errors["closed_on"] = ["Vul de datum van afsluiten in."]
    else:
        _not_future(errors, "closed_on", closed_on, "De datum van afsluiten")
        if plan.start_date is not None and closed_on < plan.start_date:
            errors.setdefault("closed_on", []).append(
                "Een plan kan niet vóór zijn startdatum worden afgesloten."
            )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        updated = Plan.objects.filter(pk=plan.pk, status__in=OPEN_PLAN_STATUSES).update(
            status=PlanStatus.CLOSED, outcome=outcome, closed_on=closed_on, updated_at=timezone.now()
        )
        if not updated:
            raise ValidationError({"__all__": ["Dit plan is al afgesloten."]})
        plan.status = PlanStatus.CLOSED
        plan.outcome = outcome
        plan.closed_on = closed_on
        Goal.objects.filter(plan=plan, status=GoalStatus.OPEN).update(
            status=GoalStatus.DROPPED, closed_on=closed_on, updated_at=timezone.now()
        )
        task_services.tasks_close_for_source(
            source_uuid=plan.uuid, on=closed_on, cancel=True, actor=acting_user
        )
        for action_uuid in PlanAction.objects.filter(goal__plan=plan).values_list("uuid", flat=True):
            task_services.tasks_close_for_source(
                source_uuid=action_uuid, on=closed_on, cancel=True, actor=acting_user
            )
        household_log(
            acting_user,
            household,
            action=Action.UPDATE,
            obj=plan,
            kind=TimelineKind.PLAN,
            description=f"Plan afgesloten: {PlanOutcome(outcome).label}",
            fields=["status", "outcome", "closed_on"],
            channel=channel,
        )
    return plan


def plan_version_export(*, acting_user: User, version: PlanVersion, channel: Channel = Channel.WEB) -> bytes:
    """The readable plan document (PDF) of one version; every download leaves an EXPORT row."""
    from .documents import plan_version_pdf

    household = version.plan.household
    _editable_or_404(acting_user, household)
    pdf = plan_version_pdf(version)
    with transaction.atomic():
        record(
            actor=acting_user,
            action=Action.EXPORT,
            obj=version,
            household_uuid=household.uuid,
            channel=channel,
        )
        timeline_note(
            household=household,
            kind=TimelineKind.PLAN,
            description=f"Plandocument versie {version.number} als PDF gemaakt",
            acting_user=acting_user,
        )
    return pdf


def plan_version_filename(version: PlanVersion) -> str:
    """A file name without personal data."""
    return f"plan-v{version.number}.pdf"


# -- goals --------------------------------------------------------------------------------------------------
def _goal_errors(
    plan: Plan, domain: InstrumentDomain | None, members: list[Resident] | None, description: str
) -> Errors:
    errors: Errors = {}
    if not (description or "").strip():
        errors["description"] = ["Beschrijf het doel."]
    instrument = selectors.plan_instrument(plan)
    if domain is None:
        errors["domain"] = ["Kies het leefgebied van dit doel."]
    elif instrument is None or domain.instrument_id != instrument.pk:
        errors["domain"] = ["Kies een leefgebied uit de lijst."]
    member_ids = {r.pk for r in selectors.current_members(plan.household)}
    if not members:
        errors["members"] = ["Kies voor wie dit doel is."]
    elif any(member.pk not in member_ids for member in members):
        errors["members"] = ["Kies alleen leden van het huishouden."]
    return errors


def goal_add(
    *,
    acting_user: User,
    plan: Plan,
    domain: InstrumentDomain,
    members: list[Resident],
    description: str,
    channel: Channel = Channel.WEB,
) -> Goal:
    """A goal in the open plan, on one life domain, for one or more current members."""
    _editable_or_404(acting_user, plan.household)
    _open_or_error(plan)
    errors = _goal_errors(plan, domain, members, description)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _lock_open(plan)
        last = Goal.objects.filter(plan=plan).aggregate(last=Max("position"))["last"]
        goal = Goal.objects.create(
            plan=plan,
            domain=domain,
            description=description.strip(),
            position=0 if last is None else last + 1,
        )
        goal.members.set(members)
        household_log(
            acting_user,
            plan.household,
            action=Action.CREATE,
            obj=goal,
            kind=TimelineKind.PLAN,
            description=f"Doel toegevoegd aan het plan (leefgebied {domain.name})",
            fields=["domain", "members", "description"],
            channel=channel,
        )
    return goal


GOAL_FIELDS = ("domain", "members", "description")


def goal_update(
    *,
    acting_user: User,
    goal: Goal,
    changes: dict[str, Any],
    expected_version: int | None = None,
    channel: Channel = Channel.WEB,
) -> Goal:
    """Change a goal's domain, members or description (only the keys given), on the goal as stored now:
    EditedMeanwhile when `expected_version` is older."""
    plan = goal.plan
    _editable_or_404(acting_user, plan.household)
    _open_or_error(plan)
    unknown = set(changes) - set(GOAL_FIELDS)
    if unknown:
        raise ValidationError({name: ["Dit veld kan niet worden gewijzigd."] for name in sorted(unknown)})
    with transaction.atomic():
        _lock_open(plan)
        goal = locked_current(goal, expected_version)
        changed = _goal_changed(plan, goal, changes)
        if changed:
            save_new_version(goal, ["domain", "description", "updated_at"])
            if "members" in changed:
                goal.members.set(changes["members"])
            household_log(
                acting_user,
                plan.household,
                action=Action.UPDATE,
                obj=goal,
                kind=TimelineKind.PLAN,
                description=f"Doel gewijzigd (leefgebied {goal.domain.name})",
                fields=changed,
                channel=channel,
            )
    return goal


def _goal_changed(plan: Plan, goal: Goal, changes: dict[str, Any]) -> list[str]:
    """Check the goal with `changes` applied, apply them to `goal` and name the fields that differ."""
    current_members = list(goal.members.all())
    domain = changes.get("domain", goal.domain)
    members = list(changes.get("members", current_members))
    description = changes.get("description", goal.description)
    errors = _goal_errors(plan, domain, members, description)
    if errors:
        raise ValidationError(errors)
    changed = []
    if domain.pk != goal.domain_id:
        changed.append("domain")
    if {m.pk for m in members} != {m.pk for m in current_members}:
        changed.append("members")
    if description.strip() != goal.description:
        changed.append("description")
    goal.domain = domain
    goal.description = description.strip()
    return changed


def goal_remove(*, acting_user: User, goal: Goal, channel: Channel = Channel.WEB) -> None:
    """Remove a goal (and its actions) from the open plan; an evaluated goal stays (close it instead)."""
    plan = goal.plan
    _editable_or_404(acting_user, plan.household)
    _open_or_error(plan)
    if GoalAttainment.objects.filter(goal=goal).exists():
        raise ValidationError(
            {"__all__": ["Dit doel is al geëvalueerd en blijft bewaard. Sluit het af bij de evaluatie."]}
        )
    with transaction.atomic():
        _lock_open(plan)
        for action_uuid in goal.actions.values_list("uuid", flat=True):
            task_services.tasks_close_for_source(
                source_uuid=action_uuid, on=_today(), cancel=True, actor=acting_user
            )
        household_log(
            acting_user,
            plan.household,
            action=Action.DELETE,
            obj=goal,
            kind=TimelineKind.PLAN,
            description="Doel verwijderd uit het plan",
            channel=channel,
        )
        goal.delete()


# -- actions ------------------------------------------------------------------------------------------------
@dataclass
class ActionData:
    """The fields of an action on the support ladder."""

    rung: str
    description: str
    performer: str
    performer_name: str = ""
    organisation: Organisation | None = None
    provision: str = ""
    case_director: str = CaseDirector.TEAM
    start_date: date | None = None
    end_date: date | None = None
    status: str = ActionStatus.PLANNED
    maatwerk_reason: str = ""


ACTION_FIELDS = tuple(ActionData.__dataclass_fields__)


def _clean_action(household: Household, data: ActionData) -> ActionData:
    errors: Errors = {}
    data.description = (data.description or "").strip()
    data.performer_name = (data.performer_name or "").strip()
    data.provision = (data.provision or "").strip()
    data.maatwerk_reason = (data.maatwerk_reason or "").strip()
    if not data.description:
        errors["description"] = ["Beschrijf de actie."]
    if data.rung not in Rung.values:
        errors["rung"] = ["Kies een trede van de ondersteuningsladder."]
    if data.performer not in Performer.values:
        errors["performer"] = ["Kies wie de actie uitvoert."]
    if data.case_director not in CaseDirector.values:
        errors["case_director"] = ["Kies bij wie de casusregie ligt."]
    if data.status not in ActionStatus.values:
        errors["status"] = ["Kies een status uit de lijst."]
    if data.organisation is not None and not selectors.selectable_organisations(household).filter(
        pk=data.organisation.pk
    ):
        errors["organisation"] = ["Kies een organisatie uit de lijst."]
    elif data.organisation is None and data.performer == Performer.ORGANISATION and not data.performer_name:
        errors["organisation"] = ["Kies de organisatie die de actie uitvoert."]
    elif data.organisation is None and data.case_director == CaseDirector.ORGANISATION:
        errors["organisation"] = ["De casusregie ligt bij een organisatie: kies die organisatie."]
    if data.start_date and data.end_date and data.end_date < data.start_date:
        errors["end_date"] = ["De einddatum ligt vóór de startdatum."]
    if data.rung in MAATWERK_RUNGS:
        if len(data.maatwerk_reason) < MAATWERK_REASON_MIN:
            errors["maatwerk_reason"] = [MAATWERK_REASON_ERROR]
    else:
        data.maatwerk_reason = ""
    if errors:
        raise ValidationError(errors)
    return data


def _action_create(
    acting_user: User, goal: Goal, data: ActionData, channel: Channel, decision: MdoDecision | None = None
) -> PlanAction:
    plan = goal.plan
    household = plan.household
    _editable_or_404(acting_user, household)
    _open_or_error(plan)
    data = _clean_action(household, data)
    with transaction.atomic():
        _lock_open(plan)
        action = PlanAction.objects.create(goal=goal, from_mdo_decision=decision, **vars(data))
        if plan.status == PlanStatus.ACTIVE and action.end_date is not None:
            _action_task_set(acting_user, action, household)
        household_log(
            acting_user,
            household,
            action=Action.CREATE,
            obj=action,
            kind=TimelineKind.MDO if decision is not None else TimelineKind.PLAN,
            description=(
                f"MDO-besluit omgezet in een actie ({Rung(action.rung).label.lower()})"
                if decision is not None
                else f"Actie toegevoegd aan het plan ({Rung(action.rung).label.lower()})"
            ),
            fields=[name for name in ACTION_FIELDS if getattr(action, name) not in ("", None)],
            channel=channel,
        )
    return action


def action_add(
    *,
    acting_user: User,
    goal: Goal,
    rung: Rung | str,
    description: str,
    performer: Performer | str,
    performer_name: str = "",
    organisation: Organisation | None = None,
    provision: str = "",
    case_director: CaseDirector | str = CaseDirector.TEAM,
    start_date: date | None = None,
    end_date: date | None = None,
    status: ActionStatus | str = ActionStatus.PLANNED,
    maatwerk_reason: str = "",
    channel: Channel = Channel.WEB,
) -> PlanAction:
    """An action towards a goal on one rung of the ladder, with who does it. A maatwerk rung needs a
    written reason why the lighter rungs do not suffice."""
    data = ActionData(
        rung=rung,
        description=description,
        performer=performer,
        performer_name=performer_name,
        organisation=organisation,
        provision=provision,
        case_director=case_director,
        start_date=start_date,
        end_date=end_date,
        status=status,
        maatwerk_reason=maatwerk_reason,
    )
    return _action_create(acting_user, goal, data, channel)


def action_update(
    *,
    acting_user: User,
    action: PlanAction,
    changes: dict[str, Any],
    expected_version: int | None = None,
    channel: Channel = Channel.WEB,
) -> PlanAction:
    """Change an action (only the keys given) as stored now; its end-date task moves along.
    EditedMeanwhile when `expected_version` is older."""
    plan = action.goal.plan
    household = plan.household
    _editable_or_404(acting_user, household)
    _open_or_error(plan)
    unknown = set(changes) - set(ACTION_FIELDS)
    if unknown:
        raise ValidationError({name: ["Dit veld kan niet worden gewijzigd."] for name in sorted(unknown)})
    with transaction.atomic():
        _lock_open(plan)
        action = locked_current(action, expected_version)
        current = {name: getattr(action, name) for name in ACTION_FIELDS}
        data = _clean_action(household, ActionData(**{**current, **changes}))
        changed = [name for name in ACTION_FIELDS if getattr(data, name) != current[name]]
        if not changed:
            return action
        for name in changed:
            setattr(action, name, getattr(data, name))
        save_new_version(action, [*changed, "updated_at"])
        if action.status in FINISHED_ACTIONS:  # its end date asks nothing any more
            task_services.tasks_close_for_source(
                source_uuid=action.uuid, terms=(Term.ACTION_END,), on=_today(), actor=acting_user
            )
        elif plan.status == PlanStatus.ACTIVE and "end_date" in changed:
            _action_task_set(acting_user, action, household)
        household_log(
            acting_user,
            household,
            action=Action.UPDATE,
            obj=action,
            kind=TimelineKind.PLAN,
            description=f"Actie gewijzigd ({Rung(action.rung).label.lower()})",
            fields=changed,
            channel=channel,
        )
    return action


def action_remove(*, acting_user: User, action: PlanAction, channel: Channel = Channel.WEB) -> None:
    plan = action.goal.plan
    household = plan.household
    _editable_or_404(acting_user, household)
    _open_or_error(plan)
    with transaction.atomic():
        _lock_open(plan)
        _action_task_set(acting_user, action, household, cancel=True)
        household_log(
            acting_user,
            household,
            action=Action.DELETE,
            obj=action,
            kind=TimelineKind.PLAN,
            description=f"Actie verwijderd uit het plan ({Rung(action.rung).label.lower()})",
            channel=channel,
        )
        action.delete()


# -- MDO ----------------------------------------------------------------------------------------------------
# -- a maatwerk action follows its aanvraag ------------------------------------------------------------------
def action_chain_record(
    *,
    acting_user: User | None,
    action_id: int,
    step: ChainStep,
    on: date,
    request_uuid: Any,
    detail: str = "",
    period: tuple[date | None, date | None] | None = None,
) -> PlanAction | None:
    """For the decisions and allocations apps, inside their transaction: the plan's maatwerk action shows how
    far its aanvraag got (aanvraag, beschikking, 301/302/305/307), takes the granted `period` as its dates,
    and stops when the aanvraag is refused or withdrawn, runs from 305, is done at 307. One audit row for the
    action, on behalf of the user whose step it was (their step writes its own timeline line). Nothing
    happens to an action of a closed plan: that plan stays as it was closed."""
    action = (
        PlanAction.objects.select_for_update()
        .select_related("goal__plan__household")
        .filter(pk=action_id)
        .first()
    )
    if action is None or action.goal.plan.status == PlanStatus.CLOSED:
        return None
    wanted: dict[str, Any] = {
        "chain_step": step,
        "chain_step_on": on,
        "chain_request_uuid": request_uuid,
        "chain_detail": detail[:200],
    }
    if period is not None and period[0] is not None:
        wanted["start_date"], wanted["end_date"] = period
    if step in CHAIN_STATUS:
        wanted["status"] = CHAIN_STATUS[step]
    changed = [name for name, value in wanted.items() if getattr(action, name) != value]
    if not changed:
        return action
    for name in changed:
        setattr(action, name, wanted[name])
    save_new_version(action, [*changed, "updated_at"])
    household = action.goal.plan.household
    if action.status in FINISHED_ACTIONS:
        task_services.tasks_close_for_source(
            source_uuid=action.uuid, terms=(Term.ACTION_END,), on=on, actor=acting_user
        )
    elif "end_date" in changed and action.goal.plan.status == PlanStatus.ACTIVE and acting_user is not None:
        _action_task_set(acting_user, action, household)
    record(
        actor=acting_user,
        action=Action.UPDATE,
        obj=action,
        household_uuid=household.uuid,
        channel=Channel.SYSTEM,
        fields=changed,
    )
    return action


@dataclass
class Participant:
    name: str
    organisation: Organisation | None = None
    role: str = ""


def mdo_create(
    *,
    acting_user: User,
    household: Household,
    held_on: date,
    discussed: str,
    participants: list[Any],
    channel: Channel = Channel.WEB,
) -> Mdo:
    """A multidisciplinair overleg on the household, with who took part and what was discussed.
    `participants`: (name, organisation or None, role) tuples or Participant objects."""
    _editable_or_404(acting_user, household)
    rows = [p if isinstance(p, Participant) else Participant(*p) for p in participants]
    rows = [
        Participant(p.name.strip(), p.organisation, (p.role or "").strip()) for p in rows if p.name.strip()
    ]
    errors: Errors = {}
    if held_on is None:
        errors["held_on"] = ["Vul de datum van het MDO in."]
    else:
        _not_future(errors, "held_on", held_on, "De datum van het MDO")
    if not (discussed or "").strip():
        errors["discussed"] = ["Beschrijf wat er besproken is."]
    if not rows:
        errors["participants"] = ["Vul in wie er aan het MDO deelnamen."]
    allowed = selectors.selectable_organisations(household)
    if any(p.organisation is not None and not allowed.filter(pk=p.organisation.pk) for p in rows):
        errors["participants"] = ["Kies organisaties uit de lijst."]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        mdo = Mdo.objects.create(
            household=household,
            plan=selectors.open_plan(household),
            held_on=held_on,
            chair=acting_user,
            discussed=discussed.strip(),
        )
        MdoParticipant.objects.bulk_create(
            MdoParticipant(mdo=mdo, name=p.name[:200], organisation=p.organisation, role=p.role[:150])
            for p in rows
        )
        household_log(
            acting_user,
            household,
            action=Action.CREATE,
            obj=mdo,
            kind=TimelineKind.MDO,
            description=f"MDO gehouden op {held_on:%d-%m-%Y} met {len(rows)} deelnemers",
            fields=["held_on", "discussed", "participants"],
            channel=channel,
        )
    return mdo


def mdo_decision_add(
    *, acting_user: User, mdo: Mdo, text: str, channel: Channel = Channel.WEB
) -> MdoDecision:
    _editable_or_404(acting_user, mdo.household)
    if not (text or "").strip():
        raise ValidationError({"text": ["Beschrijf het besluit."]})
    with transaction.atomic():
        decision = MdoDecision.objects.create(mdo=mdo, text=text.strip())
        household_log(
            acting_user,
            mdo.household,
            action=Action.CREATE,
            obj=decision,
            kind=TimelineKind.MDO,
            description=f"Besluit vastgelegd bij het MDO van {mdo.held_on:%d-%m-%Y}",
            fields=["text"],
            channel=channel,
        )
    return decision


def mdo_decision_to_action(
    *,
    acting_user: User,
    decision: MdoDecision,
    goal: Goal,
    rung: Rung | str,
    performer: Performer | str,
    description: str = "",
    performer_name: str = "",
    organisation: Organisation | None = None,
    provision: str = "",
    case_director: CaseDirector | str = CaseDirector.TEAM,
    start_date: date | None = None,
    end_date: date | None = None,
    status: ActionStatus | str = ActionStatus.PLANNED,
    maatwerk_reason: str = "",
    channel: Channel = Channel.WEB,
) -> PlanAction:
    """An MDO decision becomes an action on a goal of the household's open plan (same rules as
    action_add); the description defaults to the decision's text."""
    household = decision.mdo.household
    _editable_or_404(acting_user, household)
    if goal.plan.household_id != household.pk:
        raise ValidationError({"goal": ["Kies een doel uit het plan van dit huishouden."]})
    data = ActionData(
        rung=rung,
        description=description or decision.text,
        performer=performer,
        performer_name=performer_name,
        organisation=organisation,
        provision=provision,
        case_director=case_director,
        start_date=start_date,
        end_date=end_date,
        status=status,
        maatwerk_reason=maatwerk_reason,
    )
    return _action_create(acting_user, goal, data, channel, decision=decision)


# -- evaluation ---------------------------------------------------------------------------------------------
def evaluation_record(
    *,
    acting_user: User,
    plan: Plan,
    held_on: date,
    notes: str = "",
    attainments: dict[Any, tuple[int, str, GoalStatus | str | None]],
    rescoring: list[tuple[Resident, list[Any]]] | None = None,
    next_evaluation_date: date | None = None,
    channel: Channel = Channel.WEB,
) -> Evaluation:
    """Evaluate the active plan: each goal gets a Goal Attainment Scaling score (−2…+2), stored with its
    domain, highest rung, provisions, district and municipality; goals given a status are closed; members
    are re-scored on the instrument (assessment.services.scoring_record); the evaluation task is done and,
    when given, the next evaluation date is set. One transaction: nothing half-saved."""
    household = plan.household
    _editable_or_404(acting_user, household)
    errors: Errors = {}
    if plan.status != PlanStatus.ACTIVE:
        errors["__all__"] = ["Alleen een actief plan kan worden geëvalueerd."]
    if held_on is None:
        errors["held_on"] = ["Vul de datum van de evaluatie in."]
    else:
        if plan.start_date is not None and held_on < plan.start_date:
            errors["held_on"] = [EVALUATION_BEFORE_START_ERROR]
        _not_future(errors, "held_on", held_on, "De datum van de evaluatie")
    goals = {str(g.uuid): g for g in Goal.objects.filter(plan=plan).prefetch_related("actions")}
    scored: list[tuple[Goal, int, str, str | None]] = []
    for key, value in (attainments or {}).items():
        score, note, status = value
        goal = goals.get(str(key))
        if goal is None:
            errors.setdefault("attainments", []).append("Een van de doelen hoort niet bij dit plan.")
            continue
        if not isinstance(score, int) or isinstance(score, bool) or not -2 <= score <= 2:
            errors.setdefault("attainments", []).append(
                "Een doelrealisatie is een score van −2 tot en met +2."
            )
            continue
        if status and status not in GoalStatus.values:
            errors.setdefault("attainments", []).append("Kies een geldige status voor het doel.")
            continue
        if status == GoalStatus.OPEN:
            status = None
        scored.append((goal, score, (note or "").strip(), status or None))
    if not scored and "attainments" not in errors:
        errors["attainments"] = ["Geef minstens één doel een score."]
    if next_evaluation_date is not None and held_on is not None:
        errors.update(_evaluation_date_errors(plan, next_evaluation_date, after=held_on))
    if errors:
        raise ValidationError(errors)
    member_ids = {r.pk for r in selectors.current_members(household)}
    for resident, _scores in rescoring or []:
        if resident.pk not in member_ids:
            raise ValidationError({"rescoring": ["Scoor alleen leden van het huishouden."]})
    with transaction.atomic():
        _lock_in(plan, (PlanStatus.ACTIVE,), "Alleen een actief plan kan worden geëvalueerd.")
        evaluation = Evaluation.objects.create(
            plan=plan, held_on=held_on, held_by=acting_user, notes=notes.strip()
        )
        GoalAttainment.objects.bulk_create(
            GoalAttainment(
                evaluation=evaluation,
                goal=goal,
                score=score,
                note=note,
                domain_id=goal.domain_id,
                highest_rung=max((a.rung for a in goal.actions.all()), default=""),
                provisions=sorted({a.provision for a in goal.actions.all() if a.provision}),
                district_id=household.district_id,
                municipality_id=household.municipality_id,
            )
            for goal, score, note, _status in scored
        )
        for goal, _score, note, status in scored:
            if status:
                Goal.objects.filter(pk=goal.pk, status=GoalStatus.OPEN).update(
                    status=status, closed_on=held_on, outcome_note=note, updated_at=timezone.now()
                )
        if rescoring:
            _rescore(acting_user, plan, evaluation, rescoring, held_on, channel)
        task_services.tasks_close_for_source(
            source_uuid=plan.uuid, terms=(Term.PLAN_EVALUATION,), on=held_on, actor=acting_user
        )
        household_log(
            acting_user,
            household,
            action=Action.CREATE,
            obj=evaluation,
            kind=TimelineKind.EVALUATION,
            description=f"Plan geëvalueerd op {held_on:%d-%m-%Y}: {len(scored)} doelen gescoord, "
            f"{sum(1 for *_rest, status in scored if status)} afgesloten",
            fields=["held_on", "notes", "attainments", *(["rescoring"] if rescoring else [])],
            channel=channel,
        )
        if next_evaluation_date is not None:
            _evaluation_date_set(acting_user, plan, next_evaluation_date, channel, after=held_on)
    return evaluation


def _rescore(
    acting_user: User,
    plan: Plan,
    evaluation: Evaluation,
    rescoring: list[tuple[Resident, list[Any]]],
    held_on: date,
    channel: Channel,
) -> None:
    instrument = selectors.plan_instrument(plan)
    if instrument is None:
        raise ValidationError({"rescoring": ["Er is geen instrument om opnieuw mee te scoren."]})
    for resident, scores in rescoring:
        if not scores:
            continue
        assessment_services.scoring_record(
            acting_user=acting_user,
            household=plan.household,
            resident=resident,
            instrument=instrument,
            moment=ScoringMoment.EVALUATION,
            scores=scores,
            scored_on=held_on,
            evaluation_uuid=evaluation.uuid,
            channel=channel,
        )
