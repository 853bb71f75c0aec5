"""Forms of the vroegsignalering pages: they parse; the services check and write."""

from typing import Any

from django import forms

from wijkregie.core.forms import StyledForm

from ..constants import CaseResult, ContactKind, DayPart, HandoverLine, PartnerType
from ..selectors import AGE_GROUPS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_UPLOAD = 512 * 1024 * 1024


class QueueFilterForm(StyledForm):
    district = forms.ChoiceField(label="Wijk", required=False)
    partner_type = forms.ChoiceField(
        label="Soort signaalpartner", required=False, choices=[("", "Alle"), *PartnerType.choices]
    )
    multiple = forms.ChoiceField(
        label="Aantal signalen",
        required=False,
        choices=[("", "Alle"), ("enkel", "Eén signaal"), ("meervoudig", "Meer signalen")],
    )
    age = forms.ChoiceField(
        label="Leeftijd",
        required=False,
        choices=[
            ("", "Alle"),
            ("jong", "18 tot 27 jaar"),
            ("midden", "27 tot 67 jaar"),
            ("oud", "67 jaar en ouder"),
        ],
    )
    crisis = forms.BooleanField(label="Alleen crisissignalen", required=False)
    closed = forms.BooleanField(label="Afgesloten zaken", required=False)

    def __init__(self, *args: Any, districts: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", "Alle wijken"), *districts]  # type: ignore[attr-defined]
        assert set(AGE_GROUPS) == {value for value, _ in self.fields["age"].choices if value}  # type: ignore[attr-defined]


class VersionedForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PickUpForm(VersionedForm):
    picked_up_on = forms.DateField(label="Opgepakt op", widget=DATE)


class AttemptForm(StyledForm):
    kind = forms.ChoiceField(label="Soort contact", choices=ContactKind.choices)
    made_on = forms.DateField(label="Datum", widget=DATE)
    day_part = forms.ChoiceField(label="Dagdeel", choices=DayPart.choices)
    reached = forms.TypedChoiceField(
        label="Inwoner bereikt",
        choices=[("ja", "Ja"), ("nee", "Nee")],
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
    )


class ResultForm(VersionedForm):
    result = forms.ChoiceField(label="Eindresultaat", choices=[("", "Kies…"), *CaseResult.choices])
    result_on = forms.DateField(label="Datum", widget=DATE)
    handover_line = forms.ChoiceField(
        label="Overdragen aan (bij vervolghulp)",
        required=False,
        choices=[("", "Niet van toepassing"), *HandoverLine.choices],
    )
    question = forms.CharField(
        label="Hulpvraag in de woorden van de inwoner (bij vervolghulp)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SignalFileForm(StyledForm):
    municipality = forms.ChoiceField(label="Gemeente")
    partner = forms.ChoiceField(
        label="Signaalpartner",
        required=False,
        help_text="Voor een CSV zonder kolom ‘soort’: de soort van deze partner geldt voor elke regel.",
    )
    file = forms.FileField(label="Bestand (JSON of CSV)")

    def __init__(self, *args: Any, municipalities: list[Any], partners: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [(str(m.uuid), m.name) for m in municipalities]  # type: ignore[attr-defined]
        self.fields["partner"].choices = [  # type: ignore[attr-defined]
            ("", "Geen (de soort staat per regel in het bestand)"),
            *[(str(p.uuid), f"{p.name} ({p.get_partner_type_display()})") for p in partners],
        ]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError("Het bestand is groter dan 512 MB.")
        return upload


class MatchingForm(StyledForm):
    municipality = forms.ChoiceField(label="Gemeente")
    period_start = forms.DateField(label="Matchingperiode van", widget=DATE)
    period_end = forms.DateField(label="tot en met", widget=DATE)

    def __init__(self, *args: Any, municipalities: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [(str(m.uuid), m.name) for m in municipalities]  # type: ignore[attr-defined]


class SettingsForm(VersionedForm):
    outreach_team = forms.ChoiceField(label="Outreach door", required=False)
    default_threshold = forms.IntegerField(label="Drempel (euro)", min_value=0, max_value=100_000)
    repeat_window_days = forms.IntegerField(
        label="Venster herhaalde melding (dagen)", min_value=1, max_value=366
    )
    contact_days = forms.IntegerField(label="Norm eerste contactpoging (dagen)", min_value=1, max_value=366)
    analysis_days = forms.IntegerField(label="Norm eerste analyse (dagen)", min_value=1, max_value=366)
    delivering_name = forms.CharField(
        label="Aanleverende organisatie (levering aan CBS)", required=False, max_length=200
    )
    delivering_kvk = forms.CharField(label="KvK-nummer", required=False, max_length=8)
    contact_name = forms.CharField(label="Contactpersoon voor CBS", required=False, max_length=200)
    contact_email = forms.EmailField(label="E-mail contactpersoon", required=False)
    contact_phone = forms.CharField(label="Telefoon contactpersoon", required=False, max_length=30)
    contact_title = forms.CharField(label="Functie contactpersoon", required=False, max_length=100)

    def __init__(self, *args: Any, teams: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outreach_team"].choices = [("", "Nog niemand"), *[(str(t.uuid), t.name) for t in teams]]  # type: ignore[attr-defined]
        for kind in PartnerType:
            self.fields[f"threshold_{kind.name.lower()}"] = forms.IntegerField(
                label=f"Drempel {kind.label} (euro)", required=False, min_value=0, max_value=100_000,
                help_text="Leeg: de drempel hierboven.",
            )  # fmt: skip

    def thresholds(self) -> dict[str, int]:
        return {
            kind.value: self.cleaned_data[f"threshold_{kind.name.lower()}"]
            for kind in PartnerType
            if self.cleaned_data.get(f"threshold_{kind.name.lower()}") is not None
        }


class PartnerForm(StyledForm):
    partner_type = forms.ChoiceField(label="Soort", choices=PartnerType.choices)
    name = forms.CharField(label="Naam van de organisatie", max_length=150)
