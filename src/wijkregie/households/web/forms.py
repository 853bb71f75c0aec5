from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from wijkregie.core.forms import StyledForm
from wijkregie.core.identifiers import normalise_postcode, validate_postcode
from wijkregie.households.constants import RepresentativeKind
from wijkregie.households.forms import (
    BSN_ERROR,
    DATE_ERROR,
    DATE_FORMATS,
    BrpLookupForm,
    ResidentForm,
    bsn_field,
    validated_bsn,
)

__all__ = ["BSN_ERROR", "BrpLookupForm", "ResidentForm"]


class SearchForm(StyledForm):
    bsn = bsn_field(required=False)
    surname = forms.CharField(label="Achternaam (begin)", max_length=100, required=False)
    birth_date = forms.DateField(
        label="Geboortedatum",
        required=False,
        input_formats=DATE_FORMATS,
        error_messages={"invalid": DATE_ERROR},
        help_text="dd-mm-jjjj",
    )
    postcode = forms.CharField(label="Postcode", max_length=7, required=False)
    house_number = forms.IntegerField(
        label="Huisnummer", required=False, min_value=1, error_messages={"invalid": "Vul een getal in."}
    )

    def clean_bsn(self) -> str:
        return validated_bsn(self.cleaned_data["bsn"])

    def clean_postcode(self) -> str:
        postcode = normalise_postcode(self.cleaned_data["postcode"])
        if postcode:
            validate_postcode(postcode)
        return postcode

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_address = data.get("postcode") and data.get("house_number")
        if (data.get("postcode") or data.get("house_number")) and not has_address:
            raise ValidationError("Zoek op postcode én huisnummer samen.")
        if self.errors:  # a value was typed but is wrong (e.g. 31-02-1980): say that, not that none was typed
            return data
        if not any(data.get(k) for k in ("bsn", "surname", "birth_date")) and not has_address:
            raise ValidationError("Vul minstens één zoekgegeven in.")
        return data


class BreakGlassForm(StyledForm):
    bsn = bsn_field()
    reason = forms.CharField(
        label="Reden",
        widget=forms.Textarea(attrs={"rows": 4}),
        min_length=20,
        help_text="Waarom heeft u nu toegang nodig tot dit huishouden buiten uw werkvoorraad? "
        "Uw reden wordt vastgelegd en beoordeeld.",
        error_messages={
            "min_length": "Beschrijf in minstens 20 tekens waarom u toegang nodig heeft.",
            "required": "Vul een reden in.",
        },
    )

    def clean_bsn(self) -> str:
        bsn = validated_bsn(self.cleaned_data["bsn"])
        if not bsn:
            raise ValidationError("Vul het BSN in.")
        return bsn


class ResidentEditForm(StyledForm):
    """Name, address and contact details of a known resident (the BSN does not change)."""

    given_names = ResidentForm.base_fields["given_names"]
    initials = ResidentForm.base_fields["initials"]
    surname_prefix = ResidentForm.base_fields["surname_prefix"]
    surname = ResidentForm.base_fields["surname"]
    birth_date = ResidentForm.base_fields["birth_date"]
    street = ResidentForm.base_fields["street"]
    house_number = ResidentForm.base_fields["house_number"]
    house_number_suffix = ResidentForm.base_fields["house_number_suffix"]
    postcode = ResidentForm.base_fields["postcode"]
    city = ResidentForm.base_fields["city"]
    phone = ResidentForm.base_fields["phone"]
    email = ResidentForm.base_fields["email"]

    clean_postcode = ResidentForm.clean_postcode


class RepresentativeForm(StyledForm):
    kind = forms.ChoiceField(label="Soort", choices=RepresentativeKind.choices)
    name = forms.CharField(label="Naam", max_length=200, error_messages={"required": "Vul de naam in."})
    contact = forms.CharField(
        label="Contactgegevens", max_length=200, required=False, help_text="Telefoon, e-mail of adres."
    )
    start_date = forms.DateField(
        label="Ingangsdatum",
        input_formats=DATE_FORMATS,
        help_text="dd-mm-jjjj",
        error_messages={"invalid": DATE_ERROR, "required": "Vul de ingangsdatum in."},
    )


class MemberEndForm(StyledForm):
    end_date = forms.DateField(
        label="Vertrokken op",
        input_formats=DATE_FORMATS,
        help_text="dd-mm-jjjj",
        error_messages={"invalid": DATE_ERROR, "required": "Vul de datum in."},
    )
