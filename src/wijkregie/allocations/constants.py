from django.db import models


class AllocationStatus(models.TextChoices):
    """Follows the message flow: 301 sent, 302 without errors, 305, 307; or refused by the provider's
    302, or revoked by the municipality."""

    ALLOCATED = "toegewezen", "Toegewezen (301 verstuurd)"
    ACCEPTED = "geaccepteerd", "Ontvangen door de aanbieder (302 zonder fouten)"
    REJECTED = "afgekeurd", "Afgekeurd door de aanbieder (302 met fouten)"
    STARTED = "gestart", "Zorg gestart (305)"
    STOPPED = "gestopt", "Zorg gestopt (307)"
    REVOKED = "ingetrokken", "Ingetrokken"


class Direction(models.TextChoices):
    OUT = "uit", "Verstuurd"
    IN = "in", "Ontvangen"


class MessageStatus(models.TextChoices):
    SENT = "verstuurd", "Verstuurd"
    PROCESSED = "verwerkt", "Verwerkt"
    REJECTED = "afgewezen", "Afgewezen"


class RequestKind(models.TextChoices):
    ALLOCATION = "315", "Verzoek om toewijzing (315)"
    CHANGE = "317", "Verzoek om wijziging (317)"


class ProviderRequestStatus(models.TextChoices):
    OPEN = "open", "Open"
    GRANTED = "toegewezen", "Toegewezen"
    REFUSED = "afgewezen", "Afgewezen"


class InvoiceStatus(models.TextChoices):
    BOOKED = "geboekt", "Geboekt"
    FLAGGED = "gemarkeerd", "Gemarkeerd, niet geboekt"
