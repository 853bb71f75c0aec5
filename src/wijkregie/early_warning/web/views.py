"""Vroegsignalering pages: the outreach queue, the zaak, reading signals in and matching, the settings.
Thin: forms parse, services write and check, selectors read; 404 when the policy refuses."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from wijkregie.accounts.constants import CASEWORK_ROLES
from wijkregie.accounts.requests import StaffRequest
from wijkregie.core.forms import posted, submitted
from wijkregie.core.policies import get_or_404
from wijkregie.organisation.models import District, Municipality, Team

from .. import selectors
from ..constants import PartnerType
from ..models import SignalCase, SignalFile, SignalPartner
from ..policies import EarlyWarningPolicy, SignalCasePolicy
from ..services import files, matching, outreach, setup
from .forms import (
    AttemptForm,
    MatchingForm,
    PartnerForm,
    PickUpForm,
    QueueFilterForm,
    ResultForm,
    SettingsForm,
    SignalFileForm,
)


# -- the outreach queue and the zaak -------------------------------------------------------------------------
@login_required
@require_http_methods(["GET"])
def queue(request: StaffRequest) -> HttpResponse:
    if request.user.role not in CASEWORK_ROLES:
        raise Http404
    municipality_ids = SignalCasePolicy(request.user).outreach_municipality_ids()
    districts = District.objects.filter(municipality_id__in=municipality_ids).order_by(
        "municipality__name", "name"
    )
    form = QueueFilterForm(request.GET or None, districts=[(str(d.uuid), d.name) for d in districts])
    wanted = selectors.QueueFilter(**form.cleaned_data) if form.is_valid() else selectors.QueueFilter()
    rows = outreach.queue_read(acting_user=request.user, wanted=wanted)
    context = {
        "form": form,
        "rows": rows,
        "limit": selectors.QUEUE_LIMIT,
        "outreach": bool(municipality_ids),
        "may_read_in": bool(municipality_ids),  # the outreach team reads its own signals in
    }
    return render(request, "early_warning/queue.html", context)


def _case(request: StaffRequest, case_uuid: Any) -> SignalCase:
    return selectors.case_visible(request.user, case_uuid)


def _case_page(request: StaffRequest, case: SignalCase, status: int = 200, **forms: Any) -> HttpResponse:
    view = selectors.case_view(request.user, case)
    outreach.case_read(acting_user=request.user, case=case)
    today = timezone.localdate()
    context = {
        "view": view,
        "case": case,
        "pick_up_form": forms.get("pick_up_form")
        or PickUpForm(initial={"picked_up_on": today, "version": case.version}),
        "attempt_form": forms.get("attempt_form") or AttemptForm(initial={"made_on": today}),
        "result_form": forms.get("result_form")
        or ResultForm(initial={"result_on": today, "version": case.version}),
    }
    return render(request, "early_warning/case.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def case_detail(request: StaffRequest, case_uuid: Any) -> HttpResponse:
    return _case_page(request, _case(request, case_uuid))


@login_required
@require_http_methods(["POST"])
def case_pick_up(request: StaffRequest, case_uuid: Any) -> HttpResponse:
    case = _case(request, case_uuid)
    form = PickUpForm(request.POST)

    def save(data: dict[str, Any]) -> None:
        outreach.case_pick_up(
            acting_user=request.user, case=case, on=data["picked_up_on"], expected_version=data.get("version")
        )

    if submitted(request, form, save, "De zaak is opgepakt."):
        return redirect("early_warning:case", case_uuid=case.uuid)
    return _case_page(request, case, status=400, pick_up_form=form)


@login_required
@require_http_methods(["POST"])
def attempt_add(request: StaffRequest, case_uuid: Any) -> HttpResponse:
    case = _case(request, case_uuid)
    form = AttemptForm(request.POST)

    def save(data: dict[str, Any]) -> None:
        outreach.contact_attempt_add(acting_user=request.user, case=case, data=outreach.AttemptData(**data))

    if submitted(request, form, save, "De contactpoging is vastgelegd."):
        return redirect("early_warning:case", case_uuid=case.uuid)
    return _case_page(request, case, status=400, attempt_form=form)


@login_required
@require_http_methods(["POST"])
def case_close(request: StaffRequest, case_uuid: Any) -> HttpResponse:
    case = _case(request, case_uuid)
    form = ResultForm(request.POST)

    def save(data: dict[str, Any]) -> None:
        version = data.pop("version", None)
        outreach.case_close(
            acting_user=request.user, case=case, data=outreach.ResultData(**data), expected_version=version
        )

    if submitted(request, form, save, "De zaak is afgesloten."):
        return redirect("early_warning:case", case_uuid=case.uuid)
    return _case_page(request, case, status=400, result_form=form)


@login_required
@require_http_methods(["POST"])
def letters_make(request: StaffRequest, case_uuid: Any) -> HttpResponse:
    case = _case(request, case_uuid)
    try:
        made = outreach.case_letters_make(acting_user=request.user, case=case)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"De brieven zijn gemaakt ({len(made)}).")
    return redirect("early_warning:case", case_uuid=case.uuid)


@login_required
@require_http_methods(["GET"])
def letter_download(request: StaffRequest, case_uuid: Any, letter_uuid: Any) -> HttpResponse:
    case = _case(request, case_uuid)
    letter = outreach.case_letter(acting_user=request.user, case=case, letter_uuid=letter_uuid)
    response = HttpResponse(bytes(letter.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="brief-vroegsignalering-{letter.uuid}.pdf"'
    return response


# -- reading signals in and matching -------------------------------------------------------------------------
def _read_in_municipalities(request: StaffRequest) -> list[Municipality]:
    found = list(EarlyWarningPolicy(request.user).municipalities("read_in"))
    if not found:
        raise Http404
    return found


def _chosen(municipalities: list[Municipality], value: str) -> Municipality:
    chosen = next((m for m in municipalities if str(m.uuid) == value), None)
    if chosen is None:
        raise Http404
    return chosen


def _intake_page(
    request: StaffRequest, municipalities: list[Municipality], status: int = 200, **forms: Any
) -> HttpResponse:
    partners = list(
        SignalPartner.objects.filter(municipality__in=municipalities, active=True).order_by("name")
    )
    start, end = matching.previous_month(timezone.localdate())
    context = {
        "file_form": forms.get("file_form")
        or SignalFileForm(municipalities=municipalities, partners=partners),
        "matching_form": forms.get("matching_form")
        or MatchingForm(municipalities=municipalities, initial={"period_start": start, "period_end": end}),
        "places": [
            {
                "municipality": m,
                "files": selectors.files(m, limit=10),
                "runs": selectors.runs(m, limit=10),
                "waiting": selectors.waiting_count(m),
            }
            for m in municipalities
        ],
        "file_errors": forms.get("file_errors", []),
    }
    return render(request, "early_warning/intake.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def signal_files(request: StaffRequest) -> HttpResponse:
    municipalities = _read_in_municipalities(request)
    if request.method == "GET":
        return _intake_page(request, municipalities)
    partners = list(SignalPartner.objects.filter(municipality__in=municipalities, active=True))
    form = SignalFileForm(request.POST, request.FILES, municipalities=municipalities, partners=partners)
    if not form.is_valid():
        return _intake_page(request, municipalities, status=400, file_form=form)
    municipality = _chosen(municipalities, form.cleaned_data["municipality"])
    partner = next((p for p in partners if str(p.uuid) == form.cleaned_data["partner"]), None)
    upload = form.cleaned_data["file"]
    try:
        result = files.signal_file_import(
            acting_user=request.user, municipality=municipality, content=upload.read(), name=upload.name,
            partner=partner,
        )  # fmt: skip
    except ValidationError as error:
        errors = error.message_dict.get("file") or error.messages
        return _intake_page(request, municipalities, status=400, file_form=form, file_errors=errors)
    if result.created:
        messages.success(request, f"Het bestand is ingelezen: {result.file.signal_count} signalen.")
    else:
        messages.info(request, "Dit bestand was al ingelezen; er is niets veranderd.")
    return redirect("early_warning:signal_files")


@login_required
@require_http_methods(["GET"])
def partner_feedback(request: StaffRequest, file_uuid: Any) -> HttpResponse:
    """Per signal ID of the file whether it was picked up: all the partner may hear back."""
    municipalities = _read_in_municipalities(request)
    signal_file = get_or_404(SignalFile.objects.filter(municipality__in=municipalities), uuid=file_uuid)
    body = files.partner_feedback(acting_user=request.user, signal_file=signal_file)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="terugkoppeling-{signal_file.uuid}.csv"'
    return response


@login_required
@require_http_methods(["POST"])
def matching_start(request: StaffRequest) -> HttpResponse:
    municipalities = _read_in_municipalities(request)
    form = MatchingForm(request.POST, municipalities=municipalities)

    def save(data: dict[str, Any]) -> None:
        matching.matching_run(
            acting_user=request.user,
            municipality=_chosen(municipalities, data["municipality"]),
            period_start=data["period_start"],
            period_end=data["period_end"],
        )

    if submitted(request, form, save, "De matching is uitgevoerd; de uitkomst staat hieronder."):
        return redirect("early_warning:signal_files")
    return _intake_page(request, municipalities, status=400, matching_form=form)


# -- settings ------------------------------------------------------------------------------------------------
def _managed(request: StaffRequest) -> Municipality:
    municipality_id = request.user.managed_municipality_id
    if municipality_id is None:
        raise Http404
    municipality: Municipality = get_or_404(Municipality.objects.all(), pk=municipality_id)
    return municipality


RETENTION_FIELDS = ("retention_not_picked_months", "retention_no_help_months", "retention_handed_over_months")


def _settings_initial(current: Any) -> dict[str, Any]:
    initial = {name: getattr(current, name) for name in SettingsForm.base_fields if hasattr(current, name)}
    initial["outreach_team"] = str(current.outreach_team.uuid) if current.outreach_team else ""
    initial["version"] = current.version
    for key, value in (current.thresholds or {}).items():
        initial[f"threshold_{_member_name(key)}"] = value
    return initial


def _member_name(value: str) -> str:
    return PartnerType(value).name.lower()


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: StaffRequest) -> HttpResponse:
    municipality = _managed(request)
    current = setup.settings_ensure(municipality)
    teams = list(Team.objects.filter(municipalities=municipality).order_by("name"))
    form = SettingsForm(posted(request), teams=teams, initial=_settings_initial(current))
    partner_form = PartnerForm(
        request.POST if request.POST.get("form") == "partner" else None, prefix="partner"
    )
    if request.POST.get("form") == "partner":
        form = SettingsForm(teams=teams, initial=_settings_initial(current))

        def add(data: dict[str, Any]) -> None:
            setup.partner_save(acting_user=request.user, municipality=municipality, **data)

        if submitted(request, partner_form, add, "De signaalpartner is toegevoegd."):
            return redirect("early_warning:settings")
    else:

        def save(data: dict[str, Any]) -> None:
            team = next((t for t in teams if str(t.uuid) == data["outreach_team"]), None)
            values = {
                name: data[name]
                for name in SettingsForm.base_fields
                if name not in ("outreach_team", "version")
            }
            # The retention terms have their own page (web.retention), with the preview of what goes.
            values.update({name: getattr(current, name) for name in RETENTION_FIELDS})
            setup.settings_update(
                acting_user=request.user,
                municipality=municipality,
                data=setup.SettingsData(outreach_team=team, thresholds=form.thresholds(), **values),
                expected_version=data.get("version"),
            )

        if submitted(request, form, save, "De instellingen zijn opgeslagen."):
            return redirect("early_warning:settings")
    partners = SignalPartner.objects.filter(municipality=municipality).order_by("partner_type", "name")
    context = {"municipality": municipality, "form": form, "partner_form": partner_form, "partners": partners}
    return render(
        request, "early_warning/settings.html", context, status=400 if request.method == "POST" else 200
    )


urlpatterns: list[URLPattern] = [
    path("", queue, name="queue"),
    path("zaken/<uuid:case_uuid>/", case_detail, name="case"),
    path("zaken/<uuid:case_uuid>/oppakken/", case_pick_up, name="case_pick_up"),
    path("zaken/<uuid:case_uuid>/contactpoging/", attempt_add, name="attempt_add"),
    path("zaken/<uuid:case_uuid>/afsluiten/", case_close, name="case_close"),
    path("zaken/<uuid:case_uuid>/brieven/", letters_make, name="letters_make"),
    path("zaken/<uuid:case_uuid>/brieven/<uuid:letter_uuid>/", letter_download, name="letter"),
    path("signalen/", signal_files, name="signal_files"),
    path("signalen/matchen/", matching_start, name="matching_start"),
    path("signalen/<uuid:file_uuid>/terugkoppeling/", partner_feedback, name="partner_feedback"),
    path("instellingen/", settings_page, name="settings"),
]
