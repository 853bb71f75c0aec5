"""Who sees an allocation: casework staff who may see the household, and the staff of the allocated
provider, who see only their own organisation's allocations and never the dossier behind them."""

from typing import Any

from django.db.models import Q

from wijkregie.accounts.constants import Role
from wijkregie.accounts.models import TeamMembership
from wijkregie.households.policies import HouseholdPolicy
from wijkregie.organisation.constants import TeamKind
from wijkregie.organisation.models import Team

_NOTHING = Q(pk__in=[])

# Who handles the iWmo/iJw message traffic: the backoffice and the functioneel beheerder.
MESSAGE_ROLES = frozenset({Role.BACKOFFICE, Role.FUNCTIONAL_ADMIN})


class MessagePolicy:
    """The message overview holds routing facts only; its users answer provider requests and pick up the
    in-folder."""

    def __init__(self, user: Any):
        self.user = user

    def can_handle(self) -> bool:
        user = self.user
        return bool(user and user.is_authenticated and user.is_active and user.role in MESSAGE_ROLES)


class AllocationPolicy:
    def __init__(self, user: Any):
        self.user = user

    def is_provider_staff(self) -> bool:
        return getattr(self.user, "is_authenticated", False) and self.user.role == Role.PROVIDER_STAFF

    def provider_organisation_ids(self) -> Any:
        """The organisations whose provider teams the user is on."""
        teams = TeamMembership.objects.filter(user_id=self.user.pk).values("team_id")
        return Team.objects.filter(pk__in=teams, kind=TeamKind.PROVIDER).values("organisation_id")

    def q(self, path: str = "") -> Q:
        """The allocations the user may see, as one predicate (like HouseholdPolicy.q)."""
        prefix = f"{path}__" if path else ""
        if not getattr(self.user, "is_authenticated", False):
            return _NOTHING
        if self.is_provider_staff():
            return Q(**{f"{prefix}provider__organisation_id__in": self.provider_organisation_ids()})
        return HouseholdPolicy(self.user).q(f"{prefix}household")


def provider_request_q(user: Any) -> Q:
    """Who answers a provider's request: casework that may see its household; for a request about nobody
    known here, the backoffice of the municipality it was sent to."""
    policy = HouseholdPolicy(user)
    known = Q(household__isnull=False) & policy.q("household")
    if getattr(user, "role", None) != Role.BACKOFFICE:
        return known
    return known | Q(household__isnull=True, municipality_id__in=policy.served_municipality_ids())
