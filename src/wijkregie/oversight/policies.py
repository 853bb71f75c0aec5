"""Who reviews which audit rows, and who may export a resident's inzage. Refusals become 404.

- A teamleider reviews the rows written by members of the teams they are on, and the rows on households
  in those teams' current caseload.
- A functioneel beheerder reviews the rows on households of their own municipality (user.municipality),
  and the rows on no household (searches, BRP lookups, staff changes) written by staff of that
  municipality: members of a team that serves it, or staff whose own municipality it is. Rows on another
  municipality's households, even by a shared backoffice, are for that municipality's beheerder.
- Everyone else reviews nothing.

The inzage export (right of access) is allowed to the functioneel beheerder of the resident's municipality
and to a teamleider who sees the resident's household through the caseload (not through break-the-glass).
The resident's municipality and household are those of their current membership, or of their latest one.
"""

from typing import Any

from django.db.models import F, Q, QuerySet

from wijkregie.accounts.constants import AUDIT_REVIEW_ROLES, Role
from wijkregie.accounts.models import TeamMembership, User
from wijkregie.audit.models import AuditEvent
from wijkregie.core.policies import Policy
from wijkregie.households.models import CaseloadEntry, Household, HouseholdMembership, Resident
from wijkregie.households.policies import HouseholdPolicy


class AuditPolicy(Policy[AuditEvent]):
    model = AuditEvent

    def can_review(self) -> bool:
        user: Any = self.user
        return bool(user and user.is_authenticated and user.is_active and user.role in AUDIT_REVIEW_ROLES)

    def _team_ids(self) -> QuerySet:
        return TeamMembership.objects.filter(user_id=self.user.pk).values("team_id")

    def _is(self, role: Role) -> bool:
        return self.can_review() and self.user.role == role

    def reviews_by_team(self) -> bool:
        """A teamleider reviews by team; a functioneel beheerder by municipality."""
        return self._is(Role.TEAMLEIDER)

    def reviewable_actors(self) -> QuerySet[User]:
        """The staff whose rows this user reviews (also the choices of the per-user filter)."""
        if self._is(Role.TEAMLEIDER):
            members = TeamMembership.objects.filter(team_id__in=self._team_ids()).values("user_id")
            return User.objects.filter(pk__in=members)
        if self._is(Role.FUNCTIONAL_ADMIN) and self.user.municipality_id:
            municipality_id = self.user.municipality_id
            in_teams = TeamMembership.objects.filter(team__municipalities=municipality_id).values("user_id")
            return User.objects.filter(Q(municipality_id=municipality_id) | Q(pk__in=in_teams))
        return User.objects.none()

    def _reviewable_household_uuids(self) -> QuerySet:
        if self._is(Role.TEAMLEIDER):
            return CaseloadEntry.objects.filter(team_id__in=self._team_ids(), ended_at__isnull=True).values(
                "household__uuid"
            )
        return Household.objects.filter(municipality_id=self.user.municipality_id).values("uuid")

    def visible(self) -> QuerySet[AuditEvent]:
        if not self.can_review():
            return AuditEvent.objects.none()
        actors = self.reviewable_actors().values("pk")
        by_actor = Q(actor_id__in=actors)
        if self.user.role == Role.FUNCTIONAL_ADMIN:
            # Rows on another municipality's households (e.g. by a shared backoffice) are that municipality's.
            by_actor &= Q(household_uuid__isnull=True)
        return AuditEvent.objects.filter(by_actor | Q(household_uuid__in=self._reviewable_household_uuids()))

    # -- inzage (AVG right of access) ----------------------------------------------------------------
    def can_export_inzage(self, resident: Resident) -> bool:
        household = home_household(resident)
        if household is None or not self.can_review():
            return False
        if self.user.role == Role.FUNCTIONAL_ADMIN:
            return bool(self.user.municipality_id) and household.municipality_id == self.user.municipality_id
        return (
            Household.objects.filter(pk=household.pk)
            .filter(HouseholdPolicy(self.user).q(include_break_glass=False))
            .exists()
        )


def home_household(resident: Resident) -> Household | None:
    """The current household, or the latest one when the resident no longer belongs to any."""
    membership = (
        HouseholdMembership.objects.filter(resident=resident)
        .select_related("household")
        .order_by(F("end_date").desc(nulls_first=True), "-start_date", "-pk")
        .first()
    )
    return membership.household if membership is not None else None
