"""Toewijzing: a granted beschikking allocated to a provider, the iWmo/iJw messages that carry it, the
providers' requests (315, 317), and the cost ledger's invoice lines."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from wijkregie.core.models import BaseModel
from wijkregie.decisions.models import Beschikking
from wijkregie.households.models import Household, Resident
from wijkregie.organisation.models import Municipality
from wijkregie.providers.models import Contract, Provider

from .constants import (
    AllocationStatus,
    Direction,
    InvoiceStatus,
    MessageStatus,
    ProviderRequestStatus,
    RequestKind,
)


class Allocation(BaseModel):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="allocations")
    beschikking = models.ForeignKey(Beschikking, on_delete=models.PROTECT, related_name="allocations")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="allocations")
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="allocations")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="allocations")
    contract = models.ForeignKey(
        Contract, on_delete=models.PROTECT, null=True, blank=True, related_name="allocations"
    )
    number = models.PositiveIntegerField("toewijzingnummer")
    law = models.CharField("wet", max_length=20)
    product_category = models.CharField("productcategorie", max_length=2)
    product_code = models.CharField("productcode", max_length=5, blank=True)
    volume = models.PositiveIntegerField("omvang", null=True, blank=True)
    unit = models.CharField("eenheid (WJ756)", max_length=2, blank=True)
    frequency = models.CharField("frequentie (WMO757)", max_length=1, blank=True)
    budget_cents = models.PositiveIntegerField("budget in eurocent", null=True, blank=True)
    start_date = models.DateField("ingangsdatum")
    end_date = models.DateField("einddatum", null=True, blank=True)
    status = models.CharField(
        "status", max_length=20, choices=AllocationStatus.choices, default=AllocationStatus.ALLOCATED
    )
    resident_choice = models.BooleanField("keuze van de inwoner", default=False)
    continuity = models.BooleanField("bekende aanbieder (continuïteit)", default=False)
    started_on = models.DateField("zorg gestart op", null=True, blank=True)
    stopped_on = models.DateField("zorg gestopt op", null=True, blank=True)
    stop_reason = models.CharField("reden beëindiging (JZ588/WMO588)", max_length=2, blank=True)
    revoked_on = models.DateField("ingetrokken op", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "toewijzing"
        verbose_name_plural = "toewijzingen"
        ordering = ["-start_date", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "number"], name="allocation_number_per_municipality"
            ),
            # A beschikking's product goes to one provider at a time: revoke before allocating again.
            models.UniqueConstraint(
                fields=["beschikking", "product_category", "product_code"],
                condition=Q(status__in=["toegewezen", "geaccepteerd", "gestart"]),
                name="one_active_allocation_per_product",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="allocation_ends_after_start",
            ),
            models.CheckConstraint(
                condition=(Q(budget_cents__isnull=True) & Q(volume__isnull=False))
                | (Q(budget_cents__isnull=False) & Q(volume__isnull=True)),
                name="allocation_volume_or_budget",
            ),
        ]
        indexes = [
            models.Index(fields=["provider", "status", "start_date"], name="allocation_provider"),
            models.Index(fields=["municipality", "start_date"], name="allocation_municipality"),
        ]

    def __str__(self) -> str:
        return f"Toewijzing {self.number}"


class Message(BaseModel):
    """One iWmo/iJw message file, sent or received. No personal data besides what the file holds: the
    row keeps the routing facts, the file's hash and, for a refused message, the element and the reason."""

    direction = models.CharField("richting", max_length=3, choices=Direction.choices)
    standard = models.CharField("standaard", max_length=4)  # iwmo | ijw
    message_type = models.CharField("bericht", max_length=3)  # 301, 302, 305, ...
    identification = models.CharField("berichtidentificatie", max_length=12, blank=True)
    sender = models.CharField("afzender", max_length=8, blank=True)
    receiver = models.CharField("ontvanger", max_length=8, blank=True)
    file_name = models.CharField("bestand", max_length=200)
    sha256 = models.CharField("controlegetal", max_length=64)
    # The file itself, so a sent message can be sent again and a received one read back.
    content = models.BinaryField("inhoud", editable=False)
    status = models.CharField("status", max_length=12, choices=MessageStatus.choices)
    errors = models.TextField("fouten", blank=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="messages"
    )
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, null=True, blank=True, related_name="messages"
    )
    allocations = models.ManyToManyField(Allocation, blank=True, related_name="messages")

    class Meta:
        verbose_name = "bericht"
        verbose_name_plural = "berichten"
        ordering = ["-created_at"]
        constraints = [
            # The same file twice is one message: a repeat changes nothing (idempotent import).
            models.UniqueConstraint(fields=["direction", "sha256"], name="message_once_per_file"),
        ]

    def __str__(self) -> str:
        return f"{self.standard.upper()} {self.message_type} {self.identification}"


class ProviderRequest(BaseModel):
    """A provider's verzoek om toewijzing (315) or verzoek om wijziging (317), answered within the
    standard's five working days."""

    kind = models.CharField("soort", max_length=3, choices=RequestKind.choices)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="provider_requests")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="requests")
    message = models.OneToOneField(Message, on_delete=models.PROTECT, related_name="provider_request")
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, null=True, blank=True, related_name="provider_requests"
    )
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    allocation = models.ForeignKey(
        Allocation, on_delete=models.PROTECT, null=True, blank=True, related_name="change_requests"
    )
    product_category = models.CharField("productcategorie", max_length=2)
    product_code = models.CharField("productcode", max_length=5, blank=True)
    status = models.CharField(
        "status", max_length=12, choices=ProviderRequestStatus.choices, default=ProviderRequestStatus.OPEN
    )
    answered_on = models.DateField("beantwoord op", null=True, blank=True)
    refusal_reason = models.CharField("reden afwijzing (WJ759)", max_length=2, blank=True)

    class Meta:
        verbose_name = "verzoek van een aanbieder"
        verbose_name_plural = "verzoeken van aanbieders"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Verzoek {self.kind} {self.uuid}"


class InvoiceImport(BaseModel):
    """One declaration file read into the ledger; the same file twice is read once."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="invoice_imports")
    file_name = models.CharField("bestand", max_length=200)
    sha256 = models.CharField("controlegetal", max_length=64)
    lines = models.PositiveIntegerField("regels", default=0)
    flagged = models.PositiveIntegerField("gemarkeerd", default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "declaratiebestand"
        verbose_name_plural = "declaratiebestanden"
        constraints = [
            models.UniqueConstraint(fields=["municipality", "sha256"], name="invoice_file_once"),
        ]

    def __str__(self) -> str:
        return self.file_name


class InvoiceLine(BaseModel):
    """Actual cost: one declared line, booked on its allocation and month, or flagged (not booked) with
    the reason, e.g. a product outside the provider's contract."""

    invoice_import = models.ForeignKey(InvoiceImport, on_delete=models.CASCADE, related_name="invoice_lines")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="invoice_lines")
    allocation = models.ForeignKey(
        Allocation, on_delete=models.PROTECT, null=True, blank=True, related_name="invoice_lines"
    )
    month = models.DateField("maand")  # the first day of the month
    product_category = models.CharField("productcategorie", max_length=2)
    product_code = models.CharField("productcode", max_length=5, blank=True)
    quantity = models.PositiveIntegerField("aantal", default=0)
    amount_cents = models.BigIntegerField("bedrag in eurocent")
    status = models.CharField("status", max_length=12, choices=InvoiceStatus.choices)
    flag_reason = models.CharField("reden", max_length=200, blank=True)

    class Meta:
        verbose_name = "declaratieregel"
        verbose_name_plural = "declaratieregels"
        indexes = [models.Index(fields=["municipality", "month", "status"], name="invoice_line_month")]
        constraints = [
            # An allocation's product is booked once per month; a second declaration is flagged, not booked.
            models.UniqueConstraint(
                fields=["allocation", "month", "product_category", "product_code"],
                condition=Q(status="geboekt"),
                name="invoice_line_booked_once",
            ),
        ]

    def __str__(self) -> str:
        return f"Declaratieregel {self.uuid}"
