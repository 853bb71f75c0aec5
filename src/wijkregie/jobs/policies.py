from typing import Any

from wijkregie.accounts.constants import Role


class JobPolicy:
    """The recurring jobs serve the whole installation; the functioneel beheerder sees how they run and
    may start one now. Their summaries are counts, so no municipality's people show."""

    def __init__(self, user: Any) -> None:
        self.user = user

    def can_view(self) -> bool:
        user = self.user
        return bool(getattr(user, "is_active", False) and getattr(user, "role", "") == Role.FUNCTIONAL_ADMIN)

    can_start = can_view
