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


class ChainStep(models.TextChoices):
    """Where a maatwerk action's aanvraag stands, from the aanvraag to the care (iWmo/iJw message in
    brackets). Written by the decisions and allocations apps through plans.services.action_chain_record."""

    NONE = "", "Nog niet aangevraagd"
    REQUESTED = "aangevraagd", "Aanvraag in onderzoek"
    GRANTED = "toegekend", "Toegekend, nog niet toegewezen"
    REFUSED = "afgewezen", "Aanvraag afgewezen"
    WITHDRAWN = "ingetrokken", "Aanvraag ingetrokken"
    ALLOCATED = "toegewezen", "Toegewezen aan de aanbieder (301 verzonden)"
    ACCEPTED = "ontvangen", "Toewijzing ontvangen door de aanbieder (302)"
    NOT_ACCEPTED = "afgekeurd", "Toewijzing afgekeurd door de aanbieder (302)"
    REVOKED = "toewijzing_ingetrokken", "Toewijzing ingetrokken"
    STARTED = "gestart", "Zorg gestart (305)"
    STOPPED = "beeindigd", "Zorg beëindigd (307)"


# Where an action may get a (new) aanvraag: none yet, or the last one ended without care.
CHAIN_OPEN_AGAIN = (ChainStep.NONE, ChainStep.REFUSED, ChainStep.WITHDRAWN)

# What a step means for the action's own status; the other steps leave it as the worker set it.
CHAIN_STATUS = {
    ChainStep.REFUSED: ActionStatus.STOPPED,
    ChainStep.WITHDRAWN: ActionStatus.STOPPED,
    ChainStep.STARTED: ActionStatus.RUNNING,
    ChainStep.STOPPED: ActionStatus.DONE,
}


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
