"""Bezwaar and beroep pages: the bezwaren against one request's beschikking (list and register form), and
one bezwaar with its terms, postponement, hearing, decision and beroep. Thin: forms check the shape,
services decide and write, selectors read, the HouseholdPolicy decides (404)."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from wijkregie.accounts.requests import StaffRequest
from wijkregie.core.forms import StyledForm, submitted
from wijkregie.decisions import selectors, services
from wijkregie.decisions.constants import ObjectionOutcome
from wijkregie.decisions.policies import rules_of
from wijkregie.households.services import dossier_open

FORM_KEY = "formulier"
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
OUTCOMES = [("", "Kies de uitkomst"), *ObjectionOutcome.choices]
WEEKS = [(str(n), f"{n} {'week' if n == 1 else 'weken'}") for n in range(1, 7)]


class ObjectionForm(StyledForm):
    received_on = forms.DateField(label="Bezwaar ontvangen op", widget=DATE)
    advisory_committee = forms.BooleanField(
        label="De bezwaarcommissie adviseert",
        required=False,
        help_text="Met advies van een commissie is de beslistermijn 12 weken in plaats van 6 (Awb 7:10).",
    )


class PostponeForm(StyledForm):
    weeks = forms.TypedChoiceField(label="Verdagen met", choices=WEEKS, coerce=int)
    reason = forms.CharField(
        label="Reden van de verdaging",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="De indiener krijgt deze reden schriftelijk. Verdagen kan één keer (Awb 7:10 lid 3).",
    )


class HearingForm(StyledForm):
    hearing_on = forms.DateField(label="Datum hoorzitting", widget=DATE)


class ObjectionDecideForm(StyledForm):
    outcome = forms.ChoiceField(label="Uitkomst", choices=OUTCOMES)
    decided_on = forms.DateField(label="Beslist op", widget=DATE)
    motivation = forms.CharField(
        label="Motivering",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Verplicht, behalve als het bezwaar is ingetrokken. Bij gegrond volgt een nieuwe aanvraag "
        "voor een nieuw besluit, met de omgekeerde toets.",
    )


class AppealForm(StyledForm):
    filed_on = forms.DateField(label="Beroep ingesteld op", widget=DATE)


class AppealDecideForm(StyledForm):
    outcome = forms.ChoiceField(label="Uitspraak", choices=OUTCOMES)
    decided_on = forms.DateField(label="Uitspraak op", widget=DATE)


def _data(request: HttpRequest, key: str) -> Any:
    if request.method == "POST" and request.POST.get(FORM_KEY) == key:
        return request.POST
    return None


@login_required
@require_http_methods(["GET", "POST"])
def request_objections(request: StaffRequest, request_uuid: Any) -> HttpResponse:
    maatwerk = selectors.request_for(request.user, request_uuid)
    household = dossier_open(acting_user=request.user, household_uuid=maatwerk.household.uuid)
    beschikking = selectors.beschikking_of(maatwerk)
    signed = beschikking is not None and beschikking.signed_on is not None
    period_ends_on = selectors.objection_period_end(beschikking) if beschikking and signed else None
    form = ObjectionForm(
        _data(request, "bezwaar"),
        prefix="bezwaar",
        initial={
            "received_on": timezone.localdate(),
            "advisory_committee": rules_of(household.municipality_id).advisory_committee,
        },
    )
    created: list[Any] = []

    def save(d: dict[str, Any]) -> None:
        created.append(services.objection_register(acting_user=request.user, request=maatwerk, **d))

    if signed and submitted(
        request, form, save, "Het bezwaar is geregistreerd. De beslistermijn staat bij de taken."
    ):
        return redirect("decisions:objection_detail", created[0].uuid)
    today = timezone.localdate()
    rows = [(item, selectors.objection_term(item, today)) for item in selectors.objections_of(maatwerk)]
    return render(
        request,
        "decisions/objections.html",
        {
            "household": household,
            "maatwerk": maatwerk,
            "beschikking": beschikking,
            "signed": signed,
            "period_ends_on": period_ends_on,
            "rows": rows,
            "form": form,
        },
    )


def _saver(service: Callable[..., Any], user: Any, objection: Any) -> Callable[[dict[str, Any]], Any]:
    def save(data: dict[str, Any]) -> Any:
        return service(acting_user=user, objection=objection, **data)

    return save


@login_required
@require_http_methods(["GET", "POST"])
def objection_detail(request: HttpRequest, objection_uuid: Any) -> HttpResponse:
    user: Any = request.user
    objection = selectors.objection_for(user, objection_uuid)
    maatwerk = objection.beschikking.request
    household = dossier_open(acting_user=user, household_uuid=maatwerk.household.uuid)
    today = timezone.localdate()
    undecided = not objection.outcome
    may_appeal = (
        bool(objection.outcome)
        and objection.outcome != ObjectionOutcome.WITHDRAWN
        and objection.appeal_filed_on is None
    )
    awaiting_ruling = objection.appeal_filed_on is not None and not objection.appeal_outcome
    postpone_form = PostponeForm(_data(request, "verdagen"), prefix="verdagen")
    hearing_form = HearingForm(
        _data(request, "hoorzitting"), prefix="hoorzitting", initial={"hearing_on": objection.hearing_on}
    )
    decide_form = ObjectionDecideForm(
        _data(request, "beslissing"), prefix="beslissing", initial={"decided_on": today}
    )
    appeal_form = AppealForm(_data(request, "beroep"), prefix="beroep", initial={"filed_on": today})
    ruling_form = AppealDecideForm(
        _data(request, "uitspraak"), prefix="uitspraak", initial={"decided_on": today}
    )
    steps: list[tuple[bool, Any, Callable[..., Any], str]] = [
        (
            undecided and not objection.postponed_weeks,
            postpone_form,
            services.objection_postpone,
            "De beslissing is verdaagd. De taak heeft de nieuwe uiterste datum.",
        ),
        (undecided, hearing_form, services.objection_hearing_set, "De hoorzitting is vastgelegd."),
        (undecided, decide_form, services.objection_decide, "De beslissing op bezwaar is vastgelegd."),
        (may_appeal, appeal_form, services.appeal_register, "Het beroep is geregistreerd."),
        (awaiting_ruling, ruling_form, services.appeal_decide, "De uitspraak in beroep is vastgelegd."),
    ]
    for allowed, form, service, success in steps:
        if allowed and submitted(request, form, _saver(service, user, objection), success):
            return redirect("decisions:objection_detail", objection.uuid)
    return render(
        request,
        "decisions/objection_detail.html",
        {
            "household": household,
            "maatwerk": maatwerk,
            "objection": objection,
            "state": selectors.objection_term(objection, today),
            "undecided": undecided,
            "may_postpone": undecided and not objection.postponed_weeks,
            "may_appeal": may_appeal,
            "awaiting_ruling": awaiting_ruling,
            "postpone_form": postpone_form,
            "hearing_form": hearing_form,
            "decide_form": decide_form,
            "appeal_form": appeal_form,
            "ruling_form": ruling_form,
            "withdrawn": ObjectionOutcome.WITHDRAWN,
        },
    )
