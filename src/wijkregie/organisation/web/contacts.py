"""Beheer of the fixed contacts per district (vaste contactpersonen of partner organisations), who are
pre-selected as participants of an MDO on a household in that district."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from wijkregie.core.forms import StyledForm, submitted
from wijkregie.core.htmx import signed_in_user
from wijkregie.organisation import selectors, services
from wijkregie.organisation.policies import OrganisationPolicy


class DistrictContactForm(StyledForm):
    organisation: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Organisatie",
        queryset=None,
        to_field_name="uuid",
        empty_label="(kies een organisatie)",
        error_messages={"required": "Kies een organisatie.", "invalid_choice": "Kies alleen uit de lijst."},
    )
    name = forms.CharField(
        label="Naam", max_length=200, error_messages={"required": "Vul de naam van de contactpersoon in."}
    )
    role = forms.CharField(
        label="Rol", max_length=150, required=False, help_text="Bijvoorbeeld ‘schuldhulp’."
    )
    email = forms.EmailField(
        label="E-mail", required=False, error_messages={"invalid": "Vul een geldig e-mailadres in."}
    )
    phone = forms.CharField(label="Telefoon", max_length=30, required=False)

    def __init__(self, *args: Any, policy: OrganisationPolicy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = policy.organisations().order_by("name")  # type: ignore[attr-defined]


def _policy_or_404(request: HttpRequest) -> OrganisationPolicy:
    policy = OrganisationPolicy(request.user)
    if not policy.can_manage():
        raise Http404
    return policy


@login_required
@require_http_methods(["GET", "POST"])
def district_contacts(request: HttpRequest, district_uuid: Any) -> HttpResponse:
    policy = _policy_or_404(request)
    district = policy.get_district_or_404(district_uuid)
    form = DistrictContactForm(request.POST if request.method == "POST" else None, policy=policy)

    def save(data: dict[str, Any]) -> None:
        services.district_contact_add(acting_user=signed_in_user(request), district=district, **data)

    if submitted(request, form, save, "De contactpersoon is toegevoegd."):
        return redirect("organisation:district_contacts", district_uuid=district.uuid)
    context = {"district": district, "contacts": selectors.district_contacts(district.pk), "form": form}
    return render(request, "organisation/district_contacts.html", context)


@login_required
@require_POST
def district_contact_remove(request: HttpRequest, district_uuid: Any, contact_uuid: Any) -> HttpResponse:
    policy = _policy_or_404(request)
    district = policy.get_district_or_404(district_uuid)
    contact = selectors.district_contacts(district.pk).filter(uuid=contact_uuid).first()
    if contact is None:
        raise Http404
    services.district_contact_remove(acting_user=signed_in_user(request), contact=contact)
    messages.success(request, "De contactpersoon is verwijderd.")
    return redirect("organisation:district_contacts", district_uuid=district.uuid)
