"""Consent and sharing pages. Thin: forms parse, services write and check, selectors read; 404 when refused.

The household's page (section "toestemming" of the dossier) is for those who may see the dossier. The
partner pages (/gedeeld/) are for casework staff of the organisation a part was shared with: they see that
part only, and only while the consent check passes; never the dossier itself."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from wijkregie.accounts.requests import StaffRequest
from wijkregie.core.forms import submitted
from wijkregie.core.policies import get_or_404
from wijkregie.households import services as household_services
from wijkregie.households.models import Household

from .. import selectors, services
from ..constants import DossierPart
from ..models import Consent, Share
from ..policies import SharePolicy
from .forms import ConsentForm, ShareForm


def _page(
    request: HttpRequest,
    household: Household,
    *,
    consent_form: ConsentForm | None = None,
    share_form: ShareForm | None = None,
    check: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    members = selectors.household_consents(household)
    organisations = selectors.partner_organisations(household.municipality)
    shares = list(selectors.household_shares(household))
    checked = {c.share.pk: c for c in selectors.check_shares([s for s in shares if s.ended_at is None])}
    for share in shares:
        share.consent_check = checked.get(share.pk)  # type: ignore[attr-defined]
    context = {
        "household": household,
        "members": members,
        "shares": shares,
        "consent_form": consent_form
        or ConsentForm(members=[m for m, _ in members], organisations=organisations),
        "share_form": share_form or ShareForm(organisations=organisations),
        "check": check,
    }
    return render(request, "consent/household_consents.html", context, status=status)


def _open(request: StaffRequest, household_uuid: Any) -> Household:
    return household_services.dossier_open(acting_user=request.user, household_uuid=household_uuid)


@login_required
@require_http_methods(["GET"])
def household_consents(request: StaffRequest, household_uuid: Any) -> HttpResponse:
    return _page(request, _open(request, household_uuid))


@login_required
@require_http_methods(["GET", "POST"])
def consent_new(request: StaffRequest, household_uuid: Any) -> HttpResponse:
    household = _open(request, household_uuid)
    if request.method == "GET":
        return redirect("consent:household_consents", household_uuid=household.uuid)
    form = ConsentForm(
        request.POST,
        members=list(household.current_members),  # type: ignore[attr-defined]
        organisations=selectors.partner_organisations(household.municipality),
    )

    def save(data: dict[str, Any]) -> None:
        services.consent_record(acting_user=request.user, **data)

    if submitted(request, form, save, "De toestemming is vastgelegd."):
        return redirect("consent:household_consents", household_uuid=household.uuid)
    return _page(request, household, consent_form=form)


def _consent_or_404(household: Household, consent_uuid: Any) -> Consent:
    residents = [m.resident.pk for m in household.current_members]  # type: ignore[attr-defined]
    consent: Consent = get_or_404(
        Consent.objects.select_related("resident").filter(resident_id__in=residents), uuid=consent_uuid
    )
    return consent


@login_required
@require_http_methods(["GET", "POST"])
def consent_withdraw(request: StaffRequest, household_uuid: Any, consent_uuid: Any) -> HttpResponse:
    """GET asks for confirmation; POST withdraws, at once."""
    household = _open(request, household_uuid)
    consent = _consent_or_404(household, consent_uuid)
    if request.method == "POST":
        try:
            services.consent_withdraw(acting_user=request.user, consent=consent)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "De toestemming is ingetrokken. Dat geldt direct.")
        return redirect("consent:household_consents", household_uuid=household.uuid)
    context = {"household": household, "consent": consent, "status": selectors.consent_status(consent)}
    return render(request, "consent/consent_withdraw.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def share_new(request: StaffRequest, household_uuid: Any) -> HttpResponse:
    """'Toestemming controleren' shows the check without saving; 'Delen' shares when the check passes."""
    household = _open(request, household_uuid)
    if request.method == "GET":
        return redirect("consent:household_consents", household_uuid=household.uuid)
    form = ShareForm(request.POST, organisations=selectors.partner_organisations(household.municipality))
    if "controleren" in request.POST:
        check = None
        if form.is_valid():
            organisation, part = form.cleaned_data["organisation"], form.cleaned_data["part"]
            check = {
                "organisation": organisation,
                "part": DossierPart(part).label,
                "lacking": selectors.share_check(household, organisation, part),
            }
        return _page(request, household, share_form=form, check=check)

    def save(data: dict[str, Any]) -> None:
        services.share_create(acting_user=request.user, household=household, **data)

    if submitted(request, form, save, "Het onderdeel is gedeeld."):
        return redirect("consent:household_consents", household_uuid=household.uuid)
    return _page(request, household, share_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def share_end(request: StaffRequest, household_uuid: Any, share_uuid: Any) -> HttpResponse:
    household = _open(request, household_uuid)
    share: Share = get_or_404(household.shares.select_related("organisation"), uuid=share_uuid)
    if request.method == "POST":
        try:
            services.share_end(acting_user=request.user, share=share)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Het delen is beëindigd. De organisatie ziet het onderdeel niet meer.")
        return redirect("consent:household_consents", household_uuid=household.uuid)
    return render(request, "consent/share_end.html", {"household": household, "share": share})


# -- the partner's side ------------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET"])
def shared_with_us(request: HttpRequest) -> HttpResponse:
    if not SharePolicy(request.user).is_partner_worker():
        raise Http404
    shares = selectors.shared_with_user(request.user)
    for share in shares:
        share.head = selectors.head_of(share)  # type: ignore[attr-defined]
    return render(request, "consent/shared_with_us.html", {"shares": shares})


@login_required
@require_http_methods(["GET"])
def shared_detail(request: StaffRequest, share_uuid: Any) -> HttpResponse:
    read = services.shared_open(acting_user=request.user, share_uuid=share_uuid)
    head = selectors.head_of(read.share)
    return render(request, "consent/shared_detail.html", {"read": read, "share": read.share, "head": head})
