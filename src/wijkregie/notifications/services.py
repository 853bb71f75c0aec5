"""The daily overview by e-mail: each active caseworker with an address and something waiting gets one
mail per working day, with counts and a link to the notifications page, never a name, BSN or case."""

import logging
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from wijkregie.accounts.constants import CASEWORK_ROLES
from wijkregie.accounts.models import User
from wijkregie.core.calendar import is_working_day

from .models import DigestSent
from .selectors import Item, attention, total

logger = logging.getLogger("wijkregie.notifications")
SUBJECT = "Wijkregie: er wacht werk op u"


def digest_text(items: list[Item]) -> str:
    lines = "\n".join(f"- {item.count} {item.label}" for item in items)
    link = f"{settings.WIJKREGIE_BASE_URL}{reverse('notifications:list')}"
    return (
        "Goedemorgen,\n\n"
        f"In Wijkregie wacht op u:\n{lines}\n\n"
        f"Bekijk het overzicht na inloggen: {link}\n\n"
        "Deze mail noemt bewust geen inwoners of zaken. U krijgt hem op werkdagen als er iets op u wacht.\n"
    )


def digests_send(today: date | None = None) -> str:
    """The recurring job. A worker already mailed today is skipped (the row is written before the mail and
    taken back when sending fails), so a second run, or two at once, sends nothing twice."""
    today = today or timezone.localdate()
    if not settings.WIJKREGIE_DIGEST_MAIL:
        return "Dagoverzicht staat uit (WIJKREGIE_DIGEST_MAIL)."
    if not is_working_day(today):
        return "Geen werkdag: geen dagoverzicht."
    already = DigestSent.objects.filter(day=today).values("user_id")
    staff = (
        User.objects.filter(is_active=True, role__in=CASEWORK_ROLES)
        .exclude(email="")
        .exclude(pk__in=already)
        .order_by("pk")
    )
    sent = 0
    for user in staff:
        items = attention(user, today)
        if not total(items):
            continue
        try:
            with transaction.atomic():
                DigestSent.objects.create(user=user, day=today, sent_at=timezone.now())
                send_mail(SUBJECT, digest_text(items), None, [user.email])
        except IntegrityError:  # another run mailed this worker just now
            continue
        sent += 1
    logger.info("dagoverzicht verstuurd", extra={"sent": sent})
    return f"{sent} dagoverzicht(en) verstuurd."
