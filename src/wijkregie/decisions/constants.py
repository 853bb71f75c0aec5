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


class RequestReason(models.TextChoices):
    """Why a request exists: a new aanvraag, a herindicatie before a beschikking ends, or a new decision
    after a well-founded bezwaar (Awb 7:11)."""

    APPLICATION = "aanvraag", "Aanvraag"
    REINDICATION = "herindicatie", "Herindicatie"
    RECONSIDERATION = "heroverweging", "Nieuw besluit na bezwaar"


class DeliveryForm(models.TextChoices):
    IN_KIND = "zin", "Zorg in natura"
    PERSONAL_BUDGET = "pgb", "Persoonsgebonden budget"


class ObjectionOutcome(models.TextChoices):
    WELL_FOUNDED = "gegrond", "Gegrond"
    UNFOUNDED = "ongegrond", "Ongegrond"
    INADMISSIBLE = "niet_ontvankelijk", "Niet-ontvankelijk"
    WITHDRAWN = "ingetrokken", "Ingetrokken"


GRANTING_OUTCOMES = frozenset({Outcome.GRANTED, Outcome.PARTLY_GRANTED})
