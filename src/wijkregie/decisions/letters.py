"""The beschikking letter: HTML from a template per municipality, and the PDF made from it with WeasyPrint.

The signing service calls these inside its transaction, after it set `signed_by` and `signed_on`, so
everything is read from the objects given (their cached relations are used as they are) and what is missing
is fetched in a few queries: the request with its household, municipality, resident, provision and
omgekeerde toets in one, the people who signed in one, the municipality's decision rules in one.

A municipality can have its own letter: `decisions/letters/<cbs_code>/beschikking.html` is looked up first
(it usually extends the default and changes a block), then `decisions/letters/beschikking.html`.

WeasyPrint is imported inside `beschikking_pdf`, so the application starts on a machine without Pango. There
`beschikking_pdf` raises ImportError or OSError; the signing service turns that into a Dutch refusal and
saves nothing, so no decision is signed without its letter."""

from typing import Any, cast

from django.contrib.auth import get_user_model
from django.db.models import ForeignKey, prefetch_related_objects
from django.template.loader import select_template
from django.utils import translation

from wijkregie.core.money import euros
from wijkregie.households.selectors import postal_address
from wijkregie.provisions.constants import ProvisionLaw

from .constants import GRANTING_OUTCOMES, DecisionKind, DeliveryForm, Outcome, RequestReason
from .models import Beschikking, MaatwerkRequest, ReverseTest
from .policies import rules_of

DEFAULT_TEMPLATE = "decisions/letters/beschikking.html"
MUNICIPALITY_TEMPLATE = "decisions/letters/{cbs_code}/beschikking.html"

# iWmo 3.2 code list WJ756 (Eenheid), in the words a resident reads: (one, more than one).
UNIT_WORDS: dict[str, tuple[str, str]] = {
    "01": ("minuut", "minuten"),
    "04": ("uur", "uur"),
    "14": ("etmaal", "etmalen"),
    "16": ("dagdeel van 4 uur", "dagdelen van 4 uur"),
    "82": ("stuk", "stuks"),  # stuks (output)
    "83": ("euro", "euro"),  # euro's
    "84": ("stuk", "stuks"),  # stuks (inspanning)
}

# iWmo 3.2 code list WMO757 (Frequentie), in the words a resident reads.
FREQUENCY_WORDS: dict[str, str] = {
    "1": "per dag",
    "2": "per week",
    "4": "per maand",
    "6": "in totaal voor de hele periode",  # totaal binnen de geldigheidsduur
}
BUDGET_PERIOD = FREQUENCY_WORDS["6"]

_DECIDED_BY = cast(ForeignKey, ReverseTest._meta.get_field("decided_by"))
_APPROVED_BY = cast(ForeignKey, ReverseTest._meta.get_field("approved_by"))
_SIGNED_BY = cast(ForeignKey, Beschikking._meta.get_field("signed_by"))
_REQUEST_RELATED = (
    "household__municipality",
    "resident",
    "provision",
    "reverse_test__decided_by",
    "reverse_test__approved_by",
)


def _unit(code: str, amount: int) -> str:
    one, more = UNIT_WORDS.get(code, (code, code))
    return one if amount == 1 else more


def _amount(volume: int, unit: str, frequency: str) -> str:
    """'3 uur per week'; an unknown code is shown as it is."""
    return " ".join(
        part for part in (str(volume), _unit(unit, volume), FREQUENCY_WORDS.get(frequency, frequency)) if part
    )


def _bandwidth(low: int, high: int, unit: str, frequency: str) -> str:
    """'minimaal 2 en maximaal 6 uur per week'."""
    return f"minimaal {low} en maximaal " + _amount(high, unit, frequency)


def granted_words(beschikking: Beschikking, unit: str = "", frequency: str = "") -> dict[str, str]:
    """What the beschikking grants, in words: the volume ('3 uur per week'), the bandwidth ('minimaal 2 en
    maximaal 6 uur per week') or the budget, which is for the whole period whatever the product's frequency;
    "" for what it does not have. `unit` and `frequency` stand in for codes the beschikking lacks."""
    unit = beschikking.unit or unit
    frequency = beschikking.frequency or frequency
    words = {"amount": "", "bandwidth": "", "budget": ""}
    if beschikking.budget_cents is not None:
        words["budget"] = f"{euros(beschikking.budget_cents)} {BUDGET_PERIOD}"
        return words
    if beschikking.bandwidth_min is not None and beschikking.bandwidth_max is not None:
        words["bandwidth"] = _bandwidth(beschikking.bandwidth_min, beschikking.bandwidth_max, unit, frequency)
    if beschikking.volume is not None:
        words["amount"] = _amount(beschikking.volume, unit, frequency)
    return words


def _load(beschikking: Beschikking) -> tuple[MaatwerkRequest, ReverseTest]:
    """The request and its omgekeerde toets with everything the letter shows, without reloading what the
    caller already holds (it may hold changes that are not yet saved)."""
    if not Beschikking.request.is_cached(beschikking):
        beschikking.request = MaatwerkRequest.objects.select_related(*_REQUEST_RELATED).get(
            pk=beschikking.request_id
        )
    request = beschikking.request
    # Only what is not cached yet is fetched (one query per missing relation).
    prefetch_related_objects([request], "household__municipality", "resident", "provision", "reverse_test")
    test = request.reverse_test
    # The people who signed, in one query for all whose user is not loaded yet.
    slots = [(test, _DECIDED_BY), (test, _APPROVED_BY), (beschikking, _SIGNED_BY)]
    missing = [
        (obj, field, pk)
        for obj, field in slots
        if (pk := getattr(obj, field.attname)) is not None and not field.is_cached(obj)
    ]
    if missing:
        users = get_user_model().objects.in_bulk({pk for _, _, pk in missing})
        for obj, field, pk in missing:
            field.set_cached_value(obj, users.get(pk))
    return request, test


def _signers(beschikking: Beschikking, test: ReverseTest) -> list[dict[str, Any]]:
    """Who signs, each once: the decider (or, without one, who signed the letter), the second signer of a
    deviation, and who signed the letter when that is someone else again."""
    people = [test.decided_by or beschikking.signed_by, test.approved_by, beschikking.signed_by]
    signers: list[dict[str, Any]] = []
    seen: set[int] = set()
    for person in people:
        if person is None or person.pk in seen:
            continue
        seen.add(person.pk)
        signers.append({"name": person.display_name, "second": bool(signers)})
    return signers


def beschikking_context(beschikking: Beschikking) -> dict[str, Any]:
    """What the letter shows, as plain values for the template."""
    request, test = _load(beschikking)
    household = request.household
    municipality = household.municipality
    rules = rules_of(municipality.pk)
    provision = request.provision
    granted = test.outcome in GRANTING_OUTCOMES
    words = granted_words(beschikking, provision.unit, provision.frequency) if granted else {}
    resident = request.resident
    return {
        "beschikking": beschikking,
        "request": request,
        "test": test,
        "municipality": municipality,
        "rules": rules,
        "provision": provision,
        "resident": resident,
        "address": postal_address(resident),
        "signed": beschikking.signed_on is not None,
        "outcome": test.outcome,
        "outcomes": Outcome,
        "granted": granted,
        "partly": test.outcome == Outcome.PARTLY_GRANTED,
        "reindication": request.reason == RequestReason.REINDICATION,
        "reconsideration": request.reason == RequestReason.RECONSIDERATION,
        "deviation": test.decision_kind == DecisionKind.DEVIATION,
        "amount": words.get("amount", ""),
        "bandwidth": words.get("bandwidth", ""),
        "budget": words.get("budget", ""),
        "period": {"start": beschikking.start_date, "end": beschikking.end_date},
        "pgb": beschikking.delivery_form == DeliveryForm.PERSONAL_BUDGET,
        "wmo": request.law == ProvisionLaw.WMO,
        "yearly": euros(beschikking.yearly_cents) if granted and beschikking.yearly_cents else "",
        "signers": _signers(beschikking, test),
    }


def beschikking_html(beschikking: Beschikking) -> str:
    context = beschikking_context(beschikking)
    template = select_template(
        [MUNICIPALITY_TEMPLATE.format(cbs_code=context["municipality"].cbs_code), DEFAULT_TEMPLATE]
    )
    with translation.override("nl"):  # month names in Dutch, whatever the caller's language
        return template.render(context)


def beschikking_pdf(beschikking: Beschikking) -> bytes:
    import weasyprint  # here, not at module level: the app runs without Pango

    pdf: bytes = weasyprint.HTML(string=beschikking_html(beschikking)).write_pdf()
    return pdf
