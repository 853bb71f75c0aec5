"""The retention terms of a municipality's vroegsignalering, for its functioneel beheerder (404 for anyone
else): the three terms, editable on the current version (core.versioning), and what the next nightly run
would delete (services.retention.retention_preview), counts only."""

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from wijkregie.core.forms import StyledForm, carrying_version, posted, sent_version, submitted
from wijkregie.organisation.models import Municipality

from ..policies import EarlyWarningPolicy
from ..services import retention as services


def _months(label: str, help_text: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=services.MONTHS_MIN,
        max_value=services.MONTHS_MAX,
        help_text=help_text,
        error_messages={
            "required": "Vul een aantal maanden in.",
            "invalid": "Vul een heel aantal maanden in.",
            "min_value": services.MONTHS_ERROR,
            "max_value": services.MONTHS_ERROR,
        },
    )


class RetentionForm(StyledForm):
    retention_not_picked_months = _months(
        "Signalen die niet zijn opgepakt (maanden)",
        "Gerekend vanaf de signaaldatum. Geldt voor signalen zonder zaak en voor signalen in een zaak die "
        "is afgesloten zonder ooit te zijn opgepakt.",
    )
    retention_no_help_months = _months(
        "Zaken afgesloten zonder hulp (maanden)", "Gerekend vanaf de datum van het eindresultaat."
    )
    retention_handed_over_months = _months(
        "Zaken met een warme overdracht (maanden)",
        "Gerekend vanaf de datum van het eindresultaat. De melding die de overdracht maakte, hoort bij het "
        "dossier van het huishouden en volgt de termijnen van dat dossier.",
    )


def _municipality_or_404(request: HttpRequest) -> Municipality:
    user: Any = request.user
    if not EarlyWarningPolicy(user).may_configure():
        raise Http404
    municipality = Municipality.objects.filter(pk=user.managed_municipality_id).first()
    if municipality is None:
        raise Http404
    return municipality


@login_required
@require_http_methods(["GET", "POST"])
def retention_page(request: HttpRequest) -> HttpResponse:
    municipality = _municipality_or_404(request)
    settings = services.settings_of(municipality)
    initial = {name: getattr(settings, name) for name in services.TERMS}
    form = carrying_version(RetentionForm(posted(request), initial=initial), settings)

    def save(data: dict[str, Any]) -> None:
        version = sent_version(data)
        services.retention_settings_update(
            acting_user=request.user, municipality=municipality, expected_version=version, **data
        )

    if submitted(request, form, save, "De bewaartermijnen zijn opgeslagen."):
        return redirect("early_warning:retention")
    context = {
        "municipality": municipality,
        "form": form,
        "saved": settings.pk is not None,
        "preview": services.retention_preview(municipality=municipality, today=timezone.localdate()),
    }
    return render(request, "early_warning/retention.html", context, status=400 if form.errors else 200)


urlpatterns: list[URLPattern] = [
    path("bewaartermijnen/", retention_page, name="retention"),
]
