from typing import Any

from django import forms

from wijkregie.core.forms import StyledForm
from wijkregie.decisions.constants import DecisionKind, Outcome
from wijkregie.households.models import Resident
from wijkregie.plans.models import PlanAction
from wijkregie.provisions.models import Provision

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
YES_NO = [("", "Nog niet ingevuld"), ("ja", "Ja"), ("nee", "Nee")]


class RequestForm(StyledForm):
    resident: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Voor wie", queryset=Resident.objects.none(), to_field_name="uuid"
    )
    provision: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Maatwerkvoorziening", queryset=Provision.objects.none(), to_field_name="uuid"
    )
    plan_action: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Bij actie uit het plan",
        queryset=PlanAction.objects.none(),
        required=False,
        to_field_name="uuid",
    )
    received_on = forms.DateField(label="Aanvraag ontvangen op", widget=DATE)
    urgent = forms.BooleanField(label="Spoed", required=False)
    temporary_provision_note = forms.CharField(
        label="Tijdelijke voorziening",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Bij spoed (Wmo art. 2.3.3): wat is er meteen geregeld?",
    )

    def __init__(self, *args: Any, members: Any, provisions: Any, actions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resident"].queryset = members  # type: ignore[attr-defined]
        self.fields["resident"].label_from_instance = lambda r: r.full_name  # type: ignore[attr-defined]
        self.fields["provision"].queryset = provisions  # type: ignore[attr-defined]
        self.fields["provision"].label_from_instance = lambda p: f"{p.name} ({p.get_law_display()})"  # type: ignore[attr-defined]
        self.fields["plan_action"].queryset = actions  # type: ignore[attr-defined]
        self.fields["plan_action"].label_from_instance = lambda a: a.description[:80]  # type: ignore[attr-defined]


class ReverseTestForm(StyledForm):
    question_situation = forms.CharField(
        label="1. Vraag en situatie in de volle breedte",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    needed_outcome = forms.CharField(
        label="2. Het resultaat dat nodig is", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    own_strength_network_general = forms.CharField(
        label="3. Wat eigen kracht, netwerk en algemene voorzieningen bijdragen",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    why_not_enough = forms.CharField(
        label="3. Waarom dat niet genoeg is", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    law_intent = forms.CharField(
        label="4. Wat de wet beoogt", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    outcome_fits_law = forms.ChoiceField(
        label="4. Past het resultaat bij de bedoeling van de wet?", choices=YES_NO, required=False
    )
    rules = forms.CharField(
        label="5. Wat verordening en beleidsregels zeggen",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_outcome_fits_law(self) -> bool | None:
        return {"ja": True, "nee": False}.get(self.cleaned_data.get("outcome_fits_law") or "")


class DecideForm(StyledForm):
    decision_kind = forms.ChoiceField(
        label="6. Besluit", choices=DecisionKind.choices, widget=forms.RadioSelect
    )
    outcome = forms.ChoiceField(label="Uitkomst", choices=Outcome.choices)
    deviation_motivation = forms.CharField(
        label="Motivering van de afwijking",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Verplicht bij een afwijking: waarom past die bij de geest van de wet?",
    )
    decided_on = forms.DateField(label="Besloten op", widget=DATE)
