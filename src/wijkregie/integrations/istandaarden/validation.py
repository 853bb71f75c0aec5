"""Checking iWmo/iJw messages: against the official XSD (when the standard's folder is there) and against
Wijkregie's own structural rules (always).

Errors are Dutch and start with the element's path in the message ("Client/Bsn: geen geldig BSN"). They
never repeat a value from the message, so they may be stored and shown without personal data in them.
"""

import re
import threading
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from lxml import etree

from wijkregie.core.identifiers import is_valid_bsn, validate_postcode

from .codelists import codes, standards_dir
from .messages import (
    ANSWER_REFUSED,
    Address,
    AllocatedProduct,
    Allocation301,
    AllocationRequest,
    Answer319,
    ChangeRequest,
    Client,
    Header,
    IncomingMessage,
    MessageError,
    Retour,
    Standard,
    StartCare,
    StartedProduct,
    StopCare,
    StoppedProduct,
    message_name,
    parse,
)
from .messages.reading import read_xml
from .messages.standard import RELEASE, STANDARDS
from .messages.types import RESIDENCE_REFUSAL

_local = threading.local()

# ---------------------------------------------------------------------------------------------- XSD


def xsd_path(standard: Standard, message_type: str) -> Path:
    """`<WIJKREGIE_ISTANDAARDEN_DIR>/<standard>-3.2/xsd/<WMO|JW><type>.xsd`."""
    if standard not in STANDARDS:
        raise ValueError(f"onbekende standaard {standard!r}")
    name = message_name(standard, message_type)
    return standards_dir() / f"{standard}-{RELEASE}" / "xsd" / f"{name}.xsd"


def xsd_schema(standard: Standard, message_type: str) -> etree.XMLSchema | None:
    """The compiled schema, once per file and thread (an XMLSchema keeps its error log on itself);
    None when the file is not there."""
    path = xsd_path(standard, message_type)
    schemas: dict[Path, etree.XMLSchema] = _local.__dict__.setdefault("schemas", {})
    schema = schemas.get(path)
    if schema is None and path.is_file():
        schema = schemas[path] = etree.XMLSchema(etree.parse(str(path)))
    return schema


def xsd_errors(xml: bytes, standard: Standard, message_type: str) -> list[str] | None:
    """The XSD's objections in Dutch, [] when valid, None when the standard's XSD is not available."""
    schema = xsd_schema(standard, message_type)
    if schema is None:
        return None
    try:
        document = read_xml(xml)
    except MessageError as error:
        return [str(error)]
    if schema.validate(document):
        return []
    errors: dict[str, str] = {}  # the first objection per element: the others repeat it
    for entry in schema.error_log:
        errors.setdefault(_element_path(entry.path), _dutch(entry.type_name, entry.message))
    return [f"{path}: {reason}" for path, reason in errors.items()]


def _element_path(xpath: str | None) -> str:
    """ "/jw315:Bericht/jw315:Client/ijw:Naam" → "Client/Naam"."""
    steps = [step.rpartition(":")[2] for step in (xpath or "").split("/") if step]
    return "/".join(steps[1:]) or "Bericht"


_EXPECTED = re.compile(r"\{[^}]*\}(\w+)")
_LIMIT = re.compile(r"'([^']*)'\)?\.?$")
_DATATYPES = {
    "LDT_Datum": "geen geldige datum (JJJJ-MM-DD)",
    "LDT_Tijd": "geen geldige tijd (UU:MM:SS)",
}


def _dutch(type_name: str, message: str) -> str:
    """libxml2's English message as a Dutch reason, without the value it quotes."""
    kind = type_name.removeprefix("SCHEMAV_")
    limit = found.group(1) if (found := _LIMIT.search(message)) else ""
    if kind == "ELEMENT_CONTENT":
        expected = ", ".join(_EXPECTED.findall(message.partition("Expected is")[2]))
        if "Missing child" in message:
            return f"verplicht element ontbreekt: {expected}"
        return "element hoort hier niet" + (f"; verwacht: {expected}" if expected else "")
    simple = {
        "CVC_PATTERN_VALID": "waarde heeft niet de voorgeschreven vorm",
        "CVC_ENUMERATION_VALID": "code komt niet voor in de codelijst van de standaard",
        "CVC_MINLENGTH_VALID": "waarde is leeg of te kort",
        "CVC_MAXLENGTH_VALID": f"waarde is te lang (maximaal {limit} tekens)",
        "CVC_MININCLUSIVE_VALID": f"waarde is te klein (minimaal {limit})",
        "CVC_MAXINCLUSIVE_VALID": f"waarde is te groot (maximaal {limit})",
        "CVC_ELT_1": "onbekend hoofdelement of namespace voor dit bericht",
    }
    if kind in simple:
        return simple[kind]
    if kind.startswith("CVC_DATATYPE_VALID"):
        datatype = limit.rpartition("}")[2]
        return _DATATYPES.get(datatype, f"geen geldige waarde voor {datatype or 'dit element'}")
    return f"voldoet niet aan het XSD-schema ({type_name})"


# ---------------------------------------------------------------------------------------- structure


class _List(NamedTuple):
    ids: dict[Standard, str]  # the code list per standard
    form: re.Pattern[str]


def _same(list_id: str, form: str) -> _List:
    return _List({"iwmo": list_id, "ijw": list_id}, re.compile(form))


LISTS: dict[str, _List] = {
    "gender": _same("COD046", "[0-9]"),
    "name_usage": _same("COD700", "[0-9]"),
    "address_kind": _same("COD757", "[0-9]{2}"),
    "unit": _same("WJ756", "[0-9]{2}"),
    "frequency": _same("WMO757", "[0-9]"),
    "status": _same("COD467", "[0-9]"),
    "request_reason": _same("WJ758", "[0-9]"),
    "request_answer": _same("WJ760", "[0-9]"),
    "refusal_reason": _same("WJ759", "[0-9]"),
    "referrer_type": _same("COD327", "[0-9]{2}"),
    "category": _List({"iwmo": "WMO020", "ijw": "JZ020"}, re.compile("[0-9]{2}")),
    "change_reason": _List({"iwmo": "WMO002", "ijw": "JZ002"}, re.compile("[0-9]{2}")),
    "end_reason": _List({"iwmo": "WMO588", "ijw": "JZ588"}, re.compile("[0-9]{2}")),
}
_MUNICIPALITY = re.compile("[0-9]{4}")  # LDT_Gemeente: CBS gemeentecode
_AGB = re.compile("[0-9]{8}")  # LDT_AgbCode
_PRODUCT_CODE = re.compile("[0-9A-Za-z]{1,5}")  # LDT_ProductCode
# WJ001 retour codes are checked on their form only: the published list lacks 9355, which the XSD has.
_RETOUR_CODE = re.compile("[0-9A-Z]{4}")
_INITIALS = re.compile("[a-zA-ZÀ-ỳ]{1,6}")  # LDT_Voorletters
_LETTER = re.compile("[a-zA-Z]")  # LDT_Huisletter
_MAX_NUMBER = 999_999_999  # LDT_Nummer
_MAX_AMOUNT = 99_999_999  # LDT_Volume, LDT_Budget
# Who sends which message: the municipality sends 301 and 319 (and a 302 keeps the 301's header), providers
# the rest.
_FROM_MUNICIPALITY = frozenset({"301", "302", "319"})


class _Check:
    """Collects "path: reason" lines for one message of one standard."""

    __slots__ = ("errors", "standard")

    def __init__(self, standard: Standard) -> None:
        self.standard = standard
        self.errors: list[str] = []

    def add(self, path: str, reason: str) -> None:
        self.errors.append(f"{path}: {reason}")

    def code(self, path: str, value: str, list_name: str, *, required: bool = True) -> None:
        if not value:
            if required:
                self.add(path, "ontbreekt")
            return
        code_list = LISTS[list_name]
        list_id = code_list.ids[self.standard]
        if not code_list.form.fullmatch(value):
            self.add(path, f"geen geldige code (de vorm van {list_id})")
            return
        known = codes(f"{self.standard}-{RELEASE}", list_id)
        if known is not None and value not in known:
            self.add(path, f"code komt niet voor in codelijst {list_id}")

    def pattern(
        self, path: str, value: str, form: re.Pattern[str], reason: str, required: bool = True
    ) -> None:
        if value and not form.fullmatch(value):
            self.add(path, reason)
        elif not value and required:
            self.add(path, "ontbreekt")

    def text(self, path: str, value: str, maximum: int, *, required: bool = False) -> None:
        if value and not value.strip():
            self.add(path, "bevat alleen spaties")
        elif len(value) > maximum:
            self.add(path, f"is te lang (maximaal {maximum} tekens)")
        elif not value and required:
            self.add(path, "ontbreekt")

    def number(self, path: str, value: int | None, maximum: int, *, required: bool = True) -> None:
        if value is None:
            if required:
                self.add(path, "ontbreekt")
        elif isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= maximum:
            self.add(path, f"geen geldig getal (0 tot en met {maximum})")

    def date(self, path: str, value: Any, *, required: bool = True) -> bool:
        """True when the value is a date (not a datetime)."""
        if value is None:
            if required:
                self.add(path, "ontbreekt")
            return False
        if not isinstance(value, date) or isinstance(value, datetime):
            self.add(path, "geen geldige datum")
            return False
        return True

    def period(self, path: str, start: Any, end: Any, names: tuple[str, str]) -> None:
        """Both dates valid, and the end (if any) on or after the start."""
        start_ok = self.date(f"{path}/{names[0]}", start)
        end_ok = self.date(f"{path}/{names[1]}", end, required=False)
        if start_ok and end_ok and end < start:
            self.add(f"{path}/{names[1]}", f"ligt voor {names[0]}")

    def extent(self, path: str, item: Any, *, required: bool) -> None:
        """Omvang (volume, unit, frequency) or Budget: never both; exactly one when required."""
        has_volume = item.volume is not None or bool(item.unit or item.frequency)
        has_budget = item.budget_cents is not None
        if has_volume and has_budget:
            self.add(f"{path}/Budget", "mag niet samen met Omvang; geef Omvang of Budget")
        elif required and not (has_volume or has_budget):
            self.add(f"{path}/Omvang", "Omvang of Budget ontbreekt")
        if has_volume:
            self.number(f"{path}/Omvang/Volume", item.volume, _MAX_AMOUNT)
            self.code(f"{path}/Omvang/Eenheid", item.unit, "unit")
            self.code(f"{path}/Omvang/Frequentie", item.frequency, "frequency")
        if has_budget:
            self.number(f"{path}/Budget", item.budget_cents, _MAX_AMOUNT)

    def product(self, path: str, category: str, code: str) -> None:
        if code and not category:
            self.add(f"{path}/Product/Categorie", "ontbreekt")
        self.code(f"{path}/Product/Categorie", category, "category", required=False)
        self.pattern(f"{path}/Product/Code", code, _PRODUCT_CODE, "geen geldige productcode", required=False)


def structural_errors(
    message: bytes | IncomingMessage | Answer319, *, today: date | None = None
) -> list[str]:
    """Wijkregie's own checks, which always run: required parts present, BSN with the elfproef, valid dates
    and periods, Omvang or Budget, codes of the right form and (when the lists are there) in the lists.

    `message` is an Allocation301 or Answer319 before it is built, a parsed incoming message, or the raw
    bytes of one (a MessageError from reading becomes the one error). With `today`, a Dagtekening after it
    is an error.
    """
    if isinstance(message, bytes):
        try:
            message = parse(message)
        except MessageError as error:
            return [str(error)]
    if message.header.standard not in STANDARDS:
        return ["Header: onbekende standaard (iwmo of ijw)"]
    check = _Check(message.header.standard)
    message_type, checks = _CHECKS[type(message)]
    if message.header.message_type != message_type:
        check.add("Header/BerichtCode", f"dit bericht is een {message_type}")
    _header(check, message.header, message_type, today)
    checks(check, message)
    return check.errors


def _header(check: _Check, header: Header, message_type: str, today: date | None) -> None:
    municipality, provider = ("Afzender", "Ontvanger")
    if message_type not in _FROM_MUNICIPALITY:
        municipality, provider = provider, municipality
    parties = {"Afzender": header.sender, "Ontvanger": header.receiver}
    municipality_code, provider_code = parties[municipality], parties[provider]
    check.pattern(
        f"Header/{municipality}", municipality_code, _MUNICIPALITY, "geen geldige gemeentecode (4 cijfers)"
    )
    check.pattern(f"Header/{provider}", provider_code, _AGB, "geen geldige AGB-code (8 cijfers)")
    check.text("Header/BerichtIdentificatie/Identificatie", header.identification, 12, required=True)
    dated = "Header/BerichtIdentificatie/Dagtekening"
    if check.date(dated, header.dated_on) and today is not None and header.dated_on > today:
        check.add(dated, "ligt na vandaag")


def _client(check: _Check, client: Client, dated_on: date, *, full: bool) -> None:
    """The client in a 301 (`full`: name usage and address required) or the short one of 305/307/315."""
    if not is_valid_bsn(client.bsn or ""):
        check.add("Client/Bsn", "geen geldig BSN")
    birth = "Client/Geboortedatum/Datum"
    if check.date(birth, client.birth_date) and isinstance(dated_on, date) and client.birth_date > dated_on:
        check.add(birth, "ligt na de dagtekening van het bericht")
    check.code("Client/Geslacht", client.gender, "gender")
    check.text("Client/Naam/Geslachtsnaam/Achternaam", client.surname, 200, required=True)
    check.text("Client/Naam/Geslachtsnaam/Voorvoegsel", client.surname_prefix, 10)
    check.text("Client/Naam/Voornamen", client.given_names, 200)
    check.pattern("Client/Naam/Voorletters", client.initials, _INITIALS, "alleen letters, hoogstens 6", False)
    if not full:
        return
    check.code("Client/Naam/NaamGebruik", client.name_usage, "name_usage")
    if client.address is None:
        check.add("Client/Contactgegevens/Contact", "ontbreekt")
    else:
        _address(check, "Client/Contactgegevens/Contact", client.address)


def _address(check: _Check, path: str, address: Address) -> None:
    check.code(f"{path}/Soort", address.kind, "address_kind")
    if address.postcode:
        try:
            validate_postcode(address.postcode)
        except ValidationError:
            check.add(f"{path}/Adres/Postcode", "geen geldige postcode (1234AB)")
    house = f"{path}/Adres/Huis"
    if address.house_number is None:
        if address.house_letter or address.house_number_addition:
            check.add(f"{house}/Huisnummer", "ontbreekt")
        return
    check.number(f"{house}/Huisnummer", address.house_number, 99_999)
    check.pattern(f"{house}/Huisletter", address.house_letter, _LETTER, "één letter", False)
    check.text(f"{house}/HuisnummerToevoeging", address.house_number_addition, 4)


def _allocation_301(check: _Check, message: Allocation301) -> None:
    _client(check, message.client, message.header.dated_on, full=True)
    if not message.products:
        check.add("Client/ToegewezenProducten/ToegewezenProduct", "ontbreekt")
    seen: set[int] = set()
    for i, product in enumerate(message.products, 1):
        path = f"Client/ToegewezenProducten/ToegewezenProduct[{i}]"
        _allocated_product(check, path, product)
        if product.allocation_number in seen:
            check.add(f"{path}/ToewijzingNummer", "komt meer dan eens voor in dit bericht")
        seen.add(product.allocation_number)


def _allocated_product(check: _Check, path: str, product: AllocatedProduct) -> None:
    check.number(f"{path}/ToewijzingNummer", product.allocation_number, _MAX_NUMBER)
    check.text(f"{path}/ReferentieAanbieder", product.provider_reference, 36)
    check.product(path, product.product_category, product.product_code)
    check.date(f"{path}/Toewijzingsdatum", product.allocated_on)
    if not isinstance(product.allocated_at, time):
        check.add(f"{path}/Toewijzingstijd", "geen geldige tijd")
    check.period(path, product.start, product.end, ("Ingangsdatum", "Einddatum"))
    check.code(f"{path}/RedenWijziging", product.reason_for_change, "change_reason", required=False)
    check.extent(path, product, required=True)
    check.text(f"{path}/Commentaar", product.comment, 4000)


def _retour(check: _Check, message: Retour) -> None:
    check.text("Header/IdentificatieRetour", message.retour_identification, 12, required=True)
    check.date("Header/DagtekeningRetour", message.retour_dated_on)
    for retour_code in message.codes:
        path = f"{retour_code.element}/RetourCodes/RetourCode"
        check.pattern(path, retour_code.code, _RETOUR_CODE, "geen geldige retourcode (WJ001)")
    for i, product in enumerate(message.products, 1):
        path = f"Client/ToegewezenProducten/ToegewezenProduct[{i}]/ToewijzingNummer"
        check.number(path, product.allocation_number, _MAX_NUMBER)


def _start_care(check: _Check, message: StartCare) -> None:
    _client(check, message.client, message.header.dated_on, full=False)
    for i, product in enumerate(message.products, 1):
        path = f"Client/StartProducten/StartProduct[{i}]"
        _reported_product(check, path, product)
        check.period(
            path,
            product.allocation_start or product.start,
            product.start,
            ("ToewijzingIngangsdatum", "Begindatum"),
        )


def _stop_care(check: _Check, message: StopCare) -> None:
    _client(check, message.client, message.header.dated_on, full=False)
    for i, product in enumerate(message.products, 1):
        path = f"Client/StopProducten/StopProduct[{i}]"
        _reported_product(check, path, product)
        check.period(path, product.start, product.end, ("Begindatum", "Einddatum"))
        check.code(f"{path}/RedenBeeindiging", product.reason, "end_reason")


def _reported_product(check: _Check, path: str, product: StartedProduct | StoppedProduct) -> None:
    """What 305 and 307 share: the allocation (by number or by product) and the status of the report."""
    if product.allocation_number is None and not product.product_category:
        check.add(f"{path}/ToewijzingNummer", "ontbreekt (of Product)")
    check.number(f"{path}/ToewijzingNummer", product.allocation_number, _MAX_NUMBER, required=False)
    check.product(path, product.product_category, product.product_code)
    check.date(f"{path}/ToewijzingIngangsdatum", product.allocation_start, required=False)
    check.code(f"{path}/StatusAanlevering", product.status, "status")


def _allocation_request(check: _Check, message: AllocationRequest) -> None:
    _client(check, message.client, message.header.dated_on, full=False)
    for i, product in enumerate(message.products, 1):
        path = f"Client/AangevraagdeProducten/AangevraagdProduct[{i}]"
        check.text(f"{path}/ReferentieAanbieder", product.provider_reference, 36, required=True)
        check.number(f"{path}/BeschikkingNummer", product.decision_number, _MAX_NUMBER, required=False)
        check.product(path, product.product_category, product.product_code)
        check.date(f"{path}/BeschikkingIngangsdatum", product.decision_start, required=False)
        check.period(path, product.start, product.end, ("ToewijzingIngangsdatum", "ToewijzingEinddatum"))
        check.extent(path, product, required=False)
        check.code(f"{path}/Verwijzer/Type", product.referrer_type, "referrer_type")
        check.pattern(
            f"{path}/Verwijzer/ZorgverlenerCode",
            product.referrer_agb,
            _AGB,
            "geen geldige AGB-code (8 cijfers)",
            False,
        )


def _change_request(check: _Check, message: ChangeRequest) -> None:
    if not is_valid_bsn(message.bsn or ""):
        check.add("Client/Bsn", "geen geldig BSN")
    request = "Client/Verzoek"
    check.text(f"{request}/ReferentieAanbieder", message.provider_reference, 36, required=True)
    check.code(f"{request}/RedenVerzoek", message.reason, "request_reason")
    if not message.changes and not message.new_products:
        check.add(request, "bevat geen te wijzigen of nieuwe producten")
    for i, number in enumerate(message.unchanged, 1):
        path = f"{request}/OngewijzigdeProducten/OngewijzigdProduct[{i}]/ToewijzingNummer"
        check.number(path, number, _MAX_NUMBER)
    for i, change in enumerate(message.changes, 1):
        path = f"{request}/TeWijzigenProducten/TeWijzigenProduct[{i}]"
        check.number(f"{path}/ToewijzingNummer", change.allocation_number, _MAX_NUMBER)
        if change.allocation_number in message.unchanged:
            check.add(f"{path}/ToewijzingNummer", "staat ook bij de ongewijzigde producten")
        check.period(path, change.desired_start, change.end, ("GewensteIngangsdatum", "Einddatum"))
        check.extent(path, change, required=False)
    for i, new in enumerate(message.new_products, 1):
        path = f"{request}/NieuweProducten/NieuwProduct[{i}]"
        check.product(path, new.product_category, new.product_code)
        check.period(path, new.desired_start, new.end, ("GewensteIngangsdatum", "Einddatum"))
        check.extent(path, new, required=False)


def _answer_319(check: _Check, message: Answer319) -> None:
    """A refusal names its reason (WJ759) and only a refusal does; the Woonplaatsbeginsel (the municipality
    that is responsible instead) exists in the JW319 only and goes with reason 8."""
    path = "Antwoord"
    check.text(f"{path}/ReferentieAanbieder", message.provider_reference, 36, required=True)
    check.code(f"{path}/VerzoekAntwoord", message.answer, "request_answer")
    reason = f"{path}/RedenAfwijzingVerzoek"
    if message.answer == ANSWER_REFUSED:
        check.code(reason, message.refusal_reason, "refusal_reason")
    elif message.refusal_reason:
        check.add(reason, "hoort alleen bij een afgewezen verzoek (VerzoekAntwoord 1)")
    residence = message.residence_municipality
    if not residence:
        return
    where = f"{path}/Woonplaatsbeginsel/Gemeente"
    if check.standard != "ijw":
        check.add(where, "komt alleen in een JW319 voor")
    elif message.refusal_reason != RESIDENCE_REFUSAL:
        check.add(where, f"hoort alleen bij reden {RESIDENCE_REFUSAL} (woonplaatsbeginsel)")
    check.pattern(where, residence, _MUNICIPALITY, "geen geldige gemeentecode (4 cijfers)")


_CHECKS: dict[type, tuple[str, Callable[[_Check, Any], None]]] = {
    Allocation301: ("301", _allocation_301),
    Retour: ("302", _retour),
    StartCare: ("305", _start_care),
    StopCare: ("307", _stop_care),
    AllocationRequest: ("315", _allocation_request),
    ChangeRequest: ("317", _change_request),
    Answer319: ("319", _answer_319),
}
