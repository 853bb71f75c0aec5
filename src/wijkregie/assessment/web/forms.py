from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import QuerySet

from wijkregie.assessment.definitions import MAX_BYTES
from wijkregie.assessment.models import Instrument, InstrumentDomain
from wijkregie.core.forms import StyledForm

DATE_ERROR = "Vul een geldige datum in (dd-mm-jjjj)."
DATE_FORMATS = ["%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"]


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=DATE_FORMATS,
        help_text="dd-mm-jjjj",
        error_messages={"invalid": DATE_ERROR, "required": "Vul de datum in."},
    )


class ReportForm(StyledForm):
    instrument = forms.ModelChoiceField(
        label="Instrument",
        queryset=Instrument.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": "Kies een instrument uit de lijst."},
    )
    held_on = _date_field("Datum van het gesprek")
    story = forms.CharField(
        label="Het verhaal van het huishouden, in eigen woorden",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        error_messages={"required": "Schrijf het verhaal van het huishouden op."},
    )
    wishes = forms.CharField(
        label="Wat het huishouden wil bereiken",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
        required=False,
    )

    def __init__(self, *args: Any, instruments: QuerySet[Instrument] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if instruments is None:
            del self.fields["instrument"]
        else:
            self.fields["instrument"].queryset = instruments  # type: ignore[attr-defined]


@dataclass
class DomainFields:
    domain: InstrumentDomain
    value: Any
    situation: Any
    own_strength: Any
    network_strength: Any
    anchors: list[tuple[int, str, str]]  # (score, label, text)


TEXT_FIELDS = (
    ("situation", "Situatie, in de woorden van de inwoner"),
    ("own_strength", "Wat de inwoner zelf kan"),
    ("network_strength", "Wat het netwerk kan"),
)


class ScoringForm(StyledForm):
    """One fieldset per domain: the score (with its labels), and three texts in the resident's words."""

    scored_on = _date_field("Gescoord op")

    def __init__(
        self,
        *args: Any,
        domains: list[InstrumentDomain],
        labels: dict[int, str],
        anchors: dict[tuple[str, int], str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.domains = domains
        self.labels = labels
        self.anchor_texts = anchors
        choices = [("", "Niet gescoord"), *((str(v), f"{v} – {label}") for v, label in labels.items())]
        for domain in domains:
            code = domain.code
            self.fields[f"{code}__value"] = forms.TypedChoiceField(
                label="Score",
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                error_messages={"invalid_choice": "Kies een score uit de lijst."},
            )
            for name, label in TEXT_FIELDS:
                self.fields[f"{code}__{name}"] = forms.CharField(
                    label=label, required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
                )
        # StyledForm styled the fields that existed before; style the ones added above the same way.
        for name, field in self.fields.items():
            widget = field.widget
            if "class" not in widget.attrs:
                widget.attrs["class"] = (
                    "utrecht-select" if isinstance(widget, forms.Select) else "utrecht-textarea"
                )
            if name.endswith("__value") and self._anchors_for(name.removesuffix("__value")):
                widget.attrs["aria-describedby"] = f"id_{name}_anchors"

    def _anchors_for(self, code: str) -> list[tuple[int, str, str]]:
        return [
            (value, label, self.anchor_texts[(code, value)])
            for value, label in self.labels.items()
            if (code, value) in self.anchor_texts
        ]

    def groups(self) -> list[DomainFields]:
        return [
            DomainFields(
                domain=domain,
                value=self[f"{domain.code}__value"],
                situation=self[f"{domain.code}__situation"],
                own_strength=self[f"{domain.code}__own_strength"],
                network_strength=self[f"{domain.code}__network_strength"],
                anchors=self._anchors_for(domain.code),
            )
            for domain in self.domains
        ]

    def score_items(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        return [
            {
                "domain_code": domain.code,
                "value": data.get(f"{domain.code}__value"),
                **{name: data.get(f"{domain.code}__{name}", "") for name, _ in TEXT_FIELDS},
            }
            for domain in self.domains
        ]


FORMAT_CHOICES = [("", "Afleiden uit de bestandsnaam"), ("json", "JSON"), ("csv", "CSV")]


class UploadForm(StyledForm):
    file = forms.FileField(
        label="Bestand",
        help_text="JSON of CSV, hooguit 1 MB. Zie de beschrijving van de formaten hieronder.",
        error_messages={"required": "Kies een bestand.", "empty": "Het bestand is leeg."},
    )
    format = forms.ChoiceField(label="Formaat", choices=FORMAT_CHOICES, required=False)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError("Het bestand is groter dan 1 MB.")
        return upload
