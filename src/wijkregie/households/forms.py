"""The resident's input forms that other apps embed too (intake registers a new resident with a melding):
they check the shape of the input, in Dutch; the services decide and write."""

from django import forms
from django.core.exceptions import ValidationError

from wijkregie.core.forms import StyledForm
from wijkregie.core.identifiers import is_valid_bsn, normalise_bsn, normalise_postcode, validate_postcode

from .constants import Relation

BSN_ERROR = "Dit is geen geldig BSN (9 cijfers die voldoen aan de elfproef)."
DATE_ERROR = "Vul een geldige datum in (dd-mm-jjjj)."
DATE_FORMATS = ["%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"]


def bsn_field(required: bool = True) -> forms.CharField:
    return forms.CharField(
        label="BSN",
        max_length=11,
        required=required,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


def validated_bsn(value: str) -> str:
    bsn = normalise_bsn(value)
    if bsn and not is_valid_bsn(bsn):
        raise ValidationError(BSN_ERROR)
    return bsn


class ResidentForm(StyledForm):
    bsn = bsn_field()
    given_names = forms.CharField(label="Voornamen", max_length=200, required=False)
    initials = forms.CharField(label="Voorletters", max_length=20, required=False)
    surname_prefix = forms.CharField(label="Voorvoegsel", max_length=20, required=False)
    surname = forms.CharField(
        label="Geslachtsnaam", max_length=200, error_messages={"required": "Vul de geslachtsnaam in."}
    )
    birth_date = forms.DateField(
        label="Geboortedatum",
        input_formats=DATE_FORMATS,
        help_text="dd-mm-jjjj",
        error_messages={"invalid": DATE_ERROR, "required": "Vul de geboortedatum in."},
    )
    street = forms.CharField(label="Straat", max_length=200, required=False)
    house_number = forms.IntegerField(
        label="Huisnummer",
        min_value=1,
        max_value=99999,
        error_messages={"required": "Vul het huisnummer in.", "invalid": "Vul een getal in."},
    )
    house_number_suffix = forms.CharField(label="Toevoeging", max_length=10, required=False)
    postcode = forms.CharField(
        label="Postcode", max_length=7, error_messages={"required": "Vul de postcode in."}
    )
    city = forms.CharField(
        label="Woonplaats", max_length=100, error_messages={"required": "Vul de woonplaats in."}
    )
    phone = forms.CharField(label="Telefoon", max_length=30, required=False)
    email = forms.EmailField(
        label="E-mail", required=False, error_messages={"invalid": "Vul een geldig e-mailadres in."}
    )
    relation = forms.ChoiceField(
        label="Relatie in het huishouden", choices=Relation.choices, initial=Relation.HEAD
    )

    def clean_bsn(self) -> str:
        bsn = validated_bsn(self.cleaned_data["bsn"])
        if not bsn:
            raise ValidationError("Vul het BSN in.")
        return bsn

    def clean_postcode(self) -> str:
        postcode = normalise_postcode(self.cleaned_data["postcode"])
        validate_postcode(postcode)
        return postcode


class BrpLookupForm(StyledForm):
    bsn = bsn_field()

    def clean_bsn(self) -> str:
        bsn = validated_bsn(self.cleaned_data["bsn"])
        if not bsn:
            raise ValidationError("Vul het BSN in.")
        return bsn
