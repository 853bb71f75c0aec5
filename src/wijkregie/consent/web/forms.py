"""Forms for consent and sharing. They only parse input; the rules (and their Dutch messages) live in
consent.services, so the page and the API refuse the same things with the same words."""

from typing import Any

from django import forms

from wijkregie.core.forms import StyledForm
from wijkregie.households.models import HouseholdMembership
from wijkregie.organisation.models import Organisation

from ..constants import Basis, ConsentMethod, DossierPart, LegalBasis

DATE_ERROR = "Vul een geldige datum in (dd-mm-jjjj)."
_DATE_FORMATS = ["%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"]


def _date_field(label: str, *, required: bool, help_text: str = "dd-mm-jjjj") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=_DATE_FORMATS,
        help_text=help_text,
        error_messages={
            "invalid": DATE_ERROR,
            "required": "Vul de datum in waarop de toestemming is gegeven.",
        },
    )


def _checkboxes(field: forms.Field) -> None:
    field.widget.attrs["class"] = "utrecht-checkbox utrecht-checkbox--html-input"


class ConsentForm(StyledForm):
    resident = forms.ChoiceField(
        label="Voor wie", error_messages={"required": "Kies het lid van het huishouden."}
    )
    basis = forms.ChoiceField(label="Grondslag", choices=Basis.choices, initial=Basis.CONSENT)
    legal_basis = forms.ChoiceField(
        label="Wettelijke grondslag",
        choices=LegalBasis.choices,
        required=False,
        help_text="Alleen als de wet, niet de toestemming, de grondslag is.",
    )
    organisations = forms.ModelMultipleChoiceField(
        label="Met welke organisaties",
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Kies alleen organisaties uit de lijst."},
    )
    parts = forms.MultipleChoiceField(
        label="Welke onderdelen van het dossier",
        choices=DossierPart.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Kies alleen onderdelen van het dossier uit de lijst."},
    )
    purpose = forms.CharField(
        label="Doel", max_length=300, required=False, help_text="Waarvoor wordt gedeeld?"
    )
    given_on = _date_field("Gegeven op", required=True)
    method = forms.ChoiceField(
        label="Hoe gegeven", choices=[("", "—"), *ConsentMethod.choices], required=False
    )
    expires_on = _date_field(
        "Geldig tot", required=False, help_text="dd-mm-jjjj; leeg laten als er geen einddatum is"
    )

    def __init__(
        self, *args: Any, members: list[HouseholdMembership], organisations: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.members = {str(m.resident.uuid): m.resident for m in members}
        choices = [("", "—")] + [(str(m.resident.uuid), m.resident.full_name) for m in members]
        self.fields["resident"].choices = choices  # type: ignore[attr-defined]
        self.fields["organisations"].queryset = organisations  # type: ignore[attr-defined]
        _checkboxes(self.fields["organisations"])
        _checkboxes(self.fields["parts"])

    def clean_resident(self) -> Any:
        return self.members[self.cleaned_data["resident"]]


class ShareForm(StyledForm):
    organisation = forms.ModelChoiceField(
        label="Organisatie",
        queryset=Organisation.objects.none(),
        empty_label="—",
        error_messages={
            "required": "Kies de organisatie.",
            "invalid_choice": "Kies een organisatie uit de lijst.",
        },
    )
    part = forms.ChoiceField(
        label="Onderdeel",
        choices=[("", "—"), *DossierPart.choices],
        error_messages={"required": "Kies het onderdeel van het dossier."},
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="delen", **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
