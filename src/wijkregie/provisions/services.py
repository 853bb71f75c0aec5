"""Writes to the catalogue: import from a file and single entries. Only the functioneel beheerder of the
municipality writes; everyone else gets 404. Each write is one transaction with its audit row (counts
and field names, never values)."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from wijkregie.accounts.models import User
from wijkregie.audit import services as audit
from wijkregie.audit.constants import Action, Channel
from wijkregie.core.concurrency import unique_or_refused
from wijkregie.core.versioning import locked_current, save_new_version
from wijkregie.organisation.models import Municipality

from . import catalogue_io
from .models import Provision
from .policies import CataloguePolicy

CATALOGUE = "provisions.catalogue"
FIELDS = [
    "description",
    "target_group",
    "domains",
    "keywords",
    "capacity",
    "age_min",
    "age_max",
    "by_volunteers",
    "organisation",
    "contact",
    "law",
    "product_category",
    "product_code",
    "unit",
    "frequency",
    "tariff_cents",
    "weight",
]


@dataclass(frozen=True)
class ImportResult:
    new: int
    changed: int
    unchanged: int


def _manage_or_404(acting_user: User, municipality: Municipality) -> None:
    from django.http import Http404

    if not CataloguePolicy(acting_user).can_manage(municipality):
        raise Http404


def _apply(provision: Provision, row: catalogue_io.CatalogueRow, *, reactivate: bool = True) -> bool:
    """Put a checked row's values on the provision; True when anything differs (saved by the caller)."""
    changed = False
    for name, value in row.values().items():
        current = getattr(provision, name)
        if current != value:
            setattr(provision, name, value)
            changed = True
    if reactivate and not provision.active:
        provision.active = True
        changed = True
    return changed


def catalogue_import(
    *,
    acting_user: User,
    municipality: Municipality,
    content: bytes,
    filename: str,
    channel: Channel = Channel.WEB,
) -> ImportResult:
    """Import a CSV or XLSX catalogue (layout: catalogue_io). All lines are checked first; one bad line
    refuses the whole file with ValidationError({"file": ["Regel N: reden", ...]}) and nothing is saved.
    Entries are matched by (soort, naam): new ones are created, existing ones updated; a re-import
    changes nothing."""
    _manage_or_404(acting_user, municipality)
    rows = catalogue_io.parse(content, filename, municipality)
    new = changed = unchanged = 0
    with transaction.atomic(), unique_or_refused({"file": [IMPORTED_MEANWHILE]}):
        # The entries are matched under the municipality's lock: two imports at once run one after the other.
        Municipality.objects.select_for_update().filter(pk=municipality.pk).values("pk").first()
        existing = {
            (p.kind, p.name.lower()): p
            for p in Provision.objects.filter(municipality=municipality).prefetch_related("districts")
        }
        for row in rows:
            provision = existing.get((row.kind, row.name.lower()))
            if provision is None:
                provision = Provision(municipality=municipality, kind=row.kind, name=row.name)
                _apply(provision, row)
                _full_clean(provision)
                provision.save()
                provision.districts.set(row.district_ids)
                new += 1
                continue
            differs = _apply(provision, row)
            if provision.name != row.name:
                provision.name = row.name
                differs = True
            districts_differ = {d.pk for d in provision.districts.all()} != set(row.district_ids)
            if differs:
                _full_clean(provision)
                provision.save()
            if districts_differ:
                provision.districts.set(row.district_ids)
            if differs or districts_differ:
                changed += 1
            else:
                unchanged += 1
        audit.record(
            actor=acting_user,
            action=Action.UPDATE,
            channel=channel,
            object_type=CATALOGUE,
            fields=[f"nieuw={new}", f"gewijzigd={changed}", f"ongewijzigd={unchanged}"],
        )
    return ImportResult(new=new, changed=changed, unchanged=unchanged)


def catalogue_export(
    *, acting_user: User, municipality: Municipality, file_format: str, channel: Channel = Channel.WEB
) -> bytes:
    """The catalogue as CSV or XLSX bytes, for staff who may read it; writes an EXPORT audit row."""
    from django.http import Http404

    from . import selectors

    if not CataloguePolicy(acting_user).readable_municipalities().filter(pk=municipality.pk).exists():
        raise Http404
    provisions = selectors.catalogue(municipality)
    data = catalogue_io.to_xlsx(provisions) if file_format == "xlsx" else catalogue_io.to_csv(provisions)
    audit.record(
        actor=acting_user,
        action=Action.EXPORT,
        channel=channel,
        object_type=CATALOGUE,
        fields=[f"formaat={file_format}", f"regels={len(provisions)}"],
    )
    return data


def _as_text(values: dict[str, Any]) -> dict[str, str]:
    """Form/API values in the file layout, so single entries follow exactly the import's rules."""

    def text(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, list | tuple):
            return ",".join(str(getattr(v, "name", v)) for v in value)
        if hasattr(value, "all"):
            return ",".join(v.name for v in value.all())
        return str(getattr(value, "name", value))

    mapping = {
        "kind": "soort",
        "name": "naam",
        "description": "omschrijving",
        "target_group": "voor_wie",
        "domains": "leefgebieden",
        "keywords": "zoekwoorden",
        "districts": "wijken",
        "capacity": "capaciteit",
        "organisation": "organisatie",
        "contact": "contact",
        "law": "wet",
        "product_category": "productcategorie",
        "product_code": "productcode",
        "unit": "eenheid",
        "frequency": "frequentie",
        "tariff_cents": "tarief_cent",
        "weight": "zwaarte",
    }
    return {column: text(values.get(name)) for name, column in mapping.items()}


def _checked(municipality: Municipality, values: dict[str, Any]) -> catalogue_io.CatalogueRow:
    row, problems = catalogue_io.Checker(municipality).check(0, _as_text(values))
    if problems or row is None:
        raise ValidationError({"__all__": [p[0].upper() + p[1:] + "." for p in problems]})
    return row


NAME_TAKEN = "Er is al een voorziening van deze soort met deze naam."
IMPORTED_MEANWHILE = "Iemand anders las tegelijk een catalogus in. Lees het bestand opnieuw in."


def _full_clean(provision: Provision) -> None:
    """The model's own checks; its unique name in any capitals is the name field's error, as elsewhere."""
    try:
        provision.full_clean()
    except ValidationError as error:
        if NAME_TAKEN in error.message_dict.get("__all__", []):
            raise ValidationError({"name": [NAME_TAKEN]}) from error
        raise


def _name_taken(municipality: Municipality, row: catalogue_io.CatalogueRow, exclude: int | None) -> None:
    taken = Provision.objects.filter(municipality=municipality, kind=row.kind, name__iexact=row.name)
    if exclude:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise ValidationError({"name": [NAME_TAKEN]})


def provision_create(
    *, acting_user: User, municipality: Municipality, values: dict[str, Any], channel: Channel = Channel.WEB
) -> Provision:
    """A new catalogue entry. `values` uses the model field names; districts/organisation may be objects."""
    _manage_or_404(acting_user, municipality)
    row = _checked(municipality, values)
    _name_taken(municipality, row, None)
    with transaction.atomic(), unique_or_refused({"name": [NAME_TAKEN]}):
        provision = Provision(municipality=municipality, kind=row.kind, name=row.name)
        _apply(provision, row)
        _full_clean(provision)
        provision.save()
        provision.districts.set(row.district_ids)
        audit.record(actor=acting_user, action=Action.CREATE, obj=provision, fields=FIELDS, channel=channel)
    return provision


def provision_update(
    *,
    acting_user: User,
    provision: Provision,
    values: dict[str, Any],
    expected_version: int | None = None,
    channel: Channel = Channel.WEB,
) -> Provision:
    """Change an entry; `values` may be partial (missing keys keep their value as stored now).
    EditedMeanwhile when `expected_version` is older than the stored one."""
    _manage_or_404(acting_user, provision.municipality)
    municipality = provision.municipality
    with transaction.atomic(), unique_or_refused({"name": [NAME_TAKEN]}):
        provision = locked_current(provision, expected_version)
        current = {name: getattr(provision, name) for name in ["kind", "name", *FIELDS]}
        current["districts"] = list(provision.districts.all())
        row = _checked(municipality, {**current, **values})
        _name_taken(municipality, row, provision.pk)
        wanted = {"kind": row.kind, "name": row.name, **row.values()}
        changed = [name for name in wanted if current[name] != wanted[name]]
        if {d.pk for d in current["districts"]} != set(row.district_ids):
            changed.append("districts")
        if not changed:
            return provision
        provision.kind, provision.name = row.kind, row.name
        _apply(provision, row, reactivate=False)
        _full_clean(provision)
        save_new_version(provision)
        if "districts" in changed:
            provision.districts.set(row.district_ids)
        audit.record(actor=acting_user, action=Action.UPDATE, obj=provision, fields=changed, channel=channel)
    return provision


def provision_deactivate(
    *, acting_user: User, provision: Provision, channel: Channel = Channel.WEB
) -> Provision:
    """Take an entry out of use (kept for existing plans and decisions)."""
    _manage_or_404(acting_user, provision.municipality)
    with transaction.atomic():
        provision.active = False
        provision.save(update_fields=["active", "updated_at"])
        audit.record(
            actor=acting_user, action=Action.UPDATE, obj=provision, fields=["active"], channel=channel
        )
    return provision
