"""BSNs and postcodes hold ASCII digits only. Before the database enforces it, a value stored with another
script's digits (fullwidth, Arabic-Indic, ...) is rewritten in ASCII; where that would make it equal to a BSN
already registered, the same person was registered twice: the migration stops and names the residents by uuid,
for the functioneel beheerder to merge them."""

import re
import unicodedata

from django.db import migrations

_BSN = re.compile(r"[0-9]{9}")
_POSTCODE = re.compile(r"[1-9][0-9]{3}[A-Z]{2}")


def in_ascii(value: str) -> str:
    """Every decimal digit of any script as its ASCII digit, the rest unchanged."""
    return "".join(str(unicodedata.decimal(ch)) if unicodedata.decimal(ch, None) is not None else ch for ch in value)


def plan(bsns: dict[int, str]) -> tuple[dict[int, str], list[tuple[int, int]]]:
    """(pk → ASCII BSN for the rows to rewrite, [(pk, pk of the row it would collide with)])."""
    taken = {bsn: pk for pk, bsn in bsns.items() if _BSN.fullmatch(bsn)}
    rewrites, duplicates = {}, []
    for pk, bsn in bsns.items():
        if _BSN.fullmatch(bsn):
            continue
        ascii_bsn = in_ascii(bsn)
        if ascii_bsn in taken:
            duplicates.append((pk, taken[ascii_bsn]))
        else:
            rewrites[pk] = ascii_bsn
            taken[ascii_bsn] = pk
    return rewrites, duplicates


def forwards(apps, schema_editor):
    Resident = apps.get_model("households", "Resident")
    rows = dict(Resident.objects.values_list("pk", "bsn"))
    rewrites, duplicates = plan(rows)
    if duplicates:
        uuids = dict(Resident.objects.filter(pk__in=[pk for pair in duplicates for pk in pair]).values_list("pk", "uuid"))
        pairs = ", ".join(f"{uuids[a]} = {uuids[b]}" for a, b in duplicates)
        raise RuntimeError(f"Dubbel geregistreerde inwoners (zelfde BSN in andere cijfers), eerst samenvoegen: {pairs}")
    for pk, bsn in rewrites.items():
        Resident.objects.filter(pk=pk).update(bsn=bsn)
    for pk, postcode in Resident.objects.values_list("pk", "postcode"):
        if not _POSTCODE.fullmatch(postcode):
            Resident.objects.filter(pk=pk).update(postcode=in_ascii(postcode))


class Migration(migrations.Migration):
    dependencies = [("households", "0007_caseload_team_waiting")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
