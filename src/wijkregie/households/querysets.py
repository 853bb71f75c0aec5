"""What "a current member" means, in one place: a membership without an end date. Other apps use these
methods (through the models' managers and the related managers) instead of spelling out the filter."""

from typing import Any

from django.db import models

from .constants import Relation


class MembershipQuerySet(models.QuerySet):
    def current(self) -> "MembershipQuerySet":
        """Memberships that have not ended: the household as it is today."""
        return self.filter(end_date__isnull=True)

    def former(self) -> "MembershipQuerySet":
        """Memberships that have ended: who lived here before."""
        return self.filter(end_date__isnull=False)

    def heads(self) -> "MembershipQuerySet":
        """The current hoofdbewoner(s)."""
        return self.current().filter(relation=Relation.HEAD)


class ResidentQuerySet(models.QuerySet):
    def current_members_of(self, household: Any) -> "ResidentQuerySet":
        """Residents who belong to this household now (one membership row matches both conditions)."""
        return self.filter(memberships__household=household, memberships__end_date__isnull=True)
