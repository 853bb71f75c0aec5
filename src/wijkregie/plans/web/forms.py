"""Plan, MDO and evaluation forms: they check the shape of the input; the services decide and write."""

from typing import Any

from django import forms

from wijkregie.core.forms import StyledForm, style_checkboxes
from wijkregie.plans.constants import (
    GAS_LABELS,
    ActionStatus,
    AgreementMethod,
    CaseDirector,
    GoalStatus,
    Performer,
    PlanOutcome,
    Rung,
)

DATE_FORMATS = ["%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"]
DATE_ERROR = "Vul een geldige datum in (dd-mm-jjjj)."
CHOOSE = "Kies uit de lijst."


def date_field(
    label: str, *, required: bool = True, required_message: str = "Vul de datum in."
) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        help_text="dd-mm-jjjj",
        error_messages={"invalid": DATE_ERROR, "required": required_message},
    )


class PlanForm(StyledForm):
    """Several forms share one page, each with its own prefix so their ids don't clash; the help and error
    references (aria-describedby) then follow the prefixed ids."""

    def _fix_references(self) -> None:
        for name, field in self.fields.items():
            attrs = field.widget.attrs
            if "aria-describedby" in attrs:
                auto_id = self[name].auto_id
                attrs["aria-describedby"] = attrs["aria-describedby"].replace(f"id_{name}_", f"{auto_id}_")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._fix_references()

    def _add(self, name: str, field: forms.Field) -> forms.BoundField:
        """Add a field after construction, styled like the declared ones."""
        widget = field.widget
        if isinstance(widget, forms.Select):
            css = "utrecht-select"
        elif isinstance(widget, forms.Textarea):
            css = "utrecht-textarea"
        else:
            css = "utrecht-textbox"
        widget.attrs["class"] = css
        self.fields[name] = field
        bound = self[name]
        if field.help_text:
            widget.attrs["aria-describedby"] = f"{bound.auto_id}_help"
        return bound

    def full_clean(self) -> None:
        super().full_clean()
        self._fix_references()


class PlanCreateForm(PlanForm):
    family_group_plan = forms.BooleanField(
        label="Er is een familiegroepsplan",
        required=False,
        help_text="Het huishouden maakte zelf een plan met familie en netwerk; dit plan bouwt daarop voort.",
    )


class GoalForm(PlanForm):
    description = forms.CharField(
        label="Doel",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="In de woorden van het huishouden: wat wil het bereiken?",
        error_messages={"required": "Beschrijf het doel."},
    )
    domain: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Leefgebied",
        queryset=None,
        empty_label="Kies een leefgebied",
        error_messages={"required": "Kies het leefgebied van dit doel.", "invalid_choice": CHOOSE},
    )
    members: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label="Voor wie",
        queryset=None,
        to_field_name="uuid",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Kies voor wie dit doel is.", "invalid_choice": CHOOSE},
    )

    def __init__(self, *args: Any, domains: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["domain"].queryset = domains  # type: ignore[attr-defined]
        self.fields["members"].queryset = members  # type: ignore[attr-defined]
        self.fields["members"].label_from_instance = lambda r: r.full_name  # type: ignore[attr-defined]
        style_checkboxes(self)


class ActionForm(PlanForm):
    goal: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Bij doel",
        queryset=None,
        to_field_name="uuid",
        empty_label="Kies een doel",
        error_messages={"required": "Kies het doel van deze actie.", "invalid_choice": CHOOSE},
    )
    description = forms.CharField(
        label="Actie",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Beschrijf de actie."},
    )
    rung = forms.ChoiceField(
        label="Trede van de ondersteuningsladder",
        choices=[("", "Kies een trede"), *Rung.choices],
        help_text="Zo licht als mogelijk: eerst eigen kracht, dan netwerk, vrijwilligers, algemene "
        "voorziening.",
        error_messages={"required": "Kies een trede van de ondersteuningsladder.", "invalid_choice": CHOOSE},
    )
    maatwerk_reason = forms.CharField(
        label="Waarom lichtere treden niet volstaan",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Verplicht bij lichte en zware maatwerkvoorziening (minstens 20 tekens).",
    )
    performer = forms.ChoiceField(
        label="Wie doet het",
        choices=[("", "Kies wie"), *Performer.choices],
        error_messages={"required": "Kies wie de actie uitvoert.", "invalid_choice": CHOOSE},
    )
    performer_name = forms.CharField(
        label="Naam",
        max_length=200,
        required=False,
        help_text="Bijvoorbeeld de buurvrouw of de vrijwilliger.",
    )
    organisation: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Organisatie",
        queryset=None,
        required=False,
        to_field_name="uuid",
        empty_label="Geen organisatie",
        error_messages={"invalid_choice": CHOOSE},
    )
    provision = forms.CharField(label="Voorziening", max_length=200, required=False)
    case_director = forms.ChoiceField(
        label="Casusregie",
        choices=CaseDirector.choices,
        initial=CaseDirector.TEAM,
        error_messages={"invalid_choice": CHOOSE},
    )
    start_date = date_field("Vanaf", required=False)
    end_date = date_field("Tot", required=False)
    status = forms.ChoiceField(
        label="Status",
        choices=ActionStatus.choices,
        initial=ActionStatus.PLANNED,
        error_messages={"invalid_choice": CHOOSE},
    )

    def __init__(
        self, *args: Any, goals: Any, organisations: Any, with_goal: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if with_goal:
            self.fields["goal"].queryset = goals  # type: ignore[attr-defined]
            self.fields["goal"].label_from_instance = lambda g: f"{g.domain.name}: {g.description[:60]}"  # type: ignore[attr-defined]
        else:
            del self.fields["goal"]
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]

    def action_values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("goal", None)
        return data


class ActivateForm(PlanForm):
    start_date = date_field("Startdatum", required_message="Vul de startdatum in.")
    evaluation_date = date_field("Evaluatiedatum", required_message="Vul de evaluatiedatum in.")


class EvaluationDateForm(PlanForm):
    evaluation_date = date_field("Nieuwe evaluatiedatum", required_message="Vul de evaluatiedatum in.")


class AgreementForm(PlanForm):
    version: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Versie",
        queryset=None,
        to_field_name="uuid",
        empty_label=None,
        error_messages={"required": "Kies de versie.", "invalid_choice": CHOOSE},
    )
    agreed_on = date_field("Akkoord op", required_message="Vul de datum van het akkoord in.")
    method = forms.ChoiceField(
        label="Hoe",
        choices=[("", "Kies hoe"), *AgreementMethod.choices],
        error_messages={"required": "Kies hoe de inwoner akkoord gaf.", "invalid_choice": CHOOSE},
    )
    agreed_by: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Akkoord van",
        queryset=None,
        to_field_name="uuid",
        empty_label="Kies een lid",
        error_messages={"required": "Kies een lid van het huishouden.", "invalid_choice": CHOOSE},
    )

    def __init__(self, *args: Any, versions: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = versions  # type: ignore[attr-defined]
        self.fields["version"].label_from_instance = lambda v: f"Versie {v.number}"  # type: ignore[attr-defined]
        self.fields["agreed_by"].queryset = members  # type: ignore[attr-defined]
        self.fields["agreed_by"].label_from_instance = lambda r: r.full_name  # type: ignore[attr-defined]


class CloseForm(PlanForm):
    outcome = forms.ChoiceField(
        label="Uitkomst",
        choices=[("", "Kies de uitkomst"), *PlanOutcome.choices],
        error_messages={"required": "Kies de uitkomst van het plan.", "invalid_choice": CHOOSE},
    )
    closed_on = date_field("Afgesloten op", required_message="Vul de datum van afsluiten in.")


GAS_CHOICES = [("", "Kies een score")] + [
    (str(v), f"{v:+d} {label}" if v else f"0 {label}") for v, label in GAS_LABELS.items()
]
GOAL_CLOSE_CHOICES = [("", "Doel blijft open")] + [
    (value, label) for value, label in GoalStatus.choices if value != GoalStatus.OPEN
]


class EvaluationForm(PlanForm):
    """Per open goal a GAS score, a note and an optional closing status; per member and domain an optional
    re-score on the plan's instrument."""

    held_on = date_field("Datum evaluatie", required_message="Vul de datum van de evaluatie in.")
    notes = forms.CharField(label="Toelichting", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    next_evaluation_date = date_field("Volgende evaluatie", required=False)

    def __init__(
        self,
        *args: Any,
        goals: list[Any],
        members: list[Any],
        domains: list[Any],
        levels: dict[int, str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.goal_rows = []
        for goal in goals:
            key = goal.uuid.hex
            score = self._add(
                f"score_{key}",
                forms.TypedChoiceField(
                    label="Doelrealisatie",
                    choices=GAS_CHOICES,
                    coerce=int,
                    error_messages={"required": "Kies een score voor dit doel.", "invalid_choice": CHOOSE},
                ),
            )
            note = self._add(
                f"note_{key}",
                forms.CharField(
                    label="Toelichting", required=False, widget=forms.Textarea(attrs={"rows": 2})
                ),
            )
            status = self._add(
                f"status_{key}",
                forms.ChoiceField(
                    label="Doel afsluiten",
                    choices=GOAL_CLOSE_CHOICES,
                    required=False,
                    error_messages={"invalid_choice": CHOOSE},
                ),
            )
            self.goal_rows.append((goal, score, note, status))
        level_choices = [("", "Niet opnieuw gescoord")] + [
            (str(value), f"{value} {label}") for value, label in sorted(levels.items())
        ]
        self.rescore_rows = []
        for member in members:
            fields = []
            for domain in domains:
                bound = self._add(
                    f"rescore_{member.uuid.hex}_{domain.pk}",
                    forms.TypedChoiceField(
                        label=domain.name,
                        choices=level_choices,
                        coerce=int,
                        required=False,
                        empty_value=None,
                        error_messages={"invalid_choice": CHOOSE},
                    ),
                )
                fields.append((domain, bound))
            self.rescore_rows.append((member, fields))
        self._goals = goals
        self._members = members
        self._domains = domains

    def attainments(self) -> dict[Any, tuple[int, str, str | None]]:
        data = self.cleaned_data
        return {
            goal.uuid: (
                data[f"score_{goal.uuid.hex}"],
                data.get(f"note_{goal.uuid.hex}", ""),
                data.get(f"status_{goal.uuid.hex}") or None,
            )
            for goal in self._goals
        }

    def rescores(self) -> list[tuple[Any, list[tuple[str, int]]]]:
        """Per member the (domain code, value) pairs that were filled in."""
        result = []
        for member in self._members:
            values = []
            for domain in self._domains:
                value = self.cleaned_data.get(f"rescore_{member.uuid.hex}_{domain.pk}")
                if value is not None:
                    values.append((domain.code, value))
            if values:
                result.append((member, values))
        return result


class MdoForm(PlanForm):
    held_on = date_field("Datum", required_message="Vul de datum van het MDO in.")
    discussed = forms.CharField(
        label="Besproken",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Beschrijf wat er besproken is."},
    )
    contacts: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label="Vaste contactpersonen van de wijk",
        queryset=None,
        required=False,
        to_field_name="uuid",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": CHOOSE},
    )

    EXTRA_ROWS = 3

    def __init__(self, *args: Any, contacts: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contacts"].queryset = contacts  # type: ignore[attr-defined]
        self.fields["contacts"].label_from_instance = (  # type: ignore[attr-defined]
            lambda c: f"{c.name} ({c.organisation.name}{', ' + c.role if c.role else ''})"
        )
        self.extra_rows = []
        for i in range(self.EXTRA_ROWS):
            name = self._add(f"extra_name_{i}", forms.CharField(label="Naam", max_length=200, required=False))
            organisation = self._add(
                f"extra_organisation_{i}",
                forms.ModelChoiceField(
                    label="Organisatie",
                    queryset=organisations,
                    required=False,
                    to_field_name="uuid",
                    empty_label="Geen organisatie",
                    error_messages={"invalid_choice": CHOOSE},
                ),
            )
            role = self._add(f"extra_role_{i}", forms.CharField(label="Rol", max_length=150, required=False))
            self.extra_rows.append((name, organisation, role))
        style_checkboxes(self)

    def participants(self) -> list[tuple[str, Any, str]]:
        data = self.cleaned_data
        rows = [(c.name, c.organisation, c.role) for c in data.get("contacts") or []]
        for i in range(self.EXTRA_ROWS):
            name = (data.get(f"extra_name_{i}") or "").strip()
            if name:
                rows.append((name, data.get(f"extra_organisation_{i}"), data.get(f"extra_role_{i}") or ""))
        return rows


class DecisionForm(PlanForm):
    text = forms.CharField(
        label="Besluit",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Beschrijf het besluit."},
    )
