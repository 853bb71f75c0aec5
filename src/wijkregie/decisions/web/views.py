"""Maatwerk pages: the household's requests, one request with its omgekeerde toets, the deviations report.
Thin: forms validate, services write, selectors read, the HouseholdPolicy decides (404)."""

import re
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from wijkregie.accounts.requests import StaffRequest
from wijkregie.core.forms import carrying_version, sent_version, submitted
from wijkregie.decisions import selectors, services
from wijkregie.decisions.amounts import EUROS
from wijkregie.decisions.constants import DecisionKind, Outcome, RequestStatus
from wijkregie.decisions.letters import granted_words
from wijkregie.decisions.models import MaatwerkRequest
from wijkregie.decisions.policies import DeviationReportPolicy, rules_of, signers_with_ceilings
from wijkregie.households.models import Resident
from wijkregie.households.services import dossier_open
from wijkregie.plans.constants import MAATWERK_RUNGS
from wijkregie.plans.models import PlanAction
from wijkregie.provisions.constants import ProvisionKind, ProvisionLaw
from wijkregie.provisions.models import Provision

from .forms import DecideForm, RequestForm, ReverseTestForm, SendBackForm, WithdrawForm

FORM_KEY = "formulier"
ACTION_PARAM = "actie"


def _data(request: HttpRequest, key: str) -> Any:
    if request.method == "POST" and request.POST.get(FORM_KEY) == key:
        return request.POST
    return None


@login_required
@require_http_methods(["GET", "POST"])
def household_requests(request: StaffRequest, household_uuid: Any) -> HttpResponse:
    household = dossier_open(acting_user=request.user, household_uuid=household_uuid)
    members = Resident.objects.current_members_of(household).order_by("birth_date", "pk")
    provisions = Provision.objects.filter(
        municipality_id=household.municipality_id, kind=ProvisionKind.CUSTOM, active=True
    ).order_by("law", "name")
    actions = PlanAction.objects.filter(goal__plan__household=household, rung__in=MAATWERK_RUNGS).order_by(
        "created_at"
    )
    initial: dict[str, Any] = {"received_on": timezone.localdate()}
    try:
        action_uuid = uuid.UUID(request.GET.get(ACTION_PARAM, ""))
    except ValueError:
        action_uuid = None
    if action_uuid is not None:
        action = actions.filter(uuid=action_uuid).first()
        initial["plan_action"] = action
        if action is not None and action.provision:
            # The action names its provision as the catalogue does: offer that one first.
            initial["provision"] = provisions.filter(name=action.provision).first()
    form = RequestForm(
        _data(request, "aanvraag"),
        prefix="aanvraag",
        members=members,
        provisions=provisions,
        actions=actions,
        initial=initial,
    )
    created: list[Any] = []

    def save(d: dict[str, Any]) -> None:
        created.append(services.request_create(acting_user=request.user, household=household, **d))

    if submitted(
        request, form, save, "De aanvraag is geregistreerd. De wettelijke termijn staat bij de taken."
    ):
        return redirect("decisions:request_detail", created[0].uuid)
    return render(
        request,
        "decisions/household_requests.html",
        {"household": household, "requests": selectors.requests_of(household), "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_detail(request: StaffRequest, request_uuid: Any) -> HttpResponse:
    maatwerk = selectors.request_for(request.user, request_uuid)
    household = dossier_open(acting_user=request.user, household_uuid=maatwerk.household.uuid)
    test = maatwerk.reverse_test
    open_ = test.decided_on is None and maatwerk.status not in (
        RequestStatus.DECISION,
        RequestStatus.WITHDRAWN,
    )
    fits = "" if test.outcome_fits_law is None else ("ja" if test.outcome_fits_law else "nee")
    test_form = ReverseTestForm(
        _data(request, "toets"),
        prefix="toets",
        initial={**{name: getattr(test, name) for name in services.TEXT_FIELDS}, "outcome_fits_law": fits},
    )
    carrying_version(test_form, test)
    today = timezone.localdate()
    decide_initial = {
        "decided_on": today,
        "start_date": today,
        "decision_kind": DecisionKind.WITHIN_RULES,
        "letter_motivation": services.letter_motivation_draft(maatwerk),
    }
    decide_form = DecideForm(_data(request, "besluit"), prefix="besluit", initial=decide_initial)
    withdraw_form = WithdrawForm(_data(request, "intrekken"), prefix="intrekken")
    send_back_form = SendBackForm(_data(request, "terugsturen"), prefix="terugsturen")
    user = request.user
    if open_ and submitted(
        request,
        test_form,
        lambda d: services.reverse_test_save(
            acting_user=user, request=maatwerk, expected_version=sent_version(d), **d
        ),
        "De omgekeerde toets is opgeslagen.",
    ):
        return redirect("decisions:request_detail", maatwerk.uuid)
    letter = ""
    if open_ and _data(request, "besluit") is not None and decide_form.is_valid():
        # Two steps: first the letter as it will go out, then signing exactly what was shown.
        if decide_form.preview_matches:
            if submitted(
                request,
                decide_form,
                lambda d: services.request_decide(
                    acting_user=user, request=maatwerk, **decide_form.decision()
                ),
                "Het besluit is vastgelegd.",
            ):
                return redirect("decisions:request_detail", maatwerk.uuid)
        else:
            decide_form, letter = _previewed(request, maatwerk, decide_form, decide_initial)
            maatwerk = selectors.request_for(user, request_uuid)  # the preview's rolled-back decision
            test = maatwerk.reverse_test  # touched the objects in hand: read them again
    if open_ and submitted(
        request,
        withdraw_form,
        lambda d: services.request_withdraw(acting_user=user, request=maatwerk, **d),
        "De aanvraag is ingetrokken. De wettelijke termijn vervalt.",
    ):
        return redirect("decisions:request_detail", maatwerk.uuid)
    awaiting = test.approval_needed and test.approved_by_id is None
    if awaiting and submitted(
        request,
        send_back_form,
        lambda d: services.request_send_back(acting_user=user, request=maatwerk, **d),
        "Het besluit is teruggestuurd. De aanvraag staat weer in onderzoek.",
    ):
        return redirect("decisions:request_detail", maatwerk.uuid)
    action = request.POST.get(FORM_KEY) if request.method == "POST" else None
    if action in ONE_CLICK:
        return _one_click(request, maatwerk, action)
    forms = {
        "test_form": test_form,
        "decide_form": decide_form,
        "withdraw_form": withdraw_form,
        "send_back_form": send_back_form,
    }
    context = _detail_context(request, maatwerk, household, is_open=open_, forms=forms)
    context["letter_preview"] = letter
    return render(request, "decisions/request_detail.html", context)


LETTER_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.DOTALL)


def _previewed(
    request: StaffRequest, maatwerk: Any, form: DecideForm, initial: dict[str, Any]
) -> tuple[DecideForm, str]:
    """The letter for the form's decision, and the form again carrying the digest of what was shown (so
    that the next press signs exactly that). On a refused decision: the form with its errors, no letter."""
    try:
        html = services.letter_preview(acting_user=request.user, request=maatwerk, **form.decision())
    except ValidationError as error:
        form.apply_service_errors(error)
        return form, ""
    data = request.POST.copy()
    data[form.add_prefix("previewed")] = form.digest()
    again = DecideForm(data, prefix="besluit", initial=initial)
    again.is_valid()
    body = LETTER_BODY.search(html)
    return again, body.group(1) if body else html


ONE_CLICK = {
    "goedkeuren": (services.request_approve, "De tweede handtekening staat. De beschikking is ondertekend."),
    "herindicatie": (services.reindication_start, "De herindicatie is gestart als nieuwe aanvraag."),
}


def _one_click(request: StaffRequest, maatwerk: Any, action: str) -> HttpResponse:
    service, success = ONE_CLICK[action]
    try:
        result = service(acting_user=request.user, request=maatwerk)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("decisions:request_detail", maatwerk.uuid)
    messages.success(request, success)
    target = result if isinstance(result, MaatwerkRequest) else maatwerk
    return redirect("decisions:request_detail", target.uuid)


def _detail_context(
    request: HttpRequest, maatwerk: Any, household: Any, *, is_open: bool, forms: dict[str, Any]
) -> dict[str, Any]:
    test = maatwerk.reverse_test
    beschikking = selectors.beschikking_of(maatwerk)
    rules = rules_of(household.municipality_id)
    awaiting = beschikking is not None and test.approval_needed and test.approved_by_id is None
    # Open: everyone who may sign something here, each with their ceiling (the amount is not known yet).
    # Awaiting the second signature: who may co-sign this amount, not the decider.
    if is_open:
        cosigners = signers_with_ceilings(maatwerk, cosign=True)
    elif awaiting:
        assert beschikking is not None
        cosigners = signers_with_ceilings(
            maatwerk, beschikking.yearly_cents, cosign=True, exclude_pk=test.decided_by_id
        )
    else:
        cosigners = []
    provision = maatwerk.provision
    return {
        "household": household,
        "maatwerk": maatwerk,
        "test": test,
        "beschikking": beschikking,
        "is_open": is_open,
        **forms,
        "may_approve": services.may_approve(request.user, test),
        "may_reindicate": selectors.may_start_reindication(maatwerk, beschikking),
        "steps": services.STEP_FIELDS,
        "deciders": signers_with_ceilings(maatwerk) if is_open else [],
        "cosigners": cosigners,
        "no_tariff": provision.tariff_cents is None and provision.unit != EUROS,
        "granted": granted_words(beschikking) if beschikking is not None else {},
        "four_eyes_above": rules.four_eyes_above_cents,
        "follow_ups": selectors.follow_ups_of(maatwerk),
    }


@login_required
def beschikking_letter(request: StaffRequest, beschikking_uuid: Any) -> HttpResponse:
    """The signed letter as it was made (PDF), with a file name without personal data."""
    beschikking = selectors.beschikking_for(request.user, beschikking_uuid)
    pdf = services.beschikking_letter(acting_user=request.user, beschikking=beschikking)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{services.beschikking_filename(beschikking)}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def deviations(request: HttpRequest) -> HttpResponse:
    """Motivated deviations per law and outcome, per municipality the user works for (no persons)."""
    policy = DeviationReportPolicy(request.user)
    if not policy.can_view():
        raise Http404
    municipalities = policy.municipalities()
    laws = dict(ProvisionLaw.choices)
    outcomes = dict(Outcome.choices)
    report = [
        (
            municipality,
            [
                {
                    "law": laws.get(row["request__law"], row["request__law"]),
                    "outcome": outcomes.get(row["outcome"], ""),
                    "count": row["count"],
                }
                for row in selectors.deviations_report(municipality, suppress=policy.suppresses_small_cells())
            ],
        )
        for municipality in municipalities.order_by("name")
    ]
    return render(request, "decisions/deviations.html", {"report": report})
