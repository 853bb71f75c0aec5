"""Who sees the steering figures: beleid and the contractmanager of a municipality, of that municipality
only, and always with small cells hidden (the figures hold no person, and must not point to one). Everyone
else: 404."""

from typing import Any

from django.http import Http404

from wijkregie.accounts.constants import Role
from wijkregie.organisation.models import Municipality

STEERING_ROLES = frozenset({Role.POLICY_OFFICER, Role.CONTRACT_MANAGER})


class SteeringPolicy:
    def __init__(self, user: Any) -> None:
        self.user = user

    def can_view(self) -> bool:
        """Without a query: the role and a municipality of one's own."""
        user = self.user
        return bool(
            user
            and user.is_authenticated
            and user.is_active
            and user.municipality_id
            and user.role in STEERING_ROLES
        )

    def municipality_or_404(self, municipality: Municipality | None = None) -> Municipality:
        """The user's own municipality (or the one asked for, when it is theirs)."""
        if not self.can_view():
            raise Http404
        if municipality is not None:
            if municipality.pk != self.user.municipality_id:
                raise Http404
            return municipality
        found = Municipality.objects.filter(pk=self.user.municipality_id).first()
        if found is None:
            raise Http404
        return found
