"""Actual cost: reading a provider's invoice (declaration) file into the ledger.

The file is CSV (separator ";" or ",", UTF-8 with or without BOM) with a header row naming at least:

    toewijzingnummer   the allocation's number in this municipality
    agb                the declaring provider's AGB code (8 digits)
    maand              jjjj-mm (a header "maand (jjjj-mm)" is fine too)
    productcategorie   2 characters
    productcode        up to 5 letters or digits, may be empty
    aantal             whole number >= 0
    bedrag             euros: 1234,56 or 1234.56 (or 1.234,56 / 1,234.56)

Other columns are ignored. A malformed line refuses the whole file: ValidationError({"file": ["Regel N:
reden.", ...]}) and nothing is saved. A well-formed line is booked on its allocation and month, or flagged
(kept, not booked) with its reason: unknown allocation number, another provider's AGB code, another product,
an allocation refused or revoked, a month outside the allocation, a product not contracted for the provider
that month, or a month already declared. The same file twice (by its SHA-256) is read once."""

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from wijkregie.accounts.models import User
from wijkregie.audit import services as audit
from wijkregie.audit.constants import Action, Channel
from wijkregie.decisions.amounts import days_in_month
from wijkregie.organisation.models import Municipality
from wijkregie.providers.models import Provider

from ..constants import AllocationStatus, InvoiceStatus
from ..models import Allocation, InvoiceImport, InvoiceLine
from ..selectors.ledger import ContractedProducts, LedgerAccess

COLUMNS = ("toewijzingnummer", "agb", "maand", "productcategorie", "productcode", "aantal", "bedrag")
MAX_LINES = 20_000
MAX_CENTS = 1_000_000_000  # ten million euros on one line is a typing error
CHUNK = 500  # ids per IN (...) query

NUMBER = re.compile(r"^[0-9]{1,9}$")
AGB = re.compile(r"^[0-9]{8}$")
MONTH = re.compile(r"^([0-9]{4})-([0-9]{1,2})$")
CATEGORY = re.compile(r"^[0-9A-Z]{2}$")
CODE = re.compile(r"^[0-9A-Z]{1,5}$")
WHOLE = re.compile(r"^[0-9]{1,9}$")
# Euros: plain with an optional decimal comma or point, or with thousands separators and the other mark.
AMOUNTS = (
    re.compile(r"^(?P<whole>[0-9]+)(?:[.,](?P<cents>[0-9]{1,2}))?$"),
    re.compile(r"^(?P<whole>[0-9]{1,3}(?:\.[0-9]{3})+),(?P<cents>[0-9]{1,2})$"),
    re.compile(r"^(?P<whole>[0-9]{1,3}(?:,[0-9]{3})+)\.(?P<cents>[0-9]{1,2})$"),
)


@dataclass(frozen=True)
class InvoiceRow:
    """One well-formed line of the file."""

    line: int
    number: int
    agb: str
    month: date
    product_category: str
    product_code: str
    quantity: int
    amount_cents: int


@dataclass(frozen=True)
class InvoiceImportResult:
    invoice_import: InvoiceImport
    booked: int
    flagged: int
    repeated: bool  # the same file was read before: nothing changed


def _refuse(errors: list[str]) -> None:
    raise ValidationError({"file": errors})


# -- reading -------------------------------------------------------------------------------------------------
def _header(name: str) -> str:
    """'Maand (jjjj-mm)' -> 'maand'; 'AGB-code' -> 'agb'."""
    name = re.sub(r"\(.*\)", "", name).strip().lower().replace(" ", "")
    return "agb" if name in ("agb-code", "agbcode", "agb_code") else name


def amount_cents(text: str) -> int | None:
    """'1.234,56', '1234.56', '€ 12,5' -> cents; None when it is not an amount in euros."""
    text = "".join(text.replace("€", "").split())
    for pattern in AMOUNTS:
        if match := pattern.match(text):
            whole = int(re.sub(r"[.,]", "", match["whole"]))
            cents = (match["cents"] or "0").ljust(2, "0")
            return whole * 100 + int(cents)
    return None


def _table(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        _refuse(["Regel 1: het bestand is geen UTF-8-tekst."])
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _check(line: int, data: dict[str, str]) -> tuple[InvoiceRow | None, list[str]]:
    problems = []
    number = data["toewijzingnummer"]
    if not NUMBER.match(number) or int(number) == 0:
        problems.append("toewijzingnummer moet een heel getal groter dan 0 zijn")
    agb = data["agb"]
    if not AGB.match(agb):
        problems.append("AGB-code moet uit 8 cijfers bestaan")
    month = None
    if (found := MONTH.match(data["maand"])) and 1 <= int(found[2]) <= 12 and int(found[1]) >= 2000:
        month = date(int(found[1]), int(found[2]), 1)
    else:
        problems.append("maand moet jjjj-mm zijn, bijvoorbeeld 2025-03")
    category = data["productcategorie"].upper()
    if not CATEGORY.match(category):
        problems.append("productcategorie moet uit 2 cijfers of letters bestaan")
    code = data["productcode"].upper()
    if code and not CODE.match(code):
        problems.append("productcode moet uit 1 tot 5 cijfers of letters bestaan")
    quantity = data["aantal"]
    if not WHOLE.match(quantity):
        problems.append("aantal moet een heel getal van 0 of meer zijn")
    cents = amount_cents(data["bedrag"])
    if cents is None:
        problems.append("bedrag moet een bedrag in euro zijn, zoals 123,45 of 123.45")
    elif cents > MAX_CENTS:
        problems.append("bedrag is groter dan 10 miljoen euro")
    if problems or month is None or cents is None:
        return None, problems
    return InvoiceRow(line, int(number), agb, month, category, code, int(quantity), cents), []


def parse(content: bytes) -> list[InvoiceRow]:
    """Every line of an invoice file, checked; ValidationError({"file": ["Regel N: reden.", ...]}) when the
    file or any line is malformed."""
    table = _table(content)
    if not table or not any(table[0]):
        _refuse(["Regel 1: de kopregel ontbreekt."])
    header = [_header(name) for name in table[0]]
    missing = [f"Regel 1: kolom '{name}' ontbreekt." for name in COLUMNS if name not in header]
    if missing:
        _refuse(missing)
    if len(table) - 1 > MAX_LINES:
        _refuse([f"Regel {MAX_LINES + 2}: het bestand heeft meer dan {MAX_LINES} regels."])
    rows, errors = [], []
    for line, cells in enumerate(table[1:], start=2):
        if not any(cells):
            continue  # blank lines are skipped
        data = {
            name: (cells[i] if i < len(cells) else "") for i, name in enumerate(header) if name in COLUMNS
        }
        row, problems = _check(line, data)
        errors += [f"Regel {line}: {problem}." for problem in problems]
        if row is not None:
            rows.append(row)
    if errors:
        _refuse(errors)
    if not rows:
        _refuse(["Regel 2: het bestand bevat geen declaratieregels."])
    return rows


# -- deciding: book or flag ----------------------------------------------------------------------------------
def _product(category: str, code: str) -> str:
    return f"{category}/{code}" if code else category


BOOKED_MEANWHILE = "Een andere declaratie boekte tegelijk dezelfde regels. Lees het bestand opnieuw in."


def _chunks(values: list[Any]) -> Any:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


class _Booker:
    def __init__(self, municipality: Municipality, rows: list[InvoiceRow]) -> None:
        self.municipality = municipality
        numbers = sorted({row.number for row in rows})
        self.allocations: dict[int, Allocation] = {}
        for chunk in _chunks(numbers):
            found = Allocation.objects.filter(municipality=municipality, number__in=chunk).select_related(
                "provider"
            )
            self.allocations.update({a.number: a for a in found})
        ids = sorted(a.pk for a in self.allocations.values())
        self.declared: set[tuple[int, date, str, str]] = set()
        for chunk in _chunks(ids):
            booked = InvoiceLine.objects.filter(
                municipality=municipality, status=InvoiceStatus.BOOKED, allocation_id__in=chunk
            ).values_list("allocation_id", "month", "product_category", "product_code")
            self.declared.update(booked)
        self.contracts = ContractedProducts(municipality)

    def reason(self, row: InvoiceRow, provider: Provider) -> tuple[Allocation | None, str]:
        """The allocation the line is for, and why it is flagged ("" to book it)."""
        allocation = self.allocations.get(row.number)
        if allocation is None:
            return None, f"Toewijzingnummer {row.number} is onbekend in deze gemeente."
        if allocation.provider_id != provider.pk:
            return allocation, f"De AGB-code {row.agb} hoort niet bij de aanbieder van deze toewijzing."
        product = _product(row.product_category, row.product_code)
        if row.product_category != allocation.product_category or (
            allocation.product_code and row.product_code != allocation.product_code
        ):
            allocated = _product(allocation.product_category, allocation.product_code)
            return allocation, f"Product {product} hoort niet bij deze toewijzing ({allocated})."
        if allocation.status in (AllocationStatus.REJECTED, AllocationStatus.REVOKED):
            return allocation, f"De toewijzing is {allocation.get_status_display().lower()}."
        month = f"{row.month:%Y-%m}"
        last = allocation.end_date
        if allocation.status == AllocationStatus.STOPPED and allocation.stopped_on:
            last = min(last, allocation.stopped_on) if last else allocation.stopped_on
        month_end = row.month.replace(day=days_in_month(row.month.year, row.month.month))
        if allocation.start_date > month_end or (last is not None and last < row.month):
            return allocation, f"De maand {month} valt buiten de looptijd van de toewijzing."
        if not self.contracts.contracted_in(
            provider.organisation_id, row.product_category, row.product_code, row.month
        ):
            return allocation, f"Product {product} is in {month} niet gecontracteerd bij deze aanbieder."
        key = (allocation.pk, row.month, row.product_category, row.product_code)
        if key in self.declared:
            return allocation, f"Deze toewijzing is voor {month} al gedeclareerd voor dit product."
        self.declared.add(key)
        return allocation, ""


def _providers(rows: list[InvoiceRow]) -> dict[str, Provider]:
    agbs = sorted({row.agb for row in rows})
    providers = {p.agb_code: p for p in Provider.objects.filter(agb_code__in=agbs)}
    unknown = [
        f"Regel {row.line}: AGB-code {row.agb} is van geen bekende zorgaanbieder."
        for row in rows
        if row.agb not in providers
    ]
    if unknown:
        _refuse(unknown)
    return providers


def invoice_import(
    *,
    acting_user: User,
    municipality: Municipality,
    content: bytes,
    filename: str,
    channel: Channel = Channel.WEB,
) -> InvoiceImportResult:
    """Read an invoice file into the ledger of the contractmanager's municipality (404 for anyone else).

    All or nothing: a malformed line refuses the file (ValidationError under "file"). Each well-formed line
    is booked or flagged with its reason; the import and its audit row (counts only) are one transaction.
    The same file again changes nothing and returns the earlier import with repeated=True."""
    if not LedgerAccess(acting_user).may_import(municipality):
        raise Http404
    digest = hashlib.sha256(content).hexdigest()
    earlier = InvoiceImport.objects.filter(municipality=municipality, sha256=digest).first()
    if earlier is not None:
        return _repeated(earlier)
    rows = parse(content)
    providers = _providers(rows)
    try:
        with transaction.atomic():
            # What is booked already is read under the municipality's lock: two files declaring the same
            # month at once cannot both book it (and the database refuses a second booked line).
            Municipality.objects.select_for_update().filter(pk=municipality.pk).values("pk").first()
            lines = _lines(_Booker(municipality, rows), rows, providers)
            flagged = sum(1 for line in lines if line.status == InvoiceStatus.FLAGGED)
            invoice_import = InvoiceImport.objects.create(
                municipality=municipality,
                file_name=(filename or "declaratie.csv")[-200:],
                sha256=digest,
                lines=len(lines),
                flagged=flagged,
                imported_by=acting_user,
            )
            for line in lines:
                line.invoice_import = invoice_import
            InvoiceLine.objects.bulk_create(lines, batch_size=CHUNK)
            audit.record(
                actor=acting_user,
                action=Action.CREATE,
                obj=invoice_import,
                channel=channel,
                fields=[f"regels={len(lines)}", f"geboekt={len(lines) - flagged}", f"gemarkeerd={flagged}"],
            )
    except IntegrityError as error:
        # The same file read in at the same moment by someone else: theirs stands.
        earlier = InvoiceImport.objects.filter(municipality=municipality, sha256=digest).first()
        if earlier is None:
            raise ValidationError({"file": [BOOKED_MEANWHILE]}) from error
        return _repeated(earlier)
    return InvoiceImportResult(invoice_import, len(lines) - flagged, flagged, repeated=False)


def _lines(booker: _Booker, rows: list[InvoiceRow], providers: dict[str, Provider]) -> list[InvoiceLine]:
    lines = []
    for row in rows:
        provider = providers[row.agb]
        allocation, reason = booker.reason(row, provider)
        lines.append(
            InvoiceLine(
                municipality=booker.municipality,
                provider=provider,
                allocation=allocation,
                month=row.month,
                product_category=row.product_category,
                product_code=row.product_code,
                quantity=row.quantity,
                amount_cents=row.amount_cents,
                status=InvoiceStatus.FLAGGED if reason else InvoiceStatus.BOOKED,
                flag_reason=reason,
            )
        )
    return lines


def _repeated(earlier: InvoiceImport) -> InvoiceImportResult:
    return InvoiceImportResult(earlier, earlier.lines - earlier.flagged, earlier.flagged, repeated=True)
