"""Reads of plans, MDO's and evaluations. Every query reaching personal data starts from the
HouseholdPolicy's predicate (`q("household")` or `q("plan__household")`); a refusal is Http404."""

from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from wijkregie.assessment.constants import ZRM_2017, ReportStatus, ScoringMoment
from wijkregie.assessment.models import ConversationReport, DomainScore, Instrument, InstrumentDomain
from wijkregie.core.policies import get_or_404
from wijkregie.households import selectors as household_selectors
from wijkregie.households.models import Household, Resident
from wijkregie.households.policies import HouseholdPolicy
from wijkregie.organisation.models import Organisation

from .constants import OPEN_PLAN_STATUSES, PlanStatus
from .models import Evaluation, Goal, GoalAttainment, Mdo, MdoDecision, Plan, PlanAction, PlanVersion


# -- one object by uuid, within what the user may see ----------------------------------------------------
def plan_visible(user: Any, plan_uuid: Any) -> Plan:
    queryset = Plan.objects.filter(HouseholdPolicy(user).q("household")).select_related(
        "household", "report__instrument"
    )
    plan: Plan = get_or_404(queryset, uuid=plan_uuid)
    return plan


def goal_visible(user: Any, goal_uuid: Any) -> Goal:
    queryset = Goal.objects.filter(HouseholdPolicy(user).q("plan__household")).select_related(
        "plan__household", "plan__report__instrument", "domain"
    )
    goal: Goal = get_or_404(queryset, uuid=goal_uuid)
    return goal


def action_visible(user: Any, action_uuid: Any) -> PlanAction:
    queryset = PlanAction.objects.filter(HouseholdPolicy(user).q("goal__plan__household")).select_related(
        "goal__plan__household", "organisation"
    )
    action: PlanAction = get_or_404(queryset, uuid=action_uuid)
    return action


def version_visible(user: Any, version_uuid: Any) -> PlanVersion:
    queryset = PlanVersion.objects.filter(HouseholdPolicy(user).q("plan__household")).select_related(
        "plan__household", "agreed_by"
    )
    version: PlanVersion = get_or_404(queryset, uuid=version_uuid)
    return version


def mdo_visible(user: Any, mdo_uuid: Any) -> Mdo:
    queryset = Mdo.objects.filter(HouseholdPolicy(user).q("household")).select_related("household")
    mdo: Mdo = get_or_404(queryset, uuid=mdo_uuid)
    return mdo


def decision_visible(user: Any, decision_uuid: Any) -> MdoDecision:
    queryset = MdoDecision.objects.filter(HouseholdPolicy(user).q("mdo__household")).select_related(
        "mdo__household"
    )
    decision: MdoDecision = get_or_404(queryset, uuid=decision_uuid)
    return decision


def evaluation_visible(user: Any, evaluation_uuid: Any) -> Evaluation:
    queryset = Evaluation.objects.filter(HouseholdPolicy(user).q("plan__household")).select_related(
        "plan__household"
    )
    evaluation: Evaluation = get_or_404(queryset, uuid=evaluation_uuid)
    return evaluation


# -- plans of a household (the household was opened with dossier_open: policy checked) --------------------
def _goals_prefetch() -> Prefetch:
    return Prefetch(
        "goals",
        queryset=Goal.objects.select_related("domain")
        .prefetch_related(
            Prefetch("members", queryset=Resident.objects.order_by("birth_date", "pk")),
            Prefetch(
                "actions",
                queryset=PlanAction.objects.select_related("organisation", "from_mdo_decision").order_by(
                    "rung", "created_at", "pk"
                ),
            ),
            Prefetch(
                "attainments",
                queryset=GoalAttainment.objects.select_related("evaluation").order_by(
                    "evaluation__held_on", "pk"
                ),
            ),
        )
        .order_by("position", "created_at", "pk"),
    )


def _versions_prefetch() -> Prefetch:
    return Prefetch(
        "versions", queryset=PlanVersion.objects.select_related("agreed_by", "made_by").order_by("-number")
    )


def household_plans(household: Household) -> list[Plan]:
    """All plans of the household with goals, members, actions and versions: open plan first, then the
    closed ones newest first. A fixed number of queries, whatever the number of goals and actions."""
    plans = (
        Plan.objects.filter(household=household)
        .select_related("report__instrument", "created_by")
        .prefetch_related(_goals_prefetch(), _versions_prefetch())
        .order_by("-created_at", "-pk")
    )
    rows = list(plans)
    return sorted(rows, key=lambda p: p.status == PlanStatus.CLOSED)


def open_plan(household: Household) -> Plan | None:
    return (
        Plan.objects.filter(household=household, status__in=OPEN_PLAN_STATUSES)
        .select_related("report__instrument")
        .first()
    )


def plan_detail(plan: Plan) -> Plan:
    """The plan with its goals, actions and versions prefetched (for the API and the evaluation page)."""
    found: Plan = (
        Plan.objects.filter(pk=plan.pk)
        .select_related("household", "report__instrument")
        .prefetch_related(_goals_prefetch(), _versions_prefetch())
        .get()
    )
    return found


def latest_report(household: Household) -> ConversationReport | None:
    """The household's most recent brede uitvraag: a finalised one first, else the newest draft."""
    reports = ConversationReport.objects.filter(household=household).select_related("instrument")
    ordered = ("-held_on", "-created_at", "-pk")
    return (
        reports.filter(status=ReportStatus.FINAL).order_by(*ordered).first()
        or reports.order_by(*ordered).first()
    )


def builtin_zrm() -> Instrument | None:
    return Instrument.objects.filter(key=ZRM_2017, municipality__isnull=True).first()


def plan_instrument(plan: Plan) -> Instrument | None:
    """The instrument a plan's goals use: its uitvraag's instrument, or ZRM 2017 when there is no report."""
    if plan.report_id is not None and plan.report is not None:
        return plan.report.instrument
    return builtin_zrm()


def instrument_domains(instrument: Instrument | None) -> QuerySet[InstrumentDomain]:
    if instrument is None:
        return InstrumentDomain.objects.none()
    return InstrumentDomain.objects.filter(instrument=instrument).order_by("position", "pk")


def current_members(household: Household) -> list[Resident]:
    return household_selectors.current_members(household)


def baseline_scores(household: Household, report: ConversationReport | None) -> dict[tuple[int, int], int]:
    """The scores of the uitvraag per (resident id, domain id): of the plan's report when it has one, else
    of the household's latest intake scoring per member. One query."""
    scores = DomainScore.objects.filter(
        scoring__household=household, scoring__moment=ScoringMoment.INTAKE, value__isnull=False
    )
    if report is not None:
        scores = scores.filter(scoring__report=report)
    result: dict[tuple[int, int], int] = {}
    rows = scores.order_by("scoring__scored_on", "scoring__created_at", "pk").values_list(
        "scoring__resident_id", "domain_id", "value"
    )
    for resident_id, domain_id, value in rows:  # later scorings overwrite earlier ones
        if value is not None:
            result[(resident_id, domain_id)] = value
    return result


def scale_labels(instrument: Instrument | None) -> dict[int, str]:
    if instrument is None:
        return {}
    return dict(instrument.levels.values_list("value", "label"))


def selectable_organisations(household: Household) -> QuerySet[Organisation]:
    """Organisations an action can name: partners, or this household's municipality's own organisation."""
    return Organisation.objects.filter(
        Q(municipality__isnull=True) | Q(municipality_id=household.municipality_id)
    ).order_by("name")


# -- MDO ----------------------------------------------------------------------------------------------------
def household_mdos(household: Household) -> list[Mdo]:
    """The household's MDO's, newest first, with participants, decisions and their actions (fixed queries)."""
    return list(
        Mdo.objects.filter(household=household)
        .select_related("chair")
        .prefetch_related(
            "participants__organisation",
            Prefetch(
                "decisions",
                queryset=MdoDecision.objects.prefetch_related("actions").order_by("created_at", "pk"),
            ),
        )
        .order_by("-held_on", "-created_at")
    )


def goals_of(plan: Plan, uuids: Iterable[Any]) -> list[Goal]:
    return list(Goal.objects.filter(plan=plan, uuid__in=list(uuids)))


def plan_evaluations(plan: Plan) -> list[Evaluation]:
    return list(
        Evaluation.objects.filter(plan=plan)
        .select_related("held_by")
        .prefetch_related("attainments__goal")
        .order_by("-held_on", "-pk")
    )
