"""Plan, MDO and evaluation pages. Thin: forms validate input, services write, selectors read, the
HouseholdPolicy decides (404). Every form posts back to its page and works without JavaScript."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wijkregie.accounts.requests import StaffRequest
from wijkregie.assessment.services import DomainScoreData
from wijkregie.core.calendar import age_on
from wijkregie.core.forms import carrying_version, sent_version, submitted
from wijkregie.households.models import Household, Resident
from wijkregie.households.services import dossier_open
from wijkregie.organisation.selectors import district_contacts
from wijkregie.plans import selectors, services
from wijkregie.plans.constants import CHAIN_OPEN_AGAIN, GAS_LABELS, GoalStatus, Performer, PlanStatus, Rung
from wijkregie.plans.models import Goal, Plan, PlanAction
from wijkregie.provisions import suggestions

from .forms import (
    ActionForm,
    ActivateForm,
    AgreementForm,
    CloseForm,
    DecisionForm,
    EvaluationDateForm,
    EvaluationForm,
    GoalForm,
    MdoForm,
    PlanCreateForm,
    PlanForm,
)

FORM_KEY = "formulier"


def _data(request: HttpRequest, key: str) -> Any:
    """The POST data for the form that was submitted, None for the others on the page."""
    if request.method == "POST" and request.POST.get(FORM_KEY) == key:
        return request.POST
    return None


def _members(household: Household) -> Any:
    return Resident.objects.current_members_of(household).order_by("birth_date", "pk")


def _plan_forms(request: HttpRequest, household: Household, plan: Plan | None) -> dict[str, Any]:
    if plan is None:
        return {"create_form": PlanCreateForm(_data(request, "plan"), prefix="plan")}
    members = _members(household)
    goals = Goal.objects.filter(plan=plan).select_related("domain").order_by("position", "pk")
    organisations = selectors.selectable_organisations(household)
    return {
        "goal_form": GoalForm(
            _data(request, "doel"),
            prefix="doel",
            domains=selectors.instrument_domains(selectors.plan_instrument(plan)),
            members=members,
        ),
        "action_form": ActionForm(
            _data(request, "actie"), prefix="actie", goals=goals, organisations=organisations
        ),
        "activate_form": ActivateForm(_data(request, "activeren"), prefix="activeren"),
        "version_form": PlanForm(_data(request, "versie"), prefix="versie"),
        "agreement_form": AgreementForm(
            _data(request, "akkoord"),
            prefix="akkoord",
            versions=plan.versions.filter(agreed_on__isnull=True).order_by("-number"),
            members=members,
        ),
        "evaluation_date_form": EvaluationDateForm(
            _data(request, "evaluatiedatum"),
            prefix="evaluatiedatum",
            initial={"evaluation_date": plan.evaluation_date},
        ),
        "close_form": CloseForm(_data(request, "afsluiten"), prefix="afsluiten"),
    }


def _writers(
    request: StaffRequest, household: Household, plan: Plan | None
) -> dict[str, tuple[str, Callable]]:
    user = request.user
    if plan is None:
        return {
            "plan": (
                "Het plan is aangemaakt. Voeg doelen en acties toe.",
                lambda d: services.plan_create(
                    acting_user=user, household=household, family_group_plan=d["family_group_plan"]
                ),
            )
        }
    return {
        "doel": (
            "Het doel is toegevoegd.",
            lambda d: services.goal_add(
                acting_user=user,
                plan=plan,
                domain=d["domain"],
                members=list(d["members"]),
                description=d["description"],
            ),
        ),
        "actie": (
            "De actie is toegevoegd.",
            lambda d: services.action_add(
                acting_user=user, goal=d["goal"], **{k: v for k, v in d.items() if k != "goal"}
            ),
        ),
        "activeren": (
            "Het plan is actief. Versie 1 is vastgelegd.",
            lambda d: services.plan_activate(acting_user=user, plan=plan, **d),
        ),
        "versie": (
            "Er is een nieuwe versie van het plan vastgelegd.",
            lambda d: services.plan_version_make(acting_user=user, plan=plan),
        ),
        "akkoord": (
            "Het akkoord is vastgelegd.",
            lambda d: services.plan_agreement_record(acting_user=user, **d),
        ),
        "evaluatiedatum": (
            "De evaluatiedatum is gewijzigd.",
            lambda d: services.plan_evaluation_date_set(acting_user=user, plan=plan, **d),
        ),
        "afsluiten": (
            "Het plan is afgesloten.",
            lambda d: services.plan_close(acting_user=user, plan=plan, **d),
        ),
    }


FORM_NAMES = {
    "plan": "create_form",
    "doel": "goal_form",
    "actie": "action_form",
    "activeren": "activate_form",
    "versie": "version_form",
    "akkoord": "agreement_form",
    "evaluatiedatum": "evaluation_date_form",
    "afsluiten": "close_form",
}


def _with_baseline(plan: Plan, household: Household) -> None:
    """Put beside each goal the uitvraag's score of its members on its domain (two queries in all)."""
    scores = selectors.baseline_scores(household, plan.report)
    labels = selectors.scale_labels(selectors.plan_instrument(plan)) if scores else {}
    for goal in plan.goals.all():
        goal.baseline = [  # type: ignore[attr-defined]
            (member, scores[(member.pk, goal.domain_id)], labels.get(scores[(member.pk, goal.domain_id)], ""))
            for member in goal.members.all()
            if (member.pk, goal.domain_id) in scores
        ]


SUGGESTIONS_PER_GOAL = 3
# GET parameters of a suggestion's "overnemen" link: the provision and the goal (uuids only).
SUGGESTION_PARAM = "voorstel"
SUGGESTION_GOAL_PARAM = "doel"


def _with_suggestions(plan: Plan, household: Household) -> suggestions.Catalogue:
    """Put beside each open goal up to three provisions from the catalogue, lightest rung first, leaving
    out those its actions already name. The catalogue is loaded once (two queries in all)."""
    catalogue = suggestions.load_catalogue(
        municipality_id=household.municipality_id, district_id=household.district_id
    )
    today = timezone.localdate()
    for goal in plan.goals.all():
        ages = [age_on(m.birth_date, today) for m in goal.members.all() if m.birth_date]  # prefetched
        goal.suggestions = (  # type: ignore[attr-defined]
            suggestions.rank(
                catalogue,
                domain_code=goal.domain.code,
                domain_label=goal.domain.name,
                text=goal.description,
                exclude_names={action.provision for action in goal.actions.all() if action.provision},
                ages=ages,
                limit=SUGGESTIONS_PER_GOAL,
            )
            if goal.status == GoalStatus.OPEN
            else []
        )
    return catalogue


def _prefill_action(request: HttpRequest, plan: Plan, catalogue: suggestions.Catalogue, form: Any) -> bool:
    """Fill the empty add-action form from a general provision's "overnemen" link (no queries: the
    provision comes from the loaded catalogue, the goal from the prefetched plan). People still decide:
    nothing is saved until the form is sent."""
    provision_uuid = request.GET.get(SUGGESTION_PARAM, "")
    goal_uuid = request.GET.get(SUGGESTION_GOAL_PARAM, "")
    if form.is_bound or not provision_uuid or not goal_uuid:
        return False
    goal = next((g for g in plan.goals.all() if str(g.uuid) == goal_uuid), None)
    provision = next(
        (
            p
            for p in catalogue.provisions
            if str(p.uuid) == provision_uuid and suggestions.rung_of(p) == Rung.GENERAL
        ),
        None,
    )
    if goal is None or provision is None:
        return False
    form.initial.update(
        {
            "goal": goal,
            "rung": Rung.GENERAL,
            "performer": Performer.ORGANISATION,
            "organisation": provision.organisation,
            "provision": provision.name,
        }
    )
    return True


@login_required
@require_http_methods(["GET", "POST"])
def household_plan(request: StaffRequest, household_uuid: Any) -> HttpResponse:
    household = dossier_open(acting_user=request.user, household_uuid=household_uuid)
    plans = selectors.household_plans(household)
    plan = plans[0] if plans and plans[0].status != PlanStatus.CLOSED else None
    forms = _plan_forms(request, household, plan)
    if request.method == "POST":
        key = request.POST.get(FORM_KEY, "")
        writer = _writers(request, household, plan).get(key)
        if writer is None:
            raise Http404
        success, write = writer
        if submitted(request, forms[FORM_NAMES[key]], write, success):
            return redirect("plans:household_plan", household_uuid=household.uuid)
    prefilled = False
    if plan is not None:
        _with_baseline(plan, household)
        catalogue = _with_suggestions(plan, household)
        prefilled = _prefill_action(request, plan, catalogue, forms["action_form"])
    context = {
        "household": household,
        "plan": plan,
        "closed_plans": [p for p in plans if p.status == PlanStatus.CLOSED],
        "has_unagreed": plan is not None and any(v.agreed_on is None for v in plan.versions.all()),
        "prefilled": prefilled,
        # where a maatwerk action may (again) get an aanvraag: none yet, or the last one ended without care
        "chain_open_again": CHAIN_OPEN_AGAIN,
        **forms,
    }
    return render(request, "plans/household_plan.html", context)


def _goal_of(request: HttpRequest, household: Household, goal_uuid: Any) -> Goal:
    goal = selectors.goal_visible(request.user, goal_uuid)
    if goal.plan.household_id != household.pk:
        raise Http404
    return goal


def _action_of(request: HttpRequest, household: Household, action_uuid: Any) -> PlanAction:
    action = selectors.action_visible(request.user, action_uuid)
    if action.goal.plan.household_id != household.pk:
        raise Http404
    return action


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request: StaffRequest, household_uuid: Any, goal_uuid: Any) -> HttpResponse:
    household = dossier_open(acting_user=request.user, household_uuid=household_uuid)
    goal = _goal_of(request, household, goal_uuid)
    form = GoalForm(
        request.POST if request.method == "POST" else None,
        domains=selectors.instrument_domains(selectors.plan_instrument(goal.plan)),
        members=_members(household),
        initial={"description": goal.description, "domain": goal.domain, "members": list(goal.members.all())},
    )
    carrying_version(form, goal)

    def save(data: dict[str, Any]) -> None:
        version = sent_version(data)
        services.goal_update(acting_user=request.user, goal=goal, changes=data, expected_version=version)

    if submitted(request, form, save, "Het doel is opgeslagen."):
        return redirect("plans:household_plan", household_uuid=household.uuid)
    context = {"household": household, "form": form, "goal": goal, "title": "Doel wijzigen"}
    return render(request, "plans/goal_form.html", context)


@login_required
@require_POST
def goal_remove(request: StaffRequest, household_uuid: Any, goal_uuid: Any) -> HttpResponse:
    household = dossier_open(acting_user=request.user, household_uuid=household_uuid)
    goal = _goal_of(request, household, goal_uuid)
    return _remove(
        request,
        household,
        lambda: services.goal_remove(acting_user=request.user, goal=goal),
        "Het doel is verwijderd.",
    )


def _remove(
    request: HttpRequest, household: Household, remove: Callable[[], None], success: str
) -> HttpResponse:
    """A removal: done, or refused with the service's Dutch reason; back to the plan either way."""
    try:
        remove()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect("plans:household_plan", household_uuid=household.uuid)


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request: StaffRequest, household_uuid: Any, action_uuid: Any) -> HttpResponse:
    household = dossier_open(acting_user=request.user, household_uuid=household_uuid)
    action = _action_of(request, household, action_uuid)
    initial = {name: getattr(action, name) for name in services.ACTION_FIELDS}
    form = ActionForm(
        request.POST if request.method == "POST" else None,
        goals=None,
        organisations=selectors.selectable_organisations(household),
        with_goal=False,
        initial=initial,
    )
    carrying_version(form, action)

    def save(data: dict[str, Any]) -> None:
        version = sent_version(data)
        services.action_update(
            acting_user=request.user, action=action, changes=data, expected_version=version
        )

    if submitted(request, form, save, "De actie is opgeslagen."):
        return redirect("plans:household_plan", household_uuid=household.uuid)
    context = {"household": household, "form": form, "action": action, "title": "Actie wijzigen"}
    return render(request, "plans/action_form.html", context)


@login_required
@require_POST
def action_remove(request: StaffRequest, household_uuid: Any, action_uuid: Any) -> HttpResponse:
    household = dossier_open(acting_user=request.user, household_uuid=household_uuid)
    action = _action_of(request, household, action_uuid)
    return _remove(
        request,
        household,
        lambda: services.action_remove(acting_user=request.user, action=action),
        "De actie is verwijderd.",
    )


@login_required
@require_GET
def version_pdf(request: StaffRequest, household_uuid: Any, version_uuid: Any) -> HttpResponse:
    version = selectors.version_visible(request.user, version_uuid)
    if str(version.plan.household.uuid) != str(household_uuid):
        raise Http404
    pdf = services.plan_version_export(acting_user=request.user, version=version)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{services.plan_version_filename(version)}"'
    response["Cache-Control"] = "no-store"
    return response


# -- evaluation ---------------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def evaluation_new(request: StaffRequest, household_uuid: Any) -> HttpResponse:
    household = dossier_open(acting_user=request.user, household_uuid=household_uuid)
    plan = selectors.open_plan(household)
    if plan is None or plan.status != PlanStatus.ACTIVE:
        return render(request, "plans/evaluation.html", {"household": household, "plan": None})
    plan = selectors.plan_detail(plan)
    plan.household = household
    instrument = selectors.plan_instrument(plan)
    domains = list(selectors.instrument_domains(instrument))
    levels = selectors.scale_labels(instrument)
    members = list(_members(household))
    open_goals = [g for g in plan.goals.all() if g.status == "open"]
    form = EvaluationForm(
        _data(request, "evaluatie"), goals=open_goals, members=members, domains=domains, levels=levels
    )
    close_form = CloseForm(_data(request, "afsluiten"), prefix="afsluiten")
    if request.method == "POST":
        key = request.POST.get(FORM_KEY)
        if key == "evaluatie":
            if submitted(
                request, form, lambda d: _evaluate(request, plan, form, d), "De evaluatie is vastgelegd."
            ):
                return redirect("plans:household_plan", household_uuid=household.uuid)
        elif key == "afsluiten":
            if submitted(
                request,
                close_form,
                lambda d: services.plan_close(acting_user=request.user, plan=plan, **d),
                "Het plan is afgesloten.",
            ):
                return redirect("plans:household_plan", household_uuid=household.uuid)
        else:
            raise Http404
    baseline = selectors.baseline_scores(household, plan.report)
    rescore_rows = [
        (member, [(domain, field, baseline.get((member.pk, domain.pk))) for domain, field in fields])
        for member, fields in form.rescore_rows
    ]
    context = {
        "household": household,
        "plan": plan,
        "form": form,
        "close_form": close_form,
        "rescore_rows": rescore_rows,
        "levels": levels,
        "instrument": instrument,
        "gas_labels": GAS_LABELS,
    }
    return render(request, "plans/evaluation.html", context)


def _evaluate(request: StaffRequest, plan: Plan, form: EvaluationForm, data: dict[str, Any]) -> None:
    rescoring = None
    rescores = form.rescores()
    if rescores:
        rescoring = [
            (member, [DomainScoreData(domain_code=code, value=value) for code, value in values])
            for member, values in rescores
        ]
    services.evaluation_record(
        acting_user=request.user,
        plan=plan,
        held_on=data["held_on"],
        notes=data.get("notes", ""),
        attainments=form.attainments(),
        rescoring=rescoring,
        next_evaluation_date=data.get("next_evaluation_date"),
    )


# -- MDO ----------------------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def household_mdos(request: StaffRequest, household_uuid: Any) -> HttpResponse:
    household = dossier_open(acting_user=request.user, household_uuid=household_uuid)
    mdos = selectors.household_mdos(household)
    form = MdoForm(
        _data(request, "mdo"),
        prefix="mdo",
        contacts=district_contacts(household.district_id),
        organisations=selectors.selectable_organisations(household),
    )
    decision_forms = {}
    for mdo in mdos:
        decision_forms[mdo.pk] = DecisionForm(
            _data(request, f"besluit-{mdo.uuid.hex}"), prefix=f"besluit-{mdo.uuid.hex}"
        )
        mdo.decision_form = decision_forms[mdo.pk]  # type: ignore[attr-defined]
    if request.method == "POST":
        key = request.POST.get(FORM_KEY, "")
        if key == "mdo":
            done = submitted(
                request,
                form,
                lambda d: services.mdo_create(
                    acting_user=request.user,
                    household=household,
                    held_on=d["held_on"],
                    discussed=d["discussed"],
                    participants=form.participants(),
                ),
                "Het MDO is vastgelegd.",
            )
        else:
            target = next((m for m in mdos if key == f"besluit-{m.uuid.hex}"), None)
            if target is None:
                raise Http404
            done = submitted(
                request,
                decision_forms[target.pk],
                lambda d: services.mdo_decision_add(acting_user=request.user, mdo=target, text=d["text"]),
                "Het besluit is vastgelegd.",
            )
        if done:
            return redirect("plans:household_mdos", household_uuid=household.uuid)
    context = {
        "household": household,
        "mdos": mdos,
        "form": form,
        "has_open_plan": selectors.open_plan(household) is not None,
    }
    return render(request, "plans/household_mdos.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def decision_action(request: StaffRequest, household_uuid: Any, decision_uuid: Any) -> HttpResponse:
    household = dossier_open(acting_user=request.user, household_uuid=household_uuid)
    decision = selectors.decision_visible(request.user, decision_uuid)
    if decision.mdo.household_id != household.pk:
        raise Http404
    plan = selectors.open_plan(household)
    goals = (
        Goal.objects.filter(plan=plan).select_related("domain").order_by("position", "pk")
        if plan is not None
        else Goal.objects.none()
    )
    form = ActionForm(
        request.POST if request.method == "POST" else None,
        goals=goals,
        organisations=selectors.selectable_organisations(household),
        initial={"description": decision.text},
    )

    def save(data: dict[str, Any]) -> None:
        services.mdo_decision_to_action(
            acting_user=request.user, decision=decision, goal=data["goal"], **form.action_values()
        )

    if submitted(request, form, save, "Het besluit is als actie in het plan gezet."):
        return redirect("plans:household_mdos", household_uuid=household.uuid)
    context = {"household": household, "form": form, "decision": decision, "plan": plan}
    return render(request, "plans/decision_action.html", context)
