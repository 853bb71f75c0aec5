from django.db import models


class RequestStatus(models.TextChoices):
    APPLICATION = "aanvraag", "Aanvraag"
    RESEARCH = "onderzoek", "Onderzoek"
    DECISION = "besluit", "Besluit"
    WITHDRAWN = "ingetrokken", "Ingetrokken"


class DecisionKind(models.TextChoices):
    WITHIN_RULES = "binnen_regels", "Binnen de regels"
    DEVIATION = "afwijking", "Gemotiveerde afwijking in de geest van de wet"


class Outcome(models.TextChoices):
    GRANTED = "toekenning", "Toekenning"
    PARTLY_GRANTED = "gedeeltelijke_toekenning", "Gedeeltelijke toekenning"
    REFUSED = "afwijzing", "Afwijzing"
    NOT_CONSIDERED = "buiten_behandeling", "Buiten behandeling"
