from django.db import models


class MeldingChannel(models.TextChoices):
    RESIDENT = "inwoner", "Inwoner zelf"
    NETWORK = "netwerk", "Netwerk / mantelzorger"
    GP = "huisarts", "Huisarts / POH"
    SCHOOL = "school", "School"
    POLICE = "politie", "Politie / wijkagent"
    HOUSING = "woningcorporatie", "Woningcorporatie"
    PROVIDER = "zorgaanbieder", "Zorgaanbieder"
    EARLY_WARNING = "vroegsignalering", "Vroegsignalering"
    OTHER = "anders", "Anders"


class Law(models.TextChoices):
    """The laws a question may touch. NONE is explicit: "no law" is an answer, not a missing one."""

    WMO = "wmo", "Wmo 2015"
    YOUTH = "jeugdwet", "Jeugdwet"
    PARTICIPATION = "participatiewet", "Participatiewet"
    DEBT = "schuldhulp", "Schuldhulpverlening (Wgs)"
    NONE = "geen", "Geen"


class Urgency(models.TextChoices):
    CRISIS = "crisis", "Crisis"
    URGENT = "spoed", "Spoed"
    REGULAR = "regulier", "Regulier"


class AcuteThreat(models.TextChoices):
    """Wgs art. 4 lid 2: these threats shorten the first-conversation term to 3 working days."""

    NONE = "", "Geen"
    EVICTION = "huisuitzetting", "Dreigende huisuitzetting"
    ENERGY_CUTOFF = "afsluiting_energie", "Dreigende afsluiting van energie"
    WATER_CUTOFF = "afsluiting_water", "Dreigende afsluiting van water"
    INSURANCE_END = "zorgverzekering", "Dreigende beëindiging zorgverzekering"


class MeldingStatus(models.TextChoices):
    NEW = "nieuw", "Nieuw"
    ROUTED = "gerouteerd", "Gerouteerd"
    IN_PROGRESS = "in_behandeling", "In behandeling"
    CLOSED = "afgesloten", "Afgesloten"


class RouteTarget(models.TextChoices):
    """Where a melding can go. Resolved to a concrete team serving the household's district."""

    WELFARE = "welzijn", "Basisondersteuning (welzijnsorganisatie)"
    DISTRICT_TEAM = "wijkteam", "Wijkteam van de wijk"
    BACKOFFICE = "backoffice", "Backoffice"
    CRISIS = "crisisdienst", "Crisisdienst"


class MultiProblem(models.TextChoices):
    """A rule condition on the number of life domains the question touches."""

    ANY = "", "Maakt niet uit"
    SINGLE = "enkelvoudig", "Eén leefgebied"
    MULTIPLE = "meervoudig", "Meerdere leefgebieden"
