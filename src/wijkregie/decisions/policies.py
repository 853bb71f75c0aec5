"""Mandates: who may decide which maatwerk in a municipality, and who may give the second signature.

A mandate covers a request when it is for the request's municipality, names the user or the user's role,
and its laws, weights and yearly ceiling cover the request (empty lists mean "all"). Only casework staff on a
team serving the municipality hold a mandate there, by role or by name. Whether the user may see the household
at all is the HouseholdPolicy's question, asked by the services before this one."""

from typing import Any, NamedTuple

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from wijkregie.accounts.constants import CASEWORK_ROLES, Role
from wijkregie.accounts.models import TeamMembership
from wijkregie.households.policies import HouseholdPolicy
from wijkregie.organisation.models import Municipality, Team

from .models import DecisionRules, MaatwerkRequest, Mandate


def rules_of(municipality_id: int) -> DecisionRules:
    """The municipality's decision rules, or the defaults (unsaved) when it has not set its own."""
    return DecisionRules.objects.filter(municipality_id=municipality_id).first() or DecisionRules(
        municipality_id=municipality_id
    )


def _covers(mandate: Mandate, law: str, weight: str, yearly_cents: int | None) -> bool:
    """Whether the mandate covers the law, weight and amount; an unknown amount (None) is above any
    ceiling, so only a mandate without one covers it."""
    return (
        (not mandate.laws or law in mandate.laws)
        and (not mandate.weights or weight in mandate.weights)
        and (
            mandate.max_yearly_cents is None
            or (yearly_cents is not None and yearly_cents <= mandate.max_yearly_cents)
        )
    )


def needs_cosign(request: MaatwerkRequest, *, deviation: bool, yearly_cents: int | None) -> bool:
    """Four eyes: every deviation, any decision above the municipality's yearly amount, and any decision
    whose amount is unknown."""
    return (
        deviation
        or yearly_cents is None
        or yearly_cents > rules_of(request.household.municipality_id).four_eyes_above_cents
    )


class MandatePolicy:
    def __init__(self, user: Any):
        self.user = user
        self._mandates: dict[int, list[Mandate]] = {}  # per municipality: a list of requests asks once

    def _serves(self, municipality_id: int) -> bool:
        return Team.municipalities.through.objects.filter(
            municipality_id=municipality_id,
            team_id__in=TeamMembership.objects.filter(user_id=self.user.pk).values("team_id"),
        ).exists()

    def _own(self, municipality_id: int) -> list[Mandate]:
        if municipality_id not in self._mandates:
            self._mandates[municipality_id] = self._own_uncached(municipality_id)
        return self._mandates[municipality_id]

    def _own_uncached(self, municipality_id: int) -> list[Mandate]:
        # Only casework staff hold a mandate: a named one lapses when the person's role changes.
        if not getattr(self.user, "is_authenticated", False) or self.user.role not in CASEWORK_ROLES:
            return []
        if not self._serves(municipality_id):
            return []
        role = self.user.role
        return list(
            Mandate.objects.filter(Q(role=role) | Q(staff_id=self.user.pk), municipality_id=municipality_id)
        )

    def may_decide(self, request: MaatwerkRequest, yearly_cents: int | None) -> bool:
        law, weight = request.law, request.provision.weight
        return any(
            _covers(m, law, weight, yearly_cents) for m in self._own(request.household.municipality_id)
        )

    def may_cosign(self, request: MaatwerkRequest, yearly_cents: int | None) -> bool:
        law, weight = request.law, request.provision.weight
        return any(
            m.may_cosign and _covers(m, law, weight, yearly_cents)
            for m in self._own(request.household.municipality_id)
        )


def _covering(request: MaatwerkRequest, yearly_cents: int | None, cosign: bool) -> list[Mandate]:
    return [
        m
        for m in Mandate.objects.filter(municipality_id=request.household.municipality_id)
        if _covers(m, request.law, request.provision.weight, yearly_cents) and (m.may_cosign or not cosign)
    ]


def _people(municipality_id: int, mandates: list[Mandate]) -> QuerySet:
    roles = {m.role for m in mandates if m.role}
    named = {m.staff_id for m in mandates if m.staff_id}
    serving = Team.municipalities.through.objects.filter(municipality_id=municipality_id).values("team_id")
    return (
        get_user_model()
        .objects.filter(
            Q(role__in=roles) | Q(pk__in=named),
            role__in=CASEWORK_ROLES,
            is_active=True,
            memberships__team_id__in=serving,
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def signers(request: MaatwerkRequest, yearly_cents: int | None, *, cosign: bool = False) -> QuerySet:
    """Everyone who may decide (or, with `cosign`, give the second signature on) this request: shown on
    the decision screen so the worker knows whom to ask. Two queries, however many mandates."""
    mandates = _covering(request, yearly_cents, cosign)
    return _people(request.household.municipality_id, mandates)


class Signer(NamedTuple):
    """Someone who may sign, and up to which yearly amount (None: without a ceiling)."""

    user: Any
    max_yearly_cents: int | None


def signers_with_ceilings(
    request: MaatwerkRequest,
    yearly_cents: int | None = 0,
    *,
    cosign: bool = False,
    exclude_pk: int | None = None,
) -> list[Signer]:
    """`signers`, each with the highest ceiling of the mandates that cover them here (by role or by name),
    so the screen can say who may sign what before the amount is known; without the user `exclude_pk` (the
    decider, who does not sign twice). Two queries, however many mandates."""
    mandates = _covering(request, yearly_cents, cosign)
    ceilings: dict[tuple[str, Any], list[int | None]] = {}
    for m in mandates:
        key = ("role", m.role) if m.role else ("staff", m.staff_id)
        ceilings.setdefault(key, []).append(m.max_yearly_cents)
    result = []
    for user in _people(request.household.municipality_id, mandates):
        if user.pk == exclude_pk:
            continue
        own = ceilings.get(("role", user.role), []) + ceilings.get(("staff", user.pk), [])
        result.append(Signer(user, None if None in own else max(c for c in own if c is not None)))
    return result


# Who reads the counts of motivated deviations per law and outcome (no persons).
REPORT_ROLES = frozenset({Role.POLICY_OFFICER, Role.TEAMLEIDER})


class DeviationReportPolicy:
    """Beleid reads its own municipality's deviation counts, a teamleider those of the municipalities their
    teams serve."""

    def __init__(self, user: Any):
        self.user = user

    def can_view(self) -> bool:
        user = self.user
        return bool(user and user.is_authenticated and user.is_active and user.role in REPORT_ROLES)

    def suppresses_small_cells(self) -> bool:
        """Beleid sees counts of 1 to 4 as "<5"; a teamleider sees their own teams' decisions."""
        return self.user.role == Role.POLICY_OFFICER

    def municipalities(self) -> QuerySet[Municipality]:
        if not self.can_view():
            return Municipality.objects.none()
        if self.user.role == Role.POLICY_OFFICER:
            return Municipality.objects.filter(pk=self.user.municipality_id)
        return Municipality.objects.filter(pk__in=HouseholdPolicy(self.user).served_municipality_ids())
