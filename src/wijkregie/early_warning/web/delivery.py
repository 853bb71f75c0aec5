"""Levering aan CBS, for the functioneel beheerder of a municipality: download the DDAS Vroegsignalering
v1.2 delivery of a period, and make or revoke the credentials CBS pulls it with. Everyone else, and a
municipality the user does not manage, gets 404."""

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from wijkregie.accounts.requests import StaffRequest
from wijkregie.core.forms import StyledForm
from wijkregie.core.policies import get_or_404
from wijkregie.organisation.models import Municipality

from .. import ddas
from ..models import DeliveryCredential
from ..policies import EarlyWarningPolicy
from ..selectors import delivery as selectors
from ..services import delivery as services

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_INVALID = "Vul een geldige datum in, zoals 01-07-2026."


class DeliveryForm(StyledForm):
    gemeente = forms.ChoiceField(label="Gemeente", error_messages={"invalid_choice": "Kies een gemeente."})
    startdatum = forms.DateField(
        label="Van",
        widget=DATE,
        error_messages={"required": "Vul de eerste dag van de periode in.", "invalid": DATE_INVALID},
    )
    einddatum = forms.DateField(
        label="Tot en met",
        widget=DATE,
        help_text="Signalen met een signaaldatum in deze periode, beide dagen meegerekend.",
        error_messages={"required": "Vul de laatste dag van de periode in.", "invalid": DATE_INVALID},
    )

    def __init__(self, *args: Any, municipalities: list[Municipality], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].choices = [(str(m.uuid), m.name) for m in municipalities]  # type: ignore[attr-defined]


class CredentialForm(StyledForm):
    label = forms.CharField(
        label="Omschrijving",
        max_length=100,
        help_text="Waarvoor de sleutel is, bijvoorbeeld ‘CBS productie’.",
        error_messages={"required": services.LABEL_MISSING, "max_length": services.LABEL_TOO_LONG},
    )


def _allowed(user: Any) -> list[Municipality]:
    allowed = list(EarlyWarningPolicy(user).municipalities("deliver"))
    if not allowed:
        raise Http404
    return allowed


def _chosen(allowed: list[Municipality], value: str | None) -> Municipality:
    """The municipality asked for, or the first one managed; one not managed is a 404, as if unknown."""
    if not value:
        return allowed[0]
    found = next((m for m in allowed if str(m.uuid) == value), None)
    if found is None:
        raise Http404
    return found


def _page(
    request: HttpRequest,
    municipality: Municipality,
    allowed: list[Municipality],
    *,
    form: DeliveryForm | None = None,
    credential_form: CredentialForm | None = None,
    status: int = 200,
) -> HttpResponse:
    start, end = ddas.previous_quarter(timezone.localdate())
    if form is None:
        form = DeliveryForm(
            initial={"gemeente": str(municipality.uuid), "startdatum": start, "einddatum": end},
            municipalities=allowed,
        )
    organisation = ddas.delivering_organisation(municipality)
    context = {
        "municipality": municipality,
        "form": form,
        "credential_form": credential_form or CredentialForm(),
        "credentials": list(selectors.credentials(municipality)),
        "organisation": organisation,
        "kvk": organisation.get("kvk-nummer", ""),
        "has_contact": ddas.has_contact(organisation),
        "pull_url": request.build_absolute_uri(reverse("api:v1:early_warning:ddas-pull")),
        "max_page_size": ddas.MAX_PAGE_SIZE,
        "example_start": start,
        "example_end": end,
    }
    return render(request, "early_warning/delivery.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def delivery(request: StaffRequest) -> HttpResponseBase:
    allowed = _allowed(request.user)
    if request.method == "GET":
        return _page(request, _chosen(allowed, request.GET.get("gemeente")), allowed)
    municipality = _chosen(allowed, request.POST.get("gemeente") or str(allowed[0].uuid))
    form = DeliveryForm(request.POST, municipalities=allowed)
    if form.is_valid():
        data = form.cleaned_data
        try:
            result = services.delivery_export(
                acting_user=request.user,
                municipality=municipality,
                start=data["startdatum"],
                end=data["einddatum"],
            )
        except ValidationError as error:
            form.apply_service_errors(error)
        else:
            response = StreamingHttpResponse(
                (chunk.encode() for chunk in result.chunks), content_type="application/json; charset=utf-8"
            )
            response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
            return response
    return _page(request, municipality, allowed, form=form, status=400)


@login_required
@require_POST
def credential_new(request: StaffRequest) -> HttpResponse:
    allowed = _allowed(request.user)
    municipality = _chosen(allowed, request.POST.get("gemeente"))
    form = CredentialForm(request.POST)
    if form.is_valid():
        try:
            credential, token = services.delivery_credential_create(
                acting_user=request.user, municipality=municipality, label=form.cleaned_data["label"]
            )
        except ValidationError as error:
            form.apply_service_errors(error)
        else:
            # Shown in this answer only: no redirect, so the token is in no session, message or URL.
            context = {"municipality": municipality, "credential": credential, "token": token}
            return render(request, "early_warning/delivery_token.html", context)
    return _page(request, municipality, allowed, credential_form=form, status=400)


@login_required
@require_POST
def credential_revoke(request: StaffRequest, credential_uuid: UUID) -> HttpResponse:
    allowed = _allowed(request.user)
    credential = get_or_404(
        DeliveryCredential.objects.filter(municipality__in=allowed).select_related("municipality"),
        uuid=credential_uuid,
    )
    if services.delivery_credential_revoke(acting_user=request.user, credential=credential):
        messages.success(request, f"De sleutel ‘{credential.label}’ is ingetrokken; hij werkt niet meer.")
    else:
        messages.info(request, f"De sleutel ‘{credential.label}’ was al ingetrokken.")
    return redirect(f"{reverse('early_warning:delivery')}?gemeente={credential.municipality.uuid}")


urlpatterns: list[URLPattern] = [
    path("levering/", delivery, name="delivery"),
    path("levering/sleutels/", credential_new, name="delivery_credential_new"),
    path(
        "levering/sleutels/<uuid:credential_uuid>/intrekken/",
        credential_revoke,
        name="delivery_credential_revoke",
    ),
]
