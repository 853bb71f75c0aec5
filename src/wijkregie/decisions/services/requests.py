"""Writes for maatwerk: the request, its omgekeerde toets, the decision and the approval of a deviation.

Each function owns its transaction and writes an audit row and a timeline line (kind PLAN) with it."""

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import uuid4

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from wijkregie.accounts.models import User
from wijkregie.assessment.constants import ReportStatus
from wijkregie.assessment.models import ConversationReport
from wijkregie.assessment.selectors import latest_report
from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.services import record
from wijkregie.core.money import euros
from wijkregie.core.versioning import locked_current, save_new_version
from wijkregie.households.constants import TimelineKind
from wijkregie.households.models import Household, Resident
from wijkregie.households.policies import HouseholdPolicy
from wijkregie.households.selectors import is_current_member
from wijkregie.households.services import household_log
from wijkregie.plans.constants import ChainStep
from wijkregie.plans.models import PlanAction
from wijkregie.plans.services import action_chain_record
from wijkregie.provisions.constants import ProvisionKind, ProvisionLaw
from wijkregie.provisions.models import Provision
from wijkregie.tasks.constants import Term
from wijkregie.tasks.services import (
    plan_date_task_set,
    tasks_close_for_household,
    tasks_close_for_source,
    term_task_open,
)

from ..amounts import yearly_cents
from ..constants import GRANTING_OUTCOMES, DecisionKind, DeliveryForm, Outcome, RequestReason, RequestStatus
from ..letters import beschikking_html, beschikking_pdf
from ..models import Beschikking, MaatwerkRequest, ReverseTest
from ..policies import MandatePolicy, needs_cosign, rules_of
from ..selectors import objection_upheld
from .rules import MAX_CENTS, TOO_LARGE, mandates_install_defaults

TERM_BY_LAW: dict[str, Term] = {
    ProvisionLaw.WMO: Term.WMO_DECISION,
    ProvisionLaw.YOUTH: Term.YOUTH_DECISION,
    ProvisionLaw.DEBT: Term.DEBT_PLAN,
}

# The six steps of the omgekeerde toets, with the Dutch message when a step is empty.
STEP_FIELDS: dict[str, str] = {
    "question_situation": "Stap 1: beschrijf de vraag en de situatie in de volle breedte.",
    "needed_outcome": "Stap 2: beschrijf het resultaat dat nodig is.",
    "own_strength_network_general": (
        "Stap 3: beschrijf wat eigen kracht, netwerk en algemene voorzieningen bijdragen."
    ),
    "why_not_enough": "Stap 3: leg uit waarom dat niet genoeg is.",
    "law_intent": "Stap 4: beschrijf wat de wet beoogt.",
    "rules": "Stap 5: beschrijf wat de verordening en de beleidsregels zeggen.",
}
FITS_MESSAGE = "Stap 4: geef aan of het resultaat past bij de bedoeling van de wet."
TEXT_FIELDS = tuple(STEP_FIELDS)
DECIDED = "Over deze aanvraag is al besloten."


def _visible_household(acting_user: User, household: Household) -> None:
    if not Household.objects.filter(HouseholdPolicy(acting_user).q(), pk=household.pk).exists():
        raise Http404


def _visible_request(acting_user: User, request: MaatwerkRequest) -> MaatwerkRequest:
    locked = (
        MaatwerkRequest.objects.select_for_update()
        .filter(HouseholdPolicy(acting_user).q("household"), pk=request.pk)
        .select_related("household")
        .first()
    )
    if locked is None:
        raise Http404
    return locked


def _uitvraag_story(household: Household) -> str:
    """The story of the household's latest finalised uitvraag, so it is told only once."""
    report = latest_report(household)
    if report is not None and report.status != ReportStatus.FINAL:
        report = (
            ConversationReport.objects.filter(household=household, status=ReportStatus.FINAL)
            .order_by("-held_on", "-created_at", "-pk")
            .first()
        )
    return report.story if report is not None else ""


def request_create(
    *,
    acting_user: User,
    household: Household,
    resident: Resident,
    provision: Provision,
    plan_action: PlanAction | None = None,
    received_on: date,
    urgent: bool = False,
    temporary_provision_note: str = "",
    reason: str = RequestReason.APPLICATION,
    previous: MaatwerkRequest | None = None,
    channel: Channel = Channel.WEB,
) -> MaatwerkRequest:
    """Register an aanvraag for a maatwerkvoorziening and open its legal term. A herindicatie or a new
    decision after bezwaar is a request too, with the `previous` request it follows up."""
    _visible_household(acting_user, household)
    errors: dict[str, list[str]] = {}
    if not is_current_member(household, resident):
        errors["resident"] = ["Kies een lid van dit huishouden."]
    if provision.kind != ProvisionKind.CUSTOM or provision.municipality_id != household.municipality_id:
        errors["provision"] = ["Kies een maatwerkvoorziening uit de catalogus van de gemeente."]
    elif not provision.active and reason == RequestReason.APPLICATION:
        # A follow-up (herindicatie, new decision after bezwaar) keeps the provision it follows up.
        errors["provision"] = ["Deze voorziening staat niet meer in de catalogus; kies een andere."]
    if received_on > timezone.localdate():
        errors["received_on"] = ["De datum van de aanvraag kan niet in de toekomst liggen."]
    note = (temporary_provision_note or "").strip()
    if urgent and provision.law == ProvisionLaw.WMO and not note:
        errors["temporary_provision_note"] = [
            "Bij spoed regelt de gemeente meteen een tijdelijke voorziening (art. 2.3.3 Wmo): beschrijf die."
        ]
    if plan_action is not None and plan_action.goal.plan.household_id != household.pk:
        errors["plan_action"] = ["Deze actie hoort niet bij het plan van dit huishouden."]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # Like the triage rules: a municipality's first request starts it on the default mandates, once.
        mandates_install_defaults(acting_user=None, municipality=household.municipality)
        request = MaatwerkRequest.objects.create(
            household=household,
            resident=resident,
            plan_action=plan_action,
            provision=provision,
            law=provision.law,
            received_on=received_on,
            urgent=urgent,
            temporary_provision_note=note,
            reason=reason,
            previous=previous,
            created_by=acting_user,
        )
        ReverseTest.objects.create(request=request, question_situation=_uitvraag_story(household))
        term = TERM_BY_LAW.get(provision.law)
        if term is not None:
            term_task_open(household=household, term=term, start_date=received_on, source=request)
        _action_follows(acting_user, request, ChainStep.REQUESTED, received_on, provision.name)
        household_log(
            acting_user,
            household,
            action=Action.CREATE,
            obj=request,
            kind=TimelineKind.PLAN,
            description=f"Aanvraag maatwerk ({provision.get_law_display()}) geregistreerd"
            + (" met spoed" if urgent else ""),
            fields=["provision", "law", "received_on", "urgent", "temporary_provision_note"],
            channel=channel,
        )
    return request


def _action_follows(
    acting_user: User,
    request: MaatwerkRequest,
    step: ChainStep,
    on: date,
    detail: str,
    period: tuple[date | None, date | None] | None = None,
) -> None:
    """The plan's maatwerk action this aanvraag came from shows where it stands."""
    if request.plan_action_id is not None:
        action_chain_record(
            acting_user=acting_user,
            action_id=request.plan_action_id,
            step=step,
            on=on,
            request_uuid=request.uuid,
            detail=detail,
            period=period,
        )


def reverse_test_save(
    *,
    acting_user: User,
    request: MaatwerkRequest,
    expected_version: int | None = None,
    channel: Channel = Channel.WEB,
    **fields: Any,
) -> ReverseTest:
    """Save (part of) the omgekeerde toets while the request is undecided; the request moves to onderzoek.
    Only the fields given change, on the test as stored now: EditedMeanwhile when `expected_version` is
    older (two workers writing the same step)."""
    allowed = set(TEXT_FIELDS) | {"outcome_fits_law"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError({name: ["Dit veld hoort niet bij de omgekeerde toets."] for name in unknown})
    with transaction.atomic():
        request = _visible_request(acting_user, request)
        test = locked_current(ReverseTest.objects.get(request=request), expected_version)
        if test.decided_on is not None or request.status in (RequestStatus.DECISION, RequestStatus.WITHDRAWN):
            raise ValidationError({"__all__": [DECIDED]})
        changed = []
        for name, value in fields.items():
            value = value.strip() if isinstance(value, str) else value
            if getattr(test, name) != value:
                setattr(test, name, value)
                changed.append(name)
        if changed:
            save_new_version(test, [*changed, "updated_at"])
        if request.status == RequestStatus.APPLICATION:
            request.status = RequestStatus.RESEARCH
            request.save(update_fields=["status", "updated_at"])
        household_log(
            acting_user,
            request.household,
            action=Action.UPDATE,
            obj=test,
            kind=TimelineKind.PLAN,
            description="Omgekeerde toets bijgewerkt",
            fields=changed,
            channel=channel,
        )
    return test


def _finish(acting_user: User, request: MaatwerkRequest, on: date) -> None:
    """The decision stands: its term is met, and so is the Wmo research of the household, at the latest
    now that its aanvraag is decided (art. 2.3.2 ends with the onderzoek, the aanvraag follows it)."""
    request.status = RequestStatus.DECISION
    request.save(update_fields=["status", "updated_at"])
    tasks_close_for_source(source_uuid=request.uuid, on=on, actor=acting_user)
    if request.provision.law == ProvisionLaw.WMO:
        tasks_close_for_household(
            household=request.household, terms=(Term.WMO_RESEARCH,), on=on, actor=acting_user
        )


# -- the decision --------------------------------------------------------------------------------------------
PRODUCT_FIELDS = ("start_date", "end_date", "volume", "bandwidth_min", "bandwidth_max", "budget_cents")
NO_MANDATE = "U hebt geen mandaat voor dit besluit. Wie wel mag tekenen, staat bij het besluit."
MAX_QUANTITY = 100_000  # a volume or bandwidth in the product's unit; more is a typing error
MAX_YEARLY_CENTS = 2_147_483_647  # what the yearly amount column holds
TOO_MUCH = f"Vul hooguit {MAX_QUANTITY:,} in.".replace(",", ".")
YEARLY_TOO_LARGE = (
    f"Dit besluit kost meer dan {euros(MAX_YEARLY_CENTS)} per jaar. Kijk de omvang en de periode na."
)
LETTER_UNAVAILABLE = "De brief kan nu niet worden gemaakt; probeer het later opnieuw."


@dataclass
class Product:
    """What a granting decision gives: volume, a bandwidth or a budget, for a period."""

    start_date: date | None = None
    end_date: date | None = None
    volume: int | None = None
    bandwidth_min: int | None = None
    bandwidth_max: int | None = None
    budget_cents: int | None = None
    delivery_form: str = DeliveryForm.IN_KIND
    provider_choice: str = ""

    def errors(self) -> dict[str, list[str]]:
        errors: dict[str, list[str]] = {}
        if self.start_date is None:
            errors["start_date"] = ["Vul de ingangsdatum in."]
        elif self.end_date is not None and self.end_date < self.start_date:
            errors["end_date"] = ["De einddatum kan niet vóór de ingangsdatum liggen."]
        bandwidth = self.bandwidth_min is not None or self.bandwidth_max is not None
        if bandwidth and (self.bandwidth_min is None or self.bandwidth_max is None):
            errors["bandwidth_max"] = ["Vul bij een bandbreedte zowel het minimum als het maximum in."]
        elif bandwidth and self.bandwidth_min > self.bandwidth_max:  # type: ignore[operator]
            errors["bandwidth_min"] = ["Het minimum van de bandbreedte is groter dan het maximum."]
        chosen = sum([self.volume is not None, bandwidth, self.budget_cents is not None])
        if chosen == 0:
            errors["volume"] = ["Vul de omvang, een bandbreedte of een budget in."]
        elif chosen > 1:
            errors["budget_cents"] = [
                "Kies omvang, bandbreedte of budget: de iStandaard staat er maar één toe."
            ]
        if self.volume is not None and self.volume <= 0:
            errors["volume"] = ["De omvang moet groter zijn dan nul."]
        elif self.volume is not None and self.volume > MAX_QUANTITY:
            errors["volume"] = [TOO_MUCH]
        if self.bandwidth_min is not None and self.bandwidth_min < 0:
            errors["bandwidth_min"] = ["Het minimum van de bandbreedte kan niet negatief zijn."]
        elif self.bandwidth_min is not None and self.bandwidth_min > MAX_QUANTITY:
            errors["bandwidth_min"] = [TOO_MUCH]
        if self.bandwidth_max is not None and self.bandwidth_max <= 0:
            errors["bandwidth_max"] = ["Het maximum van de bandbreedte moet groter zijn dan nul."]
        elif self.bandwidth_max is not None and self.bandwidth_max > MAX_QUANTITY:
            errors["bandwidth_max"] = [TOO_MUCH]
        if self.budget_cents is not None and self.budget_cents <= 0:
            errors["budget_cents"] = ["Het budget moet groter zijn dan nul."]
        elif self.budget_cents is not None and self.budget_cents > MAX_CENTS:
            errors["budget_cents"] = [TOO_LARGE]
        if self.delivery_form not in DeliveryForm.values:
            errors["delivery_form"] = ["Kies zorg in natura of een persoonsgebonden budget."]
        return errors


# What each law is for, in the words of a letter to the resident.
LAW_PURPOSE = {
    ProvisionLaw.WMO: "zo zelfstandig mogelijk thuis te wonen en mee te doen in de samenleving",
    ProvisionLaw.YOUTH: "gezond en veilig op te groeien",
    ProvisionLaw.DEBT: "uw geldzaken weer op orde te krijgen",
    ProvisionLaw.PARTICIPATION: "mee te doen en zo mogelijk te werken",
}
FILL_IN = "[Vul aan:"
MOTIVATION_MIN = 40
PASTED_MIN = 20  # a toets line this long found whole in the letter was pasted, not written for the resident
OWN_WORDS = (
    "Schrijf de motivering voor de inwoner in eigen woorden (‘u’); de tekst van de omgekeerde toets is "
    "voor intern gebruik en komt niet in de brief."
)


def letter_motivation_draft(request: MaatwerkRequest, outcome: str = "") -> str:
    """A start for the letter's motivation, addressed to the resident ("u"). It names the aanvraag, the
    conversation and what the law is for; never the toets's own (internal, third-person) text. Without an
    outcome it leaves a place to fill in."""
    purpose = (
        LAW_PURPOSE.get(ProvisionLaw(request.law), "u te ondersteunen")
        if request.law
        else "u te ondersteunen"
    )
    opening = (
        f"U heeft op {request.received_on:%d-%m-%Y} gevraagd om {request.provision.name}. Wij hebben met u "
        "besproken wat u nodig heeft, wat u zelf kunt en wat mensen om u heen en voorzieningen in de buurt "
        "voor u kunnen doen."
    )
    if outcome in GRANTING_OUTCOMES:
        return f"{opening} Dat is niet genoeg. U heeft {request.provision.name} nodig om {purpose}."
    if outcome:
        return f"{opening} Daarmee kunt u verder zonder {request.provision.name}."
    return f"{opening} {FILL_IN} waarom dat wel of niet genoeg is, in uw woorden voor de inwoner]"


def _letter_motivation_errors(test: ReverseTest, text: str) -> dict[str, list[str]]:
    if len(text) < MOTIVATION_MIN or FILL_IN in text:
        return {"letter_motivation": ["Schrijf de motivering voor de inwoner af (minstens 40 tekens)."]}
    internal = [getattr(test, name).strip() for name in TEXT_FIELDS]
    if any(len(part) >= PASTED_MIN and part in text for part in internal):
        return {"letter_motivation": [OWN_WORDS]}
    return {}


def _reference(request: MaatwerkRequest, on: date) -> str:
    """A kenmerk without personal data: municipality code, year and a random part in two groups, so that it
    never reads as a BSN (nine digits in a row), which the log filter would strip."""
    part = uuid4().hex[:8].upper()
    return f"{request.household.municipality.cbs_code}-{on.year}-{part[:4]}-{part[4:]}"


def _decision_errors(
    request: MaatwerkRequest, test: ReverseTest, outcome: str, decision_kind: str, motivation: str, on: date
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {
        name: [message] for name, message in STEP_FIELDS.items() if not getattr(test, name).strip()
    }
    if test.outcome_fits_law is None:
        errors["outcome_fits_law"] = [FITS_MESSAGE]
    if outcome not in Outcome.values:
        errors["outcome"] = ["Kies de uitkomst."]
    if decision_kind not in DecisionKind.values:
        errors["decision_kind"] = ["Kies of het besluit binnen de regels valt of ervan afwijkt."]
    if decision_kind == DecisionKind.DEVIATION and not motivation:
        errors["deviation_motivation"] = ["Motiveer de afwijking: waarom past die bij de geest van de wet?"]
    if on > timezone.localdate():
        errors["decided_on"] = ["De besluitdatum kan niet in de toekomst liggen."]
    elif on < request.received_on:
        errors["decided_on"] = ["De besluitdatum kan niet vóór de aanvraag liggen."]
    return errors


def request_decide(
    *,
    acting_user: User,
    request: MaatwerkRequest,
    outcome: str,
    decision_kind: str,
    deviation_motivation: str = "",
    decided_on: date,
    product: Product | None = None,
    letter_motivation: str = "",
    channel: Channel = Channel.WEB,
) -> ReverseTest:
    """Decide on the request once all six steps are filled, by someone with the mandate for it.

    A granting decision says what is granted (`product`). The letter's motivation is the resident's own
    text (`letter_motivation`, "u"; without it the draft for the outcome), never the toets pasted in.
    Without four eyes (no deviation, below the municipality's amount) the beschikking is signed at once;
    otherwise it waits for a second signature."""
    product = product or Product()
    with transaction.atomic():
        request = _visible_request(acting_user, request)
        test = ReverseTest.objects.select_for_update().get(request=request)
        if test.decided_on is not None or request.status in (RequestStatus.DECISION, RequestStatus.WITHDRAWN):
            raise ValidationError({"__all__": [DECIDED]})
        motivation = (deviation_motivation or "").strip()
        errors = _decision_errors(request, test, outcome, decision_kind, motivation, decided_on)
        letter = (letter_motivation or "").strip() or letter_motivation_draft(request, outcome)
        errors.update(_letter_motivation_errors(test, letter))
        granting = outcome in GRANTING_OUTCOMES
        if granting:
            errors.update(product.errors())
        else:
            product = Product()
        if errors:
            raise ValidationError(errors)
        provision = request.provision
        yearly = yearly_cents(
            start=product.start_date,
            end=product.end_date,
            volume=product.volume,
            bandwidth_max=product.bandwidth_max,
            budget_cents=product.budget_cents,
            unit=provision.unit,
            frequency=provision.frequency,
            tariff_cents=provision.tariff_cents,
        )
        if yearly is not None and yearly > MAX_YEARLY_CENTS:
            quantity = "bandwidth_max" if product.bandwidth_max is not None else "volume"
            raise ValidationError({quantity: [YEARLY_TOO_LARGE]})
        if not MandatePolicy(acting_user).may_decide(request, yearly):
            raise ValidationError({"__all__": [NO_MANDATE]})
        deviation = decision_kind == DecisionKind.DEVIATION
        test.outcome = outcome
        test.decision_kind = decision_kind
        test.deviation_motivation = motivation if deviation else ""
        test.decided_on = decided_on
        test.decided_by = acting_user
        test.approval_needed = needs_cosign(request, deviation=deviation, yearly_cents=yearly)
        test.sent_back_reason = ""
        test.save()
        beschikking = Beschikking.objects.create(
            request=request,
            reference=_reference(request, decided_on),
            unit=provision.unit if granting else "",
            frequency=provision.frequency if granting and product.budget_cents is None else "",
            yearly_cents=yearly,
            motivation=letter,
            **{name: getattr(product, name) for name in (*PRODUCT_FIELDS, "delivery_form")},
            provider_choice=product.provider_choice.strip(),
        )
        household_log(
            acting_user,
            request.household,
            action=Action.UPDATE,
            obj=test,
            kind=TimelineKind.PLAN,
            description=(
                f"Besluit maatwerk: {test.get_outcome_display()}"
                + (", wacht op een tweede handtekening" if test.approval_needed else "")
            ),
            fields=[
                "outcome",
                "decision_kind",
                "deviation_motivation",
                "decided_on",
                "approval_needed",
                *PRODUCT_FIELDS,
                "delivery_form",
                "provider_choice",
            ],
            channel=channel,
        )
        if not test.approval_needed:
            _sign(acting_user, request, beschikking, channel, on=decided_on)
    return test


def _sign(
    acting_user: User, request: MaatwerkRequest, beschikking: Beschikking, channel: Channel, *, on: date
) -> None:
    """The decision stands on `on` (the decision date, or the day of the second signature): the letter is
    made once and kept as sent, the decision term closes, and a granted beschikking with an end date gets
    its herindicatie reminder."""
    today = timezone.localdate()
    beschikking.signed_by = acting_user
    beschikking.signed_on = on
    beschikking.request = request
    try:
        pdf = beschikking_pdf(beschikking)
    except (ImportError, OSError) as error:  # WeasyPrint without Pango: refuse, nothing is saved
        raise ValidationError({"__all__": [LETTER_UNAVAILABLE]}) from error
    beschikking.letter = pdf
    beschikking.letter_sha256 = hashlib.sha256(pdf).hexdigest()
    beschikking.save(update_fields=["signed_by", "signed_on", "letter", "letter_sha256", "updated_at"])
    _finish(acting_user, request, on)
    granted = request.reverse_test.outcome in GRANTING_OUTCOMES
    _action_follows(
        acting_user,
        request,
        ChainStep.GRANTED if granted else ChainStep.REFUSED,
        on,
        f"Beschikking {beschikking.reference}",
        (beschikking.start_date, beschikking.end_date) if granted else None,
    )
    if beschikking.end_date is not None and granted:
        weeks = rules_of(request.household.municipality_id).reminder_weeks
        plan_date_task_set(
            household=request.household,
            term=Term.REINDICATION,
            title=_reindication_title(request, beschikking),
            day=max(today, beschikking.end_date - timedelta(weeks=weeks)),
            source=beschikking,
            today=today,
        )
    household_log(
        acting_user,
        request.household,
        action=Action.UPDATE,
        obj=beschikking,
        kind=TimelineKind.PLAN,
        description=f"Beschikking {beschikking.reference} ondertekend en als brief vastgelegd",
        fields=["signed_by", "signed_on", "letter"],
        channel=channel,
    )


def may_approve(user: Any, test: ReverseTest) -> bool:
    """Whether `user` may give the second signature: a different person with a co-sign mandate."""
    if not test.approval_needed or test.approved_by_id is not None or user.pk == test.decided_by_id:
        return False
    beschikking = Beschikking.objects.filter(request_id=test.request_id).only("yearly_cents").first()
    if beschikking is None:
        return False
    return MandatePolicy(user).may_cosign(test.request, beschikking.yearly_cents)


def request_approve(
    *, acting_user: User, request: MaatwerkRequest, channel: Channel = Channel.WEB
) -> ReverseTest:
    """The second signature (four eyes) by a different person with the mandate; then the decision stands
    and the beschikking is signed."""
    with transaction.atomic():
        request = _visible_request(acting_user, request)
        test = ReverseTest.objects.select_for_update().get(request=request)
        if not test.approval_needed or test.approved_by_id is not None:
            raise ValidationError({"__all__": ["Er wacht geen besluit op een tweede handtekening."]})
        if acting_user.pk == test.decided_by_id:
            raise ValidationError({"__all__": ["De tweede handtekening zet iemand anders dan wie besloot."]})
        beschikking = Beschikking.objects.select_for_update().get(request=request)
        if not MandatePolicy(acting_user).may_cosign(request, beschikking.yearly_cents):
            raise ValidationError({"__all__": ["U hebt geen mandaat om dit besluit mede te ondertekenen."]})
        test.approved_by = acting_user
        test.approved_on = timezone.localdate()
        test.save(update_fields=["approved_by", "approved_on", "updated_at"])
        household_log(
            acting_user,
            request.household,
            action=Action.UPDATE,
            obj=test,
            kind=TimelineKind.PLAN,
            description=(
                "Afwijking bij besluit maatwerk goedgekeurd"
                if test.decision_kind == DecisionKind.DEVIATION
                else "Besluit maatwerk mede ondertekend"
            ),
            fields=["approved_by", "approved_on"],
            channel=channel,
        )
        request.reverse_test = test
        _sign(acting_user, request, beschikking, channel, on=test.approved_on)
    return test


def request_send_back(
    *, acting_user: User, request: MaatwerkRequest, reason: str, channel: Channel = Channel.WEB
) -> ReverseTest:
    """The second signer does not sign: the decision goes back to research with the reason, the unsigned
    beschikking is dropped, and the decider (or a colleague) decides again."""
    text = (reason or "").strip()
    with transaction.atomic():
        request = _visible_request(acting_user, request)
        test = ReverseTest.objects.select_for_update().get(request=request)
        if not test.approval_needed or test.approved_by_id is not None:
            raise ValidationError({"__all__": ["Er wacht geen besluit op een tweede handtekening."]})
        if acting_user.pk == test.decided_by_id:
            raise ValidationError({"__all__": ["Wie besloot, stuurt het besluit niet zelf terug."]})
        beschikking = Beschikking.objects.select_for_update().get(request=request)
        if not MandatePolicy(acting_user).may_cosign(request, beschikking.yearly_cents):
            raise ValidationError({"__all__": ["U hebt geen mandaat om dit besluit mede te ondertekenen."]})
        if len(text) < 10:
            raise ValidationError(
                {"reason": ["Schrijf op waarom u niet tekent, zodat de beslisser verder kan."]}
            )
        record(
            actor=acting_user,
            action=Action.DELETE,
            obj=beschikking,
            household_uuid=request.household.uuid,
            channel=channel,
        )
        beschikking.delete()
        for name in ("outcome", "decision_kind", "deviation_motivation"):
            setattr(test, name, "")
        test.decided_on = None
        test.decided_by = None
        test.approval_needed = False
        test.sent_back_reason = text
        test.save()
        household_log(
            acting_user,
            request.household,
            action=Action.UPDATE,
            obj=test,
            kind=TimelineKind.PLAN,
            description="Besluit maatwerk teruggestuurd zonder tweede handtekening",
            fields=["outcome", "decision_kind", "decided_on", "sent_back_reason"],
            channel=channel,
        )
    return test


def request_withdraw(
    *, acting_user: User, request: MaatwerkRequest, reason: str, channel: Channel = Channel.WEB
) -> MaatwerkRequest:
    """The resident withdraws the aanvraag before the decision; its legal term lapses."""
    text = (reason or "").strip()
    with transaction.atomic():
        request = _visible_request(acting_user, request)
        test = ReverseTest.objects.select_for_update().get(request=request)
        if test.decided_on is not None or request.status in (RequestStatus.DECISION, RequestStatus.WITHDRAWN):
            raise ValidationError({"__all__": [DECIDED]})
        if len(text) < 10:
            raise ValidationError({"reason": ["Schrijf kort op waarom de aanvraag wordt ingetrokken."]})
        today = timezone.localdate()
        request.status = RequestStatus.WITHDRAWN
        request.withdrawn_on = today
        request.withdrawal_reason = text
        request.save(update_fields=["status", "withdrawn_on", "withdrawal_reason", "updated_at"])
        tasks_close_for_source(source_uuid=request.uuid, on=today, cancel=True, actor=acting_user)
        _action_follows(acting_user, request, ChainStep.WITHDRAWN, today, request.provision.name)
        household_log(
            acting_user,
            request.household,
            action=Action.UPDATE,
            obj=request,
            kind=TimelineKind.PLAN,
            description="Aanvraag maatwerk ingetrokken",
            fields=["status", "withdrawn_on", "withdrawal_reason"],
            channel=channel,
        )
    return request


def reindication_start(
    *, acting_user: User, request: MaatwerkRequest, channel: Channel = Channel.WEB
) -> MaatwerkRequest:
    """Start the herindicatie of a granted beschikking: a new request for the same provision that carries
    the previous omgekeerde toets along to be checked again, and closes the reminder."""
    with transaction.atomic():
        request = _visible_request(acting_user, request)
        beschikking = Beschikking.objects.filter(request=request, signed_on__isnull=False).first()
        test = ReverseTest.objects.get(request=request)
        if beschikking is None or test.outcome not in GRANTING_OUTCOMES:
            raise ValidationError(
                {"__all__": ["Alleen een toegekende, ondertekende beschikking krijgt een herindicatie."]}
            )
        if objection_upheld(beschikking):
            raise ValidationError(
                {"__all__": ["Het bezwaar tegen deze beschikking is gegrond: er komt een nieuw besluit."]}
            )
        if (
            MaatwerkRequest.objects.filter(previous=request, reason=RequestReason.REINDICATION)
            .exclude(status=RequestStatus.WITHDRAWN)
            .exists()
        ):
            raise ValidationError({"__all__": ["De herindicatie van deze beschikking is al gestart."]})
        today = timezone.localdate()
        follow_up = request_create(
            acting_user=acting_user,
            household=request.household,
            resident=request.resident,
            provision=request.provision,
            plan_action=request.plan_action,
            received_on=today,
            reason=RequestReason.REINDICATION,
            previous=request,
            channel=channel,
        )
        carried = {name: getattr(test, name) for name in TEXT_FIELDS if name != "question_situation"}
        carried["outcome_fits_law"] = test.outcome_fits_law
        ReverseTest.objects.filter(request=follow_up).update(**carried)
        record(
            actor=acting_user,
            action=Action.UPDATE,
            obj=follow_up.reverse_test,
            household_uuid=request.household.uuid,
            channel=channel,
            fields=list(carried),
        )
        tasks_close_for_source(
            source_uuid=beschikking.uuid, on=today, terms=(Term.REINDICATION,), actor=acting_user
        )
    return follow_up


def letter_preview(*, acting_user: User, request: MaatwerkRequest, **decision: Any) -> str:
    """The letter exactly as signing would make it, before anything is kept: the decision is taken by
    request_decide itself (same checks, same letter) in a transaction that is then rolled back. Raises its
    ValidationError when the decision cannot be taken."""
    with transaction.atomic():
        request_decide(acting_user=acting_user, request=request, **decision)
        html = beschikking_html(Beschikking.objects.select_related("request").get(request_id=request.pk))
        transaction.set_rollback(True)
    return html


def _reindication_title(request: MaatwerkRequest, beschikking: Beschikking) -> str:
    """What the reminder asks, readable in any list: a new research for this provision before the
    beschikking ends (no name: the task list shows the household beside it)."""
    title = (
        f"Herindicatie {request.provision.name}: nieuw onderzoek, beschikking {beschikking.reference} "
        f"loopt af op {beschikking.end_date:%d-%m-%Y}"
    )
    return title[:200]


def beschikking_letter(
    *, acting_user: User, beschikking: Beschikking, channel: Channel = Channel.WEB
) -> bytes:
    """The signed letter exactly as it was made; every download leaves an EXPORT row."""
    request = beschikking.request
    if (
        beschikking.letter is None
        or not Household.objects.filter(HouseholdPolicy(acting_user).q(), pk=request.household_id).exists()
    ):
        raise Http404
    with transaction.atomic():
        record(
            actor=acting_user,
            action=Action.EXPORT,
            obj=beschikking,
            household_uuid=request.household.uuid,
            channel=channel,
        )
    return bytes(beschikking.letter)


def beschikking_filename(beschikking: Beschikking) -> str:
    """A file name without personal data."""
    return f"beschikking-{beschikking.reference}.pdf"
