"""Catalogue pages for the functioneel beheerder: list per kind, new/edit, deactivate, import, export.
Thin: forms validate input, services write, selectors read, the policy decides (404 for everyone else)."""

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from wijkregie.accounts.requests import StaffRequest
from wijkregie.core.forms import StyledForm, carrying_version, sent_version, submitted
from wijkregie.core.policies import get_or_404
from wijkregie.organisation.models import District, Organisation

from .. import catalogue_io, selectors, services
from ..constants import ProvisionKind, ProvisionLaw, Weight
from ..policies import CataloguePolicy

MAX_UPLOAD = 5 * 1024 * 1024


class FilterForm(StyledForm):
    soort = forms.ChoiceField(label="Soort", required=False, choices=[("", "Alle"), *ProvisionKind.choices])
    zoek = forms.CharField(label="Zoeken op naam of zoekwoord", required=False, max_length=100)


class ProvisionForm(StyledForm):
    kind = forms.ChoiceField(label="Soort", choices=ProvisionKind.choices)
    name = forms.CharField(label="Naam", max_length=150)
    description = forms.CharField(label="Wat het is, in gewone taal", required=False, widget=forms.Textarea)
    target_group = forms.CharField(label="Voor wie", required=False, max_length=300)
    domains = forms.MultipleChoiceField(
        label="Leefgebieden (ZRM)", required=False, widget=forms.CheckboxSelectMultiple
    )
    keywords = forms.CharField(label="Zoekwoorden", required=False, max_length=300)
    districts = forms.ModelMultipleChoiceField(
        label="Wijken", help_text="Leeg: de hele gemeente.", required=False, queryset=District.objects.none()
    )
    capacity = forms.IntegerField(label="Capaciteit", required=False, min_value=0)
    age_min = forms.IntegerField(label="Vanaf leeftijd", required=False, min_value=0, max_value=120)
    age_max = forms.IntegerField(
        label="Tot en met leeftijd",
        required=False,
        min_value=0,
        max_value=120,
        help_text="Leeg: elke leeftijd.",
    )
    by_volunteers = forms.BooleanField(
        label="Vrijwilligers doen het werk",
        required=False,
        help_text="De trede ‘vrijwilligers’ op de ladder.",
    )
    organisation = forms.ModelChoiceField(
        label="Organisatie", required=False, queryset=Organisation.objects.order_by("name")
    )
    contact = forms.CharField(label="Contact", required=False, max_length=300)
    law = forms.ChoiceField(
        label="Wet (maatwerk)", required=False, choices=[("", "—"), *ProvisionLaw.choices]
    )
    product_category = forms.CharField(label="Productcategorie (maatwerk)", required=False, max_length=2)
    product_code = forms.CharField(label="Productcode", required=False, max_length=5)
    unit = forms.CharField(label="Eenheid (WJ756)", required=False, max_length=2)
    frequency = forms.CharField(label="Frequentie (WMO757)", required=False, max_length=1)
    tariff_cents = forms.IntegerField(label="Tarief in eurocent", required=False)
    weight = forms.ChoiceField(
        label="Zwaarte (maatwerk)", required=False, choices=[("", "—"), *Weight.choices]
    )

    def __init__(self, *args: Any, municipality: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["districts"].queryset = District.objects.filter(municipality=municipality)  # type: ignore[attr-defined]
        self.fields["domains"].choices = [(c, c) for c in sorted(catalogue_io.zrm_domain_codes())]  # type: ignore[attr-defined]


class ImportForm(StyledForm):
    bestand = forms.FileField(label="Bestand (CSV of XLSX)")


def _bound(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


@login_required
def catalogue(request: HttpRequest) -> HttpResponse:
    municipality = CataloguePolicy(request.user).managed_or_404()
    filters = FilterForm(request.GET or None)
    kind, query = "", ""
    if filters.is_valid():
        kind, query = filters.cleaned_data["soort"], filters.cleaned_data["zoek"]
    provisions = list(selectors.catalogue(municipality, kind or None, query=query))
    groups = [
        (label, [p for p in provisions if p.kind == value])
        for value, label in ProvisionKind.choices
        if not kind or kind == value
    ]
    return render(
        request,
        "provisions/catalogue.html",
        {"municipality": municipality, "groups": groups, "filters": filters},
    )


@login_required
@require_http_methods(["GET", "POST"])
def provision_new(request: StaffRequest) -> HttpResponse:
    municipality = CataloguePolicy(request.user).managed_or_404()
    form = ProvisionForm(_bound(request), municipality=municipality)

    def save(data: dict[str, Any]) -> Any:
        return services.provision_create(acting_user=request.user, municipality=municipality, values=data)

    if submitted(request, form, save, "De voorziening is toegevoegd."):
        return redirect("provisions:catalogue")
    return render(request, "provisions/catalogue_form.html", {"form": form, "provision": None})


@login_required
@require_http_methods(["GET", "POST"])
def provision_edit(request: StaffRequest, provision_uuid: UUID) -> HttpResponse:
    policy = CataloguePolicy(request.user)
    provision = get_or_404(policy.manageable().prefetch_related("districts"), uuid=provision_uuid)
    initial = {name: getattr(provision, name) for name in ["kind", "name", *services.FIELDS]}
    initial["districts"] = list(provision.districts.all())
    form = carrying_version(
        ProvisionForm(_bound(request), initial=initial, municipality=provision.municipality), provision
    )

    def save(data: dict[str, Any]) -> Any:
        version = sent_version(data)
        return services.provision_update(
            acting_user=request.user, provision=provision, values=data, expected_version=version
        )

    if submitted(request, form, save, "De voorziening is bijgewerkt."):
        return redirect("provisions:catalogue")
    return render(request, "provisions/catalogue_form.html", {"form": form, "provision": provision})


@login_required
@require_POST
def provision_deactivate(request: StaffRequest, provision_uuid: UUID) -> HttpResponse:
    provision = get_or_404(CataloguePolicy(request.user).manageable(), uuid=provision_uuid)
    services.provision_deactivate(acting_user=request.user, provision=provision)
    messages.success(request, "De voorziening is niet meer actief.")
    return redirect("provisions:catalogue")


@login_required
@require_http_methods(["GET", "POST"])
def catalogue_import(request: StaffRequest) -> HttpResponse:
    municipality = CataloguePolicy(request.user).managed_or_404()
    form = ImportForm(_bound(request), request.FILES or None)
    file_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["bestand"]
        if upload.size > MAX_UPLOAD:
            file_errors = ["Het bestand is groter dan 5 MB."]
        else:
            try:
                result = services.catalogue_import(
                    acting_user=request.user,
                    municipality=municipality,
                    content=upload.read(),
                    filename=upload.name,
                )
            except ValidationError as error:
                file_errors = error.message_dict.get("file", error.messages)
            else:
                messages.success(
                    request,
                    f"Catalogus ingelezen: {result.new} nieuw, {result.changed} gewijzigd, "
                    f"{result.unchanged} ongewijzigd.",
                )
                return redirect("provisions:catalogue")
    return render(
        request,
        "provisions/catalogue_import.html",
        {
            "form": form,
            "file_errors": file_errors,
            "columns": catalogue_io.COLUMNS,
            "domains": catalogue_io.accepted_domains(),
        },
        status=400 if file_errors else 200,
    )


@login_required
def catalogue_export(request: StaffRequest, file_format: str) -> HttpResponse:
    municipality = CataloguePolicy(request.user).managed_or_404()
    if file_format not in ("csv", "xlsx"):
        raise Http404
    data = services.catalogue_export(
        acting_user=request.user, municipality=municipality, file_format=file_format
    )
    content_type = (
        "text/csv; charset=utf-8"
        if file_format == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="catalogus-{municipality.cbs_code}.{file_format}"'
    )
    return response
