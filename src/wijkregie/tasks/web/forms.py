"""Task forms: they validate the shape of the input; the rules (dates, reasons, who) live in services."""

from typing import Any

from django import forms

from wijkregie.accounts.models import User
from wijkregie.core.forms import StyledForm
from wijkregie.households.constants import Complexity
from wijkregie.tasks.selectors import load_label

DATE_FORMATS = ["%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"]
QUEUE, QUEUE_LABEL = "", "De wachtrij van het team (de teamleider verdeelt)"
DATE_ERRORS = {"invalid": "Vul een geldige datum in (dd-mm-jjjj).", "required": "Vul de datum in."}


class _TaskForm(StyledForm):
    """Several of these forms sit on one page, each with its own prefix: point the help and error
    references at the prefixed ids the field template renders."""

    def _point_ids(self) -> None:
        for name, field in self.fields.items():
            refs = field.widget.attrs.get("aria-describedby", "")
            if refs:
                auto_id = self[name].auto_id
                field.widget.attrs["aria-describedby"] = refs.replace(f"id_{name}_", f"{auto_id}_")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._point_ids()

    def full_clean(self) -> None:
        super().full_clean()
        self._point_ids()


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label, input_formats=DATE_FORMATS, help_text="dd-mm-jjjj", error_messages=DATE_ERRORS
    )


def _reason_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Minstens 10 tekens.",
        error_messages={
            "required": "Vul de reden in.",
            "max_length": "De reden mag hooguit 300 tekens lang zijn.",
        },
    )


class _PeopleForm(_TaskForm):
    """Choices come from lists the view already has (no query per form): `members` maps uuid to user."""

    def __init__(self, *args: Any, members: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = members
        self.fields["assignee"].choices = [(QUEUE, QUEUE_LABEL)] + [  # type: ignore[attr-defined]
            (key, load_label(user, getattr(user, "load", None))) for key, user in members.items()
        ]

    def clean_assignee(self) -> Any:
        key = self.cleaned_data.get("assignee") or ""
        return self.members.get(key) if key else None


def _assignee_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Toewijzen aan",
        required=False,
        error_messages={"invalid_choice": "Kies een medewerker uit de lijst."},
    )


class TaskForm(_PeopleForm):
    title = forms.CharField(
        label="Taak",
        max_length=200,
        error_messages={
            "required": "Vul de taak in.",
            "max_length": "De taak mag hooguit 200 tekens lang zijn.",
        },
    )
    due_on = _date_field("Uiterste datum")
    team = forms.ChoiceField(label="Team", error_messages={"invalid_choice": "Kies een team uit de lijst."})
    assignee = _assignee_field()

    def __init__(self, *args: Any, teams: dict[str, Any], members: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, members=members, **kwargs)
        self.teams = teams
        self.fields["team"].choices = [(key, team.name) for key, team in teams.items()]  # type: ignore[attr-defined]

    def clean_team(self) -> Any:
        return self.teams.get(self.cleaned_data.get("team") or "")


class SuspendForm(_TaskForm):
    reason = _reason_field("Reden van opschorten")


class ExtendForm(_TaskForm):
    new_due_on = _date_field("Nieuwe uiterste datum")
    reason = _reason_field("Reden van verlengen")


class ReassignForm(_PeopleForm):
    assignee = _assignee_field()


class EmptyForm(_TaskForm):
    """Afronden and hervatten carry no fields; the form keeps the page's pattern (CSRF, errors)."""


class _MemberChoice(forms.ModelChoiceField):
    """A team member by name, with the caseload they carry (`loads` by user pk, from the view)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.loads: dict[int, tuple[int, int]] = {}

    def label_from_instance(self, obj: Any) -> str:
        return load_label(obj, self.loads.get(obj.pk))


class HouseholdAssignForm(StyledForm):
    """The teamleider gives a household in the team's caseload a worker (and, optionally, a regisseur and
    a weight); the household's open tasks follow (tasks.services.caseload_assign)."""

    worker = _MemberChoice(
        label="Medewerker",
        queryset=User.objects.none(),
        required=False,
        empty_label="Nog niet: de wachtrij van het team",
    )
    regisseur = _MemberChoice(
        label="Regisseur", queryset=User.objects.none(), required=False, empty_label="(ongewijzigd)"
    )
    complexity = forms.TypedChoiceField(
        label="Zwaarte in de caseload",
        choices=[("", "(ongewijzigd)"), *Complexity.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args: Any, members: Any, loads: dict[int, tuple[int, int]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("worker", "regisseur"):
            field = self.fields[name]
            field.queryset = members  # type: ignore[attr-defined]  # set per team
            field.loads = loads  # type: ignore[attr-defined]
