from django.conf import settings
from django.db import models
from django.db.models import F, Q

from wijkregie.core.models import BaseModel
from wijkregie.core.versioning import Versioned
from wijkregie.households.models import Household, Resident
from wijkregie.organisation.models import Municipality

from .constants import ReportStatus, ScoringMoment


class Instrument(BaseModel):
    """A scoring instrument as data: its domains and its scale. Built-in ones (ZRM 2017, Positieve
    Gezondheid) have no municipality; a municipality can load its own or the licensed anchor texts."""

    key = models.SlugField("sleutel", max_length=60)
    name = models.CharField("naam", max_length=150)
    version = models.CharField("versie", max_length=30, blank=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, null=True, blank=True, related_name="instruments"
    )
    scale_min = models.SmallIntegerField("laagste score")
    scale_max = models.SmallIntegerField("hoogste score")
    active = models.BooleanField("in gebruik", default=True)

    class Meta:
        verbose_name = "instrument"
        verbose_name_plural = "instrumenten"
        constraints = [
            models.UniqueConstraint(fields=["municipality", "key"], name="instrument_key_per_municipality"),
            models.UniqueConstraint(
                fields=["key"], condition=Q(municipality__isnull=True), name="builtin_instrument_key"
            ),
            models.CheckConstraint(condition=Q(scale_max__gt=F("scale_min")), name="instrument_scale_order"),
        ]

    def __str__(self) -> str:
        return self.name


class InstrumentDomain(models.Model):
    """A life domain (leefgebied) or dimension of an instrument. Plan goals are linked to these."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="domains")
    code = models.SlugField("code", max_length=60)
    name = models.CharField("naam", max_length=150)
    position = models.PositiveSmallIntegerField("volgorde")

    class Meta:
        verbose_name = "leefgebied"
        verbose_name_plural = "leefgebieden"
        ordering = ["instrument", "position"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="domain_code_per_instrument")
        ]

    def __str__(self) -> str:
        return self.name


class ScaleLevel(models.Model):
    """The label of one score on the instrument's scale (e.g. ZRM 1 = Acute problematiek)."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="levels")
    value = models.SmallIntegerField("score")
    label = models.CharField("label", max_length=100)

    class Meta:
        ordering = ["instrument", "value"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "value"], name="level_value_per_instrument")
        ]

    def __str__(self) -> str:
        return f"{self.value} – {self.label}"


class AnchorText(models.Model):
    """The per-domain, per-score description (licensed for ZRM): loaded by a municipality as data.

    Each municipality loads its own texts, also for a shared built-in instrument, so one municipality's
    licence never shows texts to another. NULL municipality: texts shipped inside an instrument file."""

    domain = models.ForeignKey(InstrumentDomain, on_delete=models.CASCADE, related_name="anchors")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, null=True, blank=True, related_name="anchor_texts"
    )
    value = models.SmallIntegerField("score")
    text = models.TextField("ankertekst")

    class Meta:
        verbose_name = "ankertekst"
        verbose_name_plural = "ankerteksten"
        constraints = [
            models.UniqueConstraint(
                fields=["domain", "municipality", "value"], name="anchor_per_domain_municipality_value"
            ),
            models.UniqueConstraint(
                fields=["domain", "value"],
                condition=Q(municipality__isnull=True),
                name="shipped_anchor_per_domain_value",
            ),
        ]

    def __str__(self) -> str:
        return f"Ankertekst score {self.value}"


class ConversationReport(Versioned, BaseModel):
    """The brede uitvraag: one conversation report per household over all life domains, written once and
    reused by every later step. A new report is only written when the situation is assessed anew."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="reports")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="reports")
    held_on = models.DateField("gesprek op")
    held_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    story = models.TextField("het verhaal in eigen woorden")
    wishes = models.TextField("wat het huishouden wil bereiken", blank=True)
    status = models.CharField(
        "status", max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    finalised_at = models.DateTimeField(null=True, blank=True)
    # The written report of the onderzoek for the resident (Wmo 2015 art. 2.3.2 lid 8), made once and kept.
    letter = models.BinaryField("verslag voor de inwoner (PDF)", null=True, blank=True, editable=False)
    letter_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    letter_sent_on = models.DateField("verslag verstuurd op", null=True, blank=True)

    class Meta:
        verbose_name = "brede uitvraag"
        verbose_name_plural = "brede uitvragen"
        indexes = [models.Index(fields=["household", "-held_on"], name="report_household_recent")]

    def __str__(self) -> str:
        return f"Brede uitvraag {self.uuid}"


class Scoring(BaseModel):
    """One member scored on one instrument at one moment (the uitvraag or an evaluation)."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="scorings")
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="scorings")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="scorings")
    moment = models.CharField("moment", max_length=20, choices=ScoringMoment.choices)
    report = models.ForeignKey(
        ConversationReport, on_delete=models.CASCADE, null=True, blank=True, related_name="scorings"
    )
    # Set when scored at an evaluation (plans.Evaluation); a plain id keeps assessment below plans.
    evaluation_uuid = models.UUIDField(null=True, blank=True)
    scored_on = models.DateField("gescoord op")
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)

    class Meta:
        verbose_name = "scoring"
        verbose_name_plural = "scorings"
        indexes = [models.Index(fields=["household", "resident", "scored_on"], name="scoring_member_date")]


class DomainScore(models.Model):
    """Per member and domain: the score and, in the resident's words, the situation, what they can do
    themselves and what their network can do. Stored one row per domain so steering can aggregate."""

    scoring = models.ForeignKey(Scoring, on_delete=models.CASCADE, related_name="scores")
    domain = models.ForeignKey(InstrumentDomain, on_delete=models.PROTECT, related_name="scores")
    value = models.SmallIntegerField("score", null=True, blank=True)
    situation = models.TextField("situatie", blank=True)
    own_strength = models.TextField("wat de inwoner zelf kan", blank=True)
    network_strength = models.TextField("wat het netwerk kan", blank=True)

    class Meta:
        verbose_name = "score per leefgebied"
        verbose_name_plural = "scores per leefgebied"
        constraints = [models.UniqueConstraint(fields=["scoring", "domain"], name="one_score_per_domain")]

    def __str__(self) -> str:
        # Never the texts: they are the resident's words.
        return f"Score {self.value}"
