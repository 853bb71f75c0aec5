"""Care providers (zorgaanbieders) and the contracts a municipality has with them.

A provider is an organisation of kind zorgaanbieder or hoofdaannemer with its AGB code (the address in
the iWmo/iJw messages) and KvK number; its staff are the users on its provider teams. A contract is per
municipality: open house (products per provider, yearly review), an area contract (a lump sum per year
for a set of districts, a baseline of unique clients and a risk valve), or a subsidy (amount, period,
deliverables)."""

from django.db import models
from django.db.models import F, Q

from wijkregie.core.models import BaseModel
from wijkregie.core.versioning import Versioned
from wijkregie.organisation.models import District, Municipality, Organisation

from .constants import ContractKind


class Provider(Versioned, BaseModel):
    organisation = models.OneToOneField(Organisation, on_delete=models.PROTECT, related_name="provider")
    agb_code = models.CharField("AGB-code", max_length=8, unique=True)
    kvk_number = models.CharField("KvK-nummer", max_length=8, blank=True)
    municipalities = models.ManyToManyField(Municipality, related_name="providers", verbose_name="gemeenten")
    districts = models.ManyToManyField(
        District, related_name="providers", blank=True, verbose_name="wijken (leeg: de hele gemeente)"
    )
    active = models.BooleanField("actief", default=True)

    class Meta:
        verbose_name = "zorgaanbieder"
        verbose_name_plural = "zorgaanbieders"
        ordering = ["organisation__name"]
        constraints = [
            models.CheckConstraint(condition=Q(agb_code__regex=r"^[0-9]{8}$"), name="provider_agb_8_digits"),
        ]

    def __str__(self) -> str:
        return self.organisation.name


class ProviderContact(BaseModel):
    """A contact point of a provider: for allocations, invoices, complaints, ..."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="contacts")
    topic = models.CharField("waarvoor", max_length=100)
    name = models.CharField("naam", max_length=200, blank=True)
    email = models.EmailField("e-mail", blank=True)
    phone = models.CharField("telefoon", max_length=30, blank=True)

    class Meta:
        verbose_name = "contactpunt"
        verbose_name_plural = "contactpunten"
        ordering = ["provider", "topic"]

    def __str__(self) -> str:
        return self.topic


class Contract(Versioned, BaseModel):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="contracts")
    kind = models.CharField("soort", max_length=20, choices=ContractKind.choices)
    name = models.CharField("naam", max_length=200)
    # The party: the provider (open house), the main contractor (area) or the subsidised organisation.
    party = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="contracts")
    subcontractors = models.ManyToManyField(
        Organisation, related_name="subcontracts", blank=True, verbose_name="onderaannemers"
    )
    start_date = models.DateField("ingangsdatum")
    end_date = models.DateField("einddatum")
    extension_years = models.PositiveSmallIntegerField("verlenging per keer (jaren)", default=0)
    extensions_max = models.PositiveSmallIntegerField("hoe vaak te verlengen", default=0)
    extensions_used = models.PositiveSmallIntegerField("verlengd", default=0)
    review_on = models.DateField("jaarlijkse toetsing", null=True, blank=True)
    # Area contracts
    districts = models.ManyToManyField(
        District, related_name="area_contracts", blank=True, verbose_name="gebied"
    )
    lump_sum_cents = models.PositiveBigIntegerField("lumpsum per jaar (eurocent)", null=True, blank=True)
    baseline_clients = models.PositiveIntegerField("basis unieke cliënten per jaar", null=True, blank=True)
    risk_valve_percent = models.PositiveSmallIntegerField(
        "risicoventiel (% boven de basis)", null=True, blank=True
    )
    # Subsidies
    subsidy_cents = models.PositiveBigIntegerField("subsidiebedrag (eurocent)", null=True, blank=True)
    deliverables = models.TextField("prestaties", blank=True)

    class Meta:
        verbose_name = "contract"
        verbose_name_plural = "contracten"
        ordering = ["municipality", "kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="contract_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(kind=ContractKind.AREA)
                | (Q(lump_sum_cents__isnull=False) & Q(baseline_clients__isnull=False)),
                name="area_contract_has_lump_sum_and_baseline",
            ),
            models.CheckConstraint(
                condition=~Q(kind=ContractKind.SUBSIDY) | Q(subsidy_cents__isnull=False),
                name="subsidy_has_amount",
            ),
            models.CheckConstraint(
                condition=Q(extensions_used__lte=F("extensions_max")),
                name="contract_extensions_within_options",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ContractProduct(Versioned, BaseModel):
    """A product the contract covers, with its tariff for a period (open house and area contracts)."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="products")
    product_category = models.CharField("productcategorie", max_length=2)
    product_code = models.CharField("productcode", max_length=5, blank=True)
    unit = models.CharField("eenheid (WJ756)", max_length=2, blank=True)
    tariff_cents = models.PositiveIntegerField("tarief in eurocent", null=True, blank=True)
    valid_from = models.DateField("geldig vanaf")
    valid_until = models.DateField("geldig tot en met", null=True, blank=True)

    class Meta:
        verbose_name = "gecontracteerd product"
        verbose_name_plural = "gecontracteerde producten"
        ordering = ["contract", "product_category", "product_code", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="contract_product_valid_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product_category} {self.product_code}".strip()
