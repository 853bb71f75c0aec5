"""Who may read what a household shared with a partner organisation.

A share is offered to the casework staff of the receiving organisation: users with a casework role on a team
of that organisation which serves the household's municipality. Being offered is not enough to read it:
the consent check (selectors.share_check) runs live on every read. The share never opens the dossier itself:
HouseholdPolicy does not know about shares.
"""

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from wijkregie.accounts.constants import CASEWORK_ROLES
from wijkregie.core.policies import Policy
from wijkregie.organisation.models import Team

from .models import Share

_NOTHING = Q(pk__in=[])


class SharePolicy(Policy[Share]):
    model = Share

    def is_partner_worker(self) -> bool:
        user = self.user
        return bool(user and user.is_authenticated and user.is_active and user.role in CASEWORK_ROLES)

    def q(self) -> Q:
        """Active shares to an organisation the user works for, in a municipality their team serves."""
        if not self.is_partner_worker():
            return _NOTHING
        own_team = Team.objects.filter(
            memberships__user_id=self.user.pk,
            organisation_id=OuterRef("organisation_id"),
            municipalities=OuterRef("household__municipality_id"),
        )
        return Q(ended_at__isnull=True) & Q(Exists(own_team))

    def visible(self) -> QuerySet[Share]:
        return Share.objects.filter(self.q())


def share_policy(user: Any) -> SharePolicy:
    return SharePolicy(user)
