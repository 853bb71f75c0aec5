"""Maatwerk: the request (aanvraag) and its omgekeerde toets, the structured and auditable decision record."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from wijkregie.accounts.constants import Role
from wijkregie.core.models import BaseModel
from wijkregie.core.versioning import Versioned
from wijkregie.households.models import Household, Resident
from wijkregie.organisation.models import Municipality
from wijkregie.plans.models import PlanAction
from wijkregie.provisions.constants import ProvisionLaw
from wijkregie.provisions.models import Provision

from .constants import (
    DecisionKind,
    DeliveryForm,
    ObjectionOutcome,
    Outcome,
    RequestReason,
    RequestStatus,
)


class MaatwerkRequest(BaseModel):
    """A resident's request for a maatwerkvoorziening, from aanvraag through onderzoek to besluit."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="maatwerk_requests")
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="maatwerk_requests")
    plan_action = models.ForeignKey(
        PlanAction, on_delete=models.SET_NULL, null=True, blank=True, related_name="maatwerk_requests"
    )
    provision = models.ForeignKey(Provision, on_delete=models.PROTECT, related_name="maatwerk_requests")
    law = models.CharField("wet", max_length=20, choices=ProvisionLaw.choices)
    received_on = models.DateField("aanvraag ontvangen op")
    status = models.CharField(
        "status", max_length=20, choices=RequestStatus.choices, default=RequestStatus.APPLICATION
    )
    urgent = models.BooleanField("spoed", default=False)
    temporary_provision_note = models.TextField("tijdelijke voorziening (art. 2.3.3 Wmo)", blank=True)
    reason = models.CharField(
        "aanleiding", max_length=20, choices=RequestReason.choices, default=RequestReason.APPLICATION
    )
    # The beschikking this request follows up: ending soon (herindicatie) or successfully objected to.
    previous = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="follow_ups"
    )
    withdrawn_on = models.DateField("ingetrokken op", null=True, blank=True)
    withdrawal_reason = models.TextField("reden intrekking", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "aanvraag maatwerk"
        verbose_name_plural = "aanvragen maatwerk"
        ordering = ["-received_on", "-created_at"]

    def __str__(self) -> str:
        return f"Aanvraag maatwerk {self.uuid}"


class ReverseTest(Versioned, BaseModel):
    """The omgekeerde toets in six steps, then the decision (and, for a deviation, its approval)."""

    request = models.OneToOneField(MaatwerkRequest, on_delete=models.CASCADE, related_name="reverse_test")
    question_situation = models.TextField("1. vraag en situatie in de volle breedte", blank=True)
    needed_outcome = models.TextField("2. het resultaat dat nodig is", blank=True)
    own_strength_network_general = models.TextField(
        "3. wat eigen kracht, netwerk en algemene voorzieningen bijdragen", blank=True
    )
    why_not_enough = models.TextField("3. waarom dat niet genoeg is", blank=True)
    law_intent = models.TextField("4. wat de wet beoogt", blank=True)
    outcome_fits_law = models.BooleanField(
        "4. het resultaat past bij de bedoeling van de wet", null=True, blank=True
    )
    rules = models.TextField("5. wat verordening en beleidsregels zeggen", blank=True)
    decision_kind = models.CharField(
        "6. soort besluit", max_length=20, choices=DecisionKind.choices, blank=True
    )
    deviation_motivation = models.TextField("motivering van de afwijking", blank=True)
    outcome = models.CharField("uitkomst", max_length=30, choices=Outcome.choices, blank=True)
    decided_on = models.DateField("besloten op", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approval_needed = models.BooleanField("goedkeuring nodig", default=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_on = models.DateField("goedgekeurd op", null=True, blank=True)
    # When the second signer sends a decision back, why: the decider reads it before deciding again.
    sent_back_reason = models.TextField("reden teruggestuurd", blank=True)

    class Meta:
        verbose_name = "omgekeerde toets"
        verbose_name_plural = "omgekeerde toetsen"
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision_kind=DecisionKind.DEVIATION) | ~Q(deviation_motivation=""),
                name="deviation_needs_motivation",
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True)
                | Q(decided_by__isnull=True)
                | ~Q(approved_by=F("decided_by")),
                name="approver_is_not_decider",
            ),
        ]

    def __str__(self) -> str:
        return f"Omgekeerde toets {self.uuid}"


class Beschikking(BaseModel):
    """What was decided, as it goes to the resident: product, volume and frequency or a budget, an optional
    bandwidth, period, delivery form and provider choice, and the motivation. Once the decision stands it is
    signed: the letter is rendered once and kept as it was sent."""

    request = models.OneToOneField(MaatwerkRequest, on_delete=models.CASCADE, related_name="beschikking")
    reference = models.CharField("kenmerk", max_length=30, unique=True)
    start_date = models.DateField("ingangsdatum", null=True, blank=True)
    end_date = models.DateField("einddatum", null=True, blank=True)
    volume = models.PositiveIntegerField("omvang", null=True, blank=True)
    unit = models.CharField("eenheid (WJ756)", max_length=2, blank=True)
    frequency = models.CharField("frequentie (WMO757)", max_length=1, blank=True)
    # A bandwidth beschikking (area contracts): the provider scales within min–max without re-indication.
    bandwidth_min = models.PositiveIntegerField("bandbreedte minimum", null=True, blank=True)
    bandwidth_max = models.PositiveIntegerField("bandbreedte maximum", null=True, blank=True)
    budget_cents = models.PositiveIntegerField("budget in eurocent", null=True, blank=True)
    delivery_form = models.CharField(
        "leveringsvorm", max_length=3, choices=DeliveryForm.choices, default=DeliveryForm.IN_KIND
    )
    provider_choice = models.CharField("voorkeur voor aanbieder", max_length=200, blank=True)
    # None: unknown (a volume without a tariff); it needs four eyes and a mandate without a ceiling.
    yearly_cents = models.PositiveIntegerField(
        "bedrag per jaar in eurocent", null=True, blank=True, default=0
    )
    motivation = models.TextField("motivering")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signed_on = models.DateField("ondertekend op", null=True, blank=True)
    letter = models.BinaryField("brief (PDF)", null=True, blank=True, editable=False)
    letter_sha256 = models.CharField("controlegetal brief", max_length=64, blank=True)

    class Meta:
        verbose_name = "beschikking"
        verbose_name_plural = "beschikkingen"
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="beschikking_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(bandwidth_min__isnull=True)
                | Q(bandwidth_max__isnull=True)
                | Q(bandwidth_min__lte=F("bandwidth_max")),
                name="beschikking_bandwidth_ordered",
            ),
            models.CheckConstraint(
                condition=Q(budget_cents__isnull=True)
                | (Q(volume__isnull=True) & Q(bandwidth_max__isnull=True)),
                name="beschikking_budget_or_volume",
            ),
        ]

    def __str__(self) -> str:
        return f"Beschikking {self.reference}"


class Objection(BaseModel):
    """A bezwaar against a beschikking (Awb 6:7, 7:10), and the beroep that may follow it."""

    beschikking = models.ForeignKey(Beschikking, on_delete=models.CASCADE, related_name="objections")
    received_on = models.DateField("bezwaar ontvangen op")
    advisory_committee = models.BooleanField("advies van de bezwaarcommissie (12 weken)", default=False)
    postponed_weeks = models.PositiveSmallIntegerField("verdaagd met weken", default=0)
    postponement_reason = models.TextField("reden verdaging", blank=True)
    hearing_on = models.DateField("hoorzitting op", null=True, blank=True)
    outcome = models.CharField("uitkomst", max_length=20, choices=ObjectionOutcome.choices, blank=True)
    decided_on = models.DateField("beslist op", null=True, blank=True)
    motivation = models.TextField("motivering beslissing op bezwaar", blank=True)
    new_request = models.ForeignKey(
        MaatwerkRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    appeal_filed_on = models.DateField("beroep ingesteld op", null=True, blank=True)
    appeal_outcome = models.CharField(
        "uitkomst beroep", max_length=20, choices=ObjectionOutcome.choices, blank=True
    )
    appeal_decided_on = models.DateField("uitspraak beroep op", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "bezwaar"
        verbose_name_plural = "bezwaren"
        ordering = ["-received_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(postponed_weeks__lte=6), name="objection_postpone_at_most_6_weeks"
            ),
        ]

    def __str__(self) -> str:
        return f"Bezwaar {self.uuid}"


class DecisionRules(Versioned, BaseModel):
    """A municipality's own settings for decisions: the four-eyes amount, the reminder before a beschikking
    ends, and what its letters say."""

    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE, related_name="decision_rules")
    four_eyes_above_cents = models.PositiveIntegerField(
        "tweede ondertekening boven een jaarbedrag van (eurocent)", default=1_000_000
    )
    reminder_weeks = models.PositiveSmallIntegerField("herinnering weken voor de einddatum", default=8)
    advisory_committee = models.BooleanField("bezwaren gaan langs een adviescommissie", default=False)
    letter_sender = models.CharField(
        "afzender van de brief", max_length=200, default="Team Toegang Sociaal Domein"
    )
    letter_message = models.TextField("eigen boodschap aan inwoners", blank=True)
    objection_address = models.TextField("adres voor bezwaar", blank=True)

    class Meta:
        verbose_name = "regels voor besluiten"
        verbose_name_plural = "regels voor besluiten"

    def __str__(self) -> str:
        return f"Regels voor besluiten {self.municipality_id}"


class Mandate(Versioned, BaseModel):
    """Who may decide which maatwerk in a municipality: a role (everyone with it on a team serving the
    municipality) or one named person, for some laws and weights, up to a yearly amount. `may_cosign`
    lets the holder give the second signature (four eyes) and approve deviations."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="mandates")
    role = models.CharField("rol", max_length=20, choices=Role.choices, blank=True)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="mandates"
    )
    laws = models.JSONField("wetten (leeg: alle)", default=list, blank=True)
    weights = models.JSONField("zwaarte (leeg: licht en zwaar)", default=list, blank=True)
    max_yearly_cents = models.PositiveIntegerField("tot een jaarbedrag van (eurocent)", null=True, blank=True)
    may_cosign = models.BooleanField("mag als tweede ondertekenen en afwijkingen goedkeuren", default=False)

    class Meta:
        verbose_name = "mandaat"
        verbose_name_plural = "mandaten"
        ordering = ["municipality", "role", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(~Q(role="") & Q(staff__isnull=True)) | (Q(role="") & Q(staff__isnull=False)),
                name="mandate_for_role_or_person",
            ),
        ]

    def __str__(self) -> str:
        return f"Mandaat {self.uuid}"
