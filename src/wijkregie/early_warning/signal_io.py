"""Reading a file of vroegsignalen: JSON after the DDAS v1.2 `vroegsignalen` items, or CSV from a partner.
Every line is checked; one malformed line refuses the whole file with "Regel N: reden" (no value echoed
but the signal's own ID, which is the partner's reference, not a person's).

JSON: `{"vroegsignalen": [item, ...]}` or a bare list of items, each

    {"ID": "H-2026-0001", "signaalpartner": {"type": "Huur"}, "bedrag": 850,
     "ontstaansdatum": "2026-09-01", "signaaldatum": "2026-11-02", "crisissignaal": false,
     "warmeOverdracht": false, "client": {"burgerservicenummer": "999990019"}}

with the client by BSN, or by postcode + huisnummer (+ huisnummertoevoeging) + geboortedatum. "Regel N"
is the line the item starts on.

CSV (";" or ","; UTF-8, with or without BOM), a header naming the columns in COLUMNS; `soort` may be left
out when the file comes from one partner (its type is used), `crisis` and `warme_overdracht` take ja/nee.
"""

import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from django.core.exceptions import ValidationError

from wijkregie.core.identifiers import is_ascii_digits, is_valid_bsn, normalise_postcode
from wijkregie.core.text import plain_line

from .constants import PartnerType, Sex

MAX_SIGNALS = 1_000_000
MAX_ERRORS = 50
COLUMNS = (
    "id", "soort", "bedrag", "ontstaansdatum", "signaaldatum", "crisis", "warme_overdracht",
    "bsn", "postcode", "huisnummer", "toevoeging", "geboortedatum", "geslacht",
)  # fmt: skip
REQUIRED_COLUMNS = ("id", "bedrag", "signaaldatum")
ITEM_KEYS = {
    "ID", "signaalpartner", "bedrag", "ontstaansdatum", "signaaldatum", "crisissignaal", "warmeOverdracht",
    "client", "status",
}  # fmt: skip
CLIENT_KEYS = {
    "burgerservicenummer", "postcode", "huisnummer", "huisnummertoevoeging", "geboortedatum",
    "geslachtsaanduiding",
}  # fmt: skip
POSTCODE = re.compile(r"[1-9][0-9]{3}[A-Z]{2}")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
YES = {"ja", "j", "true", "1", "waar"}
NO = {"nee", "n", "false", "0", "onwaar", ""}
PARTNER_TYPES = {value.lower(): value for value in PartnerType.values}


@dataclass(slots=True)
class SignalRow:
    position: (
        int  # the item's place in a JSON file, the line of a CSV file; SignalRows.line_of tells the line
    )
    external_id: str
    partner_type: str
    amount: int
    arose_on: date | None
    signal_date: date
    crisis: bool
    warm_handover: bool
    bsn: str
    postcode: str
    house_number: int | None
    house_number_suffix: str
    birth_date: date | None
    sex: str


class _Problems:
    """Problems by item position; turned into "Regel N" only when the file is refused (finding the line
    of a JSON item costs more than reading it)."""

    def __init__(self, line_of: Callable[[int], int]) -> None:
        self.found: list[tuple[int, str, int]] = []
        self.line_of = line_of

    def add(self, position: int, reason: str, earlier: int = 0) -> None:
        """`earlier`: the position of an earlier item whose line ends the reason."""
        self.found.append((position, reason, earlier))

    def raise_if_any(self) -> None:
        if not self.found:
            return
        ordered = sorted(self.found)
        messages = [
            f"Regel {self.line_of(position)}: {reason}{self.line_of(earlier) if earlier else ''}."
            for position, reason, earlier in ordered[:MAX_ERRORS]
        ]
        if len(ordered) > MAX_ERRORS:
            messages.append(f"En nog {len(ordered) - MAX_ERRORS} fouten meer.")
        raise ValidationError({"file": messages})


@dataclass(frozen=True)
class SignalRows:
    """The checked rows of a file, and the line each starts on (by the row's position)."""

    rows: list[SignalRow]
    line_of: Callable[[int], int]


def refuse(message: str) -> None:
    raise ValidationError({"file": [message]})


# -- the values every layout shares --------------------------------------------------------------------------
def _date(value: Any, name: str, today: date, problems: list[str], *, required: bool = False) -> date | None:
    if value in (None, ""):
        if required:
            problems.append(f"{name} ontbreekt")
        return None
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
        problems.append(f"{name} moet een datum zijn als jjjj-mm-dd")
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        problems.append(f"{name} is geen bestaande datum")
        return None
    if day > today:
        problems.append(f"{name} ligt in de toekomst")
    return day


def _whole(value: Any, name: str, problems: list[str]) -> int | None:
    if isinstance(value, bool) or value in (None, ""):
        problems.append(f"{name} ontbreekt of is geen heel getal")
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and re.fullmatch(r"-?[0-9]{1,10}", value.strip()):
        number = int(value.strip())
    else:
        problems.append(f"{name} moet een heel getal zijn (hele euro's)")
        return None
    if number < 0:
        problems.append(f"{name} kan niet negatief zijn")
        return None
    if number > 10_000_000:
        problems.append(f"{name} is groter dan 10 miljoen euro")
        return None
    return number


def _flag(value: Any, name: str, problems: list[str]) -> bool:
    if isinstance(value, bool) or value is None:
        return bool(value)
    text = str(value).strip().lower()
    if text in YES:
        return True
    if text not in NO:
        problems.append(f"{name} moet ja of nee zijn")
    return False


def _text(value: Any, name: str, limit: int, problems: list[str]) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        problems.append(f"{name} moet tekst zijn")
        return ""
    try:
        text = plain_line(value)
    except ValidationError:
        problems.append(f"{name} bevat tekens die niet mogen")
        return ""
    if len(text) > limit:
        problems.append(f"{name} is langer dan {limit} tekens")
    return text


def _client(
    bsn: Any, postcode: Any, number: Any, suffix: Any, birth: Any, sex: Any, today: date, problems: list[str]
) -> tuple[str, str, int | None, str, date | None, str]:
    bsn_text = "" if bsn is None else str(bsn).strip() if isinstance(bsn, str) else None
    birth_date = _date(birth, "geboortedatum", today, problems)
    sex_text = _text(sex, "geslacht", 10, problems)
    if sex_text and sex_text not in Sex.values:
        problems.append("geslacht moet Man, Vrouw, Onbekend of Leeg zijn")
    if bsn_text is None:
        problems.append("BSN moet tekst zijn")
        return "", "", None, "", None, ""
    if bsn_text:
        if not is_valid_bsn(bsn_text):
            problems.append("BSN is geen geldig BSN (9 cijfers die voldoen aan de elfproef)")
        return bsn_text, "", None, "", birth_date, sex_text
    code = normalise_postcode(postcode) if isinstance(postcode, str) else ""
    house = str(number).strip() if isinstance(number, (str, int)) and not isinstance(number, bool) else ""
    if not code and not house:
        problems.append("de cliënt heeft geen BSN en geen postcode met huisnummer")
        return "", "", None, "", None, ""
    if not POSTCODE.fullmatch(code):
        problems.append("postcode moet een geldige postcode zijn, zoals 1234 AB")
    house_number = int(house) if is_ascii_digits(house) and 0 < int(house) < 100_000 else None
    if house_number is None:
        problems.append("huisnummer moet een heel getal groter dan 0 zijn")
    if birth_date is None and not any("geboortedatum" in p for p in problems):
        problems.append("zonder BSN is de geboortedatum nodig")
    return "", code, house_number, _text(suffix, "toevoeging", 10, problems), birth_date, sex_text


def _partner_type(value: Any, default: str, problems: list[str]) -> str:
    if value in (None, "") and default:
        return default
    found = PARTNER_TYPES.get(str(value).strip().lower()) if isinstance(value, str) else None
    if found is None:
        problems.append("onbekende soort signaalpartner")
        return ""
    return found


def _row(
    position: int, values: dict[str, Any], default_type: str, today: date, problems: list[str]
) -> SignalRow:
    external_id = _text(values["id"], "ID", 100, problems)
    if not external_id and not any(p.startswith("ID") for p in problems):
        problems.append("ID ontbreekt")
    amount = _whole(values["bedrag"], "bedrag", problems)
    arose = _date(values["ontstaansdatum"], "ontstaansdatum", today, problems)
    signal_date = _date(values["signaaldatum"], "signaaldatum", today, problems, required=True)
    if arose and signal_date and arose > signal_date:
        problems.append("ontstaansdatum ligt na de signaaldatum")
    bsn, postcode, number, suffix, birth, sex = _client(
        values["bsn"], values["postcode"], values["huisnummer"], values["toevoeging"],
        values["geboortedatum"], values["geslacht"], today, problems,
    )  # fmt: skip
    return SignalRow(
        position=position,
        external_id=external_id,
        partner_type=_partner_type(values["soort"], default_type, problems),
        amount=amount or 0,
        arose_on=arose,
        signal_date=signal_date or today,
        crisis=_flag(values["crisis"], "crisissignaal", problems),
        warm_handover=_flag(values["warme_overdracht"], "warmeOverdracht", problems),
        bsn=bsn,
        postcode=postcode,
        house_number=number,
        house_number_suffix=suffix,
        birth_date=birth,
        sex=sex,
    )


def _checked(
    items: Iterator[tuple[int, dict[str, Any] | str]],
    default_type: str,
    today: date,
    line_of: Callable[[int], int],
) -> SignalRows:
    """Rows from (position, values or a reason) pairs; refused whole when any line is wrong."""
    errors = _Problems(line_of)
    rows: list[SignalRow] = []
    seen: dict[str, int] = {}
    for position, values in items:
        if isinstance(values, str):
            errors.add(position, values)
            continue
        problems: list[str] = []
        row = _row(position, values, default_type, today, problems)
        if row.external_id in seen:
            errors.add(
                position, f"signaal-ID {row.external_id} komt al voor op regel ", seen[row.external_id]
            )
        elif row.external_id:
            seen[row.external_id] = position
        for problem in problems:
            errors.add(position, problem)
        rows.append(row)
        if len(rows) > MAX_SIGNALS:
            refuse(f"Regel {line_of(position)}: het bestand heeft meer dan {MAX_SIGNALS} signalen.")
    errors.raise_if_any()
    if not rows:
        refuse("Regel 1: het bestand bevat geen signalen.")
    return SignalRows(rows, line_of)


# -- JSON ----------------------------------------------------------------------------------------------------
def _json_list(text: str) -> list[Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        refuse(f"Regel {exc.lineno}: dit is geen geldige JSON.")
    except RecursionError:
        refuse("Regel 1: het bestand is te diep genest.")
    items = data.get("vroegsignalen") if isinstance(data, dict) else data
    if not isinstance(items, list):
        refuse("Regel 1: het bestand heeft geen lijst ‘vroegsignalen’.")
    return cast(list[Any], items)


def _item_lines(text: str, count: int) -> list[int]:
    """The line each item of the signals array starts on (0 first, unused), read again from the text;
    only asked when a file is refused."""
    decoder = json.JSONDecoder()
    stripped = text.lstrip()
    start = text.index("[") if stripped.startswith("[") else text.index("[", text.index('"vroegsignalen"'))
    position, line = start + 1, text.count("\n", 0, start) + 1
    lines = [0]
    gap = re.compile(r"[\s,]*")
    while len(lines) <= count:
        found = gap.match(text, position)
        assert found is not None  # the pattern matches the empty string
        line += text.count("\n", position, found.end())
        position = found.end()
        lines.append(line)
        _, end = decoder.raw_decode(text, position)
        line += text.count("\n", position, end)
        position = end
    return lines


def _json_values(item: Any) -> dict[str, Any] | str:
    if not isinstance(item, dict):
        return "een signaal moet een object zijn"
    unknown = sorted(set(item) - ITEM_KEYS)
    if unknown:
        return f"onbekend veld ‘{unknown[0][:40]}’"
    partner = item.get("signaalpartner")
    client = item.get("client")
    if not isinstance(partner, dict) or not isinstance(client, dict):
        return "signaalpartner en client moeten objecten zijn"
    extra = sorted(set(client) - CLIENT_KEYS)
    if extra:
        return f"onbekend veld ‘client.{extra[0][:40]}’"
    return {
        "id": item.get("ID"),
        "soort": partner.get("type"),
        "bedrag": item.get("bedrag"),
        "ontstaansdatum": item.get("ontstaansdatum"),
        "signaaldatum": item.get("signaaldatum"),
        "crisis": item.get("crisissignaal"),
        "warme_overdracht": item.get("warmeOverdracht"),
        "bsn": client.get("burgerservicenummer"),
        "postcode": client.get("postcode"),
        "huisnummer": client.get("huisnummer"),
        "toevoeging": client.get("huisnummertoevoeging"),
        "geboortedatum": client.get("geboortedatum"),
        "geslacht": client.get("geslachtsaanduiding"),
    }


def read_json(content: bytes, *, today: date, default_type: str = "") -> SignalRows:
    text = _decoded(content)
    items = _json_list(text)
    lines: list[int] = []

    def line_of(position: int) -> int:
        if not lines:
            lines.extend(_item_lines(text, len(items)))
        return lines[position]

    values = ((position, _json_values(item)) for position, item in enumerate(items, 1))
    return _checked(values, default_type, today, line_of)


# -- CSV -----------------------------------------------------------------------------------------------------
def _csv_items(text: str) -> Iterator[tuple[int, dict[str, Any] | str]]:
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [cell.strip().lower().replace(" ", "_").replace("-", "_") for cell in next(reader, [])]
    except csv.Error:
        refuse("Regel 1: dit is geen geldige CSV.")
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        refuse(f"Regel 1: kolom ‘{missing[0]}’ ontbreekt.")
    positions = {name: header.index(name) for name in COLUMNS if name in header}
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            yield (
                reader.line_num,
                {
                    name: (
                        cells[positions[name]].strip()
                        if name in positions and positions[name] < len(cells)
                        else ""
                    )
                    for name in COLUMNS
                },
            )
    except csv.Error:
        refuse(f"Regel {reader.line_num}: dit is geen geldige CSV.")


def read_csv(content: bytes, *, today: date, default_type: str = "") -> SignalRows:
    return _checked(_csv_items(_decoded(content)), default_type, today, _same_line)


def _same_line(position: int) -> int:
    return position


def _decoded(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        refuse("Regel 1: het bestand is geen UTF-8-tekst.")
        raise  # not reached: refuse raised


def read(content: bytes, *, file_format: str, today: date, default_type: str = "") -> SignalRows:
    reader = read_json if file_format == "json" else read_csv
    return reader(content, today=today, default_type=default_type)
