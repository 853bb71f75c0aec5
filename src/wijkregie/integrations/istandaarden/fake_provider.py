"""Built-in fake care provider for the demo, the tests and the benchmark: it answers Wijkregie's messages the
way a provider's system would, and asks for allocations and changes. Pure Python and lxml, no Django models.

Given the bytes of a 301 that Wijkregie sent, it writes the provider's answers: the 302 (retour), the 305
(start of care) and the 307 (stop of care). It also writes a 315 (verzoek om toewijzing) and a 317 (verzoek om
wijziging). Every message follows the element order of the official iWmo 3.2 / iJw 3.2 XSDs.

Who sends what: a 302 keeps the 301's own header (the municipality is Afzender, the provider Ontvanger, and
BerichtIdentificatie stays the 301's); the retour's own identification and date are IdentificatieRetour and
DagtekeningRetour. In the 305, 307, 315 and 317 the provider (AGB-code) is Afzender and the municipality
(gemeentecode) Ontvanger.
"""

from collections.abc import Mapping, Sequence
from datetime import date, time

from lxml import etree

from .messages import AllocatedProduct, Allocation301, Client, Header, Standard, parse
from .messages.standard import MESSAGE_CODES, SUBVERSION, VERSION, XSD_VERSIONS, prefixes

NO_REMARK = "0200"  # WJ001: no remark on this part of the message
FIRST_DELIVERY = "1"  # COD467: first delivery of this report
# WMO588 / JZ588 "levering volgens plan beëindigd": the two lists number it differently.
PLANNED_END: dict[Standard, str] = {"iwmo": "19", "ijw": "31"}
CHANGED_CLIENT_SITUATION = "1"  # WJ758: verandering cliëntsituatie
GP = "02"  # COD327: huisarts
UNKNOWN_GENDER = "0"  # COD046


class _Document:
    """One message being written: elements in the message's namespace (`add`) or the basisschema's (`base`);
    `maybe_*` leaves an element out when it has no value."""

    __slots__ = ("base_ns", "message_ns", "root")

    def __init__(self, standard: Standard, message_type: str) -> None:
        namespaces = prefixes(standard, message_type)
        message_ns, base_ns = namespaces.values()
        self.message_ns, self.base_ns = f"{{{message_ns}}}", f"{{{base_ns}}}"
        self.root = etree.Element(f"{self.message_ns}Bericht", nsmap=namespaces)

    def add(self, parent: etree._Element, name: str, text: object = None) -> etree._Element:
        return _sub(parent, self.message_ns + name, text)

    def base(self, parent: etree._Element, name: str, text: object = None) -> etree._Element:
        return _sub(parent, self.base_ns + name, text)

    def maybe_add(self, parent: etree._Element, name: str, text: object) -> None:
        if text not in (None, ""):
            self.add(parent, name, text)

    def maybe_base(self, parent: etree._Element, name: str, text: object) -> None:
        if text not in (None, ""):
            self.base(parent, name, text)

    def bytes(self) -> bytes:
        return etree.tostring(self.root, xml_declaration=True, encoding="UTF-8")


def _sub(parent: etree._Element, tag: str, text: object) -> etree._Element:
    element = etree.SubElement(parent, tag)
    if isinstance(text, time):
        element.text = text.replace(microsecond=0, tzinfo=None).isoformat()
    elif text is not None:
        element.text = text.isoformat() if isinstance(text, date) else str(text)
    return element


def _allocation(message_301: bytes) -> Allocation301:
    message = parse(message_301)
    if not isinstance(message, Allocation301):
        raise ValueError(f"de nep-aanbieder antwoordt op een 301, niet op een {message.header.message_type}")
    return message


def _versions(doc: _Document, parent: etree._Element, name: str, standard: Standard) -> None:
    versions = doc.add(parent, name)
    doc.base(versions, "BasisschemaXsdVersie", XSD_VERSIONS[standard])
    doc.base(versions, "BerichtXsdVersie", XSD_VERSIONS[standard])


def _header(doc: _Document, header: Header) -> etree._Element:
    element = doc.add(doc.root, "Header")
    doc.add(element, "BerichtCode", MESSAGE_CODES[header.standard][header.message_type])
    doc.add(element, "BerichtVersie", VERSION)
    doc.add(element, "BerichtSubversie", SUBVERSION)
    doc.add(element, "Afzender", header.sender)
    doc.add(element, "Ontvanger", header.receiver)
    identification = doc.add(element, "BerichtIdentificatie")
    doc.base(identification, "Identificatie", header.identification)
    doc.base(identification, "Dagtekening", header.dated_on)
    _versions(doc, element, "XsdVersie", header.standard)
    return element


def _from_provider(
    allocation: Allocation301, message_type: str, identification: str, dated_on: date
) -> Header:
    """The header of a provider's message about this 301: sender and receiver swapped."""
    own = allocation.header
    return Header(own.standard, message_type, own.receiver, own.sender, identification, dated_on)


def _name(doc: _Document, parent: etree._Element, client: Client, *, full: bool) -> None:
    """CDT_VolledigeNaam (`full`, with NaamGebruik) or CDT_VerkorteNaam."""
    name = doc.add(parent, "Naam")
    surname = doc.base(name, "Geslachtsnaam")
    doc.base(surname, "Achternaam", client.surname)
    doc.maybe_base(surname, "Voorvoegsel", client.surname_prefix)
    doc.maybe_base(name, "Voornamen", client.given_names)
    doc.maybe_base(name, "Voorletters", client.initials)
    if full:
        doc.base(name, "NaamGebruik", client.name_usage or "1")


def _person(doc: _Document, client: Client, *, full: bool = False) -> etree._Element:
    element = doc.add(doc.root, "Client")
    doc.add(element, "Bsn", client.bsn)
    doc.base(doc.add(element, "Geboortedatum"), "Datum", client.birth_date)
    doc.add(element, "Geslacht", client.gender or UNKNOWN_GENDER)
    _name(doc, element, client, full=full)
    return element


def _codes(doc: _Document, parent: etree._Element, codes: Sequence[str]) -> None:
    element = doc.add(parent, "RetourCodes")
    for code in codes:
        doc.add(element, "RetourCode", code)


def _product_code(doc: _Document, parent: etree._Element, category: str, code: str) -> None:
    if category:
        product = doc.add(parent, "Product")
        doc.base(product, "Categorie", category)
        doc.maybe_base(product, "Code", code)


def _extent(
    doc: _Document, parent: etree._Element, volume: int | None, unit: str, frequency: str, budget: int | None
) -> None:
    if volume is not None:
        extent = doc.add(parent, "Omvang")
        doc.base(extent, "Volume", volume)
        doc.base(extent, "Eenheid", unit)
        doc.base(extent, "Frequentie", frequency)
    doc.maybe_add(parent, "Budget", budget)


# ------------------------------------------------------------------------------------------------ 302


def retour_302(
    message_301: bytes,
    *,
    codes: Mapping[int, Sequence[str]] | None = None,
    dated_on: date,
    identification: str = "",
    message_codes: Sequence[str] = (),
) -> bytes:
    """The 302 answering this 301: the 301 itself with retour codes at every level.

    Each ToegewezenProduct gets 0200 (no remark) unless `codes` gives its allocation number error codes
    (WJ001, e.g. "S329"); `message_codes` (e.g. "0001") refuse the message as a whole in the header.
    `identification` is the retour's own (IdentificatieRetour, at most 12 characters; by default "R" and the
    end of the 301's), `dated_on` its DagtekeningRetour."""
    allocation = _allocation(message_301)
    own = allocation.header
    codes = dict(codes or {})
    numbers = {product.allocation_number for product in allocation.products}
    if unknown := sorted(set(codes) - numbers):
        raise ValueError(f"toewijzingnummer(s) {unknown} staan niet in de 301")
    standard = own.standard
    doc = _Document(standard, "302")
    header = _header(doc, Header(standard, "302", own.sender, own.receiver, own.identification, own.dated_on))
    doc.add(header, "IdentificatieRetour", identification or f"R{own.identification[-11:]}")
    doc.add(header, "DagtekeningRetour", dated_on)
    _versions(doc, header, "XsdVersieRetour", standard)
    if message_codes:
        _codes(doc, header, message_codes)

    client = allocation.client
    element = _person(doc, client, full=True)
    contact = doc.add(doc.add(element, "Contactgegevens"), "Contact")
    address = client.address
    doc.add(contact, "Soort", address.kind if address else "01")
    if address is not None and (address.house_number is not None or address.postcode):
        where = doc.add(contact, "Adres")
        if address.house_number is not None:
            house = doc.base(where, "Huis")
            doc.base(house, "Huisnummer", address.house_number)
            doc.maybe_base(house, "Huisletter", address.house_letter)
            doc.maybe_base(house, "HuisnummerToevoeging", address.house_number_addition)
        doc.maybe_base(where, "Postcode", address.postcode)
    _codes(doc, contact, [NO_REMARK])
    products = doc.add(element, "ToegewezenProducten")
    for product in allocation.products:
        allocated = doc.add(products, "ToegewezenProduct")
        _retour_product(doc, allocated, product)
        _codes(doc, allocated, codes.get(product.allocation_number) or [NO_REMARK])
    _codes(doc, element, [NO_REMARK])
    return doc.bytes()


def _retour_product(doc: _Document, element: etree._Element, product: AllocatedProduct) -> None:
    doc.add(element, "ToewijzingNummer", product.allocation_number)
    doc.maybe_add(element, "ReferentieAanbieder", product.provider_reference)
    _product_code(doc, element, product.product_category, product.product_code)
    doc.add(element, "Toewijzingsdatum", product.allocated_on)
    doc.add(element, "Toewijzingstijd", product.allocated_at)
    doc.add(element, "Ingangsdatum", product.start)
    doc.maybe_add(element, "Einddatum", product.end)
    doc.maybe_add(element, "RedenWijziging", product.reason_for_change)
    _extent(doc, element, product.volume, product.unit, product.frequency, product.budget_cents)
    doc.maybe_add(element, "Commentaar", product.comment)


# ------------------------------------------------------------------------------------------ 305, 307


def start_care_305(
    message_301: bytes,
    *,
    started_on: date,
    identification: str,
    status: str = FIRST_DELIVERY,
    dated_on: date | None = None,
) -> bytes:
    """The 305 reporting that care started on `started_on` for every product of this 301. `status` is
    StatusAanlevering (COD467: 1 first, 2 changed, 3 withdrawn); `dated_on` defaults to the start."""
    allocation = _allocation(message_301)
    doc = _Document(allocation.header.standard, "305")
    _header(doc, _from_provider(allocation, "305", identification, dated_on or started_on))
    products = doc.add(_person(doc, allocation.client), "StartProducten")
    for product in allocation.products:
        element = doc.add(products, "StartProduct")
        _reported(doc, element, product)
        doc.add(element, "Begindatum", started_on)
        doc.add(element, "StatusAanlevering", status)
    return doc.bytes()


def stop_care_307(
    message_301: bytes,
    *,
    started_on: date,
    stopped_on: date,
    identification: str,
    reason: str = "",
    status: str = FIRST_DELIVERY,
    dated_on: date | None = None,
) -> bytes:
    """The 307 reporting that care that started on `started_on` stopped on `stopped_on`, for every product of
    this 301. `reason` is RedenBeeindiging (WMO588 / JZ588); by default "levering volgens plan beëindigd"
    (19 in iWmo, 31 in iJw). `dated_on` defaults to the stop."""
    allocation = _allocation(message_301)
    standard = allocation.header.standard
    doc = _Document(standard, "307")
    _header(doc, _from_provider(allocation, "307", identification, dated_on or stopped_on))
    products = doc.add(_person(doc, allocation.client), "StopProducten")
    for product in allocation.products:
        element = doc.add(products, "StopProduct")
        _reported(doc, element, product)
        doc.add(element, "Begindatum", started_on)
        doc.add(element, "RedenBeeindiging", reason or PLANNED_END[standard])
        doc.add(element, "Einddatum", stopped_on)
        doc.add(element, "StatusAanlevering", status)
    return doc.bytes()


def _reported(doc: _Document, element: etree._Element, product: AllocatedProduct) -> None:
    """What a 305 and 307 say about the allocation: its number, product and start."""
    doc.add(element, "ToewijzingNummer", product.allocation_number)
    _product_code(doc, element, product.product_category, product.product_code)
    doc.add(element, "ToewijzingIngangsdatum", product.start)


# ------------------------------------------------------------------------------------------ 315, 317


def allocation_request_315(
    *,
    standard: Standard,
    municipality_code: str,
    provider_agb: str,
    bsn: str,
    birth_date: date,
    surname: str,
    product_category: str,
    product_code: str,
    start: date,
    identification: str,
    dated_on: date,
    end: date | None = None,
    volume: int | None = None,
    unit: str = "",
    frequency: str = "",
    provider_reference: str = "",
    referrer_type: str = GP,
    gender: str = UNKNOWN_GENDER,
) -> bytes:
    """A 315, verzoek om toewijzing: the provider asks the municipality to allocate one product to this
    client from `start`. ReferentieAanbieder defaults to the message's identification."""
    doc = _Document(standard, "315")
    _header(doc, Header(standard, "315", provider_agb, municipality_code, identification, dated_on))
    client = Client(bsn=bsn, birth_date=birth_date, gender=gender, surname=surname)
    products = doc.add(_person(doc, client), "AangevraagdeProducten")
    element = doc.add(products, "AangevraagdProduct")
    doc.add(element, "ReferentieAanbieder", provider_reference or identification)
    _product_code(doc, element, product_category, product_code)
    doc.add(element, "ToewijzingIngangsdatum", start)
    doc.maybe_add(element, "ToewijzingEinddatum", end)
    _extent(doc, element, volume, unit, frequency, None)
    doc.base(doc.add(element, "Verwijzer"), "Type", referrer_type)
    return doc.bytes()


def change_request_317(
    message_301: bytes,
    *,
    volume: int,
    desired_start: date,
    identification: str,
    dated_on: date,
    allocation_number: int | None = None,
    reason: str = CHANGED_CLIENT_SITUATION,
    provider_reference: str = "",
) -> bytes:
    """A 317, verzoek om wijziging: the provider asks for a new volume on one allocation of this 301 (by
    default its first product) from `desired_start`; the 301's other products are listed as unchanged. The
    unit and frequency stay the allocation's. `reason` is RedenVerzoek (WJ758)."""
    allocation = _allocation(message_301)
    by_number = {product.allocation_number: product for product in allocation.products}
    number = allocation.products[0].allocation_number if allocation_number is None else allocation_number
    product = by_number.get(number)
    if product is None:
        raise ValueError(f"toewijzingnummer {number} staat niet in de 301")
    if not (product.unit and product.frequency):
        raise ValueError(
            f"toewijzing {number} heeft een budget, geen omvang: een nieuw volume past er niet op"
        )
    doc = _Document(allocation.header.standard, "317")
    _header(doc, _from_provider(allocation, "317", identification, dated_on))
    client = doc.add(doc.root, "Client")
    doc.add(client, "Bsn", allocation.client.bsn)
    request = doc.add(client, "Verzoek")
    doc.add(request, "ReferentieAanbieder", provider_reference or identification)
    doc.add(request, "RedenVerzoek", reason)
    unchanged = [n for n in by_number if n != number]
    if unchanged:
        container = doc.add(request, "OngewijzigdeProducten")
        for other in unchanged:
            doc.add(doc.add(container, "OngewijzigdProduct"), "ToewijzingNummer", other)
    change = doc.add(doc.add(request, "TeWijzigenProducten"), "TeWijzigenProduct")
    doc.add(change, "ToewijzingNummer", number)
    doc.add(change, "GewensteIngangsdatum", desired_start)
    doc.maybe_add(change, "Einddatum", product.end)
    _extent(doc, change, volume, product.unit, product.frequency, None)
    return doc.bytes()
