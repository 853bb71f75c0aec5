"""Intake pages: meldingen per household and per team, a melding for a new resident (BRP), re-routing, and
the beheerder's triage rules with proefroutering and routing figures. Thin: forms validate, services write,
selectors read, policies decide (404 for not allowed and missing alike)."""

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wijkregie.accounts.requests import StaffRequest
from wijkregie.audit.services import record_reads
from wijkregie.core.forms import carrying_version, sent_version, submitted
from wijkregie.households import services as household_services
from wijkregie.households.policies import HouseholdPolicy
from wijkregie.intake import selectors, services, triage
from wijkregie.intake.policies import MeldingPolicy, RoutingStatsPolicy, TriageRulePolicy
from wijkregie.integrations.brp import BrpUnavailable

from .forms import (
    BrpLookupForm,
    KnownMeldingForm,
    NewResidentMeldingForm,
    RerouteForm,
    StatsForm,
    TriageRuleForm,
    TrialForm,
)


def _bound(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _caseworker_or_404(request: HttpRequest) -> MeldingPolicy:
    policy = MeldingPolicy(request.user)
    if not policy.is_caseworker():
        raise Http404
    return policy


# -- meldingen -----------------------------------------------------------------------------------------------
@login_required
@require_GET
def household_meldingen(request: StaffRequest, household_uuid: Any) -> HttpResponse:
    household = household_services.dossier_open(acting_user=request.user, household_uuid=household_uuid)
    policy = MeldingPolicy(request.user)
    meldingen = policy.mark_actions(selectors.household_meldingen(request.user, household))
    context = {"household": household, "meldingen": meldingen, "can_create": policy.is_caseworker()}
    return render(request, "intake/household_meldingen.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def household_melding_new(request: StaffRequest, household_uuid: Any) -> HttpResponse:
    _caseworker_or_404(request)
    household = household_services.dossier_open(acting_user=request.user, household_uuid=household_uuid)
    form = KnownMeldingForm(_bound(request), members=household.current_members)  # type: ignore[attr-defined]
    if request.method == "POST" and request.POST.get("actie") == "voorproef":
        preview = None
        if form.is_valid():
            try:
                preview = services.routing_preview(
                    acting_user=request.user,
                    household=household,
                    data=services.MeldingData(**form.melding_values()),
                )
            except ValidationError as error:
                form.apply_service_errors(error)
        context = {"form": form, "household": household, "preview": preview}
        return render(request, "intake/melding_form.html", context)

    def save(data: dict[str, Any]) -> None:
        services.melding_create(
            acting_user=request.user,
            household=household,
            resident=form.members[data["resident"]],
            data=services.MeldingData(**form.melding_values()),
        )

    if submitted(request, form, save, "De melding is vastgelegd en gerouteerd."):
        return _after_change(request, household.uuid)
    return render(request, "intake/melding_form.html", {"form": form, "household": household})


def _after_change(request: HttpRequest, household_uuid: Any) -> HttpResponse:
    """Back to the household's meldingen when the user still sees it, else to the team's inbox (after
    routing or re-routing elsewhere the household may have left this user's reach: privacy)."""
    if HouseholdPolicy(request.user).visible().filter(uuid=household_uuid).exists():
        return redirect("intake:household_meldingen", household_uuid=household_uuid)
    messages.info(request, "De melding ligt nu bij een ander team; u ziet dit huishouden niet meer.")
    return redirect("intake:team_meldingen")


@login_required
@require_GET
def team_meldingen(request: HttpRequest) -> HttpResponse:
    policy = _caseworker_or_404(request)
    meldingen = policy.mark_actions(selectors.team_inbox(request.user))
    shown = [(m.uuid, m.household.uuid) for m in meldingen]
    record_reads(actor=request.user, object_type="lijst.meldingen", shown=shown)
    return render(request, "intake/team_meldingen.html", {"meldingen": meldingen})


@login_required
@require_http_methods(["GET", "POST"])
def melding_new(request: StaffRequest) -> HttpResponse:
    """A melding for a resident who is not yet registered: 'Ophalen uit BRP' prefills, then one form
    registers the resident in a new household and routes the melding."""
    _caseworker_or_404(request)
    lookup = BrpLookupForm(prefix="brp")
    form = NewResidentMeldingForm(initial={"life_domain_count": 1})
    preview = None
    if request.method == "POST" and "brp-bsn" in request.POST:
        lookup = BrpLookupForm(request.POST, prefix="brp")
        if lookup.is_valid():
            form = _prefilled(request, lookup.cleaned_data["bsn"])
    elif request.method == "POST" and request.POST.get("actie") == "voorproef":
        form = NewResidentMeldingForm(request.POST)
        preview = _preview(request, form)
    elif request.method == "POST":
        form = NewResidentMeldingForm(request.POST)
        created: list[Any] = []

        def save(data: dict[str, Any]) -> None:
            created.append(
                services.melding_create_for_new_resident(
                    acting_user=request.user,
                    resident_data=services.ResidentData(**form.resident_values()),
                    data=services.MeldingData(**form.melding_values()),
                    keep_reason=form.kept_because(),
                )
            )

        if submitted(request, form, save, "De inwoner is geregistreerd en de melding is gerouteerd."):
            melding = created[0]
            kept = form.kept_because() and melding.team.memberships.filter(user=request.user).exists()
            messages.info(request, f"{'Gehouden bij' if kept else 'Gerouteerd naar'} {melding.team.name}.")
            return _after_change(request, melding.household.uuid)
    context = {"form": form, "lookup": lookup, "preview": preview}
    return render(request, "intake/melding_new.html", context)


def _preview(request: StaffRequest, form: NewResidentMeldingForm) -> services.RoutingPreview | None:
    """'Waar gaat deze melding heen?': the routing the rules would make, shown before anything is saved."""
    if not form.is_valid():
        return None
    try:
        return services.routing_preview(
            acting_user=request.user,
            postcode=form.cleaned_data["postcode"],
            data=services.MeldingData(**form.melding_values()),
        )
    except ValidationError as error:
        form.apply_service_errors(error)
        return None


def _prefilled(request: StaffRequest, bsn: str) -> NewResidentMeldingForm:
    try:
        person = household_services.brp_prefill(acting_user=request.user, bsn=bsn)
    except BrpUnavailable as error:
        messages.error(request, f"{error} Vul de gegevens met de hand in.")
        return NewResidentMeldingForm(initial={"bsn": bsn, "life_domain_count": 1})
    if person is None:
        messages.error(request, "De BRP kent geen persoon met dit BSN. Vul de gegevens met de hand in.")
        return NewResidentMeldingForm(initial={"bsn": bsn, "life_domain_count": 1})
    messages.success(request, "Gegevens opgehaald uit de BRP. Controleer ze en vul de melding aan.")
    names = [name for name in NewResidentMeldingForm.RESIDENT_FIELDS if hasattr(person, name)]
    initial: dict[str, Any] = {name: getattr(person, name) for name in names if name != "birth_date"}
    initial["birth_date"] = person.birth_date.strftime("%d-%m-%Y") if person.birth_date else ""
    initial["life_domain_count"] = 1
    return NewResidentMeldingForm(initial=initial)


@login_required
@require_http_methods(["GET", "POST"])
def melding_reroute(request: StaffRequest, melding_uuid: Any) -> HttpResponse:
    _caseworker_or_404(request)
    melding = services.melding_open(acting_user=request.user, melding_uuid=melding_uuid)
    if not MeldingPolicy(request.user).can_reroute(melding):
        raise Http404
    form = RerouteForm(_bound(request))

    def save(data: dict[str, Any]) -> None:
        services.melding_reroute(acting_user=request.user, melding=melding, **data)

    if submitted(request, form, save, "De melding is omgerouteerd."):
        return _after_change(request, melding.household.uuid)
    return render(request, "intake/melding_reroute.html", {"form": form, "melding": melding})


def _status_change(request: HttpRequest, melding_uuid: Any, write: Any, done: str) -> HttpResponse:
    _caseworker_or_404(request)
    melding = selectors.melding_visible(request.user, melding_uuid)
    try:
        write(acting_user=request.user, melding=melding)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, done)
    if request.POST.get("terug") == "inbox":
        return redirect("intake:team_meldingen")
    return redirect("intake:household_meldingen", household_uuid=melding.household.uuid)


@login_required
@require_POST
def melding_accept(request: HttpRequest, melding_uuid: Any) -> HttpResponse:
    return _status_change(request, melding_uuid, services.melding_accept, "De melding is in behandeling.")


@login_required
@require_POST
def melding_close(request: HttpRequest, melding_uuid: Any) -> HttpResponse:
    return _status_change(request, melding_uuid, services.melding_close, "De melding is afgesloten.")


# -- triage rules (functioneel beheerder) --------------------------------------------------------------------
def _rules_policy_or_404(request: HttpRequest) -> TriageRulePolicy:
    policy = TriageRulePolicy(request.user)
    if not policy.can_manage():
        raise Http404
    return policy


@login_required
@require_GET
def triage_rules(request: HttpRequest) -> HttpResponse:
    policy = _rules_policy_or_404(request)
    rules = list(policy.rules().order_by("position"))
    context = {"rules": rules, "municipality": policy.municipality()}
    return render(request, "intake/triage_rules.html", context)


def _rule_page(request: HttpRequest, form: TriageRuleForm, write: Any, title: str, done: str) -> HttpResponse:
    def save(data: dict[str, Any]) -> None:
        version = sent_version(data)
        write(data=services.TriageRuleData(**data), **({"expected_version": version} if version else {}))

    if submitted(request, form, save, done):
        return redirect("intake:triage_rules")
    return render(request, "intake/triage_rule_form.html", {"form": form, "title": title})


@login_required
@require_http_methods(["GET", "POST"])
def triage_rule_new(request: StaffRequest) -> HttpResponse:
    _rules_policy_or_404(request)
    form = TriageRuleForm(_bound(request))

    def write(**kwargs: Any) -> Any:
        return services.triage_rule_create(acting_user=request.user, **kwargs)

    return _rule_page(request, form, write, "Nieuwe triageregel", "De regel is toegevoegd.")


@login_required
@require_http_methods(["GET", "POST"])
def triage_rule_edit(request: StaffRequest, rule_uuid: Any) -> HttpResponse:
    rule = _rules_policy_or_404(request).get_rule_or_404(rule_uuid)
    form = carrying_version(TriageRuleForm(_bound(request), initial=TriageRuleForm.initial_for(rule)), rule)

    def write(**kwargs: Any) -> Any:
        return services.triage_rule_update(acting_user=request.user, rule=rule, **kwargs)

    return _rule_page(request, form, write, f"Regel {rule.position}: {rule.name}", "De regel is opgeslagen.")


@login_required
@require_POST
def triage_rule_move(request: StaffRequest, rule_uuid: Any) -> HttpResponse:
    rule = _rules_policy_or_404(request).get_rule_or_404(rule_uuid)
    direction = {"omhoog": "up", "omlaag": "down"}.get(request.POST.get("richting", ""), "")
    try:
        services.triage_rule_move(acting_user=request.user, rule=rule, direction=direction)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    return redirect("intake:triage_rules")


@login_required
@require_POST
def triage_rule_deactivate(request: StaffRequest, rule_uuid: Any) -> HttpResponse:
    rule = _rules_policy_or_404(request).get_rule_or_404(rule_uuid)
    services.triage_rule_deactivate(acting_user=request.user, rule=rule)
    messages.success(request, f"De regel ‘{rule.name}’ staat uit.")
    return redirect("intake:triage_rules")


@login_required
@require_POST
def triage_rules_defaults(request: StaffRequest) -> HttpResponse:
    policy = _rules_policy_or_404(request)
    municipality = policy.municipality()
    assert municipality is not None
    created = services.triage_rules_install_defaults(acting_user=request.user, municipality=municipality)
    if created:
        messages.success(request, f"{len(created)} standaardregels zijn toegevoegd.")
    else:
        messages.error(request, "Uw gemeente heeft al regels; er is niets toegevoegd.")
    return redirect("intake:triage_rules")


@login_required
@require_GET
def triage_trial(request: StaffRequest) -> HttpResponse:
    """Proefroutering: only choices, no personal data, nothing saved; GET so the result can be shared."""
    _rules_policy_or_404(request)
    form = TrialForm(request.GET or None, initial={"life_domain_count": 1})
    result = None
    if request.GET and form.is_valid():
        attrs = triage.MeldingAttrs(**form.cleaned_data)
        result = services.triage_trial(acting_user=request.user, attrs=attrs)
    return render(request, "intake/triage_trial.html", {"form": form, "result": result})


# -- routing figures -----------------------------------------------------------------------------------------
@login_required
@require_GET
def routing_stats(request: HttpRequest) -> HttpResponse:
    municipalities = list(RoutingStatsPolicy(request.user).municipalities())
    if not municipalities:
        raise Http404
    form = StatsForm(request.GET or None, municipalities=municipalities)
    today = timezone.localdate()
    chosen, date_from, date_to = municipalities[0], date(today.year, 1, 1), today
    if request.GET and form.is_valid():
        by_uuid = {str(m.uuid): m for m in municipalities}
        chosen = by_uuid.get(form.cleaned_data["municipality"], chosen)
        date_from = form.cleaned_data["date_from"] or date_from
        date_to = form.cleaned_data["date_to"] or date_to
    policy = RoutingStatsPolicy(request.user)
    stats = selectors.routing_stats(chosen.pk, date_from, date_to, suppress=policy.suppresses_small_cells())
    context = {"form": form, "stats": stats, "municipality": chosen}
    return render(request, "intake/routing_stats.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def melding_receipt(request: StaffRequest, melding_uuid: Any) -> HttpResponse:
    """POST makes the confirmation of receipt (once); GET downloads it as it was made, under a name
    without personal data."""
    _caseworker_or_404(request)
    if request.method == "POST":
        melding = selectors.melding_visible(request.user, melding_uuid)
        try:
            services.melding_receipt_make(acting_user=request.user, melding=melding)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "De ontvangstbevestiging is gemaakt en bewaard.")
        return redirect("intake:household_meldingen", household_uuid=melding.household.uuid)
    pdf = services.melding_receipt_letter(acting_user=request.user, melding_uuid=melding_uuid)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="ontvangstbevestiging-{melding_uuid}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
