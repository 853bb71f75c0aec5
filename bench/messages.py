"""iWmo/iJw message benchmark (not a test): messages per second, in one process on one core.

    .venv/bin/python bench/messages.py [--messages 100000] [--standard iwmo] [--settings MODULE]

Builds N WMO301 (or JW301) messages with `build_301` and validates each against the official XSD from
WIJKREGIE_ISTANDAARDEN_DIR; then reads N generated 305 and N generated 307 messages with `parse` and runs
`structural_errors` on each (BSN elfproef, dates, codes against the code lists). Every message differs
(BSN, allocation number, dates; a fifth of the 301s with a Budget instead of an Omvang); the first of each
kind is checked to be valid before timing. Prints one table row per step.
"""

import argparse
import gc
import os
import platform
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from datetime import time as clock
from typing import Any


@dataclass
class Row:
    step: str
    messages: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.messages / self.seconds if self.seconds else float("inf")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--messages", type=int, default=100_000, help="messages per step")
    parser.add_argument("--standard", choices=["iwmo", "ijw"], default="iwmo")
    parser.add_argument("--settings", default="wijkregie.conf.test", help="Django settings module")
    args = parser.parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = args.settings

    import django

    django.setup()
    from lxml import etree

    rows = run(args.messages, args.standard)
    libxml = ".".join(map(str, etree.LIBXML_VERSION))
    print(f"\nPython {platform.python_version()}, lxml {etree.__version__}, libxml2 {libxml}, one process\n")
    print("| step | standard | messages | seconds | messages/s |")
    print("|---|---|---:|---:|---:|")
    for row in rows:
        cells = [row.step, args.standard, f"{row.messages:,}", f"{row.seconds:.2f}", f"{row.per_second:,.0f}"]
        print("| " + " | ".join(cells) + " |")


def run(n: int, standard: Any) -> list[Row]:
    from wijkregie.integrations.istandaarden.messages import build_301, parse
    from wijkregie.integrations.istandaarden.validation import structural_errors, xsd_errors, xsd_schema

    if xsd_schema(standard, "301") is None:
        raise SystemExit(
            "De XSD's staan niet in WIJKREGIE_ISTANDAARDEN_DIR; zonder XSD valt er niets te meten."
        )
    allocations = [allocation(standard, i) for i in range(n)]
    starts = [start_care(standard, i) for i in range(n)]
    stops = [stop_care(standard, i) for i in range(n)]
    for sample, kind in ((build_301(allocations[0]), "301"), (starts[0], "305"), (stops[0], "307")):
        assert xsd_errors(sample, standard, kind) == [], kind
        assert structural_errors(sample) == [], kind
    # The inputs are set-up, not work: keep the collector from walking them again and again while timing.
    gc.collect()
    gc.freeze()

    built: list[bytes] = []
    rows = [timed("build 301 (build_301)", allocations, lambda m: built.append(build_301(m)))]
    rows.append(timed("XSD-validate 301 (xsd_errors)", built, lambda x: xsd_errors(x, standard, "301")))
    rows.append(
        timed("build + XSD-validate 301", allocations, lambda m: xsd_errors(build_301(m), standard, "301"))
    )
    rows.append(timed("structural check 301 (structural_errors)", allocations, structural_errors))
    rows.append(timed("parse 305", starts, parse))
    rows.append(timed("parse + structural check 305", starts, lambda x: structural_errors(parse(x))))
    rows.append(timed("parse 307", stops, parse))
    rows.append(timed("parse + structural check 307", stops, lambda x: structural_errors(parse(x))))
    return rows


def timed(step: str, items: Iterable[Any], work: Callable[[Any], object]) -> Row:
    items = list(items)
    started = time.perf_counter()
    for item in items:
        work(item)
    row = Row(step, len(items), time.perf_counter() - started)
    print(f"  {step}: {row.per_second:,.0f} messages/s", flush=True)
    return row


# -------------------------------------------------------------------------------------------- data


def bsn(i: int) -> str:
    from wijkregie.core.identifiers import bsn_with_check_digit

    base = 10_000_000 + i * 7
    while (found := bsn_with_check_digit(base)) is None:
        base += 1
    return found


def allocation(standard: Any, i: int) -> Any:
    from wijkregie.integrations.istandaarden.messages import (
        Address,
        AllocatedProduct,
        Allocation301,
        Client,
        Header,
    )

    category, code = PRODUCT[standard]
    start = date(2025, 1, 1) + timedelta(days=i % 365)
    product = AllocatedProduct(
        allocation_number=100_000 + i,
        provider_reference=f"ZA-{i}",
        product_category=category,
        product_code=code,
        allocated_on=start,
        allocated_at=clock(9, i % 60, 0),
        start=start,
        end=start + timedelta(days=182) if i % 3 else None,
        volume=None if i % 5 == 0 else 1 + i % 8,
        unit="" if i % 5 == 0 else "04",
        frequency="" if i % 5 == 0 else "2",
        budget_cents=250_000 if i % 5 == 0 else None,
    )
    return Allocation301(
        header=Header(standard, "301", "9901", "12345678", f"WR{i:010d}", start),
        client=Client(
            bsn=bsn(i),
            birth_date=date(1940 + i % 60, 1 + i % 12, 1 + i % 28),
            gender=str(i % 3),
            surname=f"Achternaam{i}",
            surname_prefix="van" if i % 4 == 0 else "",
            given_names="Anna Maria",
            initials="AM",
            name_usage="1",
            address=Address("01", f"{9700 + i % 100}AB", 1 + i % 200),
        ),
        products=(product,),
    )


PRODUCT = {"iwmo": ("02", "02A01"), "ijw": ("45", "45A03")}
PREFIX = {"iwmo": "wmo", "ijw": "jw"}
CODE = {("iwmo", "305"): "418", ("iwmo", "307"): "420", ("ijw", "305"): "438", ("ijw", "307"): "440"}
END_REASON = {"iwmo": "31", "ijw": "31"}  # WMO588 / JZ588: reguliere beëindiging

TEMPLATE = """<?xml version="1.0" encoding="UTF-8"?>
<{m}:Bericht xmlns:{s}="http://www.istandaarden.nl/{s}/3_2/basisschema/schema" \
xmlns:{m}="http://www.istandaarden.nl/{s}/3_2/{m}/schema">
<{m}:Header><{m}:BerichtCode>{code}</{m}:BerichtCode><{m}:BerichtVersie>3</{m}:BerichtVersie>\
<{m}:BerichtSubversie>2</{m}:BerichtSubversie><{m}:Afzender>12345678</{m}:Afzender>\
<{m}:Ontvanger>9901</{m}:Ontvanger><{m}:BerichtIdentificatie><{s}:Identificatie>ZA{i:010d}</{s}:Identificatie>\
<{s}:Dagtekening>{dated}</{s}:Dagtekening></{m}:BerichtIdentificatie><{m}:XsdVersie>\
<{s}:BasisschemaXsdVersie>1.0.0</{s}:BasisschemaXsdVersie><{s}:BerichtXsdVersie>1.0.0</{s}:BerichtXsdVersie>\
</{m}:XsdVersie></{m}:Header>
<{m}:Client><{m}:Bsn>{bsn}</{m}:Bsn><{m}:Geboortedatum><{s}:Datum>1958-04-02</{s}:Datum></{m}:Geboortedatum>\
<{m}:Geslacht>2</{m}:Geslacht><{m}:Naam><{s}:Geslachtsnaam><{s}:Achternaam>Achternaam{i}</{s}:Achternaam>\
</{s}:Geslachtsnaam><{s}:Voorletters>A</{s}:Voorletters></{m}:Naam>
<{m}:{kind}Producten><{m}:{kind}Product><{m}:ToewijzingNummer>{number}</{m}:ToewijzingNummer>\
<{m}:Product><{s}:Categorie>{category}</{s}:Categorie><{s}:Code>{product}</{s}:Code></{m}:Product>\
<{m}:ToewijzingIngangsdatum>{start}</{m}:ToewijzingIngangsdatum><{m}:Begindatum>{start}</{m}:Begindatum>\
{stop}<{m}:StatusAanlevering>1</{m}:StatusAanlevering></{m}:{kind}Product></{m}:{kind}Producten></{m}:Client>
</{m}:Bericht>
"""


def provider_message(standard: str, message_type: str, i: int) -> bytes:
    """A 305 or 307 from a provider about allocation 100000 + i, with one product."""
    start = date(2025, 1, 1) + timedelta(days=i % 365)
    end = start + timedelta(days=30 + i % 90)
    stop = (
        f"<{{m}}:RedenBeeindiging>{END_REASON[standard]}</{{m}}:RedenBeeindiging>"
        f"<{{m}}:Einddatum>{end.isoformat()}</{{m}}:Einddatum>"
        if message_type == "307"
        else ""
    )
    category, product = PRODUCT[standard]
    return TEMPLATE.format(
        m=f"{PREFIX[standard]}{message_type}",
        s=standard,
        code=CODE[standard, message_type],
        kind="Stop" if message_type == "307" else "Start",
        i=i,
        dated=(end if message_type == "307" else start).isoformat(),
        bsn=bsn(i),
        number=100_000 + i,
        category=category,
        product=product,
        start=start.isoformat(),
        stop=stop.format(m=f"{PREFIX[standard]}{message_type}"),
    ).encode()


def start_care(standard: str, i: int) -> bytes:
    return provider_message(standard, "305", i)


def stop_care(standard: str, i: int) -> bytes:
    return provider_message(standard, "307", i)


if __name__ == "__main__":
    main()
