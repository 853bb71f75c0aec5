"""The steering store: facts, not people. Rows are keyed by a keyed hash of the person (pseudonyms.py), carry
no name, BSN, address, date of birth or free text, and are derived from the operational tables by the
refresh (services.py); the steering pages and exports read only these tables."""

from django.db import models
from django.db.models import Q

from wijkregie.organisation.models import District, Municipality
from wijkregie.providers.models import Provider

from .constants import CostSource, WmoCategory


class CareYear(models.Model):
    """One maatwerk trajectory (an allocation) in one calendar year it overlaps: who (as a pseudonym), where,
    what, from whom, and what it cost that year."""

    person = models.BigIntegerField("persoon (pseudoniem)")
    source = models.BigIntegerField("traject (pseudoniem)")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+", db_index=False)
    district = models.ForeignKey(District, on_delete=models.SET_NULL, null=True, related_name="+")
    year = models.PositiveSmallIntegerField("jaar")
    law = models.CharField("wet", max_length=20)
    product_category = models.CharField("productcategorie", max_length=2)
    wmo_category = models.CharField("categorie (CBS)", max_length=30, choices=WmoCategory.choices, blank=True)
    provider = models.ForeignKey(Provider, on_delete=models.SET_NULL, null=True, related_name="+")
    first_day = models.DateField("eerste dag in het jaar")
    last_day = models.DateField("laatste dag in het jaar")
    expected_cents = models.BigIntegerField("verwacht (eurocent)")
    declared_cents = models.BigIntegerField("gedeclareerd (eurocent)")
    realised_cents = models.BigIntegerField("gerealiseerd (eurocent)")
    cost_source = models.CharField("bron van de uitgaven", max_length=15, choices=CostSource.choices)

    class Meta:
        verbose_name = "traject per jaar (sturing)"
        verbose_name_plural = "trajecten per jaar (sturing)"
        indexes = [
            models.Index(fields=["municipality", "year", "law"], name="care_year_report"),
            models.Index(fields=["source"], name="care_year_source"),
            models.Index(fields=["person"], name="care_year_person"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["source", "year"], name="care_year_once"),
            models.CheckConstraint(condition=Q(last_day__gte=models.F("first_day")), name="care_year_days"),
        ]

    def __str__(self) -> str:
        return f"Traject {self.source} in {self.year}"


class StoreState(models.Model):
    """How far the store of a municipality is refreshed: changes after `refreshed_at` are not in it yet."""

    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE, related_name="+")
    refreshed_at = models.DateTimeField("bijgewerkt tot")
    refreshed_on = models.DateField("bijgewerkt op (dag)")
    rows = models.PositiveIntegerField("rijen", default=0)
    residents = models.PositiveIntegerField("ingeschreven inwoners", default=0)

    class Meta:
        verbose_name = "stand van de sturingsgegevens"
        verbose_name_plural = "standen van de sturingsgegevens"

    def __str__(self) -> str:
        return f"Sturingsgegevens bijgewerkt tot {self.refreshed_at:%Y-%m-%d %H:%M}"
