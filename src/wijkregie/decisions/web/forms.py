import hashlib
from decimal import Decimal
from typing import Any

from django import forms

from wijkregie.core.calendar import age_on
from wijkregie.core.forms import StyledForm
from wijkregie.decisions.constants import DecisionKind, DeliveryForm, Outcome
from wijkregie.decisions.services import MAX_CENTS, MAX_QUANTITY, Product
from wijkregie.households.models import Resident
from wijkregie.plans.models import PlanAction
from wijkregie.provisions.models import Provision
from wijkregie.provisions.suggestions import unfit_for

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

    def clean(self) -> dict[str, Any]:
        """The provision must suit the resident: no Jeugdwet product for an adult, no Wmo maatwerk for a
        child, and the provision's own age range (provisions.suggestions.unfit_for), on the aanvraag's day."""
        data = super().clean() or {}
        resident, provision, on = data.get("resident"), data.get("provision"), data.get("received_on")
        if resident is not None and provision is not None and on is not None and resident.birth_date:
            why = unfit_for(provision, [age_on(resident.birth_date, on)])
            if why:
                self.add_error("provision", f"Deze voorziening past niet bij {resident.full_name}: {why}.")
        return data


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
    start_date = forms.DateField(label="Ingangsdatum", widget=DATE, required=False)
    end_date = forms.DateField(
        label="Einddatum", widget=DATE, required=False, help_text="Leeg: voor onbepaalde tijd."
    )
    volume = forms.IntegerField(
        label="Omvang",
        required=False,
        min_value=1,
        max_value=MAX_QUANTITY,
        help_text="In de eenheid en frequentie van het product.",
    )
    bandwidth_min = forms.IntegerField(
        label="Bandbreedte: minimum",
        required=False,
        min_value=0,
        max_value=MAX_QUANTITY,
        help_text="Bij een gebiedscontract: de aanbieder schaalt binnen de bandbreedte op of af.",
    )
    bandwidth_max = forms.IntegerField(
        label="Bandbreedte: maximum", required=False, min_value=1, max_value=MAX_QUANTITY
    )
    budget = forms.DecimalField(
        label="Budget in euro",
        required=False,
        min_value=0,
        max_value=Decimal(MAX_CENTS) / 100,
        decimal_places=2,
        max_digits=10,
        help_text="Voor de hele periode.",
    )
    delivery_form = forms.ChoiceField(
        label="Leveringsvorm", choices=DeliveryForm.choices, initial=DeliveryForm.IN_KIND, required=False
    )
    provider_choice = forms.CharField(label="Voorkeur voor aanbieder", required=False, max_length=200)
    letter_motivation = forms.CharField(
        label="Motivering in de brief, voor de inwoner",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Schrijf aan de inwoner (‘u’), in eigen woorden. De tekst van de toets blijft intern.",
        error_messages={"required": "Schrijf de motivering voor de inwoner."},
    )
    # The digest of what was shown in the letter preview: signing needs the preview of exactly these values.
    previewed = forms.CharField(required=False, widget=forms.HiddenInput)

    def digest(self) -> str:
        values = {k: v for k, v in self.cleaned_data.items() if k != "previewed"}
        return hashlib.sha256(repr(sorted(values.items())).encode()).hexdigest()[:32]

    @property
    def preview_matches(self) -> bool:
        return bool(self.cleaned_data.get("previewed")) and self.cleaned_data["previewed"] == self.digest()

    def apply_service_errors(self, error: Any) -> None:
        if "budget_cents" in getattr(error, "message_dict", {}):
            error.error_dict["budget"] = error.error_dict.pop("budget_cents")
        super().apply_service_errors(error)

    def decision(self) -> dict[str, Any]:
        """The service's arguments: the decision, and what a granting decision gives."""
        data = dict(self.cleaned_data)
        data.pop("previewed", None)
        budget = data.pop("budget", None)
        product_names = ("start_date", "end_date", "volume", "bandwidth_min", "bandwidth_max")
        product = Product(
            **{name: data.pop(name, None) for name in product_names},
            budget_cents=None if budget is None else int(budget * 100),
            delivery_form=data.pop("delivery_form", "") or DeliveryForm.IN_KIND,
            provider_choice=data.pop("provider_choice", ""),
        )
        return {**data, "product": product}


class WithdrawForm(StyledForm):
    reason = forms.CharField(
        label="Waarom trekt de inwoner de aanvraag in?", widget=forms.Textarea(attrs={"rows": 2})
    )


class SendBackForm(StyledForm):
    reason = forms.CharField(
        label="Waarom tekent u niet?",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="De beslisser leest dit en besluit opnieuw.",
    )
