"""Brede uitvraag pages (per household) and instrument beheer pages. Thin: forms validate, services write,
selectors read, policies decide (404 for not allowed and missing alike)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wijkregie.accounts.requests import StaffRequest
from wijkregie.assessment import selectors, services
from wijkregie.assessment.constants import ReportStatus, ScoringMoment
from wijkregie.assessment.definitions import guess_format
from wijkregie.assessment.models import ConversationReport, Instrument
from wijkregie.assessment.policies import InstrumentPolicy, ReportPolicy
from wijkregie.core.forms import carrying_version, sent_version, submitted
from wijkregie.core.policies import get_or_404
from wijkregie.households.models import Household
from wijkregie.households.services import dossier_open

from .forms import ReportForm, ScoringForm, UploadForm


def _bound(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


# -- the brede uitvraag of a household --------
def _open(request: StaffRequest, household_uuid: Any) -> Household:
    """The dossier (404 when not allowed; writes the access row); only caseworkers get here."""
    if not InstrumentPolicy(request.user).is_caseworker():
        raise Http404
    return dossier_open(acting_user=request.user, household_uuid=household_uuid)


def _report_or_404(request: HttpRequest, household: Household, report_uuid: Any) -> ConversationReport:
    report: ConversationReport = get_or_404(
        selectors.report_visible(request.user, report_uuid, household).select_related("instrument"),
        uuid=report_uuid,
    )
    report.household = household  # the dossier's instance, with its members and break-the-glass flag
    return report


def _report_page(
    request: HttpRequest, household: Household, report: ConversationReport | None
) -> HttpResponse:
    detail = selectors.report_detail(report) if report is not None else None
    members = (
        selectors.member_scorings(detail, household.current_members)  # type: ignore[attr-defined]
        if detail is not None
        else []
    )
    context = {
        "household": household,
        "report": detail,
        "members": members,
        "labels": selectors.level_labels(detail) if detail is not None else {},
        "reports": selectors.reports_for(household),
        "is_draft": detail is not None and detail.status == ReportStatus.DRAFT,
    }
    return render(request, "assessment/household_reports.html", context)


@login_required
@require_GET
def household_reports(request: StaffRequest, household_uuid: Any) -> HttpResponse:
    """The current (latest) brede uitvraag with every member's scores, and the earlier ones."""
    household = _open(request, household_uuid)
    return _report_page(request, household, selectors.latest_report(household))


@login_required
@require_GET
def report_detail(request: StaffRequest, household_uuid: Any, report_uuid: Any) -> HttpResponse:
    household = _open(request, household_uuid)
    return _report_page(request, household, _report_or_404(request, household, report_uuid))


@login_required
@require_http_methods(["GET", "POST"])
def report_new(request: StaffRequest, household_uuid: Any) -> HttpResponse:
    household = _open(request, household_uuid)
    if not ReportPolicy(request.user).can_write(household):
        raise Http404
    instruments = selectors.instruments_for(household.municipality_id)
    default = selectors.default_instrument(household.municipality_id)
    form = ReportForm(
        _bound(request),
        instruments=instruments,
        initial={"instrument": default.pk if default else None, "held_on": timezone.localdate()},
    )
    created: list[ConversationReport] = []

    def save(data: dict[str, Any]) -> None:
        created.append(services.report_create(acting_user=request.user, household=household, **data))

    if submitted(request, form, save, "De brede uitvraag is vastgelegd. Scoor nu de leden."):
        return redirect("assessment:household_reports", household_uuid=household.uuid)
    context = {"form": form, "household": household, "title": "Nieuwe brede uitvraag"}
    return render(request, "assessment/report_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request: StaffRequest, household_uuid: Any, report_uuid: Any) -> HttpResponse:
    household = _open(request, household_uuid)
    report = _report_or_404(request, household, report_uuid)
    if report.status != ReportStatus.DRAFT:
        messages.error(request, services.FINALISED)
        return redirect("assessment:report_detail", household_uuid=household.uuid, report_uuid=report.uuid)
    form = ReportForm(
        _bound(request),
        initial={"held_on": report.held_on, "story": report.story, "wishes": report.wishes},
    )
    carrying_version(form, report)

    def save(data: dict[str, Any]) -> None:
        version = sent_version(data)
        services.report_update(acting_user=request.user, report=report, expected_version=version, **data)

    if submitted(request, form, save, "De brede uitvraag is bijgewerkt."):
        return redirect("assessment:report_detail", household_uuid=household.uuid, report_uuid=report.uuid)
    context = {"form": form, "household": household, "title": "Brede uitvraag bijwerken", "report": report}
    return render(request, "assessment/report_form.html", context)


@login_required
@require_POST
def report_finalise(request: StaffRequest, household_uuid: Any, report_uuid: Any) -> HttpResponse:
    household = _open(request, household_uuid)
    report = _report_or_404(request, household, report_uuid)
    try:
        services.report_finalise(acting_user=request.user, report=report)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "De brede uitvraag is vastgesteld.")
    return redirect("assessment:report_detail", household_uuid=household.uuid, report_uuid=report.uuid)


@login_required
@require_http_methods(["GET", "POST"])
def report_letter(request: StaffRequest, household_uuid: Any, report_uuid: Any) -> HttpResponse:
    """POST makes the written report of the onderzoek for the resident (once); GET downloads it as it
    was made, under a name without personal data."""
    household = _open(request, household_uuid)
    report = _report_or_404(request, household, report_uuid)
    if request.method == "POST":
        try:
            services.report_letter_make(acting_user=request.user, report=report)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Het verslag voor de inwoner is gemaakt en bewaard.")
        return redirect("assessment:report_detail", household_uuid=household.uuid, report_uuid=report.uuid)
    pdf = services.report_letter(acting_user=request.user, report=report)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="verslag-onderzoek-{report.uuid}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def scoring_edit(
    request: StaffRequest, household_uuid: Any, report_uuid: Any, resident_uuid: Any
) -> HttpResponse:
    """Score one member on the report's instrument: one fieldset per domain."""
    household = _open(request, household_uuid)
    report = _report_or_404(request, household, report_uuid)
    membership = next(
        (m for m in household.current_members if str(m.resident.uuid) == str(resident_uuid)),  # type: ignore[attr-defined]
        None,
    )
    if membership is None:
        raise Http404
    back = ("assessment:report_detail", household.uuid, report.uuid)
    if report.status != ReportStatus.DRAFT:
        messages.error(request, services.FINALISED)
        return redirect(back[0], household_uuid=back[1], report_uuid=back[2])
    instrument = report.instrument
    domains = selectors.instrument_domains(instrument)
    existing = selectors.scoring_for(report, membership.resident_id)
    initial: dict[str, Any] = {"scored_on": existing.scored_on if existing else report.held_on}
    for score in existing.scores.all() if existing else []:
        code = score.domain.code
        initial[f"{code}__value"] = "" if score.value is None else str(score.value)
        initial[f"{code}__situation"] = score.situation
        initial[f"{code}__own_strength"] = score.own_strength
        initial[f"{code}__network_strength"] = score.network_strength
    form = ScoringForm(
        _bound(request),
        initial=initial,
        domains=domains,
        labels=selectors.level_labels(instrument),
        anchors=selectors.anchor_texts(instrument, household.municipality_id),
    )

    def save(data: dict[str, Any]) -> None:
        services.scoring_record(
            acting_user=request.user,
            household=household,
            resident=membership.resident,
            instrument=instrument,
            moment=ScoringMoment.INTAKE,
            scores=[services.DomainScoreData(**item) for item in form.score_items()],
            scored_on=data["scored_on"],
            report=report,
        )

    if submitted(request, form, save, "De scores zijn opgeslagen."):
        return redirect(back[0], household_uuid=back[1], report_uuid=back[2])
    context = {
        "form": form,
        "household": household,
        "report": report,
        "member": membership,
        "instrument": instrument,
    }
    return render(request, "assessment/scoring_form.html", context)


# -- instrument beheer --------
def _admin_or_404(request: HttpRequest) -> InstrumentPolicy:
    policy = InstrumentPolicy(request.user)
    if not policy.is_admin():
        raise Http404
    return policy


def _instrument_or_404(policy: InstrumentPolicy, instrument_uuid: Any) -> Instrument:
    instrument: Instrument = get_or_404(policy.visible().select_related("municipality"), uuid=instrument_uuid)
    return instrument


@login_required
@require_GET
def instruments(request: HttpRequest) -> HttpResponse:
    _admin_or_404(request)
    return render(
        request, "assessment/instruments.html", {"instruments": selectors.instrument_list(request.user)}
    )


@login_required
@require_GET
def instrument_detail(request: HttpRequest, instrument_uuid: Any) -> HttpResponse:
    policy = _admin_or_404(request)
    instrument = selectors.instrument_detail(
        _instrument_or_404(policy, instrument_uuid), policy.municipality_id
    )
    context = {"instrument": instrument, "can_manage": policy.can_manage(instrument)}
    return render(request, "assessment/instrument_detail.html", context)


def _upload(request: HttpRequest, form: UploadForm, write: Any) -> Any:
    """Read the uploaded file and hand it to the service; its 'Regel N: reden' lines land on the form."""
    if request.method != "POST" or not form.is_valid():
        return None
    upload = form.cleaned_data["file"]
    fmt = form.cleaned_data["format"] or guess_format(upload.name or "")
    if not fmt:
        form.add_error("format", "Kies het formaat: de bestandsnaam eindigt niet op .json of .csv.")
        return None
    try:
        return write(upload.read(), fmt)
    except ValidationError as error:
        form.apply_service_errors(error)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def instrument_import(request: StaffRequest) -> HttpResponse:
    policy = _admin_or_404(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    municipality = getattr(request.user, "municipality", None)
    if municipality is None:
        raise Http404

    def write(content: bytes, fmt: str) -> Instrument:
        return services.instrument_import(
            acting_user=request.user, municipality=municipality, content=content, format=fmt
        )

    instrument = _upload(request, form, write)
    if instrument is not None:
        messages.success(request, f"Instrument '{instrument.name}' is ingelezen.")
        return redirect("assessment:instrument_detail", instrument_uuid=instrument.uuid)
    context = {"form": form, "title": "Instrument inlezen", "kind": "instrument", "policy": policy}
    return render(request, "assessment/upload.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def anchor_import(request: StaffRequest, instrument_uuid: Any) -> HttpResponse:
    policy = _admin_or_404(request)
    instrument = _instrument_or_404(policy, instrument_uuid)
    if not policy.can_load_anchors(instrument):
        raise Http404
    form = UploadForm(request.POST or None, request.FILES or None)

    def write(content: bytes, fmt: str) -> int:
        return services.anchor_texts_import(
            acting_user=request.user, instrument=instrument, content=content, format=fmt
        )

    count = _upload(request, form, write)
    if count is not None:
        messages.success(request, f"{count} ankerteksten ingelezen voor uw gemeente.")
        return redirect("assessment:instrument_detail", instrument_uuid=instrument.uuid)
    context = {
        "form": form,
        "title": f"Ankerteksten inlezen: {instrument.name}",
        "kind": "anchors",
        "instrument": instrument,
    }
    return render(request, "assessment/upload.html", context)


@login_required
@require_POST
def instrument_active(request: StaffRequest, instrument_uuid: Any) -> HttpResponse:
    policy = _admin_or_404(request)
    instrument = _instrument_or_404(policy, instrument_uuid)
    if not policy.can_manage(instrument):
        raise Http404
    active = request.POST.get("active") == "1"
    services.instrument_set_active(acting_user=request.user, instrument=instrument, active=active)
    messages.success(
        request,
        "Het instrument is in gebruik genomen." if active else "Het instrument is uit gebruik genomen.",
    )
    return redirect("assessment:instrument_detail", instrument_uuid=instrument.uuid)
