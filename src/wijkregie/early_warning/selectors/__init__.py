"""Reads for vroegsignalering, each starting from the policy's visible zaken; the DDAS delivery's credentials
are in `delivery`. The queue and the zaak page read a fixed number of queries whatever the number of zaken
or signals."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from wijkregie.core.policies import get_or_404
from wijkregie.households.models import Resident
from wijkregie.households.selectors import current_memberships
from wijkregie.organisation.models import Municipality

from ..constants import SignalStatus
from ..models import ContactAttempt, EarlyWarningSettings, MatchingRun, Signal, SignalCase, SignalFile
from ..policies import SignalCasePolicy

SOON_DAYS = 3
QUEUE_LIMIT = 200
AGE_GROUPS = {"jong": (18, 27), "midden": (27, 67), "oud": (67, 130)}


@dataclass(frozen=True)
class Clock:
    """Where a zaak stands against the municipality's norms (days from the matching date)."""

    contact_due: date
    analysis_due: date
    contacted: bool
    today: date

    def _state(self, due: date, done: bool) -> str:
        if done:
            return ""
        if due < self.today:
            return "Te laat"
        if due == self.today:
            return "Vandaag"
        return "Binnenkort" if due <= self.today + timedelta(days=SOON_DAYS) else ""

    @property
    def contact_state(self) -> str:
        return self._state(self.contact_due, self.contacted)

    @property
    def analysis_state(self) -> str:
        return self._state(self.analysis_due, False)


def clock(case: SignalCase, settings: EarlyWarningSettings | None, contacted: bool) -> Clock:
    contact_days = settings.contact_days if settings else 14
    analysis_days = settings.analysis_days if settings else 28
    return Clock(
        contact_due=case.matched_on + timedelta(days=contact_days),
        analysis_due=case.matched_on + timedelta(days=analysis_days),
        contacted=contacted,
        today=timezone.localdate(),
    )


@dataclass(frozen=True)
class QueueFilter:
    district: Any = None  # a District uuid
    partner_type: str = ""
    multiple: str = ""  # "enkel" | "meervoudig"
    crisis: bool = False
    age: str = ""  # a key of AGE_GROUPS
    closed: bool = False


@dataclass
class QueueRow:
    case: SignalCase
    names: list[str]
    clock: Clock
    shown: list[Resident] = field(default_factory=list)


def _matched() -> QuerySet[Signal]:
    return Signal.objects.filter(status=SignalStatus.MATCHED)


def _filtered(cases: QuerySet[SignalCase], wanted: QueueFilter, today: date) -> QuerySet[SignalCase]:
    cases = cases.exclude(result="") if wanted.closed else cases.filter(result="")
    if wanted.district:
        cases = cases.filter(district__uuid=wanted.district)
    if wanted.partner_type:
        cases = cases.filter(
            Exists(_matched().filter(case_id=OuterRef("pk"), partner_type=wanted.partner_type))
        )
    if wanted.multiple == "enkel":
        cases = cases.filter(signal_count=1)
    elif wanted.multiple == "meervoudig":
        cases = cases.filter(signal_count__gte=2)
    if wanted.crisis:
        cases = cases.filter(crisis=True)
    if wanted.age in AGE_GROUPS:
        low, high = AGE_GROUPS[wanted.age]
        born = Q(
            resident__birth_date__gt=_years_before(today, high),
            resident__birth_date__lte=_years_before(today, low),
        )
        cases = cases.filter(Exists(_matched().filter(born, case_id=OuterRef("pk"))))
    return cases


def _years_before(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def queue(user: Any, wanted: QueueFilter | None = None, limit: int = QUEUE_LIMIT) -> list[QueueRow]:
    """The outreach team's zaken: crisis first, then the oldest signal first (5 queries)."""
    wanted = wanted or QueueFilter()
    today = timezone.localdate()
    cases = _filtered(SignalCasePolicy(user).worked(), wanted, today)
    order = ("-crisis", "oldest_signal_on", "pk")
    # First the page's ids, in the order of the team's queue index; only those rows are then read whole
    # (a year holds a million zaken: the joins and the contact check must not run for every open one).
    ids = list(cases.order_by(*order).values_list("pk", flat=True)[:limit])
    rows = list(
        SignalCase.objects.filter(pk__in=ids)
        .select_related("household", "district", "worker", "municipality")
        .annotate(contacted=_has_attempt())
        .prefetch_related(Prefetch("signals", queryset=_matched().select_related("resident").order_by("pk")))
        .order_by(*order)
    )
    settings = _settings({case.municipality_id for case in rows})
    result = []
    for case in rows:
        people = list(
            {signal.resident_id: signal.resident for signal in case.signals.all() if signal.resident}.values()
        )
        result.append(
            QueueRow(
                case=case,
                names=[person.full_name for person in people],
                clock=clock(case, settings.get(case.municipality_id), case.contacted),
                shown=people,
            )
        )
    return result


def _has_attempt() -> Exists:
    return Exists(ContactAttempt.objects.filter(case_id=OuterRef("pk")))


def _settings(municipality_ids: set[int]) -> dict[int, EarlyWarningSettings]:
    if not municipality_ids:
        return {}
    found = EarlyWarningSettings.objects.filter(municipality_id__in=municipality_ids)
    return {settings.municipality_id: settings for settings in found}


@dataclass
class CaseView:
    case: SignalCase
    signals: list[Signal]
    people: list[Resident]
    others: int  # current members without a signal: counted, not shown (need-to-know)
    attempts: list[Any]
    letters: list[Any]
    clock: Clock
    can_work: bool


def case_visible(user: Any, case_uuid: Any) -> SignalCase:
    case: SignalCase = get_or_404(
        SignalCasePolicy(user)
        .visible()
        .select_related("household", "district", "team", "worker", "municipality", "melding"),
        uuid=case_uuid,
    )
    return case


def case_view(user: Any, case: SignalCase) -> CaseView:
    """What the zaak page shows: the signals, the signalled members' contact data, attempts and letters."""
    signals = list(
        _matched().filter(case=case).select_related("resident", "partner").order_by("signal_date", "pk")
    )
    people = list({signal.resident_id: signal.resident for signal in signals if signal.resident}.values())
    members = current_memberships().filter(household=case.household).count()
    attempts = list(case.attempts.select_related("recorded_by").order_by("made_on", "pk"))
    letters = list(case.letters.select_related("resident").order_by("pk").defer("pdf"))
    settings = EarlyWarningSettings.objects.filter(municipality_id=case.municipality_id).first()
    return CaseView(
        case=case,
        signals=signals,
        people=people,
        others=max(members - len(people), 0),
        attempts=attempts,
        letters=letters,
        clock=clock(case, settings, bool(attempts)),
        can_work=SignalCasePolicy(user).can_work(case),
    )


def household_cases(user: Any, household: Any) -> list[SignalCase]:
    """The zaken of a household the user may see, newest first (for the dossier)."""
    return list(
        SignalCasePolicy(user)
        .visible()
        .filter(household=household)
        .select_related("team")
        .order_by("-period_start")
    )


def files(municipality: Municipality, limit: int = 50) -> list[SignalFile]:
    return list(
        SignalFile.objects.filter(municipality=municipality)
        .select_related("partner", "received_by")
        .order_by("-received_at")[:limit]
    )


def runs(municipality: Municipality, limit: int = 20) -> list[MatchingRun]:
    return list(
        MatchingRun.objects.filter(municipality=municipality)
        .select_related("started_by")
        .order_by("-started_at")[:limit]
    )


def waiting_count(municipality: Municipality) -> int:
    """Signals read in but not yet matched."""
    return Signal.objects.filter(municipality=municipality, status=SignalStatus.NEW).count()
