from django.db import models


class ReportStatus(models.TextChoices):
    DRAFT = "concept", "Concept"
    FINAL = "vastgesteld", "Vastgesteld"


class ScoringMoment(models.TextChoices):
    """When an instrument was scored: at the brede uitvraag (baseline) or at an evaluation."""

    INTAKE = "uitvraag", "Brede uitvraag"
    EVALUATION = "evaluatie", "Evaluatie"


# Keys of the built-in instruments (loaded by a data migration).
ZRM_2017 = "zrm-2017"
POSITIVE_HEALTH = "positieve-gezondheid"
