from django.db import models


class Relation(models.TextChoices):
    """A member's relation within the household, seen from its first adult (the hoofdbewoner)."""

    HEAD = "hoofdbewoner", "Hoofdbewoner"
    PARTNER = "partner", "Partner"
    PARENT = "ouder", "Ouder"
    CHILD = "kind", "Kind"
    OTHER = "overig", "Overig"


class RepresentativeKind(models.TextChoices):
    LEGAL = "wettelijk", "Wettelijk vertegenwoordiger"
    AUTHORISED = "gemachtigde", "Gemachtigde"


class TimelineKind(models.TextChoices):
    REGISTERED = "geregistreerd", "Geregistreerd"
    MEMBER_JOINED = "lid_erbij", "Lid toegevoegd"
    MEMBER_LEFT = "lid_weg", "Lid vertrokken"
    DETAILS_CHANGED = "gewijzigd", "Gegevens gewijzigd"
    ASSIGNED = "toegewezen", "Toegewezen"
    REGISSEUR_SET = "regisseur", "Regisseur gewijzigd"
    BREAK_GLASS = "doorbroken", "Toegang buiten werkvoorraad"
    REPRESENTATIVE = "vertegenwoordiger", "Vertegenwoordiger vastgelegd"
    MELDING = "melding", "Melding"
    ROUTED = "gerouteerd", "Gerouteerd"
    REROUTED = "omgerouteerd", "Omgerouteerd"
    UITVRAAG = "uitvraag", "Brede uitvraag"
    CONSENT = "toestemming", "Toestemming"
    SHARED = "gedeeld", "Gedeeld met partner"
    PLAN = "plan", "Plan"
    AGREEMENT = "akkoord", "Akkoord op plan"
    MDO = "mdo", "MDO"
    EVALUATION = "evaluatie", "Evaluatie"
    TASK = "taak", "Taak of termijn"
    EARLY_SIGNAL = "vroegsignaal", "Vroegsignalering"


class Complexity(models.IntegerChoices):
    """How heavy a household weighs in a worker's caseload; set by the worker or teamleider."""

    LIGHT = 1, "Licht"
    MEDIUM = 2, "Gemiddeld"
    HEAVY = 3, "Zwaar"
