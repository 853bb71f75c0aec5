"""Maatwerk: the request (aanvraag) and its omgekeerde toets, the structured and auditable decision record."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from wijkregie.core.models import BaseModel
from wijkregie.households.models import Household, Resident
from wijkregie.plans.models import PlanAction
from wijkregie.provisions.constants import ProvisionLaw
from wijkregie.provisions.models import Provision

from .constants import DecisionKind, Outcome, RequestStatus


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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "aanvraag maatwerk"
        verbose_name_plural = "aanvragen maatwerk"
        ordering = ["-received_on", "-created_at"]

    def __str__(self) -> str:
        return f"Aanvraag maatwerk {self.uuid}"


class ReverseTest(BaseModel):
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
