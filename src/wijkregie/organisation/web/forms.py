"""Beheer forms: they check the shape of the input; the services decide what is allowed and write."""

import re
from typing import Any

from django import forms

from wijkregie.accounts.constants import Role
from wijkregie.accounts.models import User
from wijkregie.accounts.policies import StaffPolicy
from wijkregie.core.forms import StyledForm
from wijkregie.organisation.constants import TeamKind
from wijkregie.organisation.models import District, Municipality, Organisation, Team
from wijkregie.organisation.policies import OrganisationPolicy

REQUIRED = "Vul dit veld in."
CHOOSE = "Kies alleen uit de lijst."


def _choices(label: str, help_text: str = "") -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=None,
        required=False,
        help_text=help_text,  # type: ignore[arg-type]
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": CHOOSE, "invalid_pk_value": CHOOSE},
    )


def _checkboxes_styled(form: forms.Form) -> None:
    """StyledForm gives unknown widgets the textbox class; checkbox groups get the checkbox class instead."""
    for field in form.fields.values():
        if isinstance(field.widget, forms.CheckboxSelectMultiple):
            field.widget.attrs["class"] = "utrecht-checkbox"


class DistrictForm(StyledForm):
    name = forms.CharField(
        label="Naam", max_length=100, error_messages={"required": "Vul de naam van de wijk in."}
    )
    wijkpunt_name = forms.CharField(
        label="Wijkpunt",
        max_length=150,
        required=False,
        help_text="De inloop in de wijk, bijvoorbeeld ‘Wijkpunt De Brug’.",
    )
    wijkpunt_address = forms.CharField(label="Adres wijkpunt", max_length=200, required=False)
    postcode_areas = forms.CharField(
        label="Postcodegebieden",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="De 4 cijfers van elk postcodegebied in deze wijk, gescheiden door spaties of komma's, "
        "bijvoorbeeld: 9711, 9712. Een postcodegebied hoort bij één wijk.",
    )

    @classmethod
    def initial_for(cls, district: District) -> dict[str, Any]:
        pc4s = sorted(area.pc4 for area in district.postcode_areas.all())
        return {
            "name": district.name,
            "wijkpunt_name": district.wijkpunt_name,
            "wijkpunt_address": district.wijkpunt_address,
            "postcode_areas": ", ".join(pc4s),
        }

    def clean_postcode_areas(self) -> list[str]:
        return [pc4 for pc4 in re.split(r"[\s,;]+", self.cleaned_data["postcode_areas"]) if pc4]


class TeamForm(StyledForm):
    name = forms.CharField(
        label="Naam", max_length=150, error_messages={"required": "Vul de naam van het team in."}
    )
    kind = forms.ChoiceField(
        label="Soort",
        choices=TeamKind.choices,
        error_messages={"required": "Kies een soort team.", "invalid_choice": CHOOSE},
    )
    organisation: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Organisatie",
        queryset=None,
        empty_label="(kies een organisatie)",  # type: ignore[arg-type]
        error_messages={"required": "Kies een organisatie.", "invalid_choice": CHOOSE},
    )
    municipalities = _choices(
        "Bediende gemeenten", "Een team dat ook een andere gemeente bedient, blijft die gemeente bedienen."
    )
    districts = _choices("Bediende wijken", "Alleen wijken van een gemeente die het team bedient.")

    def __init__(
        self, *args: Any, policy: OrganisationPolicy, team: Team | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        current = (
            Organisation.objects.filter(pk=team.organisation_id) if team else Organisation.objects.none()
        )
        self.fields["organisation"].queryset = policy.organisations() | current  # type: ignore[attr-defined]
        self.fields["municipalities"].queryset = policy.municipalities()  # type: ignore[attr-defined]
        self.fields["districts"].queryset = policy.visible_districts().order_by("name")  # type: ignore[attr-defined]
        _checkboxes_styled(self)

    @staticmethod
    def initial_for(team: Team) -> dict[str, Any]:
        return {
            "name": team.name,
            "kind": team.kind,
            "organisation": team.organisation_id,
            "municipalities": list(team.municipalities.all()),
            "districts": list(team.districts.all()),
        }


class _StaffFormBase(StyledForm):
    role = forms.ChoiceField(
        label="Rol",
        choices=Role.choices,
        error_messages={"required": "Kies een rol.", "invalid_choice": CHOOSE},
    )
    teams = _choices(
        "Teams", "Alleen teams die uw gemeente bedienen. Lidmaatschappen van andere teams blijven staan."
    )
    municipality: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Eigen gemeente",
        queryset=None,
        required=False,  # type: ignore[arg-type]
        empty_label="(geen: werkt vanuit een team)",
        help_text="Nodig voor contractmanagers, beleidsmedewerkers en functioneel beheerders.",
        error_messages={"invalid_choice": "Kies uw eigen gemeente of geen."},
    )

    def __init__(self, *args: Any, policy: StaffPolicy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["teams"].queryset = policy.manageable_teams()  # type: ignore[attr-defined]
        self.fields["municipality"].queryset = policy.organisation.municipalities()  # type: ignore[attr-defined]
        _checkboxes_styled(self)


class StaffCreateForm(_StaffFormBase):
    username = forms.CharField(
        label="Gebruikersnaam", max_length=150, error_messages={"required": "Vul een gebruikersnaam in."}
    )
    first_name = forms.CharField(label="Voornaam", max_length=150, error_messages={"required": REQUIRED})
    last_name = forms.CharField(label="Achternaam", max_length=150, error_messages={"required": REQUIRED})
    email = forms.EmailField(
        label="E-mail",
        error_messages={"required": "Vul het e-mailadres in.", "invalid": "Vul een geldig e-mailadres in."},
    )

    field_order = ["username", "first_name", "last_name", "email", "role", "teams", "municipality"]


class StaffUpdateForm(_StaffFormBase):
    is_active = forms.BooleanField(
        label="Account actief",
        required=False,
        help_text="Zet uit wanneer iemand niet meer bij de gemeente werkt.",
    )

    def __init__(self, *args: Any, policy: StaffPolicy, staff: User, **kwargs: Any) -> None:
        super().__init__(*args, policy=policy, **kwargs)
        home = staff.municipality_id
        if home is not None and home != policy.municipality_id:
            # Another municipality's home municipality is shown, not changed.
            field = self.fields["municipality"]
            field.queryset = Municipality.objects.filter(pk=home)  # type: ignore[attr-defined]
            field.disabled = True
            field.help_text = "Deze medewerker hoort bij een andere gemeente; dat kunt u niet wijzigen."

    @staticmethod
    def initial_for(staff: User, policy: StaffPolicy) -> dict[str, Any]:
        return {
            "role": staff.role,
            "is_active": staff.is_active,
            "municipality": staff.municipality_id,
            "teams": list(policy.manageable_teams().filter(memberships__user=staff)),
        }
