"""Reads of consents and shares, and the consent check itself.

The check is never stored: it runs at the moment a share is made or read, so a withdrawal or an expiry
takes effect at once. Residents of 16 and older consent themselves; below 16 a parent or guardian does
(UAVG art. 5), which the consent of the household's adults covers. A household of minors only needs its
head's consent. A record with a legal basis (Basis.LAW) counts for its scope just like consent.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from wijkregie.assessment.constants import ReportStatus, ScoringMoment
from wijkregie.assessment.models import ConversationReport, DomainScore, ScaleLevel, Scoring
from wijkregie.core.calendar import age_on
from wijkregie.core.policies import get_or_404
from wijkregie.households.constants import Relation
from wijkregie.households.models import Household, HouseholdMembership, Resident
from wijkregie.households.policies import HouseholdPolicy
from wijkregie.households.selectors import current_memberships
from wijkregie.organisation.constants import OrganisationKind
from wijkregie.organisation.models import Municipality, Organisation, Team
from wijkregie.plans.constants import OPEN_PLAN_STATUSES
from wijkregie.plans.models import Goal, Plan, PlanAction

from .constants import DossierPart
from .models import Consent, Share
from .policies import SharePolicy

# Below this age a parent or guardian gives consent for the child (UAVG art. 5).
AGE_OF_CONSENT = 16

# Organisations a dossier part can be shared with. Care providers are not among them: they see only their own
# allocations, with the minimum data, never the plan or the uitvraag.
PARTNER_KINDS = (OrganisationKind.WELFARE, OrganisationKind.MAIN_CONTRACTOR, OrganisationKind.MUNICIPALITY)
CARE_PROVIDER_REFUSED = "Zorgaanbieders zien alleen hun eigen toewijzingen, nooit het plan of de uitvraag."


class ConsentStatus:
    VALID = "geldig"
    EXPIRED = "verlopen"
    WITHDRAWN = "ingetrokken"
    NOT_YET = "nog niet geldig"


def consent_status(consent: Consent, on: date | None = None) -> str:
    on = on or timezone.localdate()
    if consent.withdrawn_at is not None:
        return ConsentStatus.WITHDRAWN
    if consent.expires_on is not None and consent.expires_on < on:
        return ConsentStatus.EXPIRED
    if consent.given_on > on:
        return ConsentStatus.NOT_YET
    return ConsentStatus.VALID


def part_labels(parts: Iterable[str]) -> list[str]:
    chosen = set(parts or [])
    return [str(label) for value, label in DossierPart.choices if value in chosen]


def _in_force(on: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}withdrawn_at__isnull": True, f"{prefix}given_on__lte": on}) & (
        Q(**{f"{prefix}expires_on__isnull": True}) | Q(**{f"{prefix}expires_on__gte": on})
    )


def _grants(
    resident_ids: Iterable[int], organisation_ids: Iterable[int], on: date
) -> set[tuple[int, int, str]]:
    """(resident, organisation, part) for every consent or legal basis in force on `on`: one query.
    The parts are filtered here, not in SQL: SQLite has no JSON containment lookup."""
    rows = Consent.organisations.through.objects.filter(
        _in_force(on, "consent__"),
        consent__resident_id__in=list(resident_ids),
        organisation_id__in=list(organisation_ids),
    ).values_list("consent__resident_id", "organisation_id", "consent__parts")
    return {(resident, organisation, part) for resident, organisation, parts in rows for part in parts or []}


def consent_valid(resident: Resident, organisation: Organisation, part: str, on: date | None = None) -> bool:
    """Whether the resident's consent (or a legal basis) covers sharing `part` with `organisation` on `on`."""
    on = on or timezone.localdate()
    return (resident.pk, organisation.pk, part) in _grants([resident.pk], [organisation.pk], on)


def _current_memberships(household_ids: Iterable[int]) -> dict[int, list[HouseholdMembership]]:
    by_household: dict[int, list[HouseholdMembership]] = defaultdict(list)
    memberships = current_memberships().filter(household_id__in=list(household_ids))
    for membership in memberships:
        by_household[membership.household_id].append(membership)
    return by_household


def who_must_consent(memberships: list[HouseholdMembership], on: date) -> list[Resident]:
    """Every member of 16 or older; in a household of minors only, the head (or else the eldest)."""
    adults = [m.resident for m in memberships if age_on(m.resident.birth_date, on) >= AGE_OF_CONSENT]
    if adults or not memberships:
        return adults
    head = next((m for m in memberships if m.relation == Relation.HEAD), None)
    if head is None:
        head = min(memberships, key=lambda m: m.resident.birth_date)
    return [head.resident]


def _lacking(
    memberships: list[HouseholdMembership],
    organisation_id: int,
    part: str,
    grants: set[tuple[int, int, str]],
    on: date,
) -> list[Resident]:
    return [r for r in who_must_consent(memberships, on) if (r.pk, organisation_id, part) not in grants]


def share_check(
    household: Household, organisation: Organisation, part: str, on: date | None = None
) -> list[Resident]:
    """The current members whose consent is missing for sharing `part` with `organisation` (empty: all
    right). Sharing with a care provider is refused outright: see share_refusal()."""
    on = on or timezone.localdate()
    memberships = _current_memberships([household.pk])[household.pk]
    must = who_must_consent(memberships, on)
    grants = _grants([r.pk for r in must], [organisation.pk], on)
    return _lacking(memberships, organisation.pk, part, grants, on)


def share_refusal(organisation: Organisation, part: str) -> dict[str, list[str]]:
    """What makes a share impossible whatever the consent: an unknown part, or a care provider."""
    errors: dict[str, list[str]] = {}
    if part not in DossierPart.values:
        errors["part"] = ["Kies het onderdeel van het dossier dat u wilt delen."]
    if organisation.kind == OrganisationKind.CARE_PROVIDER:
        errors["organisation"] = [CARE_PROVIDER_REFUSED]
    elif organisation.kind not in PARTNER_KINDS:
        errors["organisation"] = ["Met deze organisatie kan het dossier niet worden gedeeld."]
    return errors


@dataclass
class CheckedShare:
    share: Share
    lacking: list[Resident] = field(default_factory=list)

    @property
    def passes(self) -> bool:
        return not self.lacking and self.share.organisation.kind in PARTNER_KINDS


def check_shares(shares: list[Share], on: date | None = None) -> list[CheckedShare]:
    """The live consent check for many shares in two queries (their members, and the consents in force)."""
    on = on or timezone.localdate()
    if not shares:
        return []
    members = _current_memberships({s.household_id for s in shares})
    resident_ids = {m.resident_id for ms in members.values() for m in ms}
    grants = _grants(resident_ids, {s.organisation_id for s in shares}, on)
    return [
        CheckedShare(s, _lacking(members[s.household_id], s.organisation_id, s.part, grants, on))
        for s in shares
    ]


# -- organisations -----------------------------------------------------------------------------------------
def partner_organisations(municipality: Municipality) -> QuerySet[Organisation]:
    """Organisations a household of this municipality can share with: welfare, main contractors and the
    municipality itself, limited to those with a team serving it (or the municipality's own organisation).
    When no organisation can be tied to the municipality, all partner organisations (not another
    municipality's own)."""
    partners = Organisation.objects.filter(kind__in=PARTNER_KINDS).filter(
        Q(municipality__isnull=True) | Q(municipality=municipality)
    )
    serving = Team.objects.filter(organisation_id=OuterRef("pk"), municipalities=municipality)
    served = partners.filter(Q(municipality=municipality) | Q(Exists(serving)))
    return (served if served.exists() else partners).order_by("name")


# -- the household's own page ------------------------------------------------------------------------------
def consents_visible(user: Any) -> QuerySet[Consent]:
    """Consents of residents who are current members of a household the user may see."""
    visible = (
        HouseholdMembership.objects.current()
        .filter(HouseholdPolicy(user).q("household"))
        .filter(resident_id=OuterRef("resident_id"))
    )
    return Consent.objects.filter(Exists(visible))


def _consent_rows(queryset: QuerySet[Consent]) -> QuerySet[Consent]:
    return (
        queryset.select_related("resident", "recorded_by")
        .prefetch_related(Prefetch("organisations", queryset=Organisation.objects.order_by("name")))
        .order_by("-given_on", "-pk")
    )


def household_consents(
    household: Household, on: date | None = None
) -> list[tuple[HouseholdMembership, list[Consent]]]:
    """Per current member, their consents (newest first), each with `.status`. Three queries."""
    on = on or timezone.localdate()
    memberships = _current_memberships([household.pk])[household.pk]
    by_resident: dict[int, list[Consent]] = defaultdict(list)
    for consent in _consent_rows(
        Consent.objects.filter(resident_id__in=[m.resident_id for m in memberships])
    ):
        consent.status = consent_status(consent, on)  # type: ignore[attr-defined]
        consent.part_labels = part_labels(consent.parts)  # type: ignore[attr-defined]
        by_resident[consent.resident_id].append(consent)
    return [(m, by_resident[m.resident_id]) for m in memberships]


def resident_consents(resident: Resident) -> list[Consent]:
    return list(_consent_rows(Consent.objects.filter(resident=resident)))


def household_shares(household: Household, *, active_only: bool = False) -> QuerySet[Share]:
    shares = household.shares.select_related("organisation", "shared_by")
    if active_only:
        shares = shares.filter(ended_at__isnull=True)
    return shares.order_by("ended_at", "-shared_at", "-pk")


# -- the partner's view ------------------------------------------------------------------------------------
def _head_prefetch() -> Prefetch:
    return Prefetch(
        "household__memberships",
        queryset=HouseholdMembership.objects.heads().select_related("resident"),
        to_attr="heads",
    )


def shared_with_user(user: Any, on: date | None = None) -> list[Share]:
    """The shares a partner worker may read right now: offered to their organisation and passing the live
    consent check. A fixed number of queries, whatever the number of shares."""
    shares = list(
        SharePolicy(user)
        .visible()
        .select_related("organisation", "household__district", "household__municipality")
        .prefetch_related(_head_prefetch())
        .order_by("-shared_at", "-pk")
    )
    return [checked.share for checked in check_shares(shares, on) if checked.passes]


def shared_share(user: Any, share_uuid: Any, on: date | None = None) -> Share:
    """One share the user may read right now; Http404 when missing, not offered, or the check fails."""
    share: Share = get_or_404(
        SharePolicy(user)
        .visible()
        .select_related("organisation", "household__district", "household__municipality"),
        uuid=share_uuid,
    )
    checked = check_shares([share], on)[0]
    if not checked.passes:
        raise Http404
    return share


def shared_plan(household: Household) -> Plan | None:
    """The household's open plan with its goals and actions, and nothing else of the dossier."""
    return (
        Plan.objects.filter(household=household, status__in=OPEN_PLAN_STATUSES)
        .prefetch_related(
            Prefetch(
                "goals",
                queryset=Goal.objects.select_related("domain")
                .prefetch_related(
                    Prefetch("members", queryset=Resident.objects.order_by("birth_date")),
                    Prefetch(
                        "actions",
                        queryset=PlanAction.objects.select_related("organisation").order_by(
                            "rung", "start_date", "created_at"
                        ),
                    ),
                )
                .order_by("position", "created_at"),
            )
        )
        .first()
    )


@dataclass
class SharedReport:
    report: ConversationReport
    scorings: list[Scoring]
    levels: dict[int, str]


def shared_report(household: Household) -> SharedReport | None:
    """The latest finalised brede uitvraag: the story, the wishes, and the scores per member and domain."""
    report = (
        ConversationReport.objects.filter(household=household, status=ReportStatus.FINAL)
        .select_related("instrument")
        .order_by("-held_on", "-pk")
        .first()
    )
    if report is None:
        return None
    scorings = list(
        Scoring.objects.filter(report=report, moment=ScoringMoment.INTAKE)
        .select_related("resident")
        .prefetch_related(
            Prefetch(
                "scores",
                queryset=DomainScore.objects.select_related("domain").order_by("domain__position"),
            )
        )
        .order_by("resident__birth_date", "pk")
    )
    levels = dict(ScaleLevel.objects.filter(instrument_id=report.instrument_id).values_list("value", "label"))
    return SharedReport(report=report, scorings=scorings, levels=levels)


def head_of(share: Share) -> Resident | None:
    heads = getattr(share.household, "heads", None)
    if heads is None:
        heads = list(share.household.memberships.heads().select_related("resident"))
    return heads[0].resident if heads else None
