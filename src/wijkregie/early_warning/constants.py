"""The value lists of vroegsignalering, spelled as the national DDAS v1.2 exchange model spells them, so a
value stored is a value delivered (standards/ddas-vroegsignalering-1.2, its `$defs`)."""

from django.db import models


class PartnerType(models.TextChoices):
    """EnumSignaalpartner: the kinds of fixed-cost creditor that may signal arrears (Wgs art. 2.2.1)."""

    TAX = "Belastingdienst", "Belastingdienst"
    CAK_CONTRIBUTION = "CAK Eigen bijdrage", "CAK eigen bijdrage"
    CAK_INSURANCE = "CAK Zorgverzekeringen", "CAK zorgverzekeringen"
    BENEFITS = "Dienst Toeslagen", "Dienst Toeslagen"
    DUO = "DUO", "DUO"
    ENERGY = "Energie", "Energie"
    RENT = "Huur", "Huur"
    MORTGAGE = "Hypotheek", "Hypotheek"
    OTHER = "Overige", "Overige"
    WATER = "Water", "Water"
    HEALTH = "Zorg", "Zorgverzekering"


class SignalStatus(models.TextChoices):
    """Where a signal stands. NEW and MATCHED are Wijkregie's own (waiting for a matching run; in a zaak);
    the others are EnumSignaalstatus reasons why a signal was not picked up."""

    NEW = "nieuw", "Nog niet gematcht"
    MATCHED = "gekoppeld", "In een vroegsignaalzaak"
    KNOWN = "Inwoner al bekend bij schuldhulpverlening", "Al bekend bij schuldhulpverlening"
    DECEASED = "Inwoner is overleden", "Inwoner is overleden"
    OTHER_REASON = "Niet opgepakt: andere reden", "Niet opgepakt: andere reden"
    REPEATED = "Niet opgepakt: herhaalde melding", "Niet opgepakt: herhaalde melding"
    UNFOUNDED = "Niet opgepakt: onterecht signaal", "Niet opgepakt: onterecht signaal"
    NOT_RESIDENT = "Persoon is geen inwoner (meer) in de gemeente", "Geen inwoner (meer) van de gemeente"


# The DDAS statuses of a signal in a zaak: picked up or not yet.
DDAS_PICKED_UP = "Opgepakt"
DDAS_NOT_YET = "Nog niet opgepakt"
NOT_MATCHED = [s for s in SignalStatus.values if s not in (SignalStatus.NEW, SignalStatus.MATCHED)]


class ContactKind(models.TextChoices):
    """EnumContactsoort."""

    ADMINISTRATIVE = "Administratief", "Administratief"
    APPOINTMENT = "Afspraak op locatie", "Afspraak op locatie"
    LETTER = "Brief", "Brief"
    HOME_VISIT = "Huisbezoek", "Huisbezoek"
    CARD = "Kaartje", "Kaartje in de bus"
    MAIL = "Mail", "E-mail"
    UNKNOWN = "Onbekend", "Onbekend"
    OTHER = "Overige", "Overige"
    TEXT = "SMS/Whatsapp", "Sms of WhatsApp"
    PHONE = "Telefoon", "Telefoon"


class DayPart(models.TextChoices):
    """EnumDagdeel."""

    MORNING = "Ochtend", "Ochtend"
    AFTERNOON = "Middag", "Middag"
    EVENING = "Avond", "Avond"


class CaseResult(models.TextChoices):
    """EnumEindresultaat: how a vroegsignaalzaak ends."""

    ADVICE = "(Budget)advies en/of quick fix", "(Budget)advies en/of quick fix"
    NO_CONTACT = "Definitief geen contact kunnen krijgen", "Definitief geen contact kunnen krijgen"
    NO_RESPONSE = "Geen reactie na eerder contact", "Geen reactie na eerder contact"
    KNOWN = "Inwoner al bekend bij schuldhulpverlening", "Inwoner al bekend bij schuldhulpverlening"
    OTHER_TRAJECTORY = (
        "Inwoner heeft al een ander lopend traject",
        "Inwoner heeft al een ander lopend traject",
    )
    PAID = (
        "Inwoner heeft zelf al betaald/betalingsregeling getroffen",
        "Inwoner heeft zelf al betaald of een betalingsregeling getroffen",
    )
    DECEASED = "Inwoner is overleden", "Inwoner is overleden"
    SELF = (
        "Inwoner regelt het zelf/hoeft geen hulp vanuit vroegsignalering",
        "Inwoner regelt het zelf of hoeft geen hulp vanuit vroegsignalering",
    )
    NOT_PICKED_OTHER = "Niet opgepakt: andere reden", "Niet opgepakt: andere reden"
    NOT_PICKED_REPEATED = "Niet opgepakt: herhaalde melding", "Niet opgepakt: herhaalde melding"
    NOT_PICKED_UNFOUNDED = "Niet opgepakt: onterecht signaal", "Niet opgepakt: onterecht signaal"
    NOT_RESIDENT = (
        "Persoon is geen inwoner (meer) in de gemeente",
        "Persoon is geen inwoner (meer) in de gemeente",
    )
    FOLLOW_UP = "Vervolghulp en/of verwijzing", "Vervolghulp en/of verwijzing"
    FOLLOW_UP_FINANCIAL = "Vervolghulp en/of verwijzing financieel", "Vervolghulp of verwijzing, financieel"
    FOLLOW_UP_OTHER = (
        "Vervolghulp en/of verwijzing niet financieel",
        "Vervolghulp of verwijzing, niet financieel",
    )
    REFERRED = "Verwijzing zonder tussenkomst inwoner", "Verwijzing zonder tussenkomst inwoner"


# The definitions monitoring counts by (docs/vroegsignalering.md, "Definities"):
# hulp geaccepteerd = advice/quick fix or a follow-up result; these need at least one reached attempt.
ACCEPTED_RESULTS = frozenset(
    {CaseResult.ADVICE, CaseResult.FOLLOW_UP, CaseResult.FOLLOW_UP_FINANCIAL, CaseResult.FOLLOW_UP_OTHER}
)
# Follow-up results hand the household over warmly: a melding in its dossier (Wgs for the financial ones).
HANDOVER_RESULTS = frozenset(
    {CaseResult.FOLLOW_UP, CaseResult.FOLLOW_UP_FINANCIAL, CaseResult.FOLLOW_UP_OTHER}
)
DEBT_HANDOVER_RESULTS = frozenset({CaseResult.FOLLOW_UP, CaseResult.FOLLOW_UP_FINANCIAL})
# Results that say the resident was spoken to: refused without any reached attempt.
NEEDS_REACHED = ACCEPTED_RESULTS | {CaseResult.PAID, CaseResult.SELF, CaseResult.NO_RESPONSE}
# Results that say nobody was picked up: refused once the zaak has a pick-up date.
NOT_PICKED_RESULTS = frozenset(
    {CaseResult.NOT_PICKED_OTHER, CaseResult.NOT_PICKED_REPEATED, CaseResult.NOT_PICKED_UNFOUNDED}
)


class HandoverLine(models.TextChoices):
    """Where a warm handover goes: first-line debt help (welfare, volunteers) or second line (Kredietbank)."""

    FIRST = "eerstelijn", "Eerstelijns schuldhulp (welzijn, vrijwilligers)"
    SECOND = "tweedelijn", "Tweedelijns schuldhulp (Kredietbank)"


class Source(models.TextChoices):
    """How a signal file came in."""

    PAGE = "pagina", "Pagina"
    API = "api", "API"
    FOLDER = "map", "Inleesmap"


class FileFormat(models.TextChoices):
    JSON = "json", "JSON (DDAS-vroegsignalen)"
    CSV = "csv", "CSV van een signaalpartner"


class Sex(models.TextChoices):
    """geslacht of DDAS v1.2, as far as a partner gives it."""

    MALE = "Man", "Man"
    FEMALE = "Vrouw", "Vrouw"
    UNKNOWN = "Onbekend", "Onbekend"
    EMPTY = "Leeg", "Leeg"


DEFAULT_THRESHOLD_EUROS = 75
DEFAULT_REPEAT_WINDOW_DAYS = 90
DEFAULT_CONTACT_DAYS = 14  # Amsterdam's published norms; the law sets none
DEFAULT_ANALYSIS_DAYS = 28
DEFAULT_RETENTION_NOT_PICKED_MONTHS = 6
DEFAULT_RETENTION_NO_HELP_MONTHS = 12
DEFAULT_RETENTION_HANDED_OVER_MONTHS = 18
