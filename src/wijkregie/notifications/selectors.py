"""What waits for this worker now, in counts, each with the page where it is: legal terms and herindicatie
reminders overdue and due within three working days (their own), decisions awaiting their second
signature, provider requests (315/317) they may answer. The same list feeds the header's count, the page
and the daily mail."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from wijkregie.accounts.constants import CASEWORK_ROLES, Role
from wijkregie.allocations.selectors.allocation import open_provider_requests
from wijkregie.decisions.selectors import awaiting_second_signature
from wijkregie.tasks.selectors import attention_counts

# Who can be asked for a second signature or to answer a provider: the queue roles of the landing page.
SIGNING_ROLES = frozenset({Role.TEAMLEIDER, Role.BACKOFFICE})


@dataclass(frozen=True)
class Item:
    key: str
    count: int
    label: str  # reads after the count: "3 termijnen zijn verstreken"
    url_name: str


def attention(user: Any, today: date | None = None) -> list[Item]:
    """The items with a count above nought. Nothing for roles without casework."""
    role = getattr(user, "role", "")
    if not getattr(user, "is_active", False) or role not in CASEWORK_ROLES:
        return []
    today = today or timezone.localdate()
    terms = attention_counts(user, today=today)
    items = [
        Item("overdue", terms["overdue"], "termijn(en) verstreken", "tasks:my_tasks"),
        Item("due_soon", terms["due_soon"], "termijn(en) verlopen binnen drie werkdagen", "tasks:my_tasks"),
    ]
    if role in SIGNING_ROLES:
        items.append(
            Item(
                "signatures",
                len(awaiting_second_signature(user)),
                "besluit(en) wachten op uw tweede handtekening",
                "home",
            )
        )
        items.append(
            Item(
                "provider_requests",
                len(open_provider_requests(user)),
                "verzoek(en) van aanbieders te beantwoorden",
                "home",
            )
        )
    return [item for item in items if item.count]


def total(items: list[Item]) -> int:
    return sum(item.count for item in items)
