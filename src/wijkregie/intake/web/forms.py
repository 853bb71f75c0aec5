"""Intake forms: they check the shape of the input (Dutch messages); the services decide and write."""

from typing import Any

from django import forms

from wijkregie.core.forms import StyledForm, style_checkboxes
from wijkregie.households.forms import BrpLookupForm, ResidentForm
from wijkregie.intake.constants import AcuteThreat, Law, MeldingChannel, MultiProblem, RouteTarget, Urgency

CHOOSE = "Kies alleen uit de lijst."
DATE_ERROR = "Vul een geldige datum in (dd-mm-jjjj)."
_DATE_FORMATS = ["%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"]

__all__ = ["BrpLookupForm", "KnownMeldingForm", "MeldingForm", "NewResidentMeldingForm"]


def _multi(
    label: str, choices: Any, *, required: bool = False, help_text: str = ""
) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=required,
        help_text=help_text,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": CHOOSE, "required": "Kies minstens één wet, of ‘Geen’."},
    )


MELDING_FIELDS = (
    "channel",
    "received_on",
    "question",
    "laws",
    "life_domain_count",
    "urgency",
    "acute_threat",
    "reporter_name",
    "reporter_contact",
    "resident_informed",
)


class MeldingFields(forms.Form):
    """The melding itself: how it came in, the question in the resident's words, laws, urgency."""

    channel = forms.ChoiceField(
        label="Binnengekomen via",
        choices=MeldingChannel.choices,
        error_messages={"required": "Kies hoe de melding binnenkwam.", "invalid_choice": CHOOSE},
    )
    received_on = forms.DateField(
        label="Ontvangen op",
        required=False,
        input_formats=_DATE_FORMATS,
        help_text="dd-mm-jjjj; leeg is vandaag. Wettelijke termijnen lopen vanaf deze dag.",
        error_messages={"invalid": DATE_ERROR},
    )
    question = forms.CharField(
        label="Vraag in de woorden van de inwoner",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Beschrijf de vraag in de woorden van de inwoner."},
    )
    laws = _multi(
        "Wetten die de vraag mogelijk raakt",
        Law.choices,
        required=True,
        help_text="Kies ‘Geen’ als de vraag geen wet raakt.",
    )
    life_domain_count = forms.IntegerField(
        label="Aantal leefgebieden",
        min_value=1,
        max_value=13,
        initial=1,
        help_text="Op hoeveel leefgebieden speelt de vraag (1 tot 13)?",
        error_messages={
            "required": "Vul het aantal leefgebieden in.",
            "invalid": "Vul een getal in.",
            "min_value": "De vraag raakt minstens één leefgebied.",
            "max_value": "Er zijn hooguit 13 leefgebieden.",
        },
    )
    urgency = forms.ChoiceField(
        label="Urgentie",
        choices=Urgency.choices,
        initial=Urgency.REGULAR,
        error_messages={"required": "Kies de urgentie.", "invalid_choice": CHOOSE},
    )
    acute_threat = forms.ChoiceField(
        label="Acute dreiging (schulden)",
        choices=AcuteThreat.choices,
        required=False,
        help_text="Alleen bij een schuldhulpvraag: dan is het eerste gesprek binnen 3 werkdagen.",
        error_messages={"invalid_choice": CHOOSE},
    )
    reporter_name = forms.CharField(
        label="Gemeld door", max_length=200, required=False, help_text="Naam of organisatie van de melder."
    )
    reporter_contact = forms.CharField(label="Contact melder", max_length=200, required=False)
    resident_informed = forms.TypedChoiceField(
        label="Weet de inwoner van deze melding?",
        choices=[("ja", "Ja"), ("nee", "Nee")],
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
        error_messages={"required": "Geef aan of de inwoner van de melding weet.", "invalid_choice": CHOOSE},
    )

    def melding_values(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in MELDING_FIELDS}
        data["acute_threat"] = data["acute_threat"] or ""
        return data


class MeldingForm(StyledForm, MeldingFields):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_checkboxes(self)


class KnownMeldingForm(MeldingForm):
    """A melding about a current member of a household."""

    resident = forms.ChoiceField(
        label="Over wie gaat de melding?",
        choices=(),
        error_messages={"required": "Kies het lid van het huishouden.", "invalid_choice": CHOOSE},
    )

    field_order = ["resident", *MELDING_FIELDS]

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = {str(m.resident.uuid): m.resident for m in members}
        self.fields["resident"].choices = [  # type: ignore[attr-defined]
            (key, f"{r.full_name} ({r.birth_date:%d-%m-%Y})") for key, r in self.members.items()
        ]
        if len(self.members) == 1:
            self.fields["resident"].initial = next(iter(self.members))


class NewResidentMeldingForm(MeldingForm):
    """A resident not yet known, registered in a new household together with their melding."""

    bsn = ResidentForm.base_fields["bsn"]
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

    clean_bsn = ResidentForm.clean_bsn
    clean_postcode = ResidentForm.clean_postcode

    RESIDENT_FIELDS = (
        "bsn",
        "given_names",
        "initials",
        "surname_prefix",
        "surname",
        "birth_date",
        "street",
        "house_number",
        "house_number_suffix",
        "postcode",
        "city",
        "phone",
        "email",
    )
    field_order = [*RESIDENT_FIELDS, *MELDING_FIELDS]

    def resident_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.RESIDENT_FIELDS}

    def resident_bound(self) -> list[Any]:
        return [self[name] for name in self.RESIDENT_FIELDS]

    def melding_bound(self) -> list[Any]:
        return [self[name] for name in MELDING_FIELDS]

    # Where the rules would send it elsewhere, the worker may keep it (counted as a re-routing).
    keep = forms.BooleanField(label="Bij mijn team houden", required=False)
    keep_reason = forms.CharField(
        label="Waarom houdt uw team deze melding?",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Minstens 10 tekens. Dit telt mee in de routeringscijfers als omroutering.",
        error_messages={"max_length": "Gebruik hooguit 300 tekens."},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("keep") and not (data.get("keep_reason") or "").strip():
            self.add_error("keep_reason", "Schrijf op waarom uw team de melding houdt.")
        return data

    def kept_because(self) -> str:
        """The reason to keep the melding, or "" when the worker lets the rules decide."""
        return (self.cleaned_data.get("keep_reason") or "").strip() if self.cleaned_data.get("keep") else ""


class RerouteForm(StyledForm):
    target = forms.ChoiceField(
        label="Hoort bij",
        choices=RouteTarget.choices,
        error_messages={"required": "Kies waar de melding wel hoort.", "invalid_choice": CHOOSE},
    )
    reason = forms.CharField(
        label="Reden",
        max_length=300,
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Waarom hoort de melding bij de ander? Dit telt mee in de routeringscijfers.",
        error_messages={
            "required": "Vul de reden in.",
            "min_length": "Beschrijf in minstens 10 tekens waarom de melding ergens anders hoort.",
            "max_length": "Gebruik hooguit 300 tekens.",
        },
    )


class TriageRuleForm(StyledForm):
    name = forms.CharField(
        label="Naam", max_length=150, error_messages={"required": "Geef de regel een naam."}
    )
    channels = _multi("Kanalen", MeldingChannel.choices, help_text="Niets aangevinkt: elk kanaal.")
    laws = _multi("Wetten (één ervan)", Law.choices, help_text="Niets aangevinkt: elke wet.")
    urgencies = _multi("Urgenties", Urgency.choices, help_text="Niets aangevinkt: elke urgentie.")
    multi_problem = forms.ChoiceField(
        label="Leefgebieden",
        choices=MultiProblem.choices,
        required=False,
        error_messages={"invalid_choice": CHOOSE},
    )
    acute_threat = forms.BooleanField(label="Alleen bij een acute dreiging (schulden)", required=False)
    target = forms.ChoiceField(
        label="Naar",
        choices=RouteTarget.choices,
        error_messages={"required": "Kies waar de melding heen gaat.", "invalid_choice": CHOOSE},
    )
    reason = forms.CharField(
        label="Reden",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Staat bij elke melding die deze regel routeert.",
        error_messages={"required": "Schrijf de reden op: die staat bij elke routering door deze regel."},
    )
    active = forms.BooleanField(label="Actief", required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_checkboxes(self)

    @classmethod
    def initial_for(cls, rule: Any) -> dict[str, Any]:
        return {name: getattr(rule, name) for name in cls.base_fields}


class TrialForm(StyledForm):
    """The proefroutering: a made-up melding, only choices (no personal data)."""

    channel = MeldingFields.base_fields["channel"]
    laws = _multi("Wetten", Law.choices, required=True)
    urgency = MeldingFields.base_fields["urgency"]
    life_domain_count = MeldingFields.base_fields["life_domain_count"]
    acute_threat = forms.BooleanField(label="Er is een acute dreiging (schulden)", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_checkboxes(self)


class StatsForm(StyledForm):
    municipality = forms.ChoiceField(label="Gemeente", choices=(), required=False)
    date_from = forms.DateField(
        label="Van",
        required=False,
        input_formats=_DATE_FORMATS,
        help_text="dd-mm-jjjj",
        error_messages={"invalid": DATE_ERROR},
    )
    date_to = forms.DateField(
        label="Tot en met",
        required=False,
        input_formats=_DATE_FORMATS,
        help_text="dd-mm-jjjj",
        error_messages={"invalid": DATE_ERROR},
    )

    def __init__(self, *args: Any, municipalities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [(str(m.uuid), m.name) for m in municipalities]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "De einddatum ligt voor de begindatum.")
        return data
