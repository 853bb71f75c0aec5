"""The AVG inzage document for one resident: everything held about them, and who accessed it.

Read side only; the export service (services.inzage_export) checks the policy and writes the EXPORT row.
Format: docs/inzage.md. The document speaks Dutch because it is written for the resident.
A fixed number of queries however many households, timeline lines or audit rows there are.
"""

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone

from wijkregie.accounts.constants import Role
from wijkregie.core.identifiers import is_valid_bsn, normalise_bsn
from wijkregie.households.models import (
    CaseloadEntry,
    HouseholdMembership,
    Representative,
    Resident,
    TimelineEntry,
)

from .constants import Action, Channel
from .models import AuditEvent

FORMAT = "wijkregie-inzage/1"
NOT_FOUND = "Niet gevonden: er is geen inwoner met dit BSN waarvan u de gegevens mag exporteren."


def resident_by_bsn(bsn: str) -> Resident | None:
    bsn = normalise_bsn(bsn)
    return Resident.objects.filter(bsn=bsn).first() if is_valid_bsn(bsn) else None


def _iso(value: date | datetime | None) -> str | None:
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    return value.isoformat() if value is not None else None


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _period(membership: HouseholdMembership) -> tuple[datetime, datetime | None]:
    """A membership's dates as a half-open interval of moments (the end day counts in full)."""
    end = membership.end_date
    return _midnight(membership.start_date), _midnight(end + timedelta(days=1)) if end else None


def _during(membership: HouseholdMembership, start_field: str, end_field: str | None = None) -> Q:
    """Rows of the membership's household that fall in (or, with an end field, overlap) its period."""
    start, end = _period(membership)
    condition = Q(household_id=membership.household_id)
    if end_field:
        condition &= Q(**{f"{end_field}__isnull": True}) | Q(**{f"{end_field}__gte": start})
    else:
        condition &= Q(**{f"{start_field}__gte": start})
    if end is not None:
        condition &= Q(**{f"{start_field}__lt": end})
    return condition


def _any(conditions: list[Q]) -> Q:
    combined = Q(pk__in=[])
    for condition in conditions:
        combined |= condition
    return combined


def _staff(user: Any) -> str | None:
    return user.display_name if user is not None else None


def _resident(resident: Resident) -> dict[str, Any]:
    return {
        "uuid": str(resident.uuid),
        "bsn": resident.bsn,
        "voornamen": resident.given_names,
        "voorletters": resident.initials,
        "voorvoegsel": resident.surname_prefix,
        "geslachtsnaam": resident.surname,
        "geboortedatum": _iso(resident.birth_date),
        "straat": resident.street,
        "huisnummer": resident.house_number,
        "huisnummertoevoeging": resident.house_number_suffix,
        "postcode": resident.postcode,
        "woonplaats": resident.city,
        "telefoon": resident.phone,
        "e_mail": resident.email,
        "vastgelegd_op": _iso(resident.created_at),
        "gewijzigd_op": _iso(resident.updated_at),
    }


def _representative(rep: Representative, *, with_name: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "soort": rep.get_kind_display(),
        "ingangsdatum": _iso(rep.start_date),
        "einddatum": _iso(rep.end_date),
    }
    if with_name:
        data.update(naam=rep.name, contactgegevens=rep.contact)
    return data


def _access(event: AuditEvent) -> dict[str, Any]:
    role = dict(Role.choices).get(event.actor_role, event.actor_role)
    return {
        "moment": _iso(event.occurred_at),
        "medewerker": _staff(event.actor) or "Systeem",
        "rol": role,
        "actie": event.action,
        "actie_omschrijving": dict(Action.choices).get(event.action, event.action),
        "kanaal": dict(Channel.choices).get(event.channel, event.channel),
        "doorbroken_toegang": event.break_glass,
        "huishouden_uuid": str(event.household_uuid) if event.household_uuid else None,
        "onderdeel": event.object_type,
        "velden": list(event.fields or []),
    }


# Sections other apps add to the document (their data about the resident), registered from their
# AppConfig.ready(): the audit app stays below the casework apps and still exports everything.
InzageSection = Callable[[Resident], list[dict[str, Any]]]
SECTIONS: dict[str, InzageSection] = {}


def register_section(key: str, collect: InzageSection) -> None:
    SECTIONS[key] = collect


def inzage_document(resident: Resident) -> dict[str, Any]:
    """All data held about the resident. Other members of their households are left out: the document
    names only the resident, their representatives and the staff who worked on or looked at the dossier."""
    memberships = list(
        HouseholdMembership.objects.filter(resident=resident)
        .select_related("household__district", "household__municipality", "household__regisseur")
        .order_by("start_date", "pk")
    )
    representatives = resident.representatives.order_by("start_date", "pk")
    represents = Representative.objects.filter(represented_by=resident).order_by("start_date", "pk")
    caseload = CaseloadEntry.objects.filter(_any([_during(m, "started_at", "ended_at") for m in memberships]))
    timeline = TimelineEntry.objects.filter(_any([_during(m, "occurred_at") for m in memberships]))
    grouped_caseload = list(caseload.select_related("team", "worker").order_by("started_at", "pk"))
    grouped_timeline = list(timeline.select_related("actor").order_by("occurred_at", "pk"))
    accesses = (
        AuditEvent.objects.filter(
            Q(object_uuid=resident.uuid)
            | _any([Q(household_uuid=m.household.uuid, occurred_at__gte=_period(m)[0]) for m in memberships])
        )
        .select_related("actor")
        .order_by("occurred_at", "pk")
    )

    def household(m: HouseholdMembership) -> dict[str, Any]:
        start, end = _period(m)

        def inside(moment: datetime) -> bool:
            return moment >= start and (end is None or moment < end)

        h = m.household
        return {
            "huishouden_uuid": str(h.uuid),
            "relatie": m.get_relation_display(),
            "lid_vanaf": _iso(m.start_date),
            "lid_tot": _iso(m.end_date),
            "gemeente": {"naam": h.municipality.name, "cbs_code": h.municipality.cbs_code},
            "wijk": {"naam": h.district.name, "wijkpunt": h.district.wijkpunt_name},
            "regisseur": _staff(h.regisseur),
            "werkvoorraad": [
                {
                    "team": c.team.name,
                    "medewerker": _staff(c.worker),
                    "vanaf": _iso(c.started_at),
                    "tot": _iso(c.ended_at),
                }
                for c in grouped_caseload
                if c.household_id == h.pk
                and (c.ended_at is None or c.ended_at >= start)
                and (end is None or c.started_at < end)
            ],
            "tijdlijn": [
                {
                    "moment": _iso(t.occurred_at),
                    "soort": t.get_kind_display(),
                    "omschrijving": t.description,
                    "medewerker": _staff(t.actor),
                }
                for t in grouped_timeline
                if t.household_id == h.pk and inside(t.occurred_at)
            ],
        }

    return {
        "formaat": FORMAT,
        "aangemaakt_op": _iso(timezone.now()),
        "inwoner": _resident(resident),
        "vertegenwoordigers": [_representative(r, with_name=True) for r in representatives],
        "vertegenwoordigt": [_representative(r, with_name=False) for r in represents],
        "huishoudens": [household(m) for m in memberships],
        **{key: collect(resident) for key, collect in sorted(SECTIONS.items())},
        "toegang": [_access(event) for event in accesses],
    }
