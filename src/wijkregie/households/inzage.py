"""What the households app holds about a resident, for the AVG inzage document: their own details, who
represents them (and, without names, whom they represent), and each household they belong or belonged to
with its caseload and timeline for the time of their membership. Other members are left out: their data are
their own. A fixed number of queries however many households or timeline lines there are."""

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone

from .models import CaseloadEntry, HouseholdMembership, Representative, Resident, TimelineEntry


def iso(value: date | datetime | None) -> str | None:
    """Dates as YYYY-MM-DD, moments as ISO 8601 in Amsterdam time, missing as None."""
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    return value.isoformat() if value is not None else None


def staff_name(user: Any) -> str | None:
    return user.display_name if user is not None else None


def memberships_of(resident: Resident) -> list[HouseholdMembership]:
    """Every membership of the resident, current and former, oldest first, with its household."""
    return list(
        HouseholdMembership.objects.filter(resident=resident)
        .select_related("household__district", "household__municipality", "household__regisseur")
        .order_by("start_date", "pk")
    )


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def period(membership: HouseholdMembership) -> tuple[datetime, datetime | None]:
    """A membership's dates as a half-open interval of moments (the end day counts in full)."""
    end = membership.end_date
    return _midnight(membership.start_date), _midnight(end + timedelta(days=1)) if end else None


def _during(membership: HouseholdMembership, start_field: str, end_field: str | None = None) -> Q:
    """Rows of the membership's household that fall in (or, with an end field, overlap) its period."""
    start, end = period(membership)
    condition = Q(household_id=membership.household_id)
    if end_field:
        condition &= Q(**{f"{end_field}__isnull": True}) | Q(**{f"{end_field}__gte": start})
    else:
        condition &= Q(**{f"{start_field}__gte": start})
    if end is not None:
        condition &= Q(**{f"{start_field}__lt": end})
    return condition


def any_of(conditions: Iterable[Q]) -> Q:
    combined = Q(pk__in=[])
    for condition in conditions:
        combined |= condition
    return combined


def resident_of(resident: Resident) -> dict[str, Any]:
    return {
        "uuid": str(resident.uuid),
        "bsn": resident.bsn,
        "voornamen": resident.given_names,
        "voorletters": resident.initials,
        "voorvoegsel": resident.surname_prefix,
        "geslachtsnaam": resident.surname,
        "geboortedatum": iso(resident.birth_date),
        "straat": resident.street,
        "huisnummer": resident.house_number,
        "huisnummertoevoeging": resident.house_number_suffix,
        "postcode": resident.postcode,
        "woonplaats": resident.city,
        "telefoon": resident.phone,
        "e_mail": resident.email,
        "vastgelegd_op": iso(resident.created_at),
        "gewijzigd_op": iso(resident.updated_at),
    }


def _representative(rep: Representative, *, with_name: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "soort": rep.get_kind_display(),
        "ingangsdatum": iso(rep.start_date),
        "einddatum": iso(rep.end_date),
    }
    if with_name:
        data.update(naam=rep.name, contactgegevens=rep.contact)
    return data


def representatives_of(resident: Resident) -> list[dict[str, Any]]:
    return [_representative(r, with_name=True) for r in resident.representatives.order_by("start_date", "pk")]


def represented_by(resident: Resident) -> list[dict[str, Any]]:
    """Whom the resident represents: the kind and dates only, not who (that is the other person's data)."""
    represents = Representative.objects.filter(represented_by=resident).order_by("start_date", "pk")
    return [_representative(r, with_name=False) for r in represents]


def households_of(resident: Resident) -> list[dict[str, Any]]:
    memberships = memberships_of(resident)
    caseload = list(
        CaseloadEntry.objects.filter(any_of(_during(m, "started_at", "ended_at") for m in memberships))
        .select_related("team", "worker")
        .order_by("started_at", "pk")
    )
    timeline = list(
        TimelineEntry.objects.filter(any_of(_during(m, "occurred_at") for m in memberships))
        .select_related("actor")
        .order_by("occurred_at", "pk")
    )

    def household(m: HouseholdMembership) -> dict[str, Any]:
        start, end = period(m)

        def inside(moment: datetime) -> bool:
            return moment >= start and (end is None or moment < end)

        h = m.household
        return {
            "huishouden_uuid": str(h.uuid),
            "relatie": m.get_relation_display(),
            "lid_vanaf": iso(m.start_date),
            "lid_tot": iso(m.end_date),
            "gemeente": {"naam": h.municipality.name, "cbs_code": h.municipality.cbs_code},
            "wijk": {"naam": h.district.name, "wijkpunt": h.district.wijkpunt_name},
            "regisseur": staff_name(h.regisseur),
            "werkvoorraad": [
                {
                    "team": c.team.name,
                    "medewerker": staff_name(c.worker),
                    "vanaf": iso(c.started_at),
                    "tot": iso(c.ended_at),
                }
                for c in caseload
                if c.household_id == h.pk
                and (c.ended_at is None or c.ended_at >= start)
                and (end is None or c.started_at < end)
            ],
            "tijdlijn": [
                {
                    "moment": iso(t.occurred_at),
                    "soort": t.get_kind_display(),
                    "omschrijving": t.description,
                    "medewerker": staff_name(t.actor),
                }
                for t in timeline
                if t.household_id == h.pk and inside(t.occurred_at)
            ],
        }

    return [household(m) for m in memberships]


# What this app adds to the AVG inzage document (collected by wijkregie.oversight.inzage).
SECTIONS = {
    "inwoner": resident_of,
    "vertegenwoordigers": representatives_of,
    "vertegenwoordigt": represented_by,
    "huishoudens": households_of,
}
