from typing import Any

from django import forms

from wijkregie.core.forms import StyledForm
from wijkregie.integrations.istandaarden.codelists import codes
from wijkregie.providers.models import Provider

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# WMO588 / JZ588 when the published lists are not at hand: the reasons a provider may use.
STOP_REASONS_FALLBACK = {
    "02": "Overlijden",
    "19": "Levering volgens plan beëindigd",
    "20": "Levering is tijdelijk beëindigd",
    "21": "Levering is eenzijdig door cliënt beëindigd",
    "22": "Levering is eenzijdig door aanbieder beëindigd",
    "23": "Levering is in overeenstemming voortijdig beëindigd",
    "31": "Verhuizing naar een andere gemeente",
    "38": "Overstap naar andere aanbieder",
    "39": "Uitstroom naar ander domein",
}


def stop_reasons(standard: str) -> list[tuple[str, str]]:
    listed = codes(standard, "JZ588" if standard == "ijw-3.2" else "WMO588") or STOP_REASONS_FALLBACK
    return [(code, text) for code, text in listed.items()]


class AllocateForm(StyledForm):
    provider: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Aanbieder", queryset=Provider.objects.none(), to_field_name="uuid"
    )
    resident_choice = forms.BooleanField(label="De inwoner koos deze aanbieder", required=False)

    def __init__(self, *args: Any, providers: Any, known: set[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["provider"]
        field.queryset = providers  # type: ignore[attr-defined]
        field.label_from_instance = lambda p: (  # type: ignore[attr-defined]
            f"{p.organisation.name}" + (" (bekende aanbieder)" if p.pk in known else "")
        )


class StartForm(StyledForm):
    started_on = forms.DateField(label="Zorg gestart op", widget=DATE)


class StopForm(StyledForm):
    stopped_on = forms.DateField(label="Zorg gestopt op", widget=DATE)
    reason = forms.ChoiceField(label="Reden van beëindiging", choices=())

    def __init__(self, *args: Any, standard: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = stop_reasons(standard)  # type: ignore[attr-defined]
