"""Toewijzing: a granted, signed beschikking allocated to a contracted provider, sent as a 301, and its
status as care starts and stops (by message, or reported by the provider's staff on the page)."""

import hashlib
from collections.abc import Iterable
from datetime import date
from typing import Any
from uuid import uuid4

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.utils import timezone

from wijkregie.accounts.models import User
from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.services import record
from wijkregie.core.concurrency import unique_or_refused
from wijkregie.core.identifiers import is_ascii_digits
from wijkregie.decisions.constants import GRANTING_OUTCOMES
from wijkregie.decisions.models import Beschikking, MaatwerkRequest
from wijkregie.households.constants import TimelineKind
from wijkregie.households.models import Household
from wijkregie.households.policies import HouseholdPolicy
from wijkregie.households.services import household_log
from wijkregie.integrations.istandaarden.messages import (
    ANSWER_REFUSED,
    ANSWER_UNDER_REVIEW,
    AllocationRequest,
    Answer319,
    ChangeRequest,
    Header,
    MessageError,
    build_319,
    parse,
)
from wijkregie.integrations.istandaarden.validation import structural_errors
from wijkregie.organisation.models import Municipality
from wijkregie.plans.constants import ChainStep
from wijkregie.plans.services import action_chain_record
from wijkregie.providers.models import Provider
from wijkregie.providers.selectors import contracted_product
from wijkregie.tasks.services import tasks_close_for_source

from ..constants import AllocationStatus, Direction, MessageStatus, ProviderRequestStatus
from ..models import Allocation, Message, ProviderRequest
from ..outgoing import allocation_message
from ..policies import AllocationPolicy, provider_request_q

ACTIVE = (AllocationStatus.ALLOCATED, AllocationStatus.ACCEPTED, AllocationStatus.STARTED)
CLIENT_NOT_SENDABLE = (
    "Het toewijzingsbericht kan niet worden gemaakt: de gegevens van de inwoner bevatten tekens die het "
    "bericht niet mag bevatten. Pas die gegevens eerst aan"
)
ALREADY_ALLOCATED = "Deze beschikking is al toegewezen. Trek die toewijzing eerst in."


def _visible_beschikking(acting_user: User, beschikking: Beschikking) -> Beschikking:
    found = (
        Beschikking.objects.filter(HouseholdPolicy(acting_user).q("request__household"), pk=beschikking.pk)
        .select_related("request__household__municipality", "request__resident", "request__provision")
        .select_related("request__reverse_test")
        .defer("letter")
        .first()
    )
    if found is None:
        raise Http404
    return found


def _next_number(municipality: Municipality) -> int:
    """Toewijzingnummers count up per municipality; the municipality row is the lock."""
    Municipality.objects.select_for_update().filter(pk=municipality.pk).first()
    highest = Allocation.objects.filter(municipality=municipality).aggregate(Max("number"))["number__max"]
    return (highest or 0) + 1


def _allocation_errors(beschikking: Beschikking, provider: Provider, on: date) -> tuple[dict, Any]:
    errors: dict[str, list[str]] = {}
    request = beschikking.request
    if beschikking.signed_on is None or request.reverse_test.outcome not in GRANTING_OUTCOMES:
        errors["__all__"] = ["Alleen een toegekende, ondertekende beschikking wordt toegewezen."]
        return errors, None
    if Allocation.objects.filter(beschikking=beschikking, status__in=ACTIVE).exists():
        errors["__all__"] = [ALREADY_ALLOCATED]
    municipality = request.household.municipality
    product = contracted_product(
        municipality, provider, request.provision.product_category, request.provision.product_code, on
    )
    if product is None:
        errors["provider"] = ["Deze aanbieder heeft geen contract voor dit product op de ingangsdatum."]
    return errors, product


def plan_action_follow(allocation: Allocation, step: ChainStep, on: date, actor: User | None = None) -> None:
    """The plan's maatwerk action behind this allocation shows how far it got (301 sent, 302, 305, 307)."""
    request = (
        MaatwerkRequest.objects.filter(beschikking=allocation.beschikking_id)
        .values("plan_action_id", "uuid")
        .first()
    )
    if request is None or request["plan_action_id"] is None:
        return
    action_chain_record(
        acting_user=actor,
        action_id=request["plan_action_id"],
        step=step,
        on=on,
        request_uuid=request["uuid"],
        detail=f"Toewijzing {allocation.number} aan {allocation.provider.organisation.name}",
    )


def allocation_create(
    *,
    acting_user: User,
    beschikking: Beschikking,
    provider: Provider,
    resident_choice: bool = False,
    channel: Channel = Channel.WEB,
) -> Allocation:
    """Allocate what the beschikking grants to a contracted provider and send the 301. A bandwidth is
    allocated at its maximum: the provider scales within it. Continuity (a provider the resident already
    had) is recorded so that it stays visible."""
    beschikking = _visible_beschikking(acting_user, beschikking)
    request = beschikking.request
    start = beschikking.start_date or timezone.localdate()
    errors, product = _allocation_errors(beschikking, provider, start)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), unique_or_refused({"__all__": [ALREADY_ALLOCATED]}):
        # Checked again under the beschikking's lock (PostgreSQL); the unique constraint on one active
        # allocation per beschikking and product decides a race on SQLite.
        Beschikking.objects.select_for_update().filter(pk=beschikking.pk).values("pk").first()
        if Allocation.objects.filter(beschikking=beschikking, status__in=ACTIVE).exists():
            raise ValidationError({"__all__": [ALREADY_ALLOCATED]})
        municipality = request.household.municipality
        allocation = Allocation.objects.create(
            municipality=municipality,
            beschikking=beschikking,
            household=request.household,
            resident=request.resident,
            provider=provider,
            contract=product.contract,
            number=_next_number(municipality),
            law=request.law,
            product_category=request.provision.product_category,
            product_code=request.provision.product_code,
            volume=beschikking.bandwidth_max or beschikking.volume,
            unit=beschikking.unit,
            frequency=beschikking.frequency,
            budget_cents=beschikking.budget_cents,
            start_date=start,
            end_date=beschikking.end_date,
            resident_choice=resident_choice,
            continuity=Allocation.objects.filter(resident=request.resident, provider=provider).exists(),
            created_by=acting_user,
        )
        message = _send_301(allocation)
        plan_action_follow(allocation, ChainStep.ALLOCATED, timezone.localdate(), acting_user)
        household_log(
            acting_user,
            request.household,
            action=Action.CREATE,
            obj=allocation,
            kind=TimelineKind.PLAN,
            description=f"Toegewezen aan {provider.organisation.name} (toewijzing {allocation.number}, "
            f"bericht {message.message_type})",
            fields=["provider", "number", "product_category", "product_code", "start_date", "end_date"],
            channel=channel,
        )
    return allocation


def _send_301(allocation: Allocation, reason_for_change: str = "") -> Message:
    """Build the 301, keep it, and hand it to the transport once the transaction stands. Data the message
    cannot carry (stored before input was checked as it is now) refuse the allocation in Dutch."""
    try:
        standard, identification, content = allocation_message(allocation, reason_for_change)
    except MessageError as error:
        raise ValidationError({"__all__": [f"{CLIENT_NOT_SENDABLE} ({error.element})"]}) from error
    return _send(
        standard=standard,
        message_type="301",
        identification=identification,
        content=content,
        municipality=allocation.municipality,
        provider=allocation.provider,
        allocations=(allocation,),
    )


def _send(
    *,
    standard: str,
    message_type: str,
    identification: str,
    content: bytes,
    municipality: Municipality,
    provider: Provider,
    allocations: Iterable[Allocation] = (),
) -> Message:
    """Keep an outgoing message (from the municipality to the provider) and hand it to the transport once
    the transaction stands."""
    from wijkregie.integrations.istandaarden.transport import get_transport

    message = Message.objects.create(
        direction=Direction.OUT,
        standard=standard,
        message_type=message_type,
        identification=identification,
        sender=municipality.cbs_code,
        receiver=provider.agb_code,
        file_name=f"{standard.upper()}{message_type}_{municipality.cbs_code}_{identification}.xml",
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        status=MessageStatus.SENT,
        municipality=municipality,
        provider=provider,
    )
    message.allocations.add(*allocations)
    name = message.file_name
    transaction.on_commit(lambda: get_transport().send(name, content))
    return message


# Reasons a municipality ends an allocation early (WMO002 / JZ002), in plain words.
REVOKE_REASONS = {
    "05": "Herbeoordeling: verkorting toewijzing",
    "07": "Verhuizing naar een andere gemeente",
    "09": "Overstap naar andere aanbieder",
    "13": "Ten onrechte verstuurd (verwijderd)",
    "14": "Administratieve correctie",
}


def allocation_revoke(
    *, acting_user: User, allocation: Allocation, end_on: date, reason: str, channel: Channel = Channel.WEB
) -> Allocation:
    """End an allocation early: it ends on `end_on` and the provider gets the 301 again with the reason."""
    with transaction.atomic():
        found = (
            Allocation.objects.select_for_update()
            .filter(HouseholdPolicy(acting_user).q("household"), pk=allocation.pk)
            .select_related("household", "municipality", "provider__organisation", "resident")
            .first()
        )
        if found is None:
            raise Http404
        errors: dict[str, list[str]] = {}
        if found.status not in ACTIVE:
            errors["__all__"] = [f"De toewijzing is {found.get_status_display().lower()}."]
        if reason not in REVOKE_REASONS:
            errors["reason"] = ["Kies de reden van de intrekking."]
        if end_on < found.start_date or (found.end_date is not None and end_on > found.end_date):
            errors["end_on"] = ["De einddatum moet binnen de periode van de toewijzing liggen."]
        if errors:
            raise ValidationError(errors)
        found.status = AllocationStatus.REVOKED
        found.revoked_on = timezone.localdate()
        found.end_date = end_on
        found.save(update_fields=["status", "revoked_on", "end_date", "updated_at"])
        _send_301(found, reason_for_change=reason)
        plan_action_follow(found, ChainStep.REVOKED, found.revoked_on, acting_user)
        household_log(
            acting_user,
            found.household,
            action=Action.UPDATE,
            obj=found,
            kind=TimelineKind.PLAN,
            description=f"Toewijzing {found.number} ingetrokken per {end_on:%d-%m-%Y}: "
            f"{REVOKE_REASONS[reason]}",
            fields=["status", "revoked_on", "end_date"],
            channel=channel,
        )
    return found


# -- start and stop of care ----------------------------------------------------------------------------------
def _provider_allocation(acting_user: User, allocation: Allocation) -> Allocation:
    """For the provider's staff: the allocation locked, 404 when not theirs (casework never reports care)."""
    if not AllocationPolicy(acting_user).is_provider_staff():
        raise Http404
    found = (
        Allocation.objects.select_for_update()
        .filter(AllocationPolicy(acting_user).q(), pk=allocation.pk)
        .select_related("household")
        .first()
    )
    if found is None:
        raise Http404
    return found


def care_started(allocation: Allocation, started_on: date, actor: User | None = None) -> bool:
    """Apply a start of care (305 or the page). False when it changes nothing (already started then)."""
    if allocation.status == AllocationStatus.STARTED and allocation.started_on == started_on:
        return False
    if allocation.status not in (
        AllocationStatus.ALLOCATED,
        AllocationStatus.ACCEPTED,
        AllocationStatus.STARTED,
    ):
        raise ValidationError({"__all__": [f"De toewijzing is {allocation.get_status_display().lower()}."]})
    if started_on < allocation.start_date or (allocation.end_date and started_on > allocation.end_date):
        raise ValidationError({"started_on": ["De begindatum valt buiten de periode van de toewijzing."]})
    allocation.status = AllocationStatus.STARTED
    allocation.started_on = started_on
    allocation.save(update_fields=["status", "started_on", "updated_at"])
    plan_action_follow(allocation, ChainStep.STARTED, started_on, actor)
    return True


def care_stopped(allocation: Allocation, stopped_on: date, reason: str, actor: User | None = None) -> bool:
    """Apply a stop of care (307 or the page), with its reason code (WMO588/JZ588)."""
    if allocation.status == AllocationStatus.STOPPED and allocation.stopped_on == stopped_on:
        return False
    if allocation.status != AllocationStatus.STARTED or allocation.started_on is None:
        raise ValidationError({"__all__": ["Zorg kan pas stoppen als die is gestart."]})
    if stopped_on < allocation.started_on:
        raise ValidationError({"stopped_on": ["De einddatum ligt vóór de start van de zorg."]})
    if not reason or not is_ascii_digits(reason) or len(reason) != 2:
        raise ValidationError({"stop_reason": ["Kies de reden van beëindiging."]})
    allocation.status = AllocationStatus.STOPPED
    allocation.stopped_on = stopped_on
    allocation.stop_reason = reason
    allocation.save(update_fields=["status", "stopped_on", "stop_reason", "updated_at"])
    plan_action_follow(allocation, ChainStep.STOPPED, stopped_on, actor)
    return True


def allocation_report_start(
    *, acting_user: User, allocation: Allocation, started_on: date, channel: Channel = Channel.WEB
) -> Allocation:
    """The provider reports the start of care on the page instead of a 305."""
    with transaction.atomic():
        allocation = _provider_allocation(acting_user, allocation)
        if started_on > timezone.localdate():
            raise ValidationError({"started_on": ["De begindatum kan niet in de toekomst liggen."]})
        if care_started(allocation, started_on, acting_user):
            _log(
                acting_user,
                allocation,
                f"Zorg gestart op {started_on:%d-%m-%Y}",
                ["status", "started_on"],
                channel,
            )
    return allocation


def allocation_report_stop(
    *,
    acting_user: User,
    allocation: Allocation,
    stopped_on: date,
    reason: str,
    channel: Channel = Channel.WEB,
) -> Allocation:
    """The provider reports the end of care on the page instead of a 307."""
    with transaction.atomic():
        allocation = _provider_allocation(acting_user, allocation)
        if stopped_on > timezone.localdate():
            raise ValidationError({"stopped_on": ["De einddatum kan niet in de toekomst liggen."]})
        if care_stopped(allocation, stopped_on, reason, acting_user):
            _log(
                acting_user,
                allocation,
                f"Zorg gestopt op {stopped_on:%d-%m-%Y}",
                ["status", "stopped_on", "stop_reason"],
                channel,
            )
    return allocation


def _log(
    acting_user: User, allocation: Allocation, description: str, fields: list[str], channel: Channel
) -> None:
    household = Household.objects.get(pk=allocation.household_id)
    household_log(
        acting_user,
        household,
        action=Action.UPDATE,
        obj=allocation,
        kind=TimelineKind.PLAN,
        description=f"Toewijzing {allocation.number}: {description.lower()}",
        fields=fields,
        channel=channel,
    )


# -- answering a provider's request (315 / 317) -------------------------------------------------------------
REFUSAL_REASONS = {  # WJ759, reden afwijzing verzoek
    "1": "Geen wijziging, maar nieuwe aanvraag",
    "2": "Past niet binnen budget",
    "3": "Geen contract",
    "4": "Past niet binnen contract",
    "5": "Andere gemeente",
    "6": "Stapeling",
    "7": "Zorginhoudelijke afkeur",
    "8": "Woonplaatsbeginsel",
    "9": "Leeftijdsgrens is bereikt",
}


def provider_request_answer(
    *,
    acting_user: User,
    provider_request: ProviderRequest,
    granted: bool,
    refusal_reason: str = "",
    channel: Channel = Channel.WEB,
) -> ProviderRequest:
    """Record the answer to a verzoek om toewijzing or wijziging, send the provider the 319 and close the
    five-day term. A grant is followed by the usual path (aanvraag, beschikking, toewijzing with its 301)."""
    with transaction.atomic():
        found = (
            ProviderRequest.objects.select_for_update(of=("self",))
            .filter(pk=provider_request.pk)
            .filter(provider_request_q(acting_user))
            .select_related("household", "message", "municipality", "provider", "allocation")
            .first()
        )
        if found is None:
            raise Http404
        if found.status != ProviderRequestStatus.OPEN:
            raise ValidationError({"__all__": ["Dit verzoek is al beantwoord."]})
        if not granted and refusal_reason not in REFUSAL_REASONS:
            raise ValidationError({"refusal_reason": ["Kies de reden van de afwijzing."]})
        today = timezone.localdate()
        found.status = ProviderRequestStatus.GRANTED if granted else ProviderRequestStatus.REFUSED
        found.answered_on = today
        found.refusal_reason = "" if granted else refusal_reason
        found.save(update_fields=["status", "answered_on", "refusal_reason", "updated_at"])
        _send_319(found)
        tasks_close_for_source(source_uuid=found.uuid, on=today, actor=acting_user)
        record(
            actor=acting_user,
            action=Action.UPDATE,
            obj=found,
            household_uuid=found.household.uuid if found.household else None,
            fields=["status", "answered_on", "refusal_reason"],
            channel=channel,
        )
    return found


def _send_319(provider_request: ProviderRequest) -> list[Message]:
    """The 319 (antwoordbericht) for an answered request, built from the request's own message and sent.

    WJ760 has no "granted": only 1 (verzoek afgewezen) and 2 (aanvraag in onderzoek). A refusal is 1 with
    its WJ759 reason. A grant is 2: the request is taken up, and the allocation itself reaches the provider
    later as a 301, through aanvraag, beschikking and toewijzing. The 319 names the request by the
    provider's ReferentieAanbieder; a 315 carries one per requested product, so each gets its own 319
    (a 317 has one)."""
    request = _original_request(provider_request.message)
    refused = provider_request.status == ProviderRequestStatus.REFUSED
    if isinstance(request, ChangeRequest):
        references = [request.provider_reference]
    else:
        references = list(dict.fromkeys(product.provider_reference for product in request.products))
    municipality, provider = provider_request.municipality, provider_request.provider
    allocation = provider_request.allocation  # a 317 is about one of our allocations
    allocations = [] if allocation is None else [allocation]
    sent = []
    for reference in references:
        identification = uuid4().hex[:12].upper()
        answer = Answer319(
            header=Header(
                standard=request.header.standard,
                message_type="319",
                sender=municipality.cbs_code,
                receiver=provider.agb_code,
                identification=identification,
                dated_on=timezone.localdate(),
            ),
            provider_reference=reference,
            answer=ANSWER_REFUSED if refused else ANSWER_UNDER_REVIEW,
            refusal_reason=provider_request.refusal_reason if refused else "",
        )
        if structural_errors(answer):
            raise ValidationError({"__all__": ["Het antwoordbericht (319) kan niet worden gemaakt."]})
        sent.append(
            _send(
                standard=request.header.standard,
                message_type="319",
                identification=identification,
                content=build_319(answer),
                municipality=municipality,
                provider=provider,
                allocations=allocations,
            )
        )
    return sent


def _original_request(message: Message) -> AllocationRequest | ChangeRequest:
    """The 315 or 317 as it came in (it was read and checked then, so this only fails on a damaged row)."""
    try:
        request = parse(bytes(message.content))
    except MessageError:
        request = None
    if not isinstance(request, AllocationRequest | ChangeRequest):
        raise ValidationError(
            {"__all__": ["Het oorspronkelijke verzoek is niet te lezen; er is geen antwoordbericht gemaakt."]}
        )
    return request
