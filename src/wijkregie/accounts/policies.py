from typing import Any

from django.db.models import QuerySet

from wijkregie.core.policies import Policy

from .constants import Role
from .models import User


class StaffPolicy(Policy[User]):
    """Staff accounts are managed by the functioneel beheerder; nobody else sees the staff list."""

    model = User

    def can_manage(self) -> bool:
        user: Any = self.user
        return bool(user and user.is_authenticated and user.is_active and user.role == Role.FUNCTIONAL_ADMIN)

    def visible(self) -> QuerySet[User]:
        if not self.can_manage():
            return User.objects.none()
        return User.objects.all()
