"""Import and export of a municipality's catalogue as CSV or XLSX, in one column layout.

Columns (first row, Dutch headers, in this order on export; any order on import):

    soort            algemeen | maatwerk
    naam             required, unique per soort within the municipality
    omschrijving     free text
    voor_wie         target group
    leefgebieden     ZRM 2017 domain codes, comma separated (e.g. "financien,huisvesting")
    zoekwoorden      free text
    wijken           district names of the municipality, comma separated; empty = the whole municipality
    capaciteit       whole number >= 0, or empty
    organisatie      name of an existing organisation, or empty
    contact          free text
    wet              maatwerk only: wmo | jeugdwet | participatiewet | schuldhulp
    productcategorie maatwerk only: WMO020 (Wmo) / JZ020 (Jeugdwet); a 2-character municipal code otherwise
    productcode      maatwerk only, up to 5 letters or digits
    eenheid          maatwerk only, WJ756
    frequentie       maatwerk only, WMO757
    tarief_cent      maatwerk only, whole number of eurocents >= 0
    zwaarte          maatwerk only: licht | zwaar

CSV: separator ";" or "," (sniffed), UTF-8 with or without BOM. XLSX: the first sheet, header in row 1.
Every line is checked; all problems come back together as "Regel N: reden" under the key "file".
"""

import csv
import io
import itertools
import json
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError

from wijkregie.core.identifiers import is_ascii_digits
from wijkregie.core.spreadsheet import FORMULA_START, as_text, csv_bytes, xlsx_bytes
from wijkregie.integrations.istandaarden.codelists import codes
from wijkregie.organisation.models import Municipality, Organisation

from .constants import CODE_LISTS, PLAIN_DOMAINS, ProvisionKind, ProvisionLaw, Weight

COLUMNS = [
    "soort",
    "naam",
    "omschrijving",
    "voor_wie",
    "leefgebieden",
    "zoekwoorden",
    "wijken",
    "capaciteit",
    "organisatie",
    "contact",
    "wet",
    "productcategorie",
    "productcode",
    "eenheid",
    "frequentie",
    "tarief_cent",
    "zwaarte",
    # later additions at the end: files made before them still read the same
    "leeftijd_vanaf",
    "leeftijd_tot_en_met",
    "vrijwilligers",
]
REQUIRED_COLUMNS = ("soort", "naam")
CUSTOM_ONLY = ("wet", "productcategorie", "productcode", "eenheid", "frequentie", "tarief_cent", "zwaarte")

# The standard whose WJ756/WMO757 lists are used for a law without its own iStandaard.
DEFAULT_STANDARD = "iwmo-3.2"
MUNICIPAL_CODE = re.compile(r"^[0-9A-Z]{2}$")
PRODUCT_CODE = re.compile(r"^[0-9A-Z]{1,5}$")
STRUCTURE = {"productcategorie": re.compile(r"^[0-9]{2}$"), "eenheid": re.compile(r"^[0-9]{2}$")}
STRUCTURE["frequentie"] = re.compile(r"^[0-9]$")

ZRM = Path(__file__).resolve().parent.parent / "assessment" / "instruments" / "zrm-2017.json"
MAX_LINES = 5000
MAX_AGE = 120
YES_NO = {"": False, "nee": False, "n": False, "0": False, "ja": True, "j": True, "1": True}


@cache
def zrm_domain_codes() -> frozenset[str]:
    """The ZRM 2017 life-domain codes (read from the instrument definition, not a copy)."""
    data = json.loads(ZRM.read_text(encoding="utf-8"))
    return frozenset(domain["code"] for domain in data["domains"])


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


@cache
def domain_names() -> dict[str, str]:
    """Every way the application names a life domain, folded (no case or accents), to its code: the code
    itself, the ZRM name on the uitvraag ("Financiën") and the plain label of the sociale kaart ("Geld en
    schulden")."""
    data = json.loads(ZRM.read_text(encoding="utf-8"))
    names = {_folded(domain["code"]): domain["code"] for domain in data["domains"]}
    names |= {_folded(domain["name"]): domain["code"] for domain in data["domains"]}
    names |= {_folded(label): code for code, label in PLAIN_DOMAINS}
    return names


def accepted_domains() -> list[tuple[str, str, str]]:
    """(code, ZRM name, plain label) per life domain, for the import page to list."""
    data = json.loads(ZRM.read_text(encoding="utf-8"))
    plain = dict(PLAIN_DOMAINS)
    return [(d["code"], d["name"], plain.get(d["code"], "")) for d in data["domains"]]


@dataclass
class CatalogueRow:
    """One valid catalogue line, ready for the service to save."""

    line: int
    kind: str
    name: str
    description: str = ""
    target_group: str = ""
    domains: list[str] = field(default_factory=list)
    keywords: str = ""
    district_ids: list[int] = field(default_factory=list)
    capacity: int | None = None
    age_min: int | None = None
    age_max: int | None = None
    by_volunteers: bool = False
    organisation: Organisation | None = None
    contact: str = ""
    law: str = ""
    product_category: str = ""
    product_code: str = ""
    unit: str = ""
    frequency: str = ""
    tariff_cents: int | None = None
    weight: str = ""

    def values(self) -> dict[str, Any]:
        """The model field values (districts excluded)."""
        return {
            "description": self.description,
            "target_group": self.target_group,
            "domains": self.domains,
            "keywords": self.keywords,
            "capacity": self.capacity,
            "age_min": self.age_min,
            "age_max": self.age_max,
            "by_volunteers": self.by_volunteers,
            "organisation": self.organisation,
            "contact": self.contact,
            "law": self.law,
            "product_category": self.product_category,
            "product_code": self.product_code,
            "unit": self.unit,
            "frequency": self.frequency,
            "tariff_cents": self.tariff_cents,
            "weight": self.weight,
        }


def _refuse(errors: list[str]) -> None:
    raise ValidationError({"file": errors})


# -- reading -------------------------------------------------------------------------------------------------
# A text cell that a spreadsheet takes for a formula (core.spreadsheet.FORMULA_START) leaves the export with
# an apostrophe before it; the import takes it off again.


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    if text.startswith("'") and text[1:2] in FORMULA_START:
        return text[1:]
    return text


# Reading stops one line past the limit and at this many columns: a file of a million rows (or an XLSX
# that unpacks to gigabytes) is refused after reading what it takes to know, not after reading it all.
MAX_COLUMNS = 40
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
_ENOUGH = MAX_LINES + 2  # the header, the limit, and one line more to know it is exceeded


def _read_csv(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        _refuse(["Regel 1: het bestand is geen UTF-8-tekst."])
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    rows = itertools.islice(csv.reader(io.StringIO(text), delimiter=delimiter), _ENOUGH)
    return [[_cell(c) for c in row[:MAX_COLUMNS]] for row in rows]


def _unpacks_too_far(content: bytes) -> bool:
    """An XLSX is a zip: its declared unpacked size is known before anything is unpacked."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES
    except zipfile.BadZipFile:
        return False  # openpyxl says so in Dutch below


def _read_xlsx(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    if _unpacks_too_far(content):
        _refuse([f"Regel 1: het bestand is uitgepakt groter dan {MAX_UNPACKED_BYTES // (1024 * 1024)} MB."])
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:
        _refuse(["Regel 1: het bestand is geen leesbaar XLSX-bestand."])
    sheet = workbook.worksheets[0]
    rows = itertools.islice(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), _ENOUGH)
    table = [[_cell(c) for c in row] for row in rows]
    workbook.close()
    return table


def read_rows(content: bytes, filename: str) -> list[tuple[int, dict[str, str]]]:
    """The file's data lines as (line number, column -> text); line 1 is the header."""
    is_xlsx = filename.lower().endswith(".xlsx") or content[:2] == b"PK"
    table = _read_xlsx(content) if is_xlsx else _read_csv(content)
    if not table or not any(table[0]):
        _refuse(["Regel 1: de kopregel ontbreekt."])
    header = [h.strip().lower() for h in table[0]]
    errors = [f"Regel 1: kolom '{name}' ontbreekt." for name in REQUIRED_COLUMNS if name not in header]
    errors += [f"Regel 1: onbekende kolom '{name}'." for name in header if name and name not in COLUMNS]
    if errors:
        _refuse(errors)
    if len(table) - 1 > MAX_LINES:
        _refuse([f"Regel {MAX_LINES + 2}: het bestand heeft meer dan {MAX_LINES} regels."])
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        if not any(cells):
            continue  # blank lines are skipped
        rows.append(
            (number, {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(header) if name})
        )
    return rows


# -- checking ------------------------------------------------------------------------------------------------
def _listed(value: str, standard: str, list_id: str, structure: re.Pattern[str]) -> bool:
    known = codes(standard, list_id)
    return value in known if known is not None else bool(structure.match(value))


def _whole(value: str) -> int | None:
    try:
        return int(value)
    except ValueError:
        return None


class Checker:
    def __init__(self, municipality: Municipality) -> None:
        self.districts = {d.name.lower(): d.pk for d in municipality.districts.all()}
        self.organisations = {o.name.lower(): o for o in Organisation.objects.all()}
        self.domains = domain_names()

    def check(self, line: int, data: dict[str, str]) -> tuple[CatalogueRow | None, list[str]]:
        problems: list[str] = []
        kind = data.get("soort", "").lower()
        name = data.get("naam", "")
        if kind not in ProvisionKind.values:
            problems.append("onbekende soort (algemeen of maatwerk)")
        if not name:
            problems.append("naam ontbreekt")
        elif len(name) > 150:
            problems.append("naam is langer dan 150 tekens")
        row = CatalogueRow(line=line, kind=kind, name=name)
        row.description = data.get("omschrijving", "")
        row.target_group = data.get("voor_wie", "")[:300]
        row.keywords = data.get("zoekwoorden", "")[:300]
        row.contact = data.get("contact", "")[:300]
        for named in _split(data.get("leefgebieden", "")):
            code = self.domains.get(_folded(named))
            if code is None:
                problems.append(f"onbekend leefgebied '{named}' (de lijst staat op de pagina)")
            elif code not in row.domains:
                row.domains.append(code)
        for district in _split(data.get("wijken", "")):
            if district.lower() in self.districts:
                row.district_ids.append(self.districts[district.lower()])
            else:
                problems.append(f"wijk '{district}' hoort niet bij deze gemeente")
        if capacity := data.get("capaciteit", ""):
            row.capacity = _whole(capacity)
            if row.capacity is None or row.capacity < 0:
                problems.append("capaciteit moet een heel getal van 0 of meer zijn")
        problems += self._ages(row, data)
        volunteers = data.get("vrijwilligers", "").strip().lower()
        if volunteers not in YES_NO:
            problems.append("vrijwilligers moet ja of nee zijn")
        row.by_volunteers = YES_NO.get(volunteers, False)
        if row.by_volunteers and kind == ProvisionKind.CUSTOM:
            problems.append("vrijwilligers geldt alleen voor een algemene voorziening")
        if organisation := data.get("organisatie", ""):
            row.organisation = self.organisations.get(organisation.lower())
            if row.organisation is None:
                problems.append(f"organisatie '{organisation}' bestaat niet")
        if kind == ProvisionKind.CUSTOM:
            problems += self._custom(row, data)
        elif kind == ProvisionKind.GENERAL:
            problems += [
                f"{col} geldt alleen voor een maatwerkvoorziening" for col in CUSTOM_ONLY if data.get(col)
            ]
        return (None if problems else row), problems

    def _ages(self, row: CatalogueRow, data: dict[str, str]) -> list[str]:
        problems: list[str] = []
        for column, attr in (("leeftijd_vanaf", "age_min"), ("leeftijd_tot_en_met", "age_max")):
            if value := data.get(column, ""):
                age = _whole(value)
                if age is None or not 0 <= age <= MAX_AGE:
                    problems.append(f"{column} moet een heel getal van 0 tot en met {MAX_AGE} zijn")
                else:
                    setattr(row, attr, age)
        if row.age_min is not None and row.age_max is not None and row.age_max < row.age_min:
            problems.append("leeftijd_tot_en_met ligt onder leeftijd_vanaf")
        return problems

    def _custom(self, row: CatalogueRow, data: dict[str, str]) -> list[str]:
        problems: list[str] = []
        law = data.get("wet", "").lower()
        row.law = law
        if not law:
            problems.append("wet ontbreekt")
        elif law not in ProvisionLaw.values:
            problems.append(f"onbekende wet '{law}'")
        known_law = ProvisionLaw(law) if law in ProvisionLaw.values else None
        standard, category_list = CODE_LISTS.get(known_law, (DEFAULT_STANDARD, "")) if known_law else ("", "")
        standard = standard or DEFAULT_STANDARD
        category = data.get("productcategorie", "").upper()
        row.product_category = category
        if not category:
            problems.append("productcategorie ontbreekt")
        elif category_list:
            if not _listed(category, standard, category_list, STRUCTURE["productcategorie"]):
                problems.append(f"onbekende productcategorie '{category}' ({category_list})")
        elif known_law and not MUNICIPAL_CODE.match(category):
            problems.append("productcategorie moet een gemeentelijke code van 2 tekens zijn")
        code = data.get("productcode", "").upper()
        row.product_code = code
        if code and not PRODUCT_CODE.match(code):
            problems.append("productcode moet uit 1 tot 5 letters of cijfers bestaan")
        if unit := data.get("eenheid", ""):
            row.unit = unit.zfill(2) if is_ascii_digits(unit) else unit
            if not _listed(row.unit, standard, "WJ756", STRUCTURE["eenheid"]):
                problems.append(f"onbekende eenheid '{unit}' (WJ756)")
        if frequency := data.get("frequentie", ""):
            row.frequency = frequency
            if not _listed(frequency, standard, "WMO757", STRUCTURE["frequentie"]):
                problems.append(f"onbekende frequentie '{frequency}' (WMO757)")
        if tariff := data.get("tarief_cent", ""):
            row.tariff_cents = _whole(tariff)
            if row.tariff_cents is None:
                problems.append("tarief_cent moet een heel getal (eurocent) zijn")
            elif row.tariff_cents < 0:
                problems.append("tarief mag niet negatief zijn")
        weight = data.get("zwaarte", "").lower()
        row.weight = weight
        if weight not in Weight.values:
            problems.append("zwaarte moet licht of zwaar zijn")
        return problems


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def parse(content: bytes, filename: str, municipality: Municipality) -> list[CatalogueRow]:
    """All lines of a catalogue file, checked.

    Raises ValidationError({"file": ["Regel N: reden", ...]}) when any line fails."""
    checker = Checker(municipality)
    rows: list[CatalogueRow] = []
    errors: list[str] = []
    seen: dict[tuple[str, str], int] = {}
    for line, data in read_rows(content, filename):
        row, problems = checker.check(line, data)
        key = (data.get("soort", "").lower(), data.get("naam", "").lower())
        if key[1] and key in seen:
            problems.append(f"dubbele naam, ook op regel {seen[key]}")
        seen.setdefault(key, line)
        errors += [f"Regel {line}: {problem}." for problem in problems]
        if row is not None and not problems:
            rows.append(row)
    if errors:
        _refuse(errors)
    return rows


# -- writing -------------------------------------------------------------------------------------------------
def export_rows(provisions: Any) -> list[list[str]]:
    """Header plus one line per provision (prefetch districts and select organisation to keep it cheap)."""
    table = [list(COLUMNS)]
    for p in provisions:
        table.append(
            [
                p.kind,
                p.name,
                p.description,
                p.target_group,
                ",".join(p.domains or []),
                p.keywords,
                ",".join(sorted(d.name for d in p.districts.all())),
                "" if p.capacity is None else str(p.capacity),
                p.organisation.name if p.organisation else "",
                p.contact,
                p.law,
                p.product_category,
                p.product_code,
                p.unit,
                p.frequency,
                "" if p.tariff_cents is None else str(p.tariff_cents),
                p.weight,
                "" if p.age_min is None else str(p.age_min),
                "" if p.age_max is None else str(p.age_max),
                "ja" if p.by_volunteers else "nee",
            ]
        )
    return [table[0], *([as_text(cell) for cell in row] for row in table[1:])]


def to_csv(provisions: Any) -> bytes:
    return csv_bytes(export_rows(provisions))


def to_xlsx(provisions: Any) -> bytes:
    return xlsx_bytes("Catalogus", export_rows(provisions))
