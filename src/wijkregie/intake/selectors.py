"""Reads of meldingen, routings and triage rules. Every read of a melding starts from the household policy."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import TruncMonth

from wijkregie.core.policies import get_or_404
from wijkregie.core.small_cells import hidden_cells, shown
from wijkregie.households.models import Household
from wijkregie.organisation.constants import TeamKind
from wijkregie.organisation.models import Team

from .constants import MeldingChannel, MeldingStatus, RouteTarget, Urgency
from .models import Melding, Routing, TriageRule
from .policies import MeldingPolicy

_URGENCY_ORDER = Case(
    When(urgency=Urgency.CRISIS, then=Value(0)),
    When(urgency=Urgency.URGENT, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)

NO_TEAM = (
    "Er is geen wijkteam voor de wijk van dit huishouden. Vraag de functioneel beheerder een wijkteam aan "
    "deze wijk te koppelen."
)


# -- meldingen -----------------------------------------------------------------------------------------------
def _routings() -> Prefetch:
    return Prefetch(
        "routings",
        queryset=Routing.objects.select_related("team", "from_team", "rule", "routed_by").order_by(
            "routed_at", "pk"
        ),
    )


def household_meldingen(user: Any, household: Household) -> list[Melding]:
    """The meldingen of one household, newest first, with their routing history (3 queries)."""
    return list(
        MeldingPolicy(user)
        .visible()
        .filter(household=household)
        .select_related("resident", "team", "created_by")
        .prefetch_related(_routings())
        .order_by("-received_on", "-created_at", "-pk")
    )


def melding_visible(user: Any, melding_uuid: Any) -> Melding:
    """One melding the user may see, with its household (Http404 when missing or not allowed)."""
    queryset = (
        MeldingPolicy(user)
        .visible()
        .select_related("household__district", "household__municipality", "resident", "team")
        .prefetch_related(_routings())
    )
    melding: Melding = get_or_404(queryset, uuid=melding_uuid)
    return melding


def melding_after_write(melding_pk: int) -> Melding:
    """The melding as just written by a service that checked the policy (for the answer to that write)."""
    return (
        Melding.objects.select_related("household", "resident", "team")
        .prefetch_related(_routings())
        .get(pk=melding_pk)
    )


def team_inbox(user: Any) -> list[Melding]:
    """Meldingen routed to the user's teams and not closed: crisis first, then the oldest. One query,
    whatever the number of meldingen (the last routing reason comes as a subquery)."""
    policy = MeldingPolicy(user)
    if not policy.is_caseworker():
        return []
    last_reason = (
        Routing.objects.filter(melding=OuterRef("pk")).order_by("-routed_at", "-pk").values("reason")
    )
    return list(
        policy.visible()
        .filter(team_id__in=policy.households.own_team_ids())
        .exclude(status=MeldingStatus.CLOSED)
        .select_related("resident", "team", "household__district")
        .annotate(urgency_order=_URGENCY_ORDER, routed_reason=Subquery(last_reason[:1]))
        .order_by("urgency_order", "received_on", "created_at", "pk")
    )


# -- triage rules --------------------------------------------------------------------------------------------
def rules_of(municipality_id: int) -> list[TriageRule]:
    return list(TriageRule.objects.filter(municipality_id=municipality_id).order_by("position"))


def active_rules(municipality_id: int) -> list[TriageRule]:
    return list(TriageRule.objects.filter(municipality_id=municipality_id, active=True).order_by("position"))


def has_rules(municipality_id: int) -> bool:
    return TriageRule.objects.filter(municipality_id=municipality_id).exists()


# -- where a target goes -------------------------------------------------------------------------------------
def _serving(kind: str, household: Household, *, by_district: bool) -> Team | None:
    teams = Team.objects.filter(kind=kind, municipalities=household.municipality_id).order_by("name", "pk")
    if not by_district:
        return teams.first()
    # A team with districts serves only those; a team without districts serves the whole municipality.
    return (
        teams.filter(districts=household.district_id).first() or teams.filter(districts__isnull=True).first()
    )


def team_for_target(target: str, household: Household) -> Team | None:
    """The concrete team a target means for this household: welfare and wijkteam by district, backoffice
    and crisis duty by municipality."""
    by_district = target in (RouteTarget.WELFARE, RouteTarget.DISTRICT_TEAM)
    return _serving(TeamKind(target), household, by_district=by_district)


def routing_destination(target: str, reason: str, household: Household) -> tuple[Team, RouteTarget, str]:
    """(team, target, reason): when no team of the target's kind serves the household, the district's
    wijkteam takes it and the reason says so. Raises ValidationError when there is not even a wijkteam."""
    team = team_for_target(target, household)
    if team is not None:
        return team, RouteTarget(target), reason
    fallback = team_for_target(RouteTarget.DISTRICT_TEAM, household)
    if fallback is None:
        raise ValidationError({"__all__": [NO_TEAM]})
    label = RouteTarget(target).label
    note = f" (geen team voor ‘{label}’ gevonden: naar het wijkteam van de wijk)"
    return fallback, RouteTarget.DISTRICT_TEAM, (reason[: 300 - len(note)] + note)


# -- routing figures (aggregates only) ----------------------------------------------------------------------
@dataclass
class Row:
    """One line of a routing table. A count is None when hidden by the small-cell rule (shown as "<5")."""

    key: str
    label: str
    count: int | None
    rerouted: int | None = 0

    @property
    def percentage(self) -> float | None:
        if self.count is None or self.rerouted is None:
            return None
        return round(100 * self.rerouted / self.count, 1) if self.count else 0.0


@dataclass
class RoutingStats:
    date_from: date
    date_to: date
    total: int | None = 0
    rerouted: int | None = 0
    reroutings: int | None = 0
    per_target: list[Row] = field(default_factory=list)
    per_channel: list[Row] = field(default_factory=list)
    per_month: list[Row] = field(default_factory=list)
    suppressed: bool = False  # some figure is hidden by the small-cell rule

    @property
    def percentage(self) -> float | None:
        if self.total is None or self.rerouted is None:
            return None
        return round(100 * self.rerouted / self.total, 1) if self.total else 0.0


def _suppress_small(stats: RoutingStats) -> RoutingStats:
    """The small-cell rule over every table: each table's counts add up to the total, its re-routed column
    to the re-routed total, so a hidden cell is not given away by subtraction."""
    tables = {"target": stats.per_target, "channel": stats.per_channel, "month": stats.per_month}
    sizes: dict[tuple[str, ...], int] = {
        ("total",): stats.total or 0,
        ("rerouted",): stats.rerouted or 0,
        ("reroutings",): stats.reroutings or 0,
    }
    lines: list[tuple[list[tuple[str, ...]], tuple[str, ...] | None]] = []
    for name, rows in tables.items():
        for row in rows:
            sizes[(name, row.key, "count")] = row.count or 0
            sizes[(name, row.key, "rerouted")] = row.rerouted or 0
            lines.append(([(name, row.key, "rerouted")], (name, row.key, "count")))  # rerouted ≤ count
        lines.append(([(name, row.key, "count") for row in rows], ("total",)))
        lines.append(([(name, row.key, "rerouted") for row in rows], ("rerouted",)))
    hidden = hidden_cells(sizes, lines)
    for name, rows in tables.items():
        for row in rows:
            row.count = shown(row.count or 0, (name, row.key, "count") in hidden)
            row.rerouted = shown(
                row.rerouted or 0, (name, row.key, "rerouted") in hidden or row.count is None
            )
    stats.total = shown(stats.total or 0, ("total",) in hidden)
    stats.rerouted = shown(stats.rerouted or 0, ("rerouted",) in hidden)
    stats.reroutings = shown(stats.reroutings or 0, ("reroutings",) in hidden)
    stats.suppressed = bool(hidden)
    return stats


def routing_stats(
    municipality_id: int, date_from: date, date_to: date, *, suppress: bool = True
) -> RoutingStats:
    """Meldingen received in the period: per first target, per channel and per month, how many were
    re-routed. Counts only: no person, no household, no free text; with `suppress`, small cells hidden
    (core.small_cells). A fixed number of queries."""
    meldingen = Melding.objects.filter(
        municipality_id=municipality_id, received_on__gte=date_from, received_on__lte=date_to
    )
    rerouted = Exists(Routing.objects.filter(melding=OuterRef("pk"), is_rerouting=True))
    first_target = Subquery(
        Routing.objects.filter(melding=OuterRef("pk"), is_rerouting=False)
        .order_by("routed_at", "pk")
        .values("target")[:1]
    )
    base = meldingen.annotate(was_rerouted=rerouted, first_target=first_target)
    counted = {"count": Count("pk"), "rerouted": Count("pk", filter=Q(was_rerouted=True))}
    stats = RoutingStats(date_from=date_from, date_to=date_to)
    totals = base.aggregate(**counted)
    stats.total, stats.rerouted = totals["count"], totals["rerouted"]
    stats.reroutings = Routing.objects.filter(melding__in=meldingen, is_rerouting=True).count()
    by_target: dict[Any, Any] = {
        r["first_target"]: r for r in base.values("first_target").annotate(**counted).order_by()
    }
    stats.per_target = [
        Row(value, str(label), by_target[value]["count"], by_target[value]["rerouted"])
        for value, label in RouteTarget.choices
        if value in by_target
    ]
    by_channel: dict[Any, Any] = {
        r["channel"]: r for r in base.values("channel").annotate(**counted).order_by()
    }
    stats.per_channel = [
        Row(value, str(label), by_channel[value]["count"], by_channel[value]["rerouted"])
        for value, label in MeldingChannel.choices
        if value in by_channel
    ]
    months: Any = (
        base.annotate(month=TruncMonth("received_on")).values("month").annotate(**counted).order_by("month")
    )
    stats.per_month = [
        Row(r["month"].strftime("%Y-%m"), r["month"].strftime("%m-%Y"), r["count"], r["rerouted"])
        for r in months
    ]
    return _suppress_small(stats) if suppress else stats
