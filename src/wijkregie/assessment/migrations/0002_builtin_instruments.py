"""Load the built-in instruments (ZRM 2017, Positieve Gezondheid) from assessment/instruments/*.json.

Built-ins belong to no municipality. They ship the domain names and scale labels only: the official ZRM
anchor texts are licensed and are loaded per municipality as data (docs/instruments.md)."""

import json
from pathlib import Path

from django.db import migrations

FILES = ["zrm-2017.json", "positieve-gezondheid.json"]
FOLDER = Path(__file__).resolve().parent.parent / "instruments"


def load(apps, schema_editor):
    Instrument = apps.get_model("assessment", "Instrument")
    InstrumentDomain = apps.get_model("assessment", "InstrumentDomain")
    ScaleLevel = apps.get_model("assessment", "ScaleLevel")
    for name in FILES:
        data = json.loads((FOLDER / name).read_text(encoding="utf-8"))
        if Instrument.objects.filter(key=data["key"], municipality__isnull=True).exists():
            continue
        scale = data["scale"]
        instrument = Instrument.objects.create(
            key=data["key"],
            name=data["name"],
            version=data.get("version", ""),
            municipality=None,
            scale_min=scale["min"],
            scale_max=scale["max"],
            active=True,
        )
        ScaleLevel.objects.bulk_create(
            ScaleLevel(instrument=instrument, value=int(value), label=label)
            for value, label in scale["labels"].items()
        )
        InstrumentDomain.objects.bulk_create(
            InstrumentDomain(instrument=instrument, code=domain["code"], name=domain["name"], position=i)
            for i, domain in enumerate(data["domains"], start=1)
        )


def unload(apps, schema_editor):
    Instrument = apps.get_model("assessment", "Instrument")
    keys = [json.loads((FOLDER / name).read_text(encoding="utf-8"))["key"] for name in FILES]
    Instrument.objects.filter(key__in=keys, municipality__isnull=True, reports__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
