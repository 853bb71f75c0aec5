"""Who may see and do what in vroegsignalering.

- The outreach team of a municipality (its welfare organisation's team, or a wijkteam it names) sees that
  municipality's zaken and the signalled members' contact data, not the rest of the dossier; its members
  work them (pick up, contact attempts, result, handover), read signal files in and start matching runs.
- A caseworker who may see a household (households.policies) sees its zaken, read-only, in the dossier.
- The functioneel beheerder of the municipality keeps the settings and partners, reads files in, starts
  matching, delivers to CBS and sees what the retention job will delete; never a zaak's people.
- Beleid and the teamleider see the monitoring: counts only, small cells hidden.
Everything else is a 404 (ADR 0002)."""

from typing import Any

from django.db.models import Q, QuerySet

from wijkregie.accounts.constants import CASEWORK_ROLES, Role
from wijkregie.accounts.models import TeamMembership
from wijkregie.core.policies import Policy
from wijkregie.households.policies import HouseholdPolicy
from wijkregie.organisation.constants import TeamKind
from wijkregie.organisation.models import Municipality, Team

from .models import EarlyWarningSettings, SignalCase


def _active(user: Any) -> bool:
    return bool(user and getattr(user, "is_authenticated", False) and user.is_active)


class SignalCasePolicy(Policy[SignalCase]):
    model = SignalCase

    def __init__(self, user: Any) -> None:
        super().__init__(user)
        self.households = HouseholdPolicy(user)

    def _caseworker(self) -> bool:
        return _active(self.user) and self.user.role in CASEWORK_ROLES

    def own_team_ids(self) -> QuerySet:
        return TeamMembership.objects.filter(user_id=self.user.pk).values("team_id")

    def outreach_q(self) -> Q:
        """Zaken of the outreach teams the user is on, in municipalities those teams serve."""
        if not self._caseworker():
            return Q(pk__in=[])
        served = Team.municipalities.through.objects.filter(team_id__in=self.own_team_ids())
        return Q(team_id__in=self.own_team_ids()) & Q(municipality_id__in=served.values("municipality_id"))

    def visible(self) -> QuerySet[SignalCase]:
        if not self._caseworker():
            return SignalCase.objects.none()
        return SignalCase.objects.filter(self.outreach_q() | self.households.q("household"))

    def worked(self) -> QuerySet[SignalCase]:
        """The zaken the user works as outreach (the queue)."""
        return SignalCase.objects.filter(self.outreach_q())

    def can_work(self, case: SignalCase) -> bool:
        return self.worked().filter(pk=case.pk).exists()

    def outreach_municipality_ids(self) -> set[int]:
        """Municipalities whose outreach team the user is on."""
        if not self._caseworker():
            return set()
        # The settings service only names a team that serves the municipality; without settings yet, the
        # default is the welfare team serving it (as services.setup.settings_ensure will record).
        named = EarlyWarningSettings.objects.filter(outreach_team_id__in=self.own_team_ids())
        unset = Team.municipalities.through.objects.filter(
            team_id__in=self.own_team_ids(), team__kind=TeamKind.WELFARE
        ).exclude(municipality_id__in=EarlyWarningSettings.objects.values("municipality_id"))
        return set(named.values_list("municipality_id", flat=True)) | set(
            unset.values_list("municipality_id", flat=True)
        )


class EarlyWarningPolicy:
    """What a user may do for a municipality's vroegsignalering as a whole (no single zaak)."""

    def __init__(self, user: Any) -> None:
        self.user = user

    def is_admin_of(self, municipality: Municipality) -> bool:
        return _active(self.user) and self.user.managed_municipality_id == municipality.pk

    def can_configure(self, municipality: Municipality) -> bool:
        return self.is_admin_of(municipality)

    def can_read_in(self, municipality: Municipality) -> bool:
        """Read signal files in and start matching: the beheerder or the outreach team."""
        return (
            self.is_admin_of(municipality)
            or municipality.pk in SignalCasePolicy(self.user).outreach_municipality_ids()
        )

    def can_deliver(self, municipality: Municipality) -> bool:
        return self.is_admin_of(municipality)

    def delivers_somewhere(self) -> bool:
        """Without a query, for the menu: `can_deliver` holds for some municipality."""
        return _active(self.user) and self.user.managed_municipality_id is not None

    def can_monitor(self, municipality: Municipality) -> bool:
        user = self.user
        if not _active(user):
            return False
        if user.role == Role.POLICY_OFFICER:
            return user.municipality_id == municipality.pk
        if user.role == Role.TEAMLEIDER:
            return Team.municipalities.through.objects.filter(
                team_id__in=TeamMembership.objects.filter(user_id=user.pk).values("team_id"),
                municipality_id=municipality.pk,
            ).exists()
        return False

    def municipalities(self, allowed: str) -> "QuerySet[Municipality]":
        """The municipalities for which `can_<allowed>` holds, for choosers on pages."""
        check = getattr(self, f"can_{allowed}")
        ids = [m.pk for m in Municipality.objects.all() if check(m)]
        return Municipality.objects.filter(pk__in=ids).order_by("name")

    def may_monitor(self) -> bool:
        """Without a query: a role that reads the monitoring (the page still needs a municipality)."""
        return _active(self.user) and self.user.role in (Role.POLICY_OFFICER, Role.TEAMLEIDER)

    def may_configure(self) -> bool:
        """Without a query: the functioneel beheerder of a municipality."""
        return _active(self.user) and self.user.managed_municipality_id is not None

    def monitored_municipalities(self) -> "QuerySet[Municipality]":
        """The municipalities `can_monitor` allows, in one query."""
        user = self.user
        if not self.may_monitor():
            return Municipality.objects.none()
        if user.role == Role.POLICY_OFFICER:
            return Municipality.objects.filter(pk=user.municipality_id).order_by("name")
        served = Team.municipalities.through.objects.filter(
            team_id__in=TeamMembership.objects.filter(user_id=user.pk).values("team_id")
        )
        return Municipality.objects.filter(pk__in=served.values("municipality_id")).order_by("name")
