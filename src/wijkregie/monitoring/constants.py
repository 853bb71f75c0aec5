"""The CBS categories of the steering figures."""

from django.db import models

from wijkregie.tasks.constants import Term


class WmoCategory(models.TextChoices):
    """The Wmo maatwerk categories of the CBS Gemeentelijke Monitor Sociaal Domein."""

    HOME_SUPPORT = "ondersteuning_thuis", "Ondersteuning thuis"
    HOUSEHOLD_HELP = "hulp_huishouden", "Hulp bij het huishouden"
    AIDS_AND_SERVICES = "hulpmiddelen_diensten", "Hulpmiddelen en diensten"
    SHELTER = "verblijf_opvang", "Verblijf en opvang"


# WMO020 product categories to the monitor's categories, as Wijkregie reads CBS's description of them.
WMO_CATEGORY_OF_PRODUCT = {
    "01": WmoCategory.HOUSEHOLD_HELP,
    **dict.fromkeys(("02", "03", "04", "06", "07", "09", "10"), WmoCategory.HOME_SUPPORT),
    **dict.fromkeys(("05", "08", "11", "12", "13", "14"), WmoCategory.AIDS_AND_SERVICES),
    **dict.fromkeys(("15", "16", "17", "18"), WmoCategory.SHELTER),
}


class CostSource(models.TextChoices):
    """Where a year's realised spend of a trajectory comes from."""

    DECLARED = "gedeclareerd", "Gedeclareerd"
    EXPECTED = "verwacht", "Verwacht (nog niet gedeclareerd)"
    MIXED = "deels", "Deels gedeclareerd, deels verwacht"


class TermOutcome(models.TextChoices):
    """How a legal term ended, as the steering figures count it."""

    MET = "gehaald", "Op tijd"
    LATE = "te_laat", "Te laat afgerond"
    OPEN_LATE = "open_te_laat", "Nog open, termijn verstreken"
    PENDING = "loopt", "Loopt nog"


# The terms the steering page reports on, in the order of the page: the list of legal terms.
STEERING_TERMS = (
    Term.WMO_RESEARCH, Term.WMO_DECISION, Term.YOUTH_PLAN, Term.YOUTH_DECISION, Term.DEBT_FIRST_TALK,
    Term.DEBT_FIRST_TALK_ACUTE, Term.DEBT_PLAN, Term.OBJECTION_DECISION, Term.OBJECTION_DECISION_COMMITTEE,
)  # fmt: skip
