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


# The life domains of the ZRM 2017 (codes as in assessment/instruments/zrm-2017.json), said in plain words
# for residents (B1). The order follows the instrument.
PLAIN_DOMAINS: tuple[tuple[str, str], ...] = (
    ("financien", "Geld en schulden"),
    ("werk-opleiding", "Werk, school en opleiding"),
    ("tijdsbesteding", "Dagbesteding en vrije tijd"),
    ("huisvesting", "Wonen"),
    ("huiselijke-relaties", "Gezin, relatie en opvoeden"),
    ("geestelijke-gezondheid", "Je goed voelen in je hoofd"),
    ("lichamelijke-gezondheid", "Je lichaam en gezondheid"),
    ("middelengebruik", "Alcohol, drugs en gokken"),
    ("basale-adl", "Jezelf verzorgen"),
    ("instrumentele-adl", "Het huishouden doen"),
    ("sociaal-netwerk", "Mensen om je heen"),
    ("maatschappelijke-participatie", "Meedoen in de buurt"),
    ("justitie", "Politie en justitie"),
)
