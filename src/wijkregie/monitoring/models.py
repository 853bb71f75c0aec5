"""The steering store: facts, not people. Rows are keyed by a keyed hash of the person (pseudonyms.py), carry
no name, BSN, address, date of birth or free text, and are derived from the operational tables by the
refresh (services.py); the steering pages and exports read only these tables."""

from django.db import models
from django.db.models import Q

from wijkregie.assessment.models import Instrument, InstrumentDomain
from wijkregie.organisation.models import District, Municipality, Team
from wijkregie.providers.models import Provider
from wijkregie.provisions.constants import Rung
from wijkregie.tasks.constants import Term

from .constants import CostSource, TermOutcome, WmoCategory


class CareYear(models.Model):
    """One maatwerk trajectory (an allocation) in one calendar year it overlaps: who (as a pseudonym), where,
    what, from whom, and what it cost that year."""

    person = models.BigIntegerField("persoon (pseudoniem)")
    source = models.BigIntegerField("traject (pseudoniem)")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+", db_index=False)
    district = models.ForeignKey(
        District, on_delete=models.SET_NULL, null=True, related_name="+", db_index=False
    )
    year = models.PositiveSmallIntegerField("jaar")
    law = models.CharField("wet", max_length=20)
    product_category = models.CharField("productcategorie", max_length=2)
    wmo_category = models.CharField("categorie (CBS)", max_length=30, choices=WmoCategory.choices, blank=True)
    provider = models.ForeignKey(
        Provider, on_delete=models.SET_NULL, null=True, related_name="+", db_index=False
    )
    first_day = models.DateField("eerste dag in het jaar")
    last_day = models.DateField("laatste dag in het jaar")
    expected_cents = models.BigIntegerField("verwacht (eurocent)")
    declared_cents = models.BigIntegerField("gedeclareerd (eurocent)")
    realised_cents = models.BigIntegerField("gerealiseerd (eurocent)")
    cost_source = models.CharField("bron van de uitgaven", max_length=15, choices=CostSource.choices)

    class Meta:
        verbose_name = "traject per jaar (sturing)"
        verbose_name_plural = "trajecten per jaar (sturing)"
        indexes = [
            # Covering: every report reads only this index, in (municipality, year) order; the foreign keys
            # to district and provider have none of their own, so the planner does not scan by them.
            models.Index(
                fields=[
                    "municipality",
                    "year",
                    "law",
                    "district",
                    "wmo_category",
                    "product_category",
                    "provider",
                    "person",
                    "realised_cents",
                    "declared_cents",
                ],
                name="care_year_report_cover",
            ),
            models.Index(fields=["source"], name="care_year_source"),
            models.Index(fields=["person"], name="care_year_person"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["source", "year"], name="care_year_once"),
            models.CheckConstraint(condition=Q(last_day__gte=models.F("first_day")), name="care_year_days"),
        ]

    def __str__(self) -> str:
        return f"Traject {self.source} in {self.year}"


class LadderStep(models.Model):
    """One plan action on the support ladder in the quarter it started: its rung, and for maatwerk the law."""

    household = models.BigIntegerField("huishouden (pseudoniem)")
    source = models.BigIntegerField("actie (pseudoniem)")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+", db_index=False)
    district = models.ForeignKey(District, on_delete=models.SET_NULL, null=True, related_name="+")
    year = models.PositiveSmallIntegerField("jaar")
    quarter = models.PositiveSmallIntegerField("kwartaal")
    rung = models.CharField("trede", max_length=20, choices=Rung.choices)
    law = models.CharField("wet", max_length=20, blank=True)

    class Meta:
        verbose_name = "actie op de ladder (sturing)"
        verbose_name_plural = "acties op de ladder (sturing)"
        indexes = [
            models.Index(fields=["municipality", "year", "quarter"], name="ladder_step_report"),
            models.Index(fields=["household"], name="ladder_step_household"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["source"], name="ladder_step_once"),
            models.CheckConstraint(
                condition=Q(quarter__gte=1) & Q(quarter__lte=4), name="ladder_step_quarter"
            ),
        ]

    def __str__(self) -> str:
        return f"Actie {self.source} in {self.year} K{self.quarter}"


class GoalResult(models.Model):
    """A goal's last GAS score in a year, once per provision its actions name ("" when none), the first of
    them marked `once` (the row every figure but "per provision" counts): the life domain, the highest rung
    of its actions and the goal's law (of its first provision with one)."""

    household = models.BigIntegerField("huishouden (pseudoniem)")
    source = models.BigIntegerField("doel (pseudoniem)")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+", db_index=False)
    district = models.ForeignKey(District, on_delete=models.SET_NULL, null=True, related_name="+")
    year = models.PositiveSmallIntegerField("jaar")
    domain = models.ForeignKey(InstrumentDomain, on_delete=models.CASCADE, related_name="+")
    highest_rung = models.CharField("hoogste trede", max_length=20, choices=Rung.choices, blank=True)
    provision = models.CharField("voorziening", max_length=200, blank=True)
    law = models.CharField("wet", max_length=20, blank=True)
    score = models.SmallIntegerField("doelrealisatie (GAS)")
    once = models.BooleanField("telt voor het doel", default=True)

    class Meta:
        verbose_name = "doelrealisatie (sturing)"
        verbose_name_plural = "doelrealisaties (sturing)"
        indexes = [
            models.Index(fields=["municipality", "year"], name="goal_result_report"),
            models.Index(fields=["household"], name="goal_result_household"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["source", "year", "provision"], name="goal_result_once"),
            models.CheckConstraint(condition=Q(score__gte=-2) & Q(score__lte=2), name="goal_result_gas"),
        ]

    def __str__(self) -> str:
        return f"Doel {self.source} in {self.year}: {self.score:+d}"


class ScoreChange(models.Model):
    """A person's score on one life domain of an instrument: at the brede uitvraag (baseline) and at the
    last evaluation in the year."""

    person = models.BigIntegerField("persoon (pseudoniem)")
    household = models.BigIntegerField("huishouden (pseudoniem)")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+", db_index=False)
    district = models.ForeignKey(District, on_delete=models.SET_NULL, null=True, related_name="+")
    year = models.PositiveSmallIntegerField("jaar van de evaluatie")
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="+")
    domain = models.ForeignKey(InstrumentDomain, on_delete=models.CASCADE, related_name="+")
    baseline = models.SmallIntegerField("score bij de uitvraag")
    latest = models.SmallIntegerField("score bij de evaluatie")

    class Meta:
        verbose_name = "scoreverandering (sturing)"
        verbose_name_plural = "scoreveranderingen (sturing)"
        indexes = [
            models.Index(fields=["municipality", "year", "instrument"], name="score_change_report"),
            models.Index(fields=["household"], name="score_change_household"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["person", "year", "domain"], name="score_change_once"),
        ]

    def __str__(self) -> str:
        return f"Scoreverandering {self.person} in {self.year}"


class MeldingFact(models.Model):
    """One melding in the month it was received, once per law it touches (`once` marks the row that counts
    for the melding): channel, team, and the days until the household's first plan and first beschikking
    after it (None: not yet)."""

    household = models.BigIntegerField("huishouden (pseudoniem)")
    source = models.BigIntegerField("melding (pseudoniem)")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+", db_index=False)
    district = models.ForeignKey(District, on_delete=models.SET_NULL, null=True, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, related_name="+")
    year = models.PositiveSmallIntegerField("jaar")
    month = models.PositiveSmallIntegerField("maand")
    channel = models.CharField("kanaal", max_length=20)
    law = models.CharField("wet", max_length=20)
    once = models.BooleanField("telt voor de melding", default=True)
    days_to_plan = models.PositiveIntegerField("dagen tot het plan", null=True)
    days_to_beschikking = models.PositiveIntegerField("dagen tot de beschikking", null=True)

    class Meta:
        verbose_name = "melding (sturing)"
        verbose_name_plural = "meldingen (sturing)"
        indexes = [
            models.Index(fields=["municipality", "year", "month"], name="melding_fact_report"),
            models.Index(fields=["household"], name="melding_fact_household"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["source", "law"], name="melding_fact_once"),
            models.CheckConstraint(condition=Q(month__gte=1) & Q(month__lte=12), name="melding_fact_month"),
        ]

    def __str__(self) -> str:
        return f"Melding {self.source} in {self.year}-{self.month:02d}"


class TermFact(models.Model):
    """One legal term in the month it ran out (its due date after suspension and extension): met when it
    was done on or before that day; late when done after it or still open past it."""

    household = models.BigIntegerField("huishouden (pseudoniem)")
    source = models.BigIntegerField("termijn (pseudoniem)")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+", db_index=False)
    district = models.ForeignKey(District, on_delete=models.SET_NULL, null=True, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, related_name="+")
    year = models.PositiveSmallIntegerField("jaar")
    month = models.PositiveSmallIntegerField("maand")
    term = models.CharField("termijn", max_length=40, choices=Term.choices)
    outcome = models.CharField("uitkomst", max_length=20, choices=TermOutcome.choices)

    class Meta:
        verbose_name = "wettelijke termijn (sturing)"
        verbose_name_plural = "wettelijke termijnen (sturing)"
        indexes = [
            models.Index(fields=["municipality", "year", "term"], name="term_fact_report"),
            models.Index(fields=["household"], name="term_fact_household"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["source"], name="term_fact_once"),
            models.CheckConstraint(condition=Q(month__gte=1) & Q(month__lte=12), name="term_fact_month"),
        ]

    def __str__(self) -> str:
        return f"Termijn {self.source}: {self.outcome}"


class StoreState(models.Model):
    """How far the store of a municipality is refreshed: changes after `refreshed_at` are not in it yet."""

    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE, related_name="+")
    refreshed_at = models.DateTimeField("bijgewerkt tot")
    refreshed_on = models.DateField("bijgewerkt op (dag)")
    rows = models.PositiveIntegerField("rijen", default=0)
    residents = models.PositiveIntegerField("ingeschreven inwoners", default=0)

    class Meta:
        verbose_name = "stand van de sturingsgegevens"
        verbose_name_plural = "standen van de sturingsgegevens"

    def __str__(self) -> str:
        return f"Sturingsgegevens bijgewerkt tot {self.refreshed_at:%Y-%m-%d %H:%M}"
