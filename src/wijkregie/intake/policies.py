"""Who sees and works on meldingen, who edits the triage rules, who sees the routing figures.

- A melding is visible exactly when its household is (HouseholdPolicy), whatever team it sits with.
- The team a melding is routed to works on it: accept, close, re-route. A re-routing ("hoort bij de ander")
  may also be done by the backoffice, which sees every household of the municipalities it serves.
- The functioneel beheerder of a municipality edits that municipality's triage rules and nothing else.
- Routing figures (aggregates, never a person) are for the beheerder and beleid of the municipality and for
  teamleiders of teams serving it.
"""

from typing import Any

from django.db.models import QuerySet

from wijkregie.accounts.constants import CASEWORK_ROLES, MUNICIPALITY_WIDE_ROLES, Role
from wijkregie.core.policies import Policy, get_or_404
from wijkregie.households.policies import HouseholdPolicy
from wijkregie.organisation.models import Municipality
from wijkregie.organisation.policies import managed_municipality_id

from .constants import MeldingStatus
from .models import Melding, TriageRule

STATS_ROLES = frozenset({Role.FUNCTIONAL_ADMIN, Role.POLICY_OFFICER, Role.TEAMLEIDER})


def _active(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


class MeldingPolicy(Policy[Melding]):
    model = Melding

    def __init__(self, user: Any) -> None:
        super().__init__(user)
        self.households = HouseholdPolicy(user)

    def is_caseworker(self) -> bool:
        return _active(self.user) and self.user.role in CASEWORK_ROLES

    def visible(self) -> QuerySet[Melding]:
        return Melding.objects.filter(self.households.q("household"))

    def on_team(self, melding: Melding) -> bool:
        """The acting user is on the team the melding is routed to."""
        if not self.is_caseworker() or melding.team_id is None:
            return False
        return self.households.own_team_ids().filter(team_id=melding.team_id).exists()

    def can_create(self, household: Any) -> bool:
        return self.is_caseworker() and self.households.can_view(household)

    def can_handle(self, melding: Melding) -> bool:
        """Accept or close: the receiving team."""
        return self.on_team(melding) and self.can_view(melding)

    def mark_actions(self, meldingen: list[Melding]) -> list[Melding]:
        """Set `can_handle` and `can_reroute` on meldingen already read through `visible()`, with one
        query for the user's teams whatever their number (list pages)."""
        teams = (
            set(self.households.own_team_ids().values_list("team_id", flat=True))
            if self.is_caseworker()
            else set()
        )
        wide = self.is_caseworker() and self.user.role in MUNICIPALITY_WIDE_ROLES
        for melding in meldingen:
            on_team = melding.team_id in teams
            open_ = melding.status != MeldingStatus.CLOSED
            melding.can_handle = on_team and open_  # type: ignore[attr-defined]
            melding.can_reroute = (on_team or wide) and open_  # type: ignore[attr-defined]
        return meldingen

    def can_reroute(self, melding: Melding) -> bool:
        if not self.is_caseworker() or not self.can_view(melding):
            return False
        return self.on_team(melding) or self.user.role in MUNICIPALITY_WIDE_ROLES


class TriageRulePolicy:
    """The functioneel beheerder edits the rules of their own municipality."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self.municipality_id = managed_municipality_id(user)

    def can_manage(self) -> bool:
        return self.municipality_id is not None

    def municipality(self) -> Municipality | None:
        if self.municipality_id is None:
            return None
        return Municipality.objects.get(pk=self.municipality_id)

    def rules(self) -> QuerySet[TriageRule]:
        if self.municipality_id is None:
            return TriageRule.objects.none()
        return TriageRule.objects.filter(municipality_id=self.municipality_id)

    def get_rule_or_404(self, uuid: Any) -> TriageRule:
        rule: TriageRule = get_or_404(self.rules(), uuid=uuid)
        return rule


class RoutingStatsPolicy:
    """Routing figures per municipality: aggregates only."""

    def __init__(self, user: Any) -> None:
        self.user = user

    def municipalities(self) -> QuerySet[Municipality]:
        user = self.user
        if not _active(user) or user.role not in STATS_ROLES:
            return Municipality.objects.none()
        if user.role == Role.TEAMLEIDER:
            served = HouseholdPolicy(user).served_municipality_ids()
            return Municipality.objects.filter(pk__in=served).order_by("name")
        if user.municipality_id is None:
            return Municipality.objects.none()
        return Municipality.objects.filter(pk=user.municipality_id)

    def can_view(self) -> bool:
        return self.municipalities().exists()

    def suppresses_small_cells(self) -> bool:
        """Beleid and beheer see counts of 1 to 4 as "<5"; a teamleider sees their own teams' work."""
        return self.user.role != Role.TEAMLEIDER

    def is_reporter(self) -> bool:
        """Without a query: a role that reads routing figures (the page still needs a municipality)."""
        return _active(self.user) and self.user.role in STATS_ROLES
