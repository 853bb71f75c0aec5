from django.db import models


class TaskKind(models.TextChoices):
    LEGAL_TERM = "wettelijk", "Wettelijke termijn"
    PLAN_DATE = "plan", "Datum uit het plan"
    OTHER = "overig", "Overige taak"


class TaskStatus(models.TextChoices):
    OPEN = "open", "Open"
    SUSPENDED = "opgeschort", "Opgeschort"
    DONE = "afgerond", "Afgerond"
    CANCELLED = "vervallen", "Vervallen"


class Term(models.TextChoices):
    """The terms Wijkregie tracks. Their length and rules live in tasks.terms (one table, with the law)."""

    WMO_RESEARCH = "wmo_onderzoek", "Wmo: onderzoek na melding (6 weken)"
    YOUTH_PLAN = "jeugd_plan", "Jeugdwet: plan zonder familiegroepsplan (6 weken)"
    DEBT_FIRST_TALK = "wgs_eerste_gesprek", "Wgs: eerste gesprek (4 weken)"
    DEBT_FIRST_TALK_ACUTE = "wgs_eerste_gesprek_acuut", "Wgs: eerste gesprek bij dreiging (3 werkdagen)"
    WMO_DECISION = "wmo_beschikking", "Wmo: beschikking na aanvraag (2 weken)"
    YOUTH_DECISION = "jeugd_beschikking", "Jeugdwet: beschikking na aanvraag (8 weken)"
    DEBT_PLAN = "wgs_plan_van_aanpak", "Wgs: plan van aanpak (8 weken)"
    OBJECTION_DECISION = "bezwaar_beslissing", "Awb: beslissing op bezwaar (6 weken)"
    OBJECTION_DECISION_COMMITTEE = (
        "bezwaar_beslissing_commissie",
        "Awb: beslissing op bezwaar met commissie (12 weken)",
    )
    REINDICATION = "herindicatie", "Herindicatie: beschikking loopt af"
    PROVIDER_REQUEST_ANSWER = (
        "verzoek_aanbieder",
        "iStandaard: antwoord op verzoek van een aanbieder (5 werkdagen)",
    )
    PLAN_EVALUATION = "plan_evaluatie", "Evaluatie van het plan"
    ACTION_END = "actie_einde", "Einddatum van een actie"
