"""Incoming iWmo/iJw messages: read from the transport, checked (the official XSD when present, the
project's own structural checks always), and applied in one transaction each.

A message that cannot be read or applied is refused with its element and reason, kept as rejected, and
moved aside by the transport; it changes nothing. The same file twice is recognised by its hash and
changes nothing the second time. A start or stop for an allocation Wijkregie does not know is reported,
never guessed."""

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.services import record
from wijkregie.core.identifiers import search_key
from wijkregie.households.constants import TimelineKind
from wijkregie.households.models import Household, HouseholdMembership, Resident
from wijkregie.households.services import household_log
from wijkregie.integrations.istandaarden.messages import parse
from wijkregie.integrations.istandaarden.messages.types import (
    AllocationRequest,
    ChangeRequest,
    MessageError,
    Retour,
    StartCare,
    StopCare,
)
from wijkregie.integrations.istandaarden.transport import Transport, get_transport
from wijkregie.integrations.istandaarden.validation import structural_errors, xsd_errors
from wijkregie.organisation.models import Municipality
from wijkregie.plans.constants import ChainStep
from wijkregie.providers.models import Provider
from wijkregie.tasks.constants import Term
from wijkregie.tasks.services import term_task_open

from ..constants import AllocationStatus, Direction, MessageStatus, RequestKind
from ..models import Allocation, Message, ProviderRequest
from .allocation import care_started, care_stopped, plan_action_follow

NO_REMARK = {"0200", "0233"}  # WJ001: no remark on this class, class not assessed
WITHDRAWN = "3"  # COD467: the earlier delivery is withdrawn
PROCESSED, REJECTED, REPEATED = "verwerkt", "afgewezen", "herhaald"
OTHER_CLIENT = "hoort niet bij de cliënt van deze toewijzing"


@dataclass
class ReceiveSummary:
    processed: int = 0
    rejected: int = 0
    repeated: int = 0
    reasons: list[str] = field(default_factory=list)  # "file: element: reason", without personal data


def messages_receive(transport: Transport | None = None) -> ReceiveSummary:
    """Read everything the transport has, one message at a time."""
    transport = transport or get_transport()
    summary = ReceiveSummary()
    for incoming in transport.receive():
        if incoming.refusal:
            outcome, reason = message_refuse(incoming.name, incoming.refusal)
        else:
            outcome, reason = message_receive(incoming.name, incoming.content)
        setattr(summary, outcome_attr(outcome), getattr(summary, outcome_attr(outcome)) + 1)
        if reason:
            summary.reasons.append(f"{incoming.name}: {reason}")
        transport.acknowledge(incoming, accepted=outcome != REJECTED)
    return summary


def message_refuse(name: str, reason: str) -> tuple[str, str]:
    """A file the transport would not read (a link, too big, an odd name): kept as a refused message
    without content, so the message page shows it with its reason."""
    sha = hashlib.sha256(f"{name}\n{reason}".encode()).hexdigest()
    try:
        with transaction.atomic():
            _keep(_plain(name), b"", sha, None, MessageStatus.REJECTED, reason)
    except IntegrityError:  # the same refusal seen before
        return REPEATED, ""
    return REJECTED, reason


def _plain(name: str) -> str:
    """A file name as it may be shown and stored: other characters (a newline) become an underscore."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", name)[:200]


def outcome_attr(outcome: str) -> str:
    return {PROCESSED: "processed", REJECTED: "rejected", REPEATED: "repeated"}[outcome]


def message_receive(name: str, content: bytes) -> tuple[str, str]:
    """(outcome, reason) for one file: processed, rejected (with the element and reason) or repeated."""
    sha = hashlib.sha256(content).hexdigest()
    if Message.objects.filter(direction=Direction.IN, sha256=sha).exists():
        return REPEATED, ""
    parsed: Any = None
    try:
        parsed = parse(content)
        header = parsed.header
        apply = APPLY.get(type(parsed))
        if apply is None:  # e.g. a 301: Wijkregie sends those, it does not receive them
            raise MessageError(
                "Header/BerichtCode", f"een {header.message_type}-bericht ontvangt Wijkregie niet"
            )
        if _identification_used(header):
            raise MessageError(
                "Header/BerichtIdentificatie/Identificatie", "al eerder ontvangen met een andere inhoud"
            )
        problems = xsd_errors(content, header.standard, header.message_type) or []
        problems += structural_errors(parsed)
        if problems:
            raise MessageError("Bericht", "; ".join(problems[:5]))
        with transaction.atomic():
            message = _keep(name, content, sha, parsed, MessageStatus.PROCESSED, "")
            apply(parsed, message)
    except MessageError as error:
        reason = f"{error.element}: {error.reason}"
        try:
            with transaction.atomic():
                _keep(name, content, sha, parsed, MessageStatus.REJECTED, reason)
        except IntegrityError:  # the same file kept by a pickup running at the same moment
            return REPEATED, ""
        return REJECTED, reason
    except IntegrityError:  # the same file processed by a pickup running at the same moment
        return REPEATED, ""
    return PROCESSED, ""


def _keep(name: str, content: bytes, sha: str, parsed: Any, status: str, errors: str) -> Message:
    header = getattr(parsed, "header", None)
    municipality_code, provider_code = (header.receiver, header.sender) if header else ("", "")
    if header and header.message_type == "302":  # a 302 keeps the 301's header: the municipality sent it
        municipality_code, provider_code = provider_code, municipality_code
    message = Message.objects.create(
        direction=Direction.IN,
        standard=header.standard if header else "",
        message_type=header.message_type if header else "",
        identification=header.identification[:12] if header else "",
        sender=header.sender[:8] if header else "",
        receiver=header.receiver[:8] if header else "",
        file_name=_plain(name),
        sha256=sha,
        content=content,
        status=status,
        errors=errors,
        municipality=Municipality.objects.filter(cbs_code=municipality_code).first() if header else None,
        provider=Provider.objects.filter(agb_code=provider_code).first() if header else None,
    )
    record(actor=None, action=Action.CREATE, obj=message, fields=["status"], channel=Channel.SYSTEM)
    return message


def _allocation(message: Message, number: int | None, element: str) -> Allocation:
    """The allocation a provider's message is about: by the municipality it was sent to and its number,
    and only when that provider holds it."""
    found = (
        Allocation.objects.select_for_update()
        .filter(municipality=message.municipality, number=number, provider=message.provider)
        .select_related("household", "resident")
        .first()
        if number is not None and message.municipality and message.provider
        else None
    )
    if found is None:
        raise MessageError(element, "onbekende toewijzing voor deze aanbieder en gemeente")
    message.allocations.add(found)
    return found


def _identification_used(header: Any) -> bool:
    """A provider's BerichtIdentificatie names one message: the same one with other bytes is no repeat."""
    return Message.objects.filter(
        direction=Direction.IN,
        message_type=header.message_type,
        sender=header.sender[:8],
        identification=header.identification[:12],
        status=MessageStatus.PROCESSED,
    ).exists()


def _same_client(allocation: Allocation, client: Any) -> None:
    """A start or stop must be about the person the allocation is for: another BSN, or the same BSN with
    another surname or birth date, is refused, not applied."""
    resident = allocation.resident
    if resident.bsn != client.bsn:
        raise MessageError("Client/Bsn", "hoort niet bij deze toewijzing")
    if search_key(client.surname) != search_key(resident.surname):
        raise MessageError(
            "Client/Naam/Geslachtsnaam/Achternaam", "hoort niet bij de cliënt van deze toewijzing"
        )
    if client.birth_date != resident.birth_date:
        raise MessageError("Client/Geboortedatum/Datum", "hoort niet bij de cliënt van deze toewijzing")


def _timeline(allocation: Allocation, description: str, fields: list[str]) -> None:
    household_log(
        None,
        allocation.household,
        action=Action.UPDATE,
        obj=allocation,
        kind=TimelineKind.PLAN,
        description=f"Toewijzing {allocation.number}: {description}",
        fields=fields,
        channel=Channel.SYSTEM,
    )


def _apply_retour(retour: Retour, message: Message) -> None:
    """A 302 answers one of our 301s: without error codes the allocations are received; with codes on the
    message as a whole, or on a product, the allocation is refused by the provider. The 302 keeps the 301's
    header, so its BerichtIdentificatie, Afzender and Ontvanger are those of the 301 (IdentificatieRetour
    is the retour's own)."""
    header = retour.header
    original = Message.objects.filter(
        direction=Direction.OUT,
        message_type="301",
        identification=header.identification,
        sender=header.sender,
        receiver=header.receiver,
    ).first()
    if original is None:
        raise MessageError(
            "Header/BerichtIdentificatie/Identificatie", "geen verstuurd bericht met deze identificatie"
        )
    product_elements = {f"ToegewezenProduct[{n}]" for n in range(1, len(retour.products) + 1)}
    whole = sorted({c.code for c in retour.error_codes if not any(p in c.element for p in product_elements)})
    numbers = {p.allocation_number: p.codes for p in retour.products}
    for allocation in original.allocations.select_for_update().select_related("household"):
        errors = sorted(set(whole) | (set(numbers.get(allocation.number, ())) - NO_REMARK))
        message.allocations.add(allocation)
        if errors:
            message.errors = f"Toewijzing {allocation.number}: retourcodes {', '.join(errors)}"
            message.save(update_fields=["errors", "updated_at"])
            # A 302 answers the 301: it does not undo a revoke or a start that came in before it.
            if allocation.status in (AllocationStatus.ALLOCATED, AllocationStatus.ACCEPTED):
                allocation.status = AllocationStatus.REJECTED
                _timeline(allocation, f"afgekeurd door de aanbieder ({', '.join(errors)})", ["status"])
                plan_action_follow(allocation, ChainStep.NOT_ACCEPTED, timezone.localdate())
        elif allocation.status == AllocationStatus.ALLOCATED:
            allocation.status = AllocationStatus.ACCEPTED
            _timeline(allocation, "ontvangen door de aanbieder (302)", ["status"])
            plan_action_follow(allocation, ChainStep.ACCEPTED, timezone.localdate())
        allocation.save(update_fields=["status", "updated_at"])


def _apply_start(start: StartCare, message: Message) -> None:
    for position, product in enumerate(start.products, start=1):
        element = f"Client/StartProducten/StartProduct[{position}]/ToewijzingNummer"
        allocation = _allocation(message, product.allocation_number, element)
        _same_client(allocation, start.client)
        if product.status == WITHDRAWN and allocation.status == AllocationStatus.STARTED:
            allocation.status, allocation.started_on = AllocationStatus.ACCEPTED, None
            allocation.save(update_fields=["status", "started_on", "updated_at"])
            _timeline(allocation, "start van de zorg ingetrokken (305)", ["status", "started_on"])
            plan_action_follow(allocation, ChainStep.ACCEPTED, timezone.localdate())
        elif _validated(element, partial(care_started, allocation, product.start)):
            _timeline(allocation, f"zorg gestart op {product.start:%d-%m-%Y} (305)", ["status", "started_on"])


def _apply_stop(stop: StopCare, message: Message) -> None:
    for position, product in enumerate(stop.products, start=1):
        element = f"Client/StopProducten/StopProduct[{position}]/ToewijzingNummer"
        allocation = _allocation(message, product.allocation_number, element)
        _same_client(allocation, stop.client)
        if _validated(element, partial(care_stopped, allocation, product.end, product.reason)):
            _timeline(allocation, f"zorg gestopt op {product.end:%d-%m-%Y} (307)", ["status", "stopped_on"])


def _validated(element: str, apply: Callable[[], bool]) -> bool:
    """A service refusal becomes the message's refusal, with the element."""
    from django.core.exceptions import ValidationError

    try:
        return apply()
    except ValidationError as error:
        raise MessageError(element, " ".join(error.messages)) from error


def _resident(municipality: Municipality | None, bsn: str) -> tuple[Household | None, Resident | None]:
    resident = Resident.objects.filter(bsn=bsn).first()
    if resident is None or municipality is None:
        return None, None
    membership = (
        HouseholdMembership.objects.current()
        .filter(resident=resident, household__municipality=municipality)
        .select_related("household")
        .first()
    )
    household = membership.household if membership is not None else None
    return household, resident if household else None


def _request(
    message: Message, kind: str, household: Any, resident: Any, allocation: Any, product: Any
) -> None:
    municipality, provider = message.municipality, message.provider
    if municipality is None or provider is None:
        raise MessageError("Header", "onbekende gemeente of aanbieder")
    provider_request = ProviderRequest.objects.create(
        kind=kind,
        municipality=municipality,
        provider=provider,
        message=message,
        household=household,
        resident=resident,
        allocation=allocation,
        product_category=getattr(product, "product_category", "") or "",
        product_code=getattr(product, "product_code", "") or "",
    )
    if household is not None:
        term_task_open(
            household=household,
            term=Term.PROVIDER_REQUEST_ANSWER,
            start_date=timezone.localdate(),  # the day it came in, here (created_at is UTC)
            source=provider_request,
        )


def _apply_allocation_request(request: AllocationRequest, message: Message) -> None:
    if message.municipality is None or message.provider is None:
        raise MessageError("Header", "onbekende gemeente of aanbieder")
    household, resident = _resident(message.municipality, request.client.bsn)
    first = request.products[0] if request.products else None
    # One message is one request (a provider asks for one trajectory); the products are in the file.
    _request(message, RequestKind.ALLOCATION, household, resident, None, first)


def _apply_change_request(request: ChangeRequest, message: Message) -> None:
    numbers = [c.allocation_number for c in request.changes] or list(request.unchanged)
    element = "Client/Verzoek/TeWijzigenProducten/TeWijzigenProduct[1]/ToewijzingNummer"
    allocation = _allocation(message, numbers[0] if numbers else None, element)
    household = Household.objects.get(pk=allocation.household_id)
    product = request.new_products[0] if request.new_products else allocation
    _request(message, RequestKind.CHANGE, household, allocation.resident, allocation, product)


APPLY: dict[type, Callable[[Any, Message], None]] = {
    Retour: _apply_retour,
    StartCare: _apply_start,
    StopCare: _apply_stop,
    AllocationRequest: _apply_allocation_request,
    ChangeRequest: _apply_change_request,
}


def messages_pickup() -> str:
    """The recurring job: everything the transport has, processed; the summary in counts."""
    summary = messages_receive()
    return (
        f"Verwerkt: {summary.processed}, afgewezen: {summary.rejected}, "
        f"al eerder ontvangen: {summary.repeated}."
    )
