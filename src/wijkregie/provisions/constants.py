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


class Rung(models.TextChoices):
    """The support ladder, lightest first. The stored value sorts in ladder order."""

    OWN_STRENGTH = "1_eigen_kracht", "Eigen kracht"
    NETWORK = "2_netwerk", "Netwerk"
    VOLUNTEERS = "3_vrijwilligers", "Vrijwilligers"
    GENERAL = "4_algemeen", "Algemene voorziening"
    LIGHT_CUSTOM = "5_licht_maatwerk", "Lichte maatwerkvoorziening"
    HEAVY_CUSTOM = "6_zwaar_maatwerk", "Zware maatwerkvoorziening"


MAATWERK_RUNGS = (Rung.LIGHT_CUSTOM, Rung.HEAVY_CUSTOM)
