"""Who sees and manages which instruments, and who reads and writes a household's brede uitvraag.

Instruments are configuration, not personal data. Built-ins (no municipality) are seen by every caseworker
and functioneel beheerder; a municipality's own instruments by the caseworkers serving that municipality and
by its own beheerder, who alone imports, activates and loads anchor texts for it. The beheerder loads licensed
anchor texts for a built-in too; those texts belong to their municipality only.

Reports and scorings are personal data: visible exactly when their household is (HouseholdPolicy)."""

from typing import Any

from django.db.models import Q, QuerySet

from wijkregie.accounts.constants import CASEWORK_ROLES
from wijkregie.households.policies import HouseholdPolicy
from wijkregie.organisation.policies import managed_municipality_id

from .models import ConversationReport, Instrument, Scoring


def _active_user(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


class InstrumentPolicy:
    def __init__(self, user: Any) -> None:
        self.user = user
        self.municipality_id = managed_municipality_id(user)

    def is_admin(self) -> bool:
        return self.municipality_id is not None

    def is_caseworker(self) -> bool:
        return _active_user(self.user) and self.user.role in CASEWORK_ROLES

    def visible(self) -> QuerySet[Instrument]:
        builtin = Q(municipality__isnull=True)
        if self.is_admin():
            return Instrument.objects.filter(builtin | Q(municipality_id=self.municipality_id))
        if self.is_caseworker():
            served = HouseholdPolicy(self.user).served_municipality_ids()
            return Instrument.objects.filter(builtin | Q(municipality_id__in=served))
        return Instrument.objects.none()

    def can_import(self) -> bool:
        return self.is_admin()

    def can_manage(self, instrument: Instrument) -> bool:
        """Activate or deactivate: only the owning municipality's beheerder; built-ins are not switched."""
        return self.is_admin() and instrument.municipality_id == self.municipality_id

    def can_load_anchors(self, instrument: Instrument) -> bool:
        return self.is_admin() and instrument.municipality_id in (None, self.municipality_id)


class ReportPolicy:
    """A brede uitvraag is read and written by whoever may see and work on its household."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self.households = HouseholdPolicy(user)

    def visible(self) -> QuerySet[ConversationReport]:
        return ConversationReport.objects.filter(self.households.q("household"))

    def visible_scorings(self) -> QuerySet[Scoring]:
        return Scoring.objects.filter(self.households.q("household"))

    def can_write(self, household: Any) -> bool:
        return self.households.can_register() and self.households.can_edit(household)
