"""The sociale kaart: a public page (no login) where residents find general provisions near them.

The search is a GET form, so a result can be bookmarked and shared; the URL only ever holds a municipality
or district uuid, a life-domain code and the search words. A postcode is sent by POST and turned into the
district (then redirected), so it never ends up in a URL. Staff doing casework also see the maatwerk
catalogue."""

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.validators import RegexValidator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from wijkregie.core.forms import StyledForm
from wijkregie.core.htmx import render_page
from wijkregie.organisation.models import District, Municipality
from wijkregie.provisions import social_map as selectors


class _DistrictChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.municipality.name})"


class MapForm(StyledForm):
    municipality = forms.ModelChoiceField(
        label="Gemeente",
        queryset=Municipality.objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label="Kies uw gemeente",
    )
    district = _DistrictChoice(
        label="Wijk",
        queryset=District.objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label="Alle wijken",
        help_text="Kiest u geen wijk? Dan ziet u alles in de gemeente.",
    )
    domain = forms.ChoiceField(
        label="Waar wilt u hulp bij?",
        choices=[("", "Bij alles"), *selectors.PLAIN_DOMAINS],
        required=False,
    )
    words = forms.CharField(
        label="Zoekwoorden",
        max_length=100,
        required=False,
        help_text="Bijvoorbeeld: schulden, eten, opvoeden.",
    )

    def __init__(self, *args: Any, include_custom: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        municipality_field = self.fields["municipality"]
        district_field = self.fields["district"]
        assert isinstance(municipality_field, forms.ModelChoiceField)
        assert isinstance(district_field, forms.ModelChoiceField)
        municipality_field.queryset = selectors.map_municipalities(include_custom=include_custom)
        district_field.queryset = selectors.map_districts(include_custom=include_custom)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        municipality, district = data.get("municipality"), data.get("district")
        if district is not None and municipality is None:
            data["municipality"] = district.municipality
        elif (
            district is not None and municipality is not None and district.municipality_id != municipality.pk
        ):
            self.add_error("district", "Deze wijk hoort niet bij de gekozen gemeente.")
        return data


class PostcodeForm(StyledForm):
    postcode = forms.CharField(
        label="De 4 cijfers van uw postcode",
        max_length=7,
        validators=[
            RegexValidator(r"^\s*[1-9][0-9]{3}", "Vul de 4 cijfers van uw postcode in, bijvoorbeeld 1234.")
        ],
        help_text="Wij bewaren uw postcode niet. Wij zoeken er alleen uw wijk mee op.",
    )


def _map_url(district: District) -> str:
    query = urlencode({"municipality": district.municipality.uuid, "district": district.uuid})
    return f"{reverse('provisions:social_map')}?{query}"


@require_http_methods(["GET", "POST"])
def social_map(request: HttpRequest) -> HttpResponse:
    """Open to everyone: no login, no personal data, no audit row."""
    staff = selectors.is_staff_reader(request.user)
    postcode_form = PostcodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and postcode_form.is_valid():
        district = selectors.district_for_pc4(postcode_form.cleaned_data["postcode"].strip())
        if district is not None:
            return redirect(_map_url(district), permanent=False)
        postcode_form.add_error(
            "postcode", "Wij kennen deze postcode niet. Kies uw gemeente en wijk hieronder."
        )

    form = MapForm(request.GET if request.GET else None, include_custom=staff)
    query = None
    general: list[selectors.GeneralRow] = []
    custom: list[selectors.CustomRow] = []
    if form.is_bound and form.is_valid() and form.cleaned_data.get("municipality") is not None:
        data = form.cleaned_data
        query = selectors.MapQuery(
            municipality=data["municipality"],
            district=data.get("district"),
            domain=data.get("domain") or "",
            words=data.get("words") or "",
        )
        general = selectors.general_provisions(query)
        if staff:
            custom = selectors.custom_provisions(query.municipality)
    return render_page(
        request,
        "provisions/social_map.html",
        "provisions/social_map_results.html",
        {
            "form": form,
            "postcode_form": postcode_form,
            "query": query,
            "general": general,
            "custom": custom,
            "staff": staff,
            "domain_label": selectors.DOMAIN_LABELS.get(query.domain, "") if query else "",
        },
    )
