from django.db import models


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "gemeente", "Gemeente"
    WELFARE = "welzijn", "Welzijnsorganisatie"
    MAIN_CONTRACTOR = "hoofdaannemer", "Hoofdaannemer"
    CARE_PROVIDER = "zorgaanbieder", "Zorgaanbieder"


class TeamKind(models.TextChoices):
    DISTRICT_TEAM = "wijkteam", "Wijkteam"
    BACKOFFICE = "backoffice", "Backoffice"
    FLEXPOOL = "flexpool", "Flexpool"
    WELFARE = "welzijn", "Basisondersteuning (welzijn)"
    PROVIDER = "aanbieder", "Aanbiedersteam"
    CRISIS = "crisisdienst", "Crisisdienst"
