from django.db import models


class ProvisionKind(models.TextChoices):
    GENERAL = "algemeen", "Algemene voorziening"
    CUSTOM = "maatwerk", "Maatwerkvoorziening"


class ProvisionLaw(models.TextChoices):
    """The law a maatwerkvoorziening is granted under; general provisions need none."""

    WMO = "wmo", "Wmo 2015"
    YOUTH = "jeugdwet", "Jeugdwet"
    PARTICIPATION = "participatiewet", "Participatiewet"
    DEBT = "schuldhulp", "Schuldhulpverlening (Wgs)"


class Weight(models.TextChoices):
    """Light or heavy maatwerk: the two top rungs of the support ladder."""

    LIGHT = "licht", "Lichte maatwerkvoorziening"
    HEAVY = "zwaar", "Zware maatwerkvoorziening"


# The message standard a law's products are allocated in, and its product-category code list.
CODE_LISTS = {
    ProvisionLaw.WMO: ("iwmo-3.2", "WMO020"),
    ProvisionLaw.YOUTH: ("ijw-3.2", "JZ020"),
}
