from django.db import models

from wijkregie.provisions.constants import MAATWERK_RUNGS, Rung


class PlanStatus(models.TextChoices):
    DRAFT = "concept", "Concept"
    ACTIVE = "actief", "Actief"
    CLOSED = "afgesloten", "Afgesloten"


# A household has at most one plan in these states.
OPEN_PLAN_STATUSES = (PlanStatus.DRAFT, PlanStatus.ACTIVE)


# The support ladder is the catalogue's (a provision sits on a rung); plans put actions on it.
__all__ = ["MAATWERK_RUNGS", "Rung"]


class Performer(models.TextChoices):
    RESIDENT = "inwoner", "Inwoner"
    NETWORK = "netwerk", "Iemand uit het netwerk"
    VOLUNTEER = "vrijwilliger", "Vrijwilliger"
    ORGANISATION = "organisatie", "Organisatie"


class ActionStatus(models.TextChoices):
    PLANNED = "gepland", "Gepland"
    RUNNING = "loopt", "Loopt"
    DONE = "afgerond", "Afgerond"
    STOPPED = "gestopt", "Gestopt"


FINISHED_ACTIONS = (ActionStatus.DONE, ActionStatus.STOPPED)


class CaseDirector(models.TextChoices):
    """Casusregie for one arrangement: with the regisseur's team, an organisation, or the resident."""

    TEAM = "team", "Wijkteam"
    ORGANISATION = "organisatie", "Organisatie"
    RESIDENT = "inwoner", "Inwoner zelf"


class GoalStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACHIEVED = "behaald", "Behaald"
    PARTLY = "deels", "Deels behaald"
    NOT_ACHIEVED = "niet_behaald", "Niet behaald"
    DROPPED = "vervallen", "Vervallen"


class PlanOutcome(models.TextChoices):
    GOALS_MET = "doelen_behaald", "Doelen behaald, ondersteuning afgerond"
    PARTLY = "deels", "Deels behaald, afgerond"
    REFERRED = "doorverwezen", "Doorverwezen"
    MOVED = "verhuisd", "Verhuisd"
    STOPPED_BY_RESIDENT = "gestopt_inwoner", "Gestopt op verzoek van de inwoner"
    REPLACED = "vervangen", "Vervangen door een nieuw plan"


class AgreementMethod(models.TextChoices):
    SIGNED = "ondertekend", "Ondertekend op papier"
    VERBAL = "mondeling", "Mondeling akkoord"
    DIGITAL = "digitaal", "Digitaal akkoord"


# Goal Attainment Scaling: the scale and its Dutch labels.
GAS_LABELS = {
    -2: "Veel minder dan verwacht",
    -1: "Minder dan verwacht",
    0: "Verwacht resultaat",
    1: "Meer dan verwacht",
    2: "Veel meer dan verwacht",
}
