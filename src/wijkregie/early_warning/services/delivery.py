"""The DDAS Vroegsignalering delivery to CBS (docs/vroegsignalering.md, "Levering aan CBS"): the functioneel
beheerder downloads it, or makes a credential with which CBS pulls it page by page. Every delivery writes
one EXPORT row naming the municipality, the period and the page, never a person. A credential's token is
shown once; only its SHA-256 is kept."""

import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from wijkregie.accounts.models import User
from wijkregie.audit import services as audit
from wijkregie.audit.constants import Action, Channel
from wijkregie.organisation.models import Municipality

from .. import ddas
from ..models import DeliveryCredential
from ..policies import EarlyWarningPolicy
from ..selectors import delivery as selectors

DELIVERY = "early_warning.ddas_levering"  # the audit rows' object type
END_BEFORE_START = "De einddatum ligt voor de startdatum."
NO_SUCH_PAGE = "Deze pagina bestaat niet."
PAGE_SIZE_RANGE = f"Geef een aantal van 1 tot en met {ddas.MAX_PAGE_SIZE}."
LABEL_MISSING = "Geef de sleutel een omschrijving, bijvoorbeeld ‘CBS productie’."
LABEL_TOO_LONG = "De omschrijving is langer dan 100 tekens."
TOKEN_BYTES = 32  # 256 bits of randomness, 43 characters


class UnknownCredential(Exception):
    """No active credential for the presented token: unknown and revoked alike."""


@dataclass(frozen=True)
class Delivery:
    """A downloaded delivery: its file name (no personal data) and its JSON text in pieces."""

    filename: str
    chunks: Iterator[str]
    signals: int
    has_contact: bool


@dataclass(frozen=True)
class PulledPage:
    """One page as CBS pulls it: `{"paginering": {...}, "gegevens": <exchange document>}` in pieces."""

    page_size: int
    current_page: int
    total_pages: int
    total_records: int
    chunks: Iterator[str]


def period_check(start: date, end: date) -> None:
    if end < start:
        raise ValidationError({"einddatum": [END_BEFORE_START]})


def delivery_filename(municipality: Municipality, start: date, end: date) -> str:
    return f"ddas-vroegsignalering-{municipality.cbs_code}-{start:%Y%m%d}-{end:%Y%m%d}.json"


def delivery_export(
    *,
    acting_user: User,
    municipality: Municipality,
    start: date,
    end: date,
    channel: Channel = Channel.WEB,
) -> Delivery:
    """The whole period as one exchange document, for the municipality's functioneel beheerder."""
    if not EarlyWarningPolicy(acting_user).can_deliver(municipality):
        raise Http404
    period_check(start, end)
    scope = ddas.Scope(municipality, start, end)
    total = ddas.signal_total(scope)
    organisation = ddas.delivering_organisation(municipality)
    with transaction.atomic():
        audit.record(
            actor=acting_user,
            action=Action.EXPORT,
            obj=municipality,
            object_type=DELIVERY,
            channel=channel,
            fields=[f"periode={start.isoformat()}/{end.isoformat()}", f"signalen={total}"],
        )
    chunks = ddas.document_chunks(
        scope,
        supplier_code=settings.WIJKREGIE_DDAS_SUPPLIER_CODE,
        delivered_at=timezone.now(),
        organisation=organisation,
    )
    return Delivery(
        filename=delivery_filename(municipality, start, end),
        chunks=chunks,
        signals=total,
        has_contact=ddas.has_contact(organisation),
    )


def delivery_credential_create(
    *, acting_user: User, municipality: Municipality, label: str
) -> tuple[DeliveryCredential, str]:
    """A new credential and its token, which is shown this once and kept nowhere."""
    if not EarlyWarningPolicy(acting_user).can_deliver(municipality):
        raise Http404
    label = " ".join(label.split())
    if not label:
        raise ValidationError({"label": [LABEL_MISSING]})
    if len(label) > 100:
        raise ValidationError({"label": [LABEL_TOO_LONG]})
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with transaction.atomic():
        credential = DeliveryCredential.objects.create(
            municipality=municipality,
            label=label,
            token_sha256=selectors.token_hash(token),
            made_by=acting_user,
        )
        audit.record(actor=acting_user, action=Action.CREATE, obj=credential, fields=["label"])
    return credential, token


def delivery_credential_revoke(*, acting_user: User, credential: DeliveryCredential) -> bool:
    """Revoke at once; False when it already was (nothing changes then, nothing is written)."""
    if not EarlyWarningPolicy(acting_user).can_deliver(credential.municipality):
        raise Http404
    with transaction.atomic():
        changed = DeliveryCredential.objects.filter(pk=credential.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if changed:
            audit.record(actor=acting_user, action=Action.UPDATE, obj=credential, fields=["revoked_at"])
    return bool(changed)


def delivery_pull(
    *,
    token: str,
    municipality_code: str,
    start: date,
    end: date,
    page: int = 1,
    page_size: int = ddas.MAX_PAGE_SIZE,
) -> PulledPage:
    """A page of the delivery for CBS. An unknown or revoked token raises UnknownCredential (the API's
    401); a municipality other than the credential's is a 404, as if it did not exist."""
    credential = selectors.active_credential(token)
    if credential is None:
        raise UnknownCredential
    municipality = credential.municipality
    if municipality.cbs_code != municipality_code:
        raise Http404
    period_check(start, end)
    if not 1 <= page_size <= ddas.MAX_PAGE_SIZE:
        raise ValidationError({"pageSize": [PAGE_SIZE_RANGE]})
    scope = ddas.Scope(municipality, start, end)
    total = ddas.signal_total(scope)
    pages = ddas.page_total(total, page_size)
    if not 1 <= page <= pages:
        raise ValidationError({"currentPage": [NO_SUCH_PAGE]})
    now = timezone.now()
    with transaction.atomic():
        DeliveryCredential.objects.filter(pk=credential.pk).update(last_used_at=now)
        audit.record(
            actor=None,
            action=Action.EXPORT,
            obj=credential,
            object_type=DELIVERY,
            channel=Channel.API,
            fields=[
                f"gemeente={municipality.cbs_code}",
                f"periode={start.isoformat()}/{end.isoformat()}",
                f"pagina={page}/{pages}",
                f"signalen={total}",
            ],
        )
    paging = {"pageSize": page_size, "currentPage": page, "totalPages": pages, "totalRecords": total}
    document = ddas.document_chunks(
        scope,
        supplier_code=settings.WIJKREGIE_DDAS_SUPPLIER_CODE,
        delivered_at=now,
        page=page,
        page_size=page_size,
    )
    return PulledPage(
        page_size=page_size,
        current_page=page,
        total_pages=pages,
        total_records=total,
        chunks=_wrapped(paging, document),
    )


def _wrapped(paging: dict[str, int], document: Iterator[str]) -> Iterator[str]:
    yield f'{{"paginering":{ddas.dump(paging)},"gegevens":'
    yield from document
    yield "}"
