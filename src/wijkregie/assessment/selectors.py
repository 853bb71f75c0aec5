"""Reads of instruments and of a household's brede uitvraag. Callers have already passed the policy (the
household came from `dossier_open` or `HouseholdPolicy`), so these only shape and prefetch."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from wijkregie.households.models import Household, HouseholdMembership
from wijkregie.organisation.models import Municipality

from .constants import ZRM_2017, ScoringMoment
from .models import (
    AnchorText,
    ConversationReport,
    DomainScore,
    Instrument,
    InstrumentDomain,
    ScaleLevel,
    Scoring,
)
from .policies import InstrumentPolicy, ReportPolicy


# -- instruments --------
def instruments_for(municipality: Municipality | int | None) -> QuerySet[Instrument]:
    """Active instruments a household of this municipality can be scored on: the built-ins and its own."""
    municipality_id = getattr(municipality, "pk", municipality)
    own = Q(municipality_id=municipality_id) if municipality_id is not None else Q(pk__in=[])
    return (
        Instrument.objects.filter(Q(municipality__isnull=True) | own, active=True)
        .select_related("municipality")
        .order_by("municipality_id", "name")
    )


def default_instrument(municipality: Municipality | int | None) -> Instrument | None:
    """ZRM 2017 when it is active, else the first active instrument."""
    available = list(instruments_for(municipality))
    return next((i for i in available if i.key == ZRM_2017 and i.municipality_id is None), None) or (
        available[0] if available else None
    )


def instrument_domains(instrument: Instrument) -> list[InstrumentDomain]:
    """The instrument's domains in their order."""
    return list(InstrumentDomain.objects.filter(instrument=instrument).order_by("position", "pk"))


def instrument_list(user: Any) -> list[Instrument]:
    """Beheer list: what the user may see, built-ins first, with domain counts and whether this
    municipality has anchor texts for it (3 queries, whatever the number of instruments)."""
    policy = InstrumentPolicy(user)
    instruments: list[Instrument] = list(
        policy.visible()
        .select_related("municipality")
        .annotate(domain_count=Count("domains", distinct=True))
        .order_by("municipality_id", "name")
    )
    with_anchors = set(
        AnchorText.objects.filter(domain__instrument__in=[i.pk for i in instruments])
        .filter(Q(municipality__isnull=True) | Q(municipality_id=policy.municipality_id))
        .values_list("domain__instrument_id", flat=True)
        .distinct()
    )
    for instrument in instruments:
        instrument.has_anchors = instrument.pk in with_anchors  # type: ignore[attr-defined]
    return instruments


def instrument_detail(instrument: Instrument, municipality_id: int | None) -> Instrument:
    """The instrument with `domain_list` (each with `anchor_list` for this municipality) and `level_list`."""
    anchors = AnchorText.objects.filter(
        Q(municipality__isnull=True) | Q(municipality_id=municipality_id)
    ).order_by("value", "municipality_id")
    instrument.level_list = list(instrument.levels.order_by("value"))  # type: ignore[attr-defined]
    domains = list(
        instrument.domains.order_by("position", "pk").prefetch_related(
            Prefetch("anchors", queryset=anchors, to_attr="anchor_list")
        )
    )
    for domain in domains:
        domain.anchor_list = _own_over_shipped(domain.anchor_list)
    instrument.domain_list = domains  # type: ignore[attr-defined]
    instrument.anchor_count = sum(len(d.anchor_list) for d in domains)  # type: ignore[attr-defined]
    return instrument


def _own_over_shipped(anchors: list[AnchorText]) -> list[AnchorText]:
    """One text per score: the municipality's own wins over one shipped in the instrument file."""
    by_value: dict[int, AnchorText] = {}
    for anchor in anchors:
        if anchor.value not in by_value or anchor.municipality_id is not None:
            by_value[anchor.value] = anchor
    return [by_value[value] for value in sorted(by_value)]


def anchor_texts(instrument: Instrument, municipality_id: int | None) -> dict[tuple[str, int], str]:
    """(domain code, score) -> anchor text as this municipality sees it (1 query)."""
    rows = (
        AnchorText.objects.filter(domain__instrument=instrument)
        .filter(Q(municipality__isnull=True) | Q(municipality_id=municipality_id))
        .values_list("domain__code", "value", "text", "municipality_id")
        .order_by("municipality_id")
    )
    texts: dict[tuple[str, int], str] = {}
    for code, value, text, owner in rows:
        if (code, value) not in texts or owner is not None:
            texts[(code, value)] = text
    return texts


# -- reports --------
def _reports(household: Household) -> QuerySet[ConversationReport]:
    return ConversationReport.objects.filter(household=household).order_by("-held_on", "-created_at", "-pk")


def latest_report(household: Household) -> ConversationReport | None:
    return _reports(household).select_related("instrument", "held_by").first()


def reports_for(household: Household) -> list[ConversationReport]:
    """All reports of the household, newest first (1 query)."""
    return list(_reports(household).select_related("instrument", "held_by"))


@dataclass
class ScoreRow:
    domain: InstrumentDomain
    score: DomainScore | None
    label: str  # the scale label of the score, "" when not scored


@dataclass
class MemberScoring:
    """One member on the report page: their scoring on the report (or None) and a row per domain."""

    membership: HouseholdMembership
    scoring: Scoring | None
    rows: list[ScoreRow]


def _with_scores(reports: QuerySet[ConversationReport]) -> QuerySet[ConversationReport]:
    scores = DomainScore.objects.select_related("domain").order_by("domain__position", "pk")
    return reports.select_related("instrument", "held_by", "household").prefetch_related(
        Prefetch(
            "scorings",
            queryset=Scoring.objects.select_related("resident", "scored_by", "instrument")
            .prefetch_related(Prefetch("scores", queryset=scores, to_attr="score_list"))
            .order_by("pk"),
            to_attr="scoring_list",
        ),
        Prefetch(
            "instrument__domains",
            queryset=InstrumentDomain.objects.order_by("position", "pk"),
            to_attr="domain_list",
        ),
        Prefetch("instrument__levels", queryset=ScaleLevel.objects.order_by("value"), to_attr="level_list"),
    )


def report_detail(report: ConversationReport) -> ConversationReport:
    """The report with its instrument's domains and levels and its scorings with their scores (with
    resident and domain) prefetched: 5 queries, whatever the number of members and domains."""
    return _with_scores(ConversationReport.objects.filter(pk=report.pk)).get()


def reports_with_scores(reports: list[ConversationReport]) -> list[ConversationReport]:
    """Like `report_detail` for many reports at once, in the given order (5 queries)."""
    detailed = {
        r.pk: r for r in _with_scores(ConversationReport.objects.filter(pk__in=[r.pk for r in reports]))
    }
    return [detailed[r.pk] for r in reports]


def scale_labels(reports: list[ConversationReport]) -> dict[tuple[int, int], str]:
    """(instrument id, score) -> label for reports from `report_detail`/`reports_with_scores`."""
    return {
        (report.instrument_id, level.value): level.label
        for report in reports
        for level in report.instrument.level_list  # type: ignore[attr-defined]
    }


def member_scorings(
    report: ConversationReport, memberships: list[HouseholdMembership]
) -> list[MemberScoring]:
    """Lay a detailed report (from `report_detail`) out per member: no queries of its own. Members who were
    scored but have since left are listed after the current ones."""
    by_resident = {s.resident_id: s for s in report.scoring_list}  # type: ignore[attr-defined]
    domains: list[InstrumentDomain] = report.instrument.domain_list  # type: ignore[attr-defined]
    result: list[MemberScoring] = []
    seen: set[int] = set()

    labels = level_labels(report)

    def rows(scoring: Scoring | None) -> list[ScoreRow]:
        given = {s.domain_id: s for s in (scoring.score_list if scoring else [])}  # type: ignore[attr-defined]
        result = []
        for domain in domains:
            score = given.get(domain.pk)
            value = score.value if score is not None else None
            result.append(ScoreRow(domain, score, labels.get(value, "") if value is not None else ""))
        return result

    for membership in memberships:
        scoring = by_resident.get(membership.resident_id)
        seen.add(membership.resident_id)
        result.append(MemberScoring(membership=membership, scoring=scoring, rows=rows(scoring)))
    for resident_id, scoring in by_resident.items():
        if resident_id not in seen:
            former = HouseholdMembership(resident=scoring.resident, household_id=report.household_id)
            result.append(MemberScoring(membership=former, scoring=scoring, rows=rows(scoring)))
    return result


def level_labels(report_or_instrument: Any) -> dict[int, str]:
    instrument = getattr(report_or_instrument, "instrument", report_or_instrument)
    levels = getattr(instrument, "level_list", None)
    if levels is None:
        levels = list(instrument.levels.all())
    return {level.value: level.label for level in levels}


def report_visible(user: Any, report_uuid: Any, household: Household) -> QuerySet[ConversationReport]:
    return ReportPolicy(user).visible().filter(uuid=report_uuid, household=household)


def latest_scores(household: Household, moment: str | None = None) -> dict[int, dict[str, int | None]]:
    """Per resident (id), the domain scores of their most recent scoring in this household, optionally of
    one moment (ScoringMoment): {resident_id: {domain_code: value}}. Two queries."""
    scorings = Scoring.objects.filter(household=household)
    if moment is not None:
        scorings = scorings.filter(moment=ScoringMoment(moment))
    latest: dict[int, int] = {}
    for scoring_id, resident_id in scorings.order_by("-scored_on", "-created_at", "-pk").values_list(
        "pk", "resident_id"
    ):
        latest.setdefault(resident_id, scoring_id)
    result: dict[int, dict[str, int | None]] = {resident_id: {} for resident_id in latest}
    owner = {scoring_id: resident_id for resident_id, scoring_id in latest.items()}
    for scoring_id, code, value in DomainScore.objects.filter(scoring_id__in=owner).values_list(
        "scoring_id", "domain__code", "value"
    ):
        result[owner[scoring_id]][code] = value
    return result


def scoring_for(report: ConversationReport, resident_id: int) -> Scoring | None:
    """The member's scoring on this report, with its scores (2 queries)."""
    return (
        Scoring.objects.filter(report=report, resident_id=resident_id)
        .prefetch_related(Prefetch("scores", queryset=DomainScore.objects.select_related("domain")))
        .first()
    )


def household_reports(user: Any, household: Household) -> QuerySet[ConversationReport]:
    """Reports of a household the user may see (for the API list)."""
    return ReportPolicy(user).visible().filter(household=household).select_related("instrument", "household")
