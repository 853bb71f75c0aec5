from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from wijkregie.core.forms import StyledForm
from wijkregie.core.identifiers import is_valid_bsn, normalise_bsn


class ReviewFilterForm(StyledForm):
    """Filters travel in the query string: they are identifiers (uuids), never personal data.

    The list of staff offers the reviewer's own staff; any other staff member can be chosen through the
    link on their name in the list (e.g. a backoffice worker or a break-the-glass reader of another team).
    """

    medewerker = forms.UUIDField(
        label="Medewerker",
        required=False,
        widget=forms.Select,
        error_messages={"invalid": "Kies een medewerker uit de lijst."},
    )
    huishouden = forms.UUIDField(
        label="Huishouden (kenmerk)",
        required=False,
        help_text="Het kenmerk uit de kolom Huishouden, bijvoorbeeld na een klik daarop.",
        error_messages={"invalid": "Vul een geldig kenmerk van een huishouden in."},
    )

    def __init__(self, *args: Any, actor_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        widget: Any = self.fields["medewerker"].widget
        widget.choices = [("", "(alle medewerkers)"), *actor_choices]


class InzageForm(StyledForm):
    bsn = forms.CharField(
        label="BSN van de inwoner",
        max_length=11,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"required": "Vul het BSN in."},
    )

    def clean_bsn(self) -> str:
        bsn = normalise_bsn(self.cleaned_data["bsn"])
        if not is_valid_bsn(bsn):
            raise ValidationError("Dit is geen geldig BSN (9 cijfers die voldoen aan de elfproef).")
        return bsn
