"""Beheer forms: they check the shape of the input; the services decide what is allowed and write."""

import re
from typing import Any

from django import forms

from wijkregie.core.forms import StyledForm, multiple_choice, style_checkboxes
from wijkregie.organisation.constants import TeamKind
from wijkregie.organisation.models import District, Organisation, Team
from wijkregie.organisation.policies import OrganisationPolicy

REQUIRED = "Vul dit veld in."
CHOOSE = "Kies alleen uit de lijst."


def _choices(label: str, help_text: str = "") -> forms.ModelMultipleChoiceField:
    return multiple_choice(label, help_text, invalid=CHOOSE)


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
    population = forms.IntegerField(
        label="Aantal inwoners",
        required=False,
        min_value=0,
        help_text="Voor sturingscijfers per 1.000 inwoners, zoals vroegsignalen. Leeg laten als het niet "
        "bekend is.",
        error_messages={
            "invalid": "Vul een heel aantal inwoners in, zonder punten.",
            "min_value": "Vul een aantal inwoners van 0 of meer in.",
        },
    )

    @classmethod
    def initial_for(cls, district: District) -> dict[str, Any]:
        pc4s = sorted(area.pc4 for area in district.postcode_areas.all())
        return {
            "name": district.name,
            "wijkpunt_name": district.wijkpunt_name,
            "wijkpunt_address": district.wijkpunt_address,
            "postcode_areas": ", ".join(pc4s),
            "population": district.population,
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
        empty_label="(kies een organisatie)",
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
        style_checkboxes(self)

    @staticmethod
    def initial_for(team: Team) -> dict[str, Any]:
        return {
            "name": team.name,
            "kind": team.kind,
            "organisation": team.organisation_id,
            "municipalities": list(team.municipalities.all()),
            "districts": list(team.districts.all()),
        }
