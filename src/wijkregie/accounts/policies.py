from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from wijkregie.core.policies import Policy
from wijkregie.organisation.models import Team
from wijkregie.organisation.policies import OrganisationPolicy

from .models import TeamMembership, User


class StaffPolicy(Policy[User]):
    """Staff accounts are managed by the functioneel beheerder of a municipality: the staff on a team that
    serves it and the staff whose home municipality it is. Nobody else sees the staff list."""

    model = User

    def __init__(self, user: Any) -> None:
        super().__init__(user)
        self.organisation = OrganisationPolicy(user)
        self.municipality_id = self.organisation.municipality_id

    def can_manage(self) -> bool:
        return self.organisation.can_manage()

    def manageable_teams(self) -> QuerySet[Team]:
        """The teams whose membership this user may change: those serving their municipality."""
        return self.organisation.visible_teams()

    def visible(self) -> QuerySet[User]:
        if not self.can_manage():
            return User.objects.none()
        on_served_team = TeamMembership.objects.filter(
            user_id=OuterRef("pk"), team__municipalities=self.municipality_id
        )
        return User.objects.filter(Q(municipality_id=self.municipality_id) | Q(Exists(on_served_team)))
