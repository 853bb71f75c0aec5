"""Need-to-know access to households: the one place that decides who sees which household.

A staff member sees a household when, within a municipality one of their teams serves:
  - a team they are on has it in caseload, or they are its assigned worker or its regisseur, or
  - their role is municipality-wide (backoffice) for that municipality, or
  - they opened it with break-the-glass and the grant has not expired.
Roles without casework (provider staff, contractmanager, beleid, beheer) see no household at all.
"""

from collections.abc import Collection
from typing import Any
from uuid import UUID

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from wijkregie.accounts.constants import BREAK_GLASS_ROLES, CASEWORK_ROLES, MUNICIPALITY_WIDE_ROLES, Role
from wijkregie.accounts.models import TeamMembership
from wijkregie.core.policies import Policy
from wijkregie.organisation.models import Team

from .models import BreakGlassGrant, CaseloadEntry, Household

_NOTHING = Q(pk__in=[])


class HouseholdPolicy(Policy[Household]):
    model = Household

    def _is_caseworker(self) -> bool:
        user = self.user
        return bool(user and user.is_authenticated and user.is_active and user.role in CASEWORK_ROLES)

    def own_team_ids(self) -> QuerySet:
        return TeamMembership.objects.filter(user_id=self.user.pk).values("team_id")

    def served_municipality_ids(self) -> QuerySet:
        return Team.municipalities.through.objects.filter(team_id__in=self.own_team_ids()).values(
            "municipality_id"
        )

    def q(self, path: str = "", *, include_break_glass: bool = True) -> Q:
        """The visibility predicate, usable from any model that reaches a household through `path`
        (e.g. "household" from a membership). Evaluated per candidate row, so it stays cheap when the
        outer query is already narrowed by an index (uuid, worklist, search)."""
        if not self._is_caseworker():
            return _NOTHING
        prefix = f"{path}__" if path else ""
        outer_pk = f"{prefix}pk"
        in_caseload = CaseloadEntry.objects.filter(
            household_id=OuterRef(outer_pk), ended_at__isnull=True
        ).filter(Q(team_id__in=self.own_team_ids()) | Q(worker_id=self.user.pk))
        reach = Q(Exists(in_caseload)) | Q(**{f"{prefix}regisseur_id": self.user.pk})
        if include_break_glass:
            glass = BreakGlassGrant.objects.filter(
                household_id=OuterRef(outer_pk), user_id=self.user.pk, expires_at__gt=timezone.now()
            )
            reach |= Q(Exists(glass))
        served = self.served_municipality_ids()
        if self.user.role in MUNICIPALITY_WIDE_ROLES:
            reach |= Q(**{f"{prefix}municipality_id__in": served})
        return Q(**{f"{prefix}municipality_id__in": served}) & reach

    def visible(self) -> QuerySet[Household]:
        return Household.objects.filter(self.q())

    # -- what a user may do ------------------------------------------------------------------------
    def can_register(self) -> bool:
        return self._is_caseworker()

    def can_edit(self, household: Household) -> bool:
        return self.can_view(household)

    def can_assign(self, household: Household) -> bool:
        """Teamleiders assign within the teams they lead that have the household in caseload."""
        if not self._is_caseworker() or self.user.role != Role.TEAMLEIDER:
            return False
        return CaseloadEntry.objects.filter(
            household=household, ended_at__isnull=True, team_id__in=self.own_team_ids()
        ).exists()

    def can_break_glass(self) -> bool:
        return self._is_caseworker() and self.user.role in BREAK_GLASS_ROLES

    def via_break_glass_only(self, household: Household | UUID) -> bool:
        """True when the user holds an unexpired break-the-glass grant on this household and would not see
        it without one. One query."""
        household_uuid = household.uuid if isinstance(household, Household) else household
        return household_uuid in self.reached_through_break_glass([household_uuid])

    def reached_through_break_glass(self, household_uuids: Collection[UUID]) -> set[UUID]:
        """Of these households, those the user sees only through an unexpired grant: one query, which the
        audit writer asks for every row (or list of rows) on households."""
        if not self._is_caseworker() or not household_uuids:
            return set()
        grant = BreakGlassGrant.objects.filter(
            household_id=OuterRef("pk"), user_id=self.user.pk, expires_at__gt=timezone.now()
        )
        found = (
            Household.objects.filter(Exists(grant), uuid__in=list(household_uuids))
            .exclude(self.q(include_break_glass=False))
            .values_list("uuid", flat=True)
        )
        return set(found)


def household_policy(user: Any) -> HouseholdPolicy:
    return HouseholdPolicy(user)


def through_break_glass(user: Any, household_uuids: Collection[UUID]) -> set[UUID]:
    """Of these households, those the user reaches only through an unexpired break-the-glass grant (one
    query; none for roles that hold no grants)."""
    return HouseholdPolicy(user).reached_through_break_glass(household_uuids)
