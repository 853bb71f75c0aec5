"""The national DDAS Vroegsignalering v1.2 exchange document (standards/ddas-vroegsignalering-1.2) for one
municipality and a period, as JSON text in pieces: memory stays bounded by the chunk size whatever the
number of signals, and no query is made per signal or per zaak.

What goes in (docs/vroegsignalering.md, "Levering aan CBS"):
- `vroegsignalen`: the municipality's signals with `signal_date` in the period (both ends included);
- `vroegsignaalzaken`: the zaken with `period_start` in the period, so a zaak is delivered once, in the
  period it counts in; each references only its own signals of this delivery, so every reference resolves
  within it. A zaak without such a signal (possible only when a matching period runs past the period's
  edge) is left out: the schema asks at least one reference;
- keys without a value are left out, never written as null; a client with a BSN carries only the BSN.

Pages: the signals in a stable order, grouped by zaak (zaak, then ID); page k carries its slice of signals
and the zaken whose first signal of this delivery is on it. A zaak is delivered exactly once over all
pages (the schema gives a zaak no identifier, so a repeat could not be told from a second zaak), and its
references are on its own page or, when the page ends within the zaak, on the next one."""

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db.models import F, QuerySet

from wijkregie.organisation.models import Municipality

from .constants import DDAS_NOT_YET, DDAS_PICKED_UP, NOT_MATCHED
from .models import ContactAttempt, EarlyWarningSettings, Signal, SignalCase

MAX_PAGE_SIZE = 50_000  # the most vroegsignalen CBS takes in one page
CHUNK = 2_000  # rows per bulk query: bounded memory and few query parameters (SQLite's limit)
DDAS_STATUSES = [*NOT_MATCHED, DDAS_NOT_YET, DDAS_PICKED_UP]

SIGNAL_FIELDS = (
    "case_id", "case__picked_up_on", "external_id", "crisis", "warm_handover", "amount", "arose_on",
    "signal_date", "status", "partner_type", "bsn", "postcode", "house_number", "house_number_suffix",
    "birth_date", "sex",
)  # fmt: skip
CASE_FIELDS = ("pk", "result", "matched_on", "period_start", "period_end", "picked_up_on")


@dataclass(frozen=True)
class Scope:
    """One municipality and a period, both ends included."""

    municipality: Municipality
    start: date
    end: date

    def signals(self) -> QuerySet[Signal]:
        return Signal.objects.filter(
            municipality=self.municipality, signal_date__gte=self.start, signal_date__lte=self.end
        )

    def ordered_signals(self) -> QuerySet[Signal]:
        # Grouped by zaak so a zaak's signals are neighbours; the ID is unique per municipality.
        return self.signals().order_by(F("case_id").asc(nulls_last=True), "external_id")


def signal_total(scope: Scope) -> int:
    return scope.signals().count()


def previous_quarter(today: date) -> tuple[date, date]:
    """The calendar quarter before the one `today` is in: the period a delivery usually covers."""
    this_quarter = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    end = this_quarter - timedelta(days=1)
    return date(end.year, 3 * ((end.month - 1) // 3) + 1, 1), end


def page_total(records: int, page_size: int) -> int:
    """At least one page: an empty delivery is still a delivery."""
    return max(1, -(-records // page_size))


def utc_stamp(moment: datetime) -> str:
    """aanleverdatumEnTijd: ISO 8601 in UTC with "Z", whole seconds."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def delivering_organisation(municipality: Municipality) -> dict[str, Any]:
    """aanleverendeOrganisatie from the municipality's settings, its own name when none is set. Without a
    contact person `contactpersonen` is left out (the schema allows that, not an empty list)."""
    found = EarlyWarningSettings.objects.filter(municipality=municipality).first()
    if found is None:
        return {"naam": municipality.name}
    organisation: dict[str, Any] = {"naam": found.delivering_name.strip() or municipality.name}
    if found.delivering_kvk.strip():
        organisation["kvk-nummer"] = found.delivering_kvk.strip()
    contact = _present(
        naam=found.contact_name,
        telefoonnummer=found.contact_phone,
        email=found.contact_email,
        functietitel=found.contact_title,
    )
    if contact:
        organisation["contactpersonen"] = [contact]
    return organisation


def has_contact(organisation: dict[str, Any]) -> bool:
    return bool(organisation.get("contactpersonen"))


def document_chunks(
    scope: Scope,
    *,
    supplier_code: str,
    delivered_at: datetime,
    page: int = 1,
    page_size: int | None = None,
    organisation: dict[str, Any] | None = None,
) -> Iterator[str]:
    """The exchange document for page `page` of `page_size` signals (None: all of them) as JSON text."""
    head = {
        "startdatumLevering": scope.start.isoformat(),
        "einddatumLevering": scope.end.isoformat(),
        "aanleverdatumEnTijd": utc_stamp(delivered_at),
        "codeGegevensleverancier": supplier_code,
    }
    levering = {
        "teller": 1,
        "gemeentecode": scope.municipality.cbs_code,
        "aanleverendeOrganisatie": organisation or delivering_organisation(scope.municipality),
    }
    yield f'{_open(head)},"leveringen":[{_open(levering)},"vroegsignalen":['
    case_ids: list[int] = []
    for number, row in enumerate(_page_rows(scope, page, page_size)):
        yield ("," if number else "") + dump(signal_item(row))
        if row["case_id"] is not None and (not case_ids or case_ids[-1] != row["case_id"]):
            case_ids.append(row["case_id"])
    yield '],"vroegsignaalzaken":['
    carried = _carried_case_id(scope, page, page_size)
    first = True
    for item in case_items(scope, [pk for pk in case_ids if pk != carried]):
        yield ("" if first else ",") + dump(item)
        first = False
    yield "]}]}"


def document(scope: Scope, **kwargs: Any) -> dict[str, Any]:
    """The whole document as a dict (small deliveries, tests)."""
    result: dict[str, Any] = json.loads("".join(document_chunks(scope, **kwargs)))
    return result


# -- signals ---------------------------------------------------------------------------------------------
def _page_rows(scope: Scope, page: int, page_size: int | None) -> Iterator[dict[str, Any]]:
    rows = scope.ordered_signals().values(*SIGNAL_FIELDS)
    if page_size is not None:
        offset = (page - 1) * page_size
        rows = rows[offset : offset + page_size]
    return rows.iterator(chunk_size=CHUNK)


def _carried_case_id(scope: Scope, page: int, page_size: int | None) -> int | None:
    """The zaak of the last signal on the page before: when this page starts within it, the zaak was
    delivered there."""
    if page_size is None or page <= 1:
        return None
    before = scope.ordered_signals().values_list("case_id", flat=True)[(page - 1) * page_size - 1 :][:1]
    return next(iter(before), None)


def signal_item(row: dict[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = {
        "ID": row["external_id"],
        "crisissignaal": row["crisis"],
        "warmeOverdracht": row["warm_handover"],
        "bedrag": row["amount"],
        "signaaldatum": row["signal_date"].isoformat(),
        "signaalpartner": {"type": row["partner_type"]},
        "client": client_item(row),
    }
    if row["arose_on"] is not None:
        item["ontstaansdatum"] = row["arose_on"].isoformat()
    status = ddas_status(row)
    if status:
        item["status"] = status
    return item


def ddas_status(row: dict[str, Any]) -> str:
    """In a zaak: picked up or not yet; otherwise the reason it was not picked up. A signal that waits for
    matching has no DDAS status yet, and gets none."""
    if row["case_id"] is not None:
        return DDAS_PICKED_UP if row["case__picked_up_on"] else DDAS_NOT_YET
    return row["status"] if row["status"] in NOT_MATCHED else ""


def client_item(row: dict[str, Any]) -> dict[str, Any]:
    """With a BSN only the BSN (the schema's first `oneOf`); without, the address, birth date and sex."""
    if row["bsn"]:
        return {"burgerservicenummer": row["bsn"]}
    return _present(
        postcode=row["postcode"],
        huisnummer=str(row["house_number"]) if row["house_number"] is not None else "",
        huisnummertoevoeging=row["house_number_suffix"],
        geboortedatum=row["birth_date"].isoformat() if row["birth_date"] else "",
        geslachtsaanduiding=row["sex"],
    )


# -- zaken -----------------------------------------------------------------------------------------------
def case_items(scope: Scope, case_ids: list[int]) -> Iterator[dict[str, Any]]:
    """The zaken among `case_ids` that belong to the delivery, in that order: three queries per chunk."""
    for chunk in _chunks(case_ids):
        cases = {
            row["pk"]: row
            for row in SignalCase.objects.filter(
                pk__in=chunk, period_start__gte=scope.start, period_start__lte=scope.end
            ).values(*CASE_FIELDS)
        }
        references = _grouped(
            scope.signals()
            .filter(case_id__in=list(cases))
            .order_by("case_id", "external_id")
            .values_list("case_id", "external_id")
        )
        attempts = _grouped(
            ContactAttempt.objects.filter(case_id__in=list(cases))
            .order_by("case_id", "made_on", "pk")
            .values_list("case_id", "kind", "reached", "made_on", "day_part")
        )
        for pk in chunk:
            if pk in cases and references.get(pk):
                yield case_item(cases[pk], references[pk], attempts.get(pk, []))


def case_item(case: dict[str, Any], references: list[tuple], attempts: list[tuple]) -> dict[str, Any]:
    item: dict[str, Any] = {}
    if case["result"]:
        item["resultaat"] = case["result"]
    item["matchingsdatum"] = case["matched_on"].isoformat()
    item["startdatumMatchingperiode"] = case["period_start"].isoformat()
    item["einddatumMatchingperiode"] = case["period_end"].isoformat()
    if case["picked_up_on"]:
        item["datumOpgepakt"] = case["picked_up_on"].isoformat()
    item["vroegsignalen"] = [{"ID": external_id} for (external_id,) in references]
    item["contactpogingen"] = [
        {"soort": kind, "bereikt": reached, "datum": made_on.isoformat(), "dagdeel": day_part}
        for kind, reached, made_on, day_part in attempts
    ]
    return item


# -- helpers ---------------------------------------------------------------------------------------------
def _present(**values: str) -> dict[str, str]:
    """Only the keys with a value: the exchange model leaves out what is unknown."""
    return {key: value.strip() for key, value in values.items() if value and value.strip()}


def _open(mapping: dict[str, Any]) -> str:
    """A JSON object without its closing brace, to write more keys after it."""
    return dump(mapping)[:-1]


def dump(value: Any) -> str:
    """Compact JSON, UTF-8 as it is."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _chunks(values: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _grouped(rows: Iterable[tuple]) -> dict[int, list[tuple]]:
    grouped: dict[int, list[tuple]] = {}
    for case_id, *rest in rows:
        grouped.setdefault(case_id, []).append(tuple(rest))
    return grouped
