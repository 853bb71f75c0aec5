"""Beheer of mandates and decision rules, for the functioneel beheerder of a municipality: who may decide
which maatwerk up to which amount, who may co-sign, and the four-eyes amount, reminder and letter texts.
Thin: forms check the shape (amounts in euros here, cents from here on), services validate and write, the
selectors read; everyone but the beheerder gets 404."""

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from wijkregie.accounts.constants import CASEWORK_ROLES, Role
from wijkregie.accounts.requests import StaffRequest
from wijkregie.audit.constants import Channel
from wijkregie.core.forms import StyledForm, carrying_version, sent_version, submitted
from wijkregie.core.money import euros
from wijkregie.decisions import selectors, services
from wijkregie.decisions.models import DecisionRules, Mandate
from wijkregie.decisions.policies import rules_of
from wijkregie.decisions.services.rules import DEFAULT_MANDATES
from wijkregie.provisions.constants import ProvisionLaw, Weight

FORM_KEY = "formulier"
CHOOSE = "Kies alleen uit de lijst."
AMOUNT_ERRORS = {
    "invalid": "Vul een bedrag in euro in, bijvoorbeeld 5000 of 5.000,50.",
    "min_value": "Het bedrag kan niet negatief zijn.",
    "max_digits": "Vul een bedrag tot 10 miljoen euro in.",
    "max_whole_digits": "Vul een bedrag tot 10 miljoen euro in.",
    "max_decimal_places": "Gebruik hooguit twee cijfers achter de komma.",
}


THOUSANDS = re.compile(r"[0-9]{1,3}(\.[0-9]{3})+")  # "5.000" and "1.250.000": dots between groups of three


class EuroField(forms.DecimalField):
    """An amount in euros as people in the Netherlands type it: "5000", "5.000", "5.000,50", "€ 5000,50"."""

    def to_python(self, value: Any) -> Any:  # a Decimal or None (the stubs say int)
        if isinstance(value, str):
            text = "".join(value.replace("€", "").split())
            if "," in text:
                text = text.replace(".", "").replace(",", ".")
            elif THOUSANDS.fullmatch(text):
                text = text.replace(".", "")
            value = text
        return super().to_python(value)


def _amount(label: str, *, required: bool, help_text: str) -> forms.DecimalField:
    return EuroField(
        label=label,
        required=required,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        localize=True,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={"required": "Vul een bedrag in euro in.", **AMOUNT_ERRORS},
    )


def _cents(value: Decimal | None) -> int | None:
    return None if value is None else int((value * 100).to_integral_value())


def _in_euros(cents: int | None) -> Decimal | None:
    return None if cents is None else Decimal(cents).scaleb(-2)


def _checkboxes(label: str, choices: Any, help_text: str) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=False,
        help_text=help_text,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": CHOOSE},
    )


def _renamed(error: Any, names: dict[str, str]) -> Any:
    """A service's errors under the form's field names (the service counts in cents, the form in euros)."""
    for service_name, form_name in names.items():
        if service_name in getattr(error, "error_dict", {}):
            error.error_dict[form_name] = error.error_dict.pop(service_name)
    return error


CASEWORK_ROLE_CHOICES = [(value, label) for value, label in Role.choices if value in CASEWORK_ROLES]


class MandateForm(StyledForm):
    role = forms.ChoiceField(
        label="Rol",
        choices=[("", "(geen: één medewerker met naam)"), *CASEWORK_ROLE_CHOICES],
        required=False,
        help_text="Iedereen met deze rol in een team dat uw gemeente bedient.",
        error_messages={"invalid_choice": CHOOSE},
    )
    staff: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Of één medewerker met naam",
        queryset=None,
        to_field_name="uuid",
        required=False,
        empty_label="(geen: iedereen met de rol)",
        help_text="Alleen medewerkers met casuswerk in een team dat uw gemeente bedient.",
        error_messages={"invalid_choice": CHOOSE},
    )
    laws = _checkboxes("Wetten", ProvisionLaw.choices, "Niets aangevinkt: alle wetten.")
    weights = _checkboxes("Zwaarte", Weight.choices, "Niets aangevinkt: licht en zwaar.")
    max_yearly = _amount(
        "Tot een jaarbedrag van (euro)", required=False, help_text="Leeg: zonder bovengrens."
    )
    may_cosign = forms.BooleanField(
        label="Mag als tweede ondertekenen en afwijkingen goedkeuren", required=False
    )

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["staff"]
        field.queryset = staff  # type: ignore[attr-defined]
        field.label_from_instance = lambda user: f"{user.display_name} ({user.get_role_display()})"  # type: ignore[attr-defined]
        for name in ("laws", "weights"):  # StyledForm would add the textbox class to the checkboxes
            self.fields[name].widget.attrs["class"] = "utrecht-checkbox"

    @classmethod
    def initial_for(cls, mandate: Mandate) -> dict[str, Any]:
        return {
            "role": mandate.role,
            "staff": mandate.staff.uuid if mandate.staff else None,
            "laws": mandate.laws,
            "weights": mandate.weights,
            "max_yearly": _in_euros(mandate.max_yearly_cents),
            "may_cosign": mandate.may_cosign,
        }

    @staticmethod
    def mandate_data(data: dict[str, Any]) -> services.MandateData:
        staff = data.get("staff")
        return services.MandateData(
            role=data.get("role") or "",
            staff=staff.uuid if staff is not None else None,
            laws=list(data.get("laws") or []),
            weights=list(data.get("weights") or []),
            max_yearly_cents=_cents(data.get("max_yearly")),
            may_cosign=bool(data.get("may_cosign")),
        )

    def apply_service_errors(self, error: Any) -> None:
        super().apply_service_errors(_renamed(error, {"max_yearly_cents": "max_yearly"}))


class DecisionRulesForm(StyledForm):
    four_eyes_above = _amount(
        "Tweede handtekening boven een jaarbedrag van (euro)",
        required=True,
        help_text="Een afwijking van de regels vraagt altijd een tweede handtekening, ook onder dit bedrag.",
    )
    reminder_weeks = forms.IntegerField(
        label="Herinnering: aantal weken voor de einddatum van een beschikking",
        min_value=1,
        max_value=52,
        error_messages={
            "required": "Kies 1 tot en met 52 weken.",
            "invalid": "Vul een heel aantal weken in.",
            "min_value": "Kies 1 tot en met 52 weken.",
            "max_value": "Kies 1 tot en met 52 weken.",
        },
    )
    advisory_committee = forms.BooleanField(
        label="Bezwaren gaan langs een adviescommissie (beslistermijn 12 in plaats van 6 weken)",
        required=False,
    )
    letter_sender = forms.CharField(
        label="Afzender van de brief",
        max_length=200,
        error_messages={
            "required": "Vul de afzender van de brief in.",
            "max_length": "Gebruik hooguit 200 tekens.",
        },
    )
    letter_message = forms.CharField(
        label="Eigen boodschap aan inwoners",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Staat in elke beschikking, na het besluit.",
        error_messages={"max_length": "Gebruik hooguit 2000 tekens."},
    )
    objection_address = forms.CharField(
        label="Adres voor bezwaar",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Gebruik hooguit 500 tekens."},
    )

    @classmethod
    def initial_for(cls, rules: DecisionRules) -> dict[str, Any]:
        return {
            "four_eyes_above": _in_euros(rules.four_eyes_above_cents),
            "reminder_weeks": rules.reminder_weeks,
            "advisory_committee": rules.advisory_committee,
            "letter_sender": rules.letter_sender,
            "letter_message": rules.letter_message,
            "objection_address": rules.objection_address,
        }

    @staticmethod
    def rules_data(data: dict[str, Any]) -> services.DecisionRulesData:
        return services.DecisionRulesData(
            four_eyes_above_cents=_cents(data["four_eyes_above"]) or 0,
            reminder_weeks=data["reminder_weeks"],
            advisory_committee=bool(data.get("advisory_committee")),
            letter_sender=data.get("letter_sender") or "",
            letter_message=data.get("letter_message") or "",
            objection_address=data.get("objection_address") or "",
        )

    def apply_service_errors(self, error: Any) -> None:
        super().apply_service_errors(_renamed(error, {"four_eyes_above_cents": "four_eyes_above"}))


# -- what the list shows -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class MandateRow:
    mandate: Mandate
    who: str
    named: bool
    laws: str
    weights: str
    up_to: str


def _labels(values: list[str], choices: Any, everything: str) -> str:
    labels = dict(choices.choices)
    return ", ".join(str(labels.get(value, value)) for value in values) or everything


def _row(mandate: Mandate) -> MandateRow:
    staff = mandate.staff
    who = (
        f"{staff.display_name} ({staff.get_role_display()})"
        if staff is not None
        else f"Iedereen met de rol {mandate.get_role_display()}"
    )
    return MandateRow(
        mandate=mandate,
        who=who,
        named=staff is not None,
        laws=_labels(mandate.laws, ProvisionLaw, "alle wetten"),
        weights=_labels(mandate.weights, Weight, "licht en zwaar"),
        up_to=(
            "zonder bovengrens"
            if mandate.max_yearly_cents is None
            else f"tot {euros(mandate.max_yearly_cents)} per jaar"
        ),
    )


# -- pages ---------------------------------------------------------------------------------------------------
def _page(
    request: HttpRequest, municipality: Any, rules: DecisionRules, mandate_form: Any, rules_form: Any
) -> HttpResponse:
    context = {
        "municipality": municipality,
        "rows": [_row(m) for m in selectors.managed_mandates(request.user)],
        "default_rows": [
            _row(
                Mandate(
                    role=d.role,
                    weights=d.weights,
                    max_yearly_cents=d.max_yearly_cents,
                    may_cosign=d.may_cosign,
                )
            )
            for d in DEFAULT_MANDATES
        ],
        "mandate_form": mandate_form,
        "rules_form": rules_form,
        "rules_saved": rules.pk is not None,
    }
    return render(request, "decisions/beheer_mandates.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def mandates(request: StaffRequest) -> HttpResponse:
    """The list with a form to add a mandate and the decision rules form (`formulier`: mandaat or regels)."""
    municipality = selectors.managed_municipality_or_404(request.user)
    which = request.POST.get(FORM_KEY) if request.method == "POST" else None
    rules = rules_of(municipality.pk)
    mandate_form = MandateForm(
        request.POST if which == "mandaat" else None, staff=selectors.mandate_staff(municipality.pk)
    )
    rules_form = DecisionRulesForm(
        request.POST if which == "regels" else None, initial=DecisionRulesForm.initial_for(rules)
    )
    carrying_version(rules_form, rules)

    def add(data: dict[str, Any]) -> None:
        services.mandate_create(acting_user=request.user, data=MandateForm.mandate_data(data))

    def save_rules(data: dict[str, Any]) -> None:
        version = sent_version(data)
        services.decision_rules_save(
            acting_user=request.user, data=DecisionRulesForm.rules_data(data), expected_version=version
        )

    if which == "mandaat" and submitted(request, mandate_form, add, "Het mandaat is toegevoegd."):
        return redirect("decisions:beheer_mandates")
    if which == "regels" and submitted(request, rules_form, save_rules, "De regels zijn opgeslagen."):
        return redirect("decisions:beheer_mandates")
    return _page(request, municipality, rules, mandate_form, rules_form)


@login_required
@require_http_methods(["GET", "POST"])
def mandate_edit(request: StaffRequest, mandate_uuid: Any) -> HttpResponse:
    mandate = selectors.mandate_for_beheer(request.user, mandate_uuid)
    form = MandateForm(
        request.POST if request.method == "POST" else None,
        staff=selectors.mandate_staff(mandate.municipality_id),
        initial=MandateForm.initial_for(mandate),
    )
    carrying_version(form, mandate)

    def save(data: dict[str, Any]) -> None:
        version = sent_version(data)
        services.mandate_update(
            acting_user=request.user,
            mandate=mandate,
            data=MandateForm.mandate_data(data),
            expected_version=version,
        )

    if submitted(request, form, save, "Het mandaat is opgeslagen."):
        return redirect("decisions:beheer_mandates")
    context = {"editing": _row(mandate), "mandate_form": form}
    return render(request, "decisions/beheer_mandates.html", context)


@login_required
@require_POST
def mandate_delete(request: StaffRequest, mandate_uuid: Any) -> HttpResponse:
    mandate = selectors.mandate_for_beheer(request.user, mandate_uuid)
    services.mandate_delete(acting_user=request.user, mandate=mandate)
    messages.success(request, "Het mandaat is verwijderd.")
    return redirect("decisions:beheer_mandates")


@login_required
@require_POST
def mandates_defaults(request: StaffRequest) -> HttpResponse:
    municipality = selectors.managed_municipality_or_404(request.user)
    created = services.mandates_install_defaults(
        acting_user=request.user, municipality=municipality, channel=Channel.WEB
    )
    if created:
        messages.success(request, f"{len(created)} standaardmandaten zijn toegevoegd.")
    else:
        messages.error(request, "Uw gemeente heeft al mandaten; er is niets toegevoegd.")
    return redirect("decisions:beheer_mandates")
