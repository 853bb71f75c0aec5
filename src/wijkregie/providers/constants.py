from django.db import models


class ContractKind(models.TextChoices):
    """The three ways a municipality buys support (domain.md, contracts)."""

    OPEN_HOUSE = "open_house", "Open house"
    AREA = "gebied", "Gebiedscontract met lumpsum"
    SUBSIDY = "subsidie", "Subsidie"


class SubcontractorRole(models.TextChoices):
    MAIN = "hoofdaannemer", "Hoofdaannemer"
    SUB = "onderaannemer", "Onderaannemer"
