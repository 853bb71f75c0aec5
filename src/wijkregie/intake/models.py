from django.conf import settings
from django.db import models
from django.db.models import Q

from wijkregie.core.models import BaseModel
from wijkregie.core.versioning import Versioned
from wijkregie.households.models import Household, Resident
from wijkregie.organisation.models import Municipality, Team

from .constants import AcuteThreat, Law, MeldingChannel, MeldingStatus, MultiProblem, RouteTarget, Urgency


def _labels(values: list[str], choices: type[models.TextChoices]) -> list[str]:
    names = dict(choices.choices)
    return [str(names.get(value, value)) for value in values or []]


class TriageRule(Versioned, BaseModel):
    """One declarative routing rule of a municipality. Rules are tried in `position` order; the first whose
    conditions all hold decides the target. An empty condition list means "any". A functioneel beheerder
    edits them; no code change is needed to change routing."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="triage_rules")
    position = models.PositiveIntegerField("volgorde")
    name = models.CharField("naam", max_length=150)
    active = models.BooleanField("actief", default=True)
    # Conditions (lists of choice values; empty = any value)
    channels = models.JSONField("kanalen", default=list, blank=True)
    laws = models.JSONField("wetten (één ervan)", default=list, blank=True)
    urgencies = models.JSONField("urgenties", default=list, blank=True)
    multi_problem = models.CharField(
        "leefgebieden", max_length=20, choices=MultiProblem.choices, blank=True, default=MultiProblem.ANY
    )
    acute_threat = models.BooleanField("alleen bij acute dreiging", default=False)
    # Outcome
    target = models.CharField("naar", max_length=20, choices=RouteTarget.choices)
    reason = models.CharField("reden", max_length=300)

    class Meta:
        verbose_name = "triageregel"
        verbose_name_plural = "triageregels"
        ordering = ["municipality", "position"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "position"], name="triage_rule_position_unique")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def channel_labels(self) -> list[str]:
        return _labels(self.channels, MeldingChannel)

    @property
    def law_labels(self) -> list[str]:
        return _labels(self.laws, Law)

    @property
    def urgency_labels(self) -> list[str]:
        return _labels(self.urgencies, Urgency)


class Melding(BaseModel):
    """A request for help or a signal about a resident, in their own words. The household is the unit of
    work; the resident is the one the melding is about."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="meldingen")
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="meldingen")
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="meldingen")
    received_on = models.DateField("ontvangen op")
    channel = models.CharField("kanaal", max_length=20, choices=MeldingChannel.choices)
    question = models.TextField("vraag in eigen woorden")
    laws = models.JSONField("wetten", default=list)
    life_domain_count = models.PositiveSmallIntegerField("aantal leefgebieden", default=1)
    urgency = models.CharField("urgentie", max_length=10, choices=Urgency.choices)
    acute_threat = models.CharField(
        "acute dreiging", max_length=30, choices=AcuteThreat.choices, blank=True, default=AcuteThreat.NONE
    )
    reporter_name = models.CharField("gemeld door", max_length=200, blank=True)
    reporter_contact = models.CharField("contact melder", max_length=200, blank=True)
    resident_informed = models.BooleanField("inwoner is op de hoogte")
    status = models.CharField(
        "status", max_length=20, choices=MeldingStatus.choices, default=MeldingStatus.NEW
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="meldingen", verbose_name="team"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    # The written confirmation of receipt (Wmo 2015 art. 2.3.2 lid 1), made once and kept as sent.
    receipt_letter = models.BinaryField("ontvangstbevestiging (PDF)", null=True, blank=True, editable=False)
    receipt_letter_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    receipt_sent_on = models.DateField("ontvangstbevestiging verstuurd op", null=True, blank=True)

    class Meta:
        verbose_name = "melding"
        verbose_name_plural = "meldingen"
        indexes = [
            models.Index(fields=["household", "-received_on"], name="melding_household_recent"),
            models.Index(fields=["team", "status"], name="melding_team_status"),
            models.Index(fields=["municipality", "received_on"], name="melding_municipality_date"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(life_domain_count__gte=1), name="melding_domains_positive"),
        ]

    def __str__(self) -> str:
        return f"Melding {self.uuid}"

    @property
    def law_labels(self) -> list[str]:
        return _labels(self.laws, Law)


class Routing(BaseModel):
    """Where a melding went and why. The first is the triage outcome; each later one is a re-routing
    ("hoort bij de ander"), counted so the municipality sees how often routing was wrong."""

    melding = models.ForeignKey(Melding, on_delete=models.CASCADE, related_name="routings")
    target = models.CharField("naar", max_length=20, choices=RouteTarget.choices)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="routings")
    from_team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="routings_away"
    )
    rule = models.ForeignKey(TriageRule, on_delete=models.SET_NULL, null=True, blank=True)
    reason = models.CharField("reden", max_length=300)
    is_rerouting = models.BooleanField("omgerouteerd", default=False)
    # True when the receiving team got the household in its caseload through this routing (it did not hold
    # it before). Only then does a later re-routing take the household out of that team's caseload again.
    took_into_caseload = models.BooleanField("in werkvoorraad genomen", default=False)
    routed_at = models.DateTimeField()
    routed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)

    class Meta:
        verbose_name = "routering"
        verbose_name_plural = "routeringen"
        indexes = [models.Index(fields=["melding", "routed_at"], name="routing_melding_time")]
