"""Demo only (WIJKREGIE_DEMO_PROVIDER_ANSWERS): the built-in fake provider answers what Wijkregie sent, as
a provider's system would a little later, so the demo's allocations move on by themselves: a 302 without
remarks for an allocation just sent, then a 305 once its period has begun. The files go into the
in-folder, where message pickup reads them like any provider's. A file's name and content follow from
the 301 and the day, so a second run writes the same file again and pickup keeps it once."""

from datetime import date
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from wijkregie.integrations.istandaarden.fake_provider import retour_302, start_care_305

from ..constants import AllocationStatus, Direction
from ..models import Allocation, Message


def _latest_301(allocation: Allocation) -> Message | None:
    return (
        Message.objects.filter(allocations=allocation, direction=Direction.OUT, message_type="301")
        .order_by("-created_at", "-pk")
        .first()
    )


def demo_provider_answer(today: date | None = None) -> str:
    today = today or timezone.localdate()
    inbox = Path(settings.WIJKREGIE_MESSAGES_IN)
    inbox.mkdir(parents=True, exist_ok=True)
    answered: set[tuple[int, str]] = set()
    waiting = Allocation.objects.filter(status__in=[AllocationStatus.ALLOCATED, AllocationStatus.ACCEPTED])
    for allocation in waiting.order_by("pk"):
        message = _latest_301(allocation)
        if message is None:
            continue
        content = bytes(message.content)
        if allocation.status == AllocationStatus.ALLOCATED:
            kind, answer = "302", retour_302(content, dated_on=today)
        elif allocation.start_date <= today:
            identification = f"S{message.identification[-11:]}"
            kind, answer = (
                "305",
                start_care_305(content, started_on=allocation.start_date, identification=identification),
            )
        else:
            continue
        if (message.pk, kind) in answered:  # one answer per 301, however many products it carries
            continue
        answered.add((message.pk, kind))
        (inbox / f"demo-{kind}-{message.identification}.xml").write_bytes(answer)
    return f"{len(answered)} antwoord(en) van de nepaanbieder klaargezet."
