from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower

from wijkregie.core.models import BaseModel
from wijkregie.core.versioning import Versioned
from wijkregie.organisation.models import District, Municipality, Organisation

from .constants import ProvisionKind, ProvisionLaw, Weight


class Provision(Versioned, BaseModel):
    """One entry of a municipality's catalogue: an algemene voorziening (open to all, no indication) or a
    maatwerkvoorziening under a law, with its iWmo/iJw product category and code, unit, frequency and tariff.
    Each municipality has its own catalogue; a shared backoffice works with each municipality's own."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="provisions")
    kind = models.CharField("soort", max_length=20, choices=ProvisionKind.choices)
    name = models.CharField("naam", max_length=150)
    description = models.TextField("wat het is, in gewone taal", blank=True)
    target_group = models.CharField("voor wie", max_length=300, blank=True)
    # Life domains as instrument domain codes (ZRM 2017 by default), for the sociale kaart and suggestions.
    domains = models.JSONField("leefgebieden", default=list, blank=True)
    keywords = models.CharField("zoekwoorden", max_length=300, blank=True)
    districts = models.ManyToManyField(
        District, blank=True, related_name="provisions", verbose_name="wijken (leeg: de hele gemeente)"
    )
    capacity = models.PositiveIntegerField("capaciteit", null=True, blank=True)
    # For whom, as the suggestions and the maatwerk form can check it: an age range (empty: any age) and,
    # for a general provision, whether volunteers do the work (the ladder's volunteers rung).
    age_min = models.PositiveSmallIntegerField("vanaf leeftijd", null=True, blank=True)
    age_max = models.PositiveSmallIntegerField("tot en met leeftijd", null=True, blank=True)
    by_volunteers = models.BooleanField("door vrijwilligers", default=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="provisions"
    )
    contact = models.CharField("contact", max_length=300, blank=True)
    # Maatwerk only
    law = models.CharField("wet", max_length=20, choices=ProvisionLaw.choices, blank=True)
    product_category = models.CharField("productcategorie", max_length=2, blank=True)
    product_code = models.CharField("productcode", max_length=5, blank=True)
    unit = models.CharField("eenheid (WJ756)", max_length=2, blank=True)
    frequency = models.CharField("frequentie (WMO757)", max_length=1, blank=True)
    tariff_cents = models.PositiveIntegerField("tarief in eurocent", null=True, blank=True)
    weight = models.CharField("zwaarte", max_length=10, choices=Weight.choices, blank=True)
    active = models.BooleanField("actief", default=True)

    class Meta:
        verbose_name = "voorziening"
        verbose_name_plural = "voorzieningen"
        ordering = ["municipality", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "kind", "name"], name="provision_name_per_catalogue"
            ),
            # The same name in other capitals is the same entry (imports match names that way).
            models.UniqueConstraint(
                Lower("name"),
                "municipality",
                "kind",
                name="provision_name_per_catalogue_any_case",
                violation_error_message="Er is al een voorziening van deze soort met deze naam.",
            ),
            models.CheckConstraint(
                condition=Q(kind=ProvisionKind.GENERAL)
                | (~Q(law="") & ~Q(product_category="") & ~Q(weight="")),
                name="custom_provision_has_law_category_weight",
            ),
            models.CheckConstraint(
                condition=Q(age_min__isnull=True) | Q(age_max__isnull=True) | Q(age_max__gte=F("age_min")),
                name="provision_age_range",
                violation_error_message="De leeftijd ‘tot en met’ ligt onder ‘vanaf’.",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "kind", "active"], name="provision_catalogue")]

    def __str__(self) -> str:
        return self.name
