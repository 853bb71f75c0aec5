from django.conf import settings
from django.db import models
from django.db.models import F, Q

from wijkregie.assessment.models import ConversationReport, InstrumentDomain
from wijkregie.core.models import BaseModel
from wijkregie.core.versioning import Versioned
from wijkregie.households.models import Household, Resident
from wijkregie.organisation.models import District, Municipality, Organisation

from .constants import (
    GAS_LABELS,
    MAATWERK_RUNGS,
    ActionStatus,
    AgreementMethod,
    CaseDirector,
    ChainStep,
    GoalStatus,
    Performer,
    PlanOutcome,
    PlanStatus,
    Rung,
)


class Plan(BaseModel):
    """The one household plan: all members, all helpers, formal and informal. At most one open."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="plans")
    report = models.ForeignKey(
        ConversationReport, on_delete=models.SET_NULL, null=True, blank=True, related_name="plans"
    )
    status = models.CharField("status", max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    start_date = models.DateField("startdatum", null=True, blank=True)
    evaluation_date = models.DateField("evaluatiedatum", null=True, blank=True)
    family_group_plan = models.BooleanField("familiegroepsplan", default=False)
    closed_on = models.DateField("afgesloten op", null=True, blank=True)
    outcome = models.CharField("uitkomst", max_length=30, choices=PlanOutcome.choices, blank=True)
    current_version = models.PositiveIntegerField("versie", default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)

    class Meta:
        verbose_name = "huishoudplan"
        verbose_name_plural = "huishoudplannen"
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(status__in=["concept", "actief"]),
                name="one_open_plan_per_household",
            ),
            models.CheckConstraint(
                condition=Q(evaluation_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(evaluation_date__gte=F("start_date")),
                name="plan_evaluation_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"Plan {self.uuid}"


class PlanVersion(BaseModel):
    """A frozen version of the plan (goals and actions as they stood), with the resident's agreement."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("versie")
    content = models.JSONField("inhoud")
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    agreed_on = models.DateField("akkoord op", null=True, blank=True)
    agreement_method = models.CharField(
        "hoe akkoord", max_length=20, choices=AgreementMethod.choices, blank=True
    )
    agreed_by = models.ForeignKey(
        Resident,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="akkoord van",
    )

    class Meta:
        verbose_name = "planversie"
        verbose_name_plural = "planversies"
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number")]


class Goal(Versioned, BaseModel):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    domain = models.ForeignKey(InstrumentDomain, on_delete=models.PROTECT, related_name="goals")
    members = models.ManyToManyField(Resident, related_name="goals", verbose_name="voor wie")
    description = models.TextField("doel")
    position = models.PositiveSmallIntegerField(default=0)
    status = models.CharField("status", max_length=20, choices=GoalStatus.choices, default=GoalStatus.OPEN)
    closed_on = models.DateField("afgesloten op", null=True, blank=True)
    outcome_note = models.TextField("toelichting uitkomst", blank=True)

    class Meta:
        verbose_name = "doel"
        verbose_name_plural = "doelen"
        ordering = ["plan", "position", "created_at"]


class PlanAction(Versioned, BaseModel):
    """An action towards a goal, on one rung of the support ladder, with who does it."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="actions")
    rung = models.CharField("trede", max_length=20, choices=Rung.choices)
    description = models.TextField("actie")
    performer = models.CharField("wie doet het", max_length=20, choices=Performer.choices)
    performer_name = models.CharField("naam", max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="plan_actions"
    )
    provision = models.CharField("voorziening", max_length=200, blank=True)
    case_director = models.CharField(
        "casusregie", max_length=20, choices=CaseDirector.choices, default=CaseDirector.TEAM
    )
    start_date = models.DateField("vanaf", null=True, blank=True)
    end_date = models.DateField("tot", null=True, blank=True)
    status = models.CharField(
        "status", max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    maatwerk_reason = models.TextField("waarom lichtere treden niet volstaan", blank=True)
    from_mdo_decision = models.ForeignKey(
        "MdoDecision", on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    # A maatwerk action follows its aanvraag (plans.services.action_chain_record): the step it reached, on
    # which day, the aanvraag it is about (for the link) and what the step names (beschikking, provider).
    chain_step = models.CharField(
        "stand van de aanvraag", max_length=30, choices=ChainStep.choices, blank=True
    )
    chain_step_on = models.DateField("stand op", null=True, blank=True)
    chain_request_uuid = models.UUIDField("aanvraag", null=True, blank=True)
    chain_detail = models.CharField("toelichting bij de stand", max_length=200, blank=True)

    class Meta:
        verbose_name = "actie"
        verbose_name_plural = "acties"
        ordering = ["goal", "rung", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(rung__in=[r.value for r in MAATWERK_RUNGS]) | ~Q(maatwerk_reason=""),
                name="maatwerk_action_needs_reason",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="action_end_after_start",
            ),
        ]

    @property
    def is_maatwerk(self) -> bool:
        """On one of the two top rungs: it needs a maatwerk request, with its reason."""
        return self.rung in MAATWERK_RUNGS


class Mdo(BaseModel):
    """A multidisciplinair overleg on a household."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="mdos")
    plan = models.ForeignKey(Plan, on_delete=models.SET_NULL, null=True, blank=True, related_name="mdos")
    held_on = models.DateField("datum")
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    discussed = models.TextField("besproken")

    class Meta:
        verbose_name = "MDO"
        verbose_name_plural = "MDO's"


class MdoParticipant(models.Model):
    mdo = models.ForeignKey(Mdo, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField("naam", max_length=200)
    organisation = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, blank=True)
    role = models.CharField("rol", max_length=150, blank=True)

    def __str__(self) -> str:
        return f"Deelnemer aan MDO {self.mdo_id}"


class MdoDecision(BaseModel):
    mdo = models.ForeignKey(Mdo, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField("besluit")


class Evaluation(BaseModel):
    """The plan evaluated on or after its evaluation date: the instrument re-scored (assessment.Scoring
    with this evaluation's uuid) and each goal scored on Goal Attainment Scaling."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="evaluations")
    held_on = models.DateField("datum")
    held_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    notes = models.TextField("toelichting", blank=True)

    class Meta:
        verbose_name = "evaluatie"
        verbose_name_plural = "evaluaties"


class GoalAttainment(models.Model):
    """One goal's GAS score at one evaluation, stored with its domain, highest rung, provisions, district
    and municipality so steering can aggregate without walking the plan."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="attainments")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="attainments")
    score = models.SmallIntegerField("doelrealisatie (GAS)")
    note = models.TextField("toelichting", blank=True)
    domain = models.ForeignKey(InstrumentDomain, on_delete=models.PROTECT, related_name="+")
    highest_rung = models.CharField("hoogste trede", max_length=20, choices=Rung.choices, blank=True)
    provisions = models.JSONField("voorzieningen", default=list)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "doelrealisatie"
        verbose_name_plural = "doelrealisaties"
        constraints = [
            models.CheckConstraint(condition=Q(score__gte=-2) & Q(score__lte=2), name="gas_score_range"),
            models.UniqueConstraint(fields=["evaluation", "goal"], name="one_attainment_per_goal"),
        ]
        indexes = [models.Index(fields=["municipality", "domain"], name="attainment_steering")]

    def __str__(self) -> str:
        return f"Doelrealisatie {self.score:+d} voor doel {self.goal_id}"

    @property
    def score_label(self) -> str:
        return GAS_LABELS.get(self.score, "")
