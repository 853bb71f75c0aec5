from django.db.models import QuerySet

from .models import District, DistrictContact, Municipality, PostcodeArea, Team


def district_for_postcode(postcode: str) -> District | None:
    """The district an address belongs to, from its 4-digit postcode area."""
    return District.objects.select_related("municipality").filter(postcode_areas__pc4=postcode[:4]).first()


def municipalities() -> QuerySet[Municipality]:
    return Municipality.objects.order_by("name")


def districts() -> QuerySet[District]:
    return (
        District.objects.select_related("municipality")
        .prefetch_related("postcode_areas")
        .order_by("municipality__name", "name")
    )


def teams() -> QuerySet[Team]:
    return (
        Team.objects.select_related("organisation")
        .prefetch_related("municipalities", "districts")
        .order_by("name")
    )


def district_contacts(district_id: int) -> QuerySet[DistrictContact]:
    """The fixed contacts of partner organisations for one district (invited to its MDO's)."""
    return (
        DistrictContact.objects.filter(district_id=district_id)
        .select_related("organisation")
        .order_by("organisation__name", "name", "pk")
    )


def sample_addresses(limit: int = 50) -> list[tuple[str, str, str]]:
    """(postcode, woonplaats, CBS gemeentecode) inside the installation's own districts: where the built-in
    BRP fake places people, so that a form prefilled from it is valid here."""
    areas = PostcodeArea.objects.select_related("district__municipality").order_by("pc4")[:limit]
    return [(f"{a.pc4}AB", a.district.municipality.name, a.district.municipality.cbs_code) for a in areas]
