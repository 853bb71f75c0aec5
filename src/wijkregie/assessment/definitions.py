"""Instrument files as data: read a definition (JSON or CSV) or a file of anchor texts into plain values.

Nothing here touches the database; `services` saves what comes out. Every problem is reported with the line
of the file it is on ("Regel 12: ..."), all problems at once, so a beheerder can fix the file in one go. The
formats are described in docs/instruments.md.
"""

import bisect
import csv
import io
import json
import json.decoder
import json.scanner
import re
from dataclasses import dataclass, field
from typing import Any

MAX_BYTES = 1_000_000
MAX_ERRORS = 50
FORMATS = ("json", "csv")
INSTRUMENT_CSV_HEADER = ["soort", "code", "score", "tekst"]
ANCHOR_CSV_HEADER = ["domein", "score", "tekst"]
_CODE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_INTEGER = re.compile(r"[+-]?[0-9]+")


@dataclass(frozen=True)
class DomainDefinition:
    code: str
    name: str


@dataclass(frozen=True)
class AnchorDefinition:
    domain: str
    score: int
    text: str


@dataclass
class InstrumentDefinition:
    key: str
    name: str
    version: str
    scale_min: int
    scale_max: int
    labels: dict[int, str]
    domains: list[DomainDefinition]
    anchors: list[AnchorDefinition] = field(default_factory=list)


class DefinitionError(Exception):
    """The file is refused; `messages` are Dutch lines "Regel N: reden", in file order."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


class _Errors:
    def __init__(self) -> None:
        self.found: list[tuple[int, str]] = []

    def add(self, line: int, reason: str) -> None:
        self.found.append((line, reason))

    def __bool__(self) -> bool:
        return bool(self.found)

    def raise_if_any(self) -> None:
        if self.found:
            ordered = sorted(self.found, key=lambda item: item[0])
            messages = [f"Regel {line}: {reason}" for line, reason in ordered[:MAX_ERRORS]]
            if len(ordered) > MAX_ERRORS:
                messages.append(f"En nog {len(ordered) - MAX_ERRORS} fouten meer.")
            raise DefinitionError(messages)


# -- reading the bytes --------
def decode(content: bytes | str) -> str:
    """UTF-8 (with or without BOM); Windows-1252 as the fallback spreadsheets on Dutch desktops write."""
    if isinstance(content, str):
        text = content
    else:
        if len(content) > MAX_BYTES:
            raise DefinitionError([f"Regel 1: het bestand is groter dan {MAX_BYTES // 1000} kB."])
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("cp1252", errors="replace")
    if len(text) > MAX_BYTES:
        raise DefinitionError([f"Regel 1: het bestand is groter dan {MAX_BYTES // 1000} kB."])
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise DefinitionError(["Regel 1: het bestand is leeg."])
    return text


def guess_format(filename: str) -> str:
    """'json' or 'csv' from a file name; '' when the extension says neither."""
    lowered = filename.lower()
    for fmt in FORMATS:
        if lowered.endswith(f".{fmt}"):
            return fmt
    return ""


class _Located(dict):
    """A JSON object that remembers the line it starts on."""

    line = 1


def _json_with_lines(text: str) -> Any:
    newlines = [i for i, char in enumerate(text) if char == "\n"]
    decoder = json.JSONDecoder()

    def parse_object(s_and_end: tuple[str, int], *args: Any, **kwargs: Any) -> tuple[Any, int]:
        start = s_and_end[1] - 1
        value, end = json.decoder.JSONObject(s_and_end, *args, **kwargs)  # type: ignore[attr-defined]
        located = _Located(value)
        located.line = bisect.bisect_left(newlines, start) + 1
        return located, end

    decoder.parse_object = parse_object  # type: ignore[attr-defined]
    # The C scanner does not call parse_object; the pure-Python one does (files are small).
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    return decoder.decode(text)


def _load_json(text: str) -> Any:
    try:
        return _json_with_lines(text)
    except json.JSONDecodeError as exc:
        raise DefinitionError([f"Regel {exc.lineno}: dit is geen geldige JSON."]) from exc
    except RecursionError as exc:
        raise DefinitionError(["Regel 1: dit is geen geldige JSON."]) from exc


def _csv_rows(text: str, header: list[str]) -> list[tuple[int, list[str]]]:
    """Rows after the header, each with the line it starts on; `;` or `,` as the header shows."""
    first_line = text.lstrip("\r\n").splitlines()[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    seen_header = False
    try:
        while True:
            line = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            if not any(cell.strip() for cell in row):
                continue
            if not seen_header:
                found = [cell.strip().lower() for cell in row]
                if found != header:
                    expected = delimiter.join(header)
                    raise DefinitionError([f"Regel {line}: de kopregel moet '{expected}' zijn."])
                seen_header = True
                continue
            rows.append((line, [cell.strip() for cell in row]))
    except csv.Error as exc:
        raise DefinitionError([f"Regel {reader.line_num}: dit is geen geldige CSV."]) from exc
    return rows


# -- shared checks --------
def _integer(value: Any) -> int | None:
    """An integer from JSON (a number, or a string of digits) or CSV; None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
        return int(value.strip())
    return None


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _scale_text(low: int, high: int) -> str:
    return f"{low}–{high}"


@dataclass
class _Raw:
    """What a file said, with lines; checked in one place for both formats."""

    key: tuple[int, Any] | None = None
    name: tuple[int, Any] | None = None
    version: str = ""
    scale_min: tuple[int, Any] | None = None
    scale_max: tuple[int, Any] | None = None
    scale_line: int = 1
    labels: list[tuple[int, Any, Any]] = field(default_factory=list)
    domains: list[tuple[int, Any, Any]] = field(default_factory=list)
    anchors: list[tuple[int, Any, Any, Any]] = field(default_factory=list)


def _check_code(errors: _Errors, line: int, code: str, what: str) -> bool:
    if not code:
        errors.add(line, f"de {what} ontbreekt.")
        return False
    if len(code) > 60 or not _CODE.match(code):
        errors.add(line, f"de {what} mag alleen kleine letters, cijfers en streepjes bevatten (hooguit 60).")
        return False
    return True


def _check_scale(errors: _Errors, raw: _Raw) -> tuple[int, int, dict[int, str]] | None:
    labels: dict[int, str] = {}
    label_lines: dict[int, int] = {}
    for line, score_raw, label_raw in raw.labels:
        score = _integer(score_raw)
        label = _text(label_raw)
        if score is None:
            errors.add(line, "de score van een label is geen geheel getal.")
            continue
        if not label:
            errors.add(line, f"het label voor score {score} ontbreekt.")
            continue
        if len(label) > 100:
            errors.add(line, f"het label voor score {score} is langer dan 100 tekens.")
            continue
        if score in labels:
            errors.add(line, f"score {score} heeft al een label.")
            continue
        labels[score] = label
        label_lines[score] = line
    if raw.scale_min is None and raw.scale_max is None:  # CSV: the labels span the scale
        if len(labels) < 2:
            errors.add(raw.scale_line, "de schaal heeft minstens twee scores met een label nodig.")
            return None
        low, high = min(labels), max(labels)
    else:
        bounds = []
        for bound, what in ((raw.scale_min, "laagste score (min)"), (raw.scale_max, "hoogste score (max)")):
            if bound is None or bound[1] is None:
                errors.add(raw.scale_line, f"de {what} van de schaal ontbreekt.")
                return None
            value = _integer(bound[1])
            if value is None:
                errors.add(bound[0], f"de {what} van de schaal is geen geheel getal.")
                return None
            bounds.append(value)
        low, high = bounds
        if low >= high:
            errors.add(raw.scale_line, "de laagste score van de schaal moet lager zijn dan de hoogste.")
            return None
        if high - low > 100:
            errors.add(raw.scale_line, "de schaal heeft hooguit 101 scores.")
            return None
    for score, line in label_lines.items():
        if not low <= score <= high:
            errors.add(line, f"score {score} valt buiten de schaal ({_scale_text(low, high)}).")
    missing = [score for score in range(low, high + 1) if score not in labels]
    if missing:
        listed = ", ".join(str(score) for score in missing)
        errors.add(raw.scale_line, f"elke score op de schaal heeft een label nodig; ontbreekt voor {listed}.")
    return low, high, labels


def _check_domains(errors: _Errors, raw: _Raw, first_line: int) -> list[DomainDefinition]:
    domains: list[DomainDefinition] = []
    seen: set[str] = set()
    for line, code_raw, name_raw in raw.domains:
        code, name = _text(code_raw), _text(name_raw)
        if not _check_code(errors, line, code, "code van het leefgebied"):
            continue
        if not name:
            errors.add(line, f"de naam van leefgebied '{code}' ontbreekt.")
            continue
        if len(name) > 150:
            errors.add(line, f"de naam van leefgebied '{code}' is langer dan 150 tekens.")
            continue
        if code in seen:
            errors.add(line, f"leefgebied '{code}' staat er twee keer in.")
            continue
        seen.add(code)
        domains.append(DomainDefinition(code=code, name=name))
    if not raw.domains:
        errors.add(first_line, "het instrument heeft geen leefgebieden.")
    return domains


def _check_anchors(
    errors: _Errors, entries: list[tuple[int, Any, Any, Any]], codes: set[str], low: int, high: int
) -> list[AnchorDefinition]:
    anchors: list[AnchorDefinition] = []
    seen: set[tuple[str, int]] = set()
    for line, domain_raw, score_raw, text_raw in entries:
        domain, text = _text(domain_raw), _text(text_raw)
        if not domain:
            errors.add(line, "het leefgebied van de ankertekst ontbreekt.")
            continue
        if domain not in codes:
            errors.add(line, f"onbekend leefgebied '{domain}'.")
            continue
        if score_raw is None or (isinstance(score_raw, str) and not score_raw.strip()):
            errors.add(line, "de score van de ankertekst ontbreekt.")
            continue
        score = _integer(score_raw)
        if score is None:
            errors.add(line, "de score is geen geheel getal.")
            continue
        if not low <= score <= high:
            errors.add(line, f"score {score} valt buiten de schaal ({_scale_text(low, high)}).")
            continue
        if not text:
            errors.add(line, "de tekst van de ankertekst ontbreekt.")
            continue
        if len(text) > 4000:
            errors.add(line, "de ankertekst is langer dan 4000 tekens.")
            continue
        if (domain, score) in seen:
            errors.add(line, f"leefgebied '{domain}' heeft al een ankertekst voor score {score}.")
            continue
        seen.add((domain, score))
        anchors.append(AnchorDefinition(domain=domain, score=score, text=text))
    return anchors


def _check(raw: _Raw) -> InstrumentDefinition:
    errors = _Errors()
    key = ""
    if raw.key is None:
        errors.add(1, "de sleutel (key) van het instrument ontbreekt.")
    else:
        key = _text(raw.key[1])
        _check_code(errors, raw.key[0], key, "sleutel (key) van het instrument")
    name = ""
    if raw.name is None or not _text(raw.name[1]):
        errors.add(raw.name[0] if raw.name else 1, "de naam van het instrument ontbreekt.")
    else:
        name = _text(raw.name[1])
        if len(name) > 150:
            errors.add(raw.name[0], "de naam van het instrument is langer dan 150 tekens.")
    if len(raw.version) > 30:
        errors.add(1, "de versie is langer dan 30 tekens.")
    scale = _check_scale(errors, raw)
    domains = _check_domains(errors, raw, raw.key[0] if raw.key else 1)
    anchors: list[AnchorDefinition] = []
    if scale is not None:
        codes = {domain.code for domain in domains}
        anchors = _check_anchors(errors, raw.anchors, codes, scale[0], scale[1])
    errors.raise_if_any()
    assert scale is not None
    low, high, labels = scale
    return InstrumentDefinition(
        key=key,
        name=name,
        version=raw.version,
        scale_min=low,
        scale_max=high,
        labels=dict(sorted(labels.items())),
        domains=domains,
        anchors=anchors,
    )


# -- instruments --------
def _line_of(value: Any, default: int) -> int:
    return getattr(value, "line", default)


def _raw_from_json(text: str) -> _Raw:
    data = _load_json(text)
    if not isinstance(data, dict):
        raise DefinitionError(["Regel 1: het bestand moet één JSON-object met het instrument bevatten."])
    top = _line_of(data, 1)
    errors = _Errors()
    raw = _Raw()
    for name in ("key", "name"):
        if name not in data or data[name] is None:
            errors.add(top, f"het veld '{name}' ontbreekt.")
        elif not isinstance(data[name], str):
            errors.add(top, f"het veld '{name}' moet tekst zijn.")
    raw.key = (top, data["key"]) if isinstance(data.get("key"), str) else None
    raw.name = (top, data["name"]) if isinstance(data.get("name"), str) else None
    version = data.get("version", "")
    if version is not None and not isinstance(version, str | int):
        errors.add(top, "het veld 'version' moet tekst zijn.")
    raw.version = str(version or "").strip()
    scale = data.get("scale")
    if not isinstance(scale, dict):
        errors.add(top, "het veld 'scale' met min, max en labels ontbreekt.")
    else:
        raw.scale_line = _line_of(scale, top)
        raw.scale_min = (raw.scale_line, scale.get("min"))
        raw.scale_max = (raw.scale_line, scale.get("max"))
        labels = scale.get("labels")
        if not isinstance(labels, dict):
            errors.add(raw.scale_line, "het veld 'labels' van de schaal ontbreekt.")
        else:
            line = _line_of(labels, raw.scale_line)
            raw.labels = [(line, score, label) for score, label in labels.items()]
    domains = data.get("domains")
    if not isinstance(domains, list):
        errors.add(top, "het veld 'domains' (de leefgebieden) ontbreekt.")
    else:
        for item in domains:
            if not isinstance(item, dict):
                errors.add(top, "elk leefgebied moet een object met code en name zijn.")
                continue
            line = _line_of(item, top)
            for name in ("code", "name"):
                if name not in item:
                    errors.add(line, f"het veld '{name}' van het leefgebied ontbreekt.")
            if "code" in item and "name" in item:
                raw.domains.append((line, item["code"], item["name"]))
    anchors = data.get("anchors", [])
    raw.anchors = _anchor_entries_from_json(anchors, top, errors)
    errors.raise_if_any()
    return raw


def _anchor_entries_from_json(anchors: Any, top: int, errors: _Errors) -> list[tuple[int, Any, Any, Any]]:
    entries: list[tuple[int, Any, Any, Any]] = []
    if anchors is None:
        return entries
    if not isinstance(anchors, list):
        errors.add(top, "het veld 'anchors' moet een lijst zijn.")
        return entries
    for item in anchors:
        if not isinstance(item, dict):
            errors.add(top, "elke ankertekst moet een object met domain, score en text zijn.")
            continue
        line = _line_of(item, top)
        missing = [name for name in ("domain", "score", "text") if name not in item]
        for name in missing:
            errors.add(line, f"het veld '{name}' van de ankertekst ontbreekt.")
        if not missing:
            entries.append((line, item["domain"], item["score"], item["text"]))
    return entries


_CSV_KINDS = "instrument, versie, schaal, domein of anker"


def _raw_from_csv(text: str) -> _Raw:
    rows = _csv_rows(text, INSTRUMENT_CSV_HEADER)
    errors = _Errors()
    raw = _Raw()
    if not rows:
        raise DefinitionError(["Regel 2: het bestand heeft alleen een kopregel."])
    raw.scale_line = rows[0][0]
    first_scale = True
    for line, cells in rows:
        if len(cells) > 4 and any(cells[4:]):
            errors.add(line, "deze regel heeft meer dan vier kolommen.")
            continue
        kind, code, score, value = [*cells, "", "", "", ""][:4]
        kind = kind.lower()
        if kind == "instrument":
            if raw.key is not None:
                errors.add(line, "de regel 'instrument' staat er twee keer in.")
                continue
            if not code:
                errors.add(line, "de sleutel (kolom code) ontbreekt.")
            if not value:
                errors.add(line, "de naam van het instrument (kolom tekst) ontbreekt.")
            raw.key = (line, code)
            raw.name = (line, value)
        elif kind == "versie":
            raw.version = value
        elif kind == "schaal":
            if first_scale:
                raw.scale_line, first_scale = line, False
            if not score:
                errors.add(line, "de score ontbreekt.")
                continue
            if _integer(score) is None:
                errors.add(line, "de score is geen geheel getal.")
                continue
            raw.labels.append((line, score, value))
        elif kind == "domein":
            raw.domains.append((line, code, value))
        elif kind == "anker":
            raw.anchors.append((line, code, score, value))
        elif not kind:
            errors.add(line, "de soort (eerste kolom) ontbreekt.")
        else:
            errors.add(line, f"onbekende soort '{kind[:30]}' (kies {_CSV_KINDS}).")
    if raw.key is None:
        errors.add(1, "de regel 'instrument' met sleutel en naam ontbreekt.")
    errors.raise_if_any()
    return raw


def parse_instrument(content: bytes | str, fmt: str) -> InstrumentDefinition:
    """A whole instrument from a file; raises DefinitionError with every problem and its line."""
    if fmt not in FORMATS:
        raise DefinitionError(["Regel 1: kies een JSON- of CSV-bestand."])
    text = decode(content)
    raw = _raw_from_json(text) if fmt == "json" else _raw_from_csv(text)
    return _check(raw)


def parse_anchors(
    content: bytes | str, fmt: str, *, key: str, domain_codes: set[str], scale_min: int, scale_max: int
) -> list[AnchorDefinition]:
    """Anchor texts for an existing instrument.

    JSON: {"key": ..., "anchors": [{"domain", "score", "text"}]}; CSV: header domein;score;tekst."""
    if fmt not in FORMATS:
        raise DefinitionError(["Regel 1: kies een JSON- of CSV-bestand."])
    text = decode(content)
    errors = _Errors()
    if fmt == "json":
        data = _load_json(text)
        if isinstance(data, list):
            data = _Located({"anchors": data})
        if not isinstance(data, dict):
            raise DefinitionError(["Regel 1: het bestand moet een JSON-object met 'anchors' bevatten."])
        top = _line_of(data, 1)
        if "key" in data and data["key"] != key:
            errors.add(top, "deze ankerteksten horen bij een ander instrument (veld 'key').")
        if "anchors" not in data:
            errors.add(top, "het veld 'anchors' ontbreekt.")
        entries = _anchor_entries_from_json(data.get("anchors"), top, errors)
    else:
        rows = _csv_rows(text, ANCHOR_CSV_HEADER)
        entries = []
        for line, cells in rows:
            if len(cells) > 3 and any(cells[3:]):
                errors.add(line, "deze regel heeft meer dan drie kolommen.")
                continue
            domain, score, value = [*cells, "", "", ""][:3]
            entries.append((line, domain, score, value))
    anchors = _check_anchors(errors, entries, domain_codes, scale_min, scale_max)
    if not entries and not errors:
        errors.add(1, "het bestand bevat geen ankerteksten.")
    errors.raise_if_any()
    return anchors
