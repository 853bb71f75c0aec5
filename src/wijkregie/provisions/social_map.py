"""Reads for the sociale kaart: the public list of general provisions, and for staff the maatwerk catalogue.

Nothing here touches personal data, so there is no policy scope and no access row: the catalogue of a
municipality is public information. Only the maatwerk part (laws, product codes, tariffs) is for staff."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from wijkregie.accounts.constants import CASEWORK_ROLES
from wijkregie.core.money import euros
from wijkregie.organisation.models import District, Municipality, PostcodeArea

from .constants import PLAIN_DOMAINS, ProvisionKind
from .models import Provision

DOMAIN_LABELS = dict(PLAIN_DOMAINS)

# iWmo/iJw code lists, only the values a catalogue commonly uses; an unknown code is shown as is.
UNIT_LABELS = {
    "01": "minuut",
    "04": "uur",
    "14": "etmaal",
    "16": "dagdeel",
    "84": "stuks (inspanning)",
    "82": "stuks (output)",
    "83": "euro",
}
FREQUENCY_LABELS = {
    "1": "per dag",
    "2": "per week",
    "4": "per maand",
    "6": "totaal binnen de looptijd",
}

MAX_WORDS = 5


@dataclass(frozen=True)
class MapQuery:
    municipality: Municipality
    district: District | None = None
    domain: str = ""
    words: str = ""


@dataclass(frozen=True)
class GeneralRow:
    provision: Provision
    domains: list[str]
    where: str


@dataclass(frozen=True)
class CustomRow:
    provision: Provision
    unit: str
    frequency: str
    tariff: str


def is_staff_reader(user: Any) -> bool:
    """Staff doing casework see the maatwerk part of the map; everyone else (anonymous included) does not."""
    return bool(user and user.is_authenticated and user.is_active and user.role in CASEWORK_ROLES)


def map_municipalities(*, include_custom: bool = False) -> QuerySet[Municipality]:
    """Municipalities with something to show: active general provisions (for staff: any active provision)."""
    kinds = [ProvisionKind.GENERAL, ProvisionKind.CUSTOM] if include_custom else [ProvisionKind.GENERAL]
    offered = Provision.objects.filter(municipality_id=OuterRef("pk"), active=True, kind__in=kinds)
    return Municipality.objects.filter(Exists(offered)).order_by("name")


def map_districts(*, include_custom: bool = False) -> QuerySet[District]:
    return (
        District.objects.filter(municipality__in=map_municipalities(include_custom=include_custom))
        .select_related("municipality")
        .order_by("municipality__name", "name")
    )


def district_for_pc4(pc4: str) -> District | None:
    """The district of a 4-digit postcode area (the first four characters of a postcode)."""
    area = PostcodeArea.objects.select_related("district__municipality").filter(pc4=pc4[:4]).first()
    return area.district if area else None


def _words(text: str) -> list[str]:
    return [word for word in text.split() if word][:MAX_WORDS]


def general_provisions(query: MapQuery) -> list[GeneralRow]:
    """Active general provisions of the municipality, available in the district (no districts: the whole
    municipality), about the life domain, matching every search word; ordered by name. Two queries."""
    qs = Provision.objects.filter(municipality=query.municipality, kind=ProvisionKind.GENERAL, active=True)
    if query.district is not None:
        through = Provision.districts.through
        in_district = Exists(
            through.objects.filter(provision_id=OuterRef("pk"), district_id=query.district.pk)
        )
        anywhere = ~Exists(through.objects.filter(provision_id=OuterRef("pk")))
        qs = qs.filter(in_district | anywhere)
    if query.domain:
        # The JSON list as text holds each code in double quotes; this works on SQLite and PostgreSQL alike.
        qs = qs.filter(domains__icontains=f'"{query.domain}"')
    for word in _words(query.words):
        qs = qs.filter(
            Q(name__icontains=word)
            | Q(description__icontains=word)
            | Q(keywords__icontains=word)
            | Q(target_group__icontains=word)
        )
    qs = qs.select_related("organisation").prefetch_related("districts").order_by("name", "pk")
    rows = []
    for provision in qs:
        districts = sorted(d.name for d in provision.districts.all())
        where = ", ".join(districts) if districts else f"Heel {query.municipality.name}"
        domains = [DOMAIN_LABELS[code] for code in provision.domains if code in DOMAIN_LABELS]
        rows.append(GeneralRow(provision=provision, domains=domains, where=where))
    return rows


def custom_provisions(municipality: Municipality) -> list[CustomRow]:
    """The active maatwerkvoorzieningen of a municipality, by law and product code (staff only). One query."""
    qs = Provision.objects.filter(municipality=municipality, kind=ProvisionKind.CUSTOM, active=True).order_by(
        "law", "product_category", "product_code", "name", "pk"
    )
    return [
        CustomRow(
            provision=provision,
            unit=UNIT_LABELS.get(provision.unit, provision.unit),
            frequency=FREQUENCY_LABELS.get(provision.frequency, provision.frequency),
            tariff=euros(provision.tariff_cents),
        )
        for provision in qs
    ]
