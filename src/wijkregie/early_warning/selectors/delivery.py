"""Reads for the DDAS delivery: a municipality's credentials for its page, and the credential a presented
token belongs to. A token is found by its SHA-256 through the unique index, so no stored secret is compared
character by character and an unknown token costs the same as a known one."""

import hashlib

from django.db.models import F, QuerySet

from wijkregie.organisation.models import Municipality

from ..models import DeliveryCredential


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def active_credential(token: str) -> DeliveryCredential | None:
    """The credential of `token` when it exists and is not revoked; None for anything else."""
    if not token:
        return None
    return (
        DeliveryCredential.objects.select_related("municipality")
        .filter(token_sha256=token_hash(token), revoked_at__isnull=True)
        .first()
    )


def credentials(municipality: Municipality) -> QuerySet[DeliveryCredential]:
    """Active ones first, newest first; with who made them."""
    return (
        DeliveryCredential.objects.filter(municipality=municipality)
        .select_related("made_by")
        .order_by(F("revoked_at").desc(nulls_first=True), "-created_at")
    )
