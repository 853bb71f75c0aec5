"""Reads of households and residents. Every query starts from the HouseholdPolicy's predicate."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q, QuerySet

from wijkregie.core.identifiers import prefix_upper_bound, search_key, split_surname_prefix
from wijkregie.core.policies import get_or_404

from .models import CaseloadEntry, Household, HouseholdMembership, Resident, TimelineEntry
from .policies import HouseholdPolicy

SEARCH_LIMIT = 50
TIMELINE_LIMIT = 100


# -- current members: the one way other apps ask who belongs to a household now ---------------------------
def current_memberships() -> "QuerySet[HouseholdMembership]":
    """Current memberships with their resident, the hoofdbewoner first, then by age: as pages list them."""
    return (
        HouseholdMembership.objects.current()
        .select_related("resident")
        .order_by("relation", "resident__birth_date", "pk")
    )


def current_members(household: Household) -> list[Resident]:
    return [m.resident for m in current_memberships().filter(household=household)]


def is_current_member(household: Household, resident: Resident) -> bool:
    return HouseholdMembership.objects.current().filter(household=household, resident=resident).exists()


def current_membership(resident: Resident) -> HouseholdMembership | None:
    """The resident's membership of their household now, with the household (None when they have none)."""
    return HouseholdMembership.objects.current().filter(resident=resident).select_related("household").first()


def _current_members() -> Prefetch:
    return Prefetch("memberships", queryset=current_memberships(), to_attr="current_members")


def worklist(user: Any) -> list[Household]:
    """Mijn werkvoorraad: households where the user is assigned worker or regisseur.
    4 queries: two id lists, the households, their current members."""
    policy = HouseholdPolicy(user)
    assigned = CaseloadEntry.objects.filter(worker_id=user.pk, ended_at__isnull=True).values_list(
        "household_id", flat=True
    )
    ids = set(assigned) | set(Household.objects.filter(regisseur_id=user.pk).values_list("pk", flat=True))
    return list(
        Household.objects.filter(pk__in=ids)
        .filter(policy.q())
        .select_related("district", "municipality", "regisseur")
        .prefetch_related(_current_members())
        .order_by("-last_activity_at", "pk")
    )


def household_for_dossier(user: Any, household_uuid: Any) -> Household:
    """The whole dossier in a fixed number of queries; raises Http404 when missing or not allowed."""
    dossier = (
        Household.objects.filter(HouseholdPolicy(user).q())
        .select_related("district", "municipality", "regisseur")
        .prefetch_related(
            _current_members(),
            Prefetch(
                "memberships",
                queryset=HouseholdMembership.objects.former()
                .select_related("resident")
                .order_by("-end_date"),
                to_attr="former_members",
            ),
            Prefetch(
                "caseload_entries",
                queryset=CaseloadEntry.objects.filter(ended_at__isnull=True).select_related("team", "worker"),
                to_attr="active_caseload",
            ),
            "current_members__resident__representatives",  # type: ignore[misc]  # through to_attr
        )
    )
    household: Household = get_or_404(dossier, uuid=household_uuid)
    return household


def timeline_entries(household: Household) -> QuerySet[TimelineEntry]:
    """The household's timeline, newest first, as a queryset (for paging)."""
    return household.timeline.select_related("actor").order_by("-occurred_at", "-pk")


def timeline(household: Household, limit: int = TIMELINE_LIMIT) -> list[TimelineEntry]:
    return list(timeline_entries(household)[:limit])


TIMELINE_PAGE = 50


def timeline_page(household: Household, *, page: Any, kind: str = "") -> Page:
    """One page of the whole timeline, newest first, optionally of one kind of step: Django's paginator,
    so a page number that is not a number or lies past the end shows the nearest page. Two index-range
    queries whatever the household's history: the count and the page."""
    entries = timeline_entries(household)
    if kind:
        entries = entries.filter(kind=kind)
    return Paginator(entries, TIMELINE_PAGE).get_page(page)


@dataclass(frozen=True)
class SearchCriteria:
    bsn: str = ""
    surname: str = ""
    birth_date: date | None = None
    postcode: str = ""
    house_number: int | None = None

    def is_empty(self) -> bool:
        return not (self.bsn or self.surname or self.birth_date or (self.postcode and self.house_number))

    def kinds(self) -> list[str]:
        """Which criteria were used, for the audit row (never the values)."""
        return [
            name
            for name in ("bsn", "surname", "birth_date", "postcode", "house_number")
            if getattr(self, name)
        ]


def _key_range(key: str) -> Q:
    """The search keys that start with `key`, as an index range on the normalised key: both databases then
    read only matching rows (a LIKE 'key%' made them walk the index in name order; docs/benchmarks.md)."""
    upper = prefix_upper_bound(key)
    condition = Q(resident__surname_search__gte=key)
    return condition & Q(resident__surname_search__lt=upper) if upper else condition


def _surname_prefix(text: str) -> Q:
    """The surname as typed, with or without its voorvoegsel: "Vries" and "de Vries" both find Anna de
    Vries (voorvoegsel kept apart, as in the BRP), and "de Vries" also finds a surname entered whole as
    "de Vries". Two index ranges at most, joined by OR."""
    whole = search_key(text)
    if not whole:  # only punctuation typed: nothing can match, rather than everything
        return Q(pk__in=[])
    condition = _key_range(whole)
    voorvoegsel, rest = split_surname_prefix(text)
    if voorvoegsel and search_key(rest):
        condition |= _key_range(search_key(rest)) & Q(resident__surname_prefix__iexact=voorvoegsel)
    return condition


def search(user: Any, criteria: SearchCriteria, limit: int = SEARCH_LIMIT) -> list[HouseholdMembership]:
    """Current members matching the criteria, only in households the user may see (1 query)."""
    if criteria.is_empty():
        return []
    condition = Q()
    if criteria.bsn:
        condition &= Q(resident__bsn=criteria.bsn)
    if criteria.surname:
        condition &= _surname_prefix(criteria.surname)
    if criteria.birth_date:
        condition &= Q(resident__birth_date=criteria.birth_date)
    if criteria.postcode and criteria.house_number:
        condition &= Q(resident__postcode=criteria.postcode, resident__house_number=criteria.house_number)
    policy = HouseholdPolicy(user)
    return list(
        HouseholdMembership.objects.current()
        .filter(condition)
        .filter(policy.q("household"))
        .select_related("resident", "household__district")
        .order_by("resident__surname_search", "resident__birth_date", "pk")[:limit]
    )


def resident_visible(user: Any, resident_uuid: Any) -> QuerySet[Resident]:
    """A resident is visible when one of their households (current or former) is."""
    policy = HouseholdPolicy(user)
    visible_memberships = HouseholdMembership.objects.filter(policy.q("household"))
    return Resident.objects.filter(uuid=resident_uuid, memberships__in=visible_memberships).distinct()


def postal_address(resident: Resident) -> dict[str, str]:
    """The two address lines of a letter to the resident: street and number, postcode and place."""
    suffix = f" {resident.house_number_suffix}" if resident.house_number_suffix else ""
    number = f"{resident.house_number}{suffix}"
    return {
        "street": f"{resident.street} {number}" if resident.street else f"Huisnummer {number}",
        "place": f"{resident.postcode[:4]} {resident.postcode[4:]}  {resident.city.upper()}",
    }
