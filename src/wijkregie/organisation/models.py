from django.core.validators import RegexValidator
from django.db import models

from wijkregie.core.models import BaseModel
from wijkregie.core.versioning import Versioned

from .constants import OrganisationKind, TeamKind


class Municipality(BaseModel):
    name = models.CharField("naam", max_length=100)
    cbs_code = models.CharField(
        "CBS-gemeentecode",
        max_length=4,
        unique=True,
        validators=[RegexValidator(r"^[0-9]{4}$", "De CBS-gemeentecode bestaat uit 4 cijfers.")],
    )

    class Meta:
        verbose_name = "gemeente"
        verbose_name_plural = "gemeenten"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class District(Versioned, BaseModel):
    """A wijk or gebied: the area a district team serves, found from a household's postcode."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="districts")
    name = models.CharField("naam", max_length=100)
    wijkpunt_name = models.CharField("wijkpunt", max_length=150, blank=True)
    wijkpunt_address = models.CharField("adres wijkpunt", max_length=200, blank=True)
    # Residents, as the municipality counts them (its own statistics or CBS); steering figures per 1,000
    # residents use it and say "onbekend" without it.
    population = models.PositiveIntegerField("aantal inwoners", null=True, blank=True)

    class Meta:
        verbose_name = "wijk"
        verbose_name_plural = "wijken"
        ordering = ["municipality__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="district_name_unique_per_municipality"
            )
        ]

    def __str__(self) -> str:
        return self.name


class PostcodeArea(models.Model):
    """A 4-digit postcode area belongs to exactly one district: that is how an address finds its district."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="postcode_areas")
    pc4 = models.CharField("postcodegebied", max_length=4, unique=True)

    class Meta:
        verbose_name = "postcodegebied"
        verbose_name_plural = "postcodegebieden"

    def __str__(self) -> str:
        return self.pc4


class Organisation(BaseModel):
    name = models.CharField("naam", max_length=150)
    kind = models.CharField("soort", max_length=20, choices=OrganisationKind.choices)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="own_organisations",
        help_text="Alleen voor de gemeente zelf.",
    )

    class Meta:
        verbose_name = "organisatie"
        verbose_name_plural = "organisaties"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(Versioned, BaseModel):
    name = models.CharField("naam", max_length=150)
    kind = models.CharField("soort", max_length=20, choices=TeamKind.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="teams")
    municipalities = models.ManyToManyField(
        Municipality, related_name="teams", verbose_name="bediende gemeenten"
    )
    districts = models.ManyToManyField(
        District, related_name="teams", blank=True, verbose_name="bediende wijken"
    )

    class Meta:
        verbose_name = "team"
        verbose_name_plural = "teams"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DistrictContact(BaseModel):
    """A fixed contact of a partner organisation for a district: invited to its MDO's."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="contacts")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="district_contacts")
    name = models.CharField("naam", max_length=200)
    role = models.CharField("rol", max_length=150, blank=True)
    email = models.EmailField("e-mail", blank=True)
    phone = models.CharField("telefoon", max_length=30, blank=True)

    class Meta:
        verbose_name = "vaste contactpersoon"
        verbose_name_plural = "vaste contactpersonen"
        ordering = ["district", "organisation__name", "name"]

    def __str__(self) -> str:
        return self.name
