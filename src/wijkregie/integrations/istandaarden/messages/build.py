"""Writing the messages Wijkregie sends: the 301 (toewijzing) and the 319 (antwoord op een verzoek), in the
element order of the XSD.

The builder writes what it is given; `validation.structural_errors` decides whether that is acceptable and
should run first. Optional elements are left out when empty.
"""

from collections.abc import Callable
from datetime import date, time

from lxml import etree

from .standard import MESSAGE_CODES, SUBVERSION, VERSION, XSD_VERSIONS, prefixes
from .types import Address, AllocatedProduct, Allocation301, Answer319, Client, Header, MessageError, Standard


class _Writer:
    """Adds elements in the message's own namespace (`add`) or the basisschema's (`base`)."""

    __slots__ = ("base_ns", "message_ns", "nsmap")

    def __init__(self, standard: Standard, message_type: str) -> None:
        self.nsmap = prefixes(standard, message_type)
        message_ns, base_ns = self.nsmap.values()
        self.message_ns, self.base_ns = f"{{{message_ns}}}", f"{{{base_ns}}}"

    def root(self) -> etree._Element:
        return etree.Element(f"{self.message_ns}Bericht", nsmap=self.nsmap)

    def add(self, parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
        return _element(parent, self.message_ns, name, text)

    def base(self, parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
        return _element(parent, self.base_ns, name, text)


def _element(parent: etree._Element, namespace: str, name: str, text: str | None) -> etree._Element:
    element = etree.SubElement(parent, namespace + name)
    try:
        element.text = text
    except ValueError:  # control characters, which XML cannot hold
        raise MessageError(name, "bevat tekens die niet in een XML-bericht mogen") from None
    return element


_Add = Callable[[etree._Element, str, str | None], etree._Element]


def build_301(message: Allocation301) -> bytes:
    """The WMO301 or JW301 for this allocation message, UTF-8 with an XML declaration."""
    header = message.header
    if header.message_type != "301":
        raise MessageError("Header/BerichtCode", f"een toewijzing is bericht 301, niet {header.message_type}")
    writer = _Writer(header.standard, "301")
    root = writer.root()
    _header(writer, root, header)
    client = _client(writer, writer.add(root, "Client"), message.client)
    products = writer.add(client, "ToegewezenProducten")
    for product in message.products:
        _allocated_product(writer, writer.add(products, "ToegewezenProduct"), product)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def build_319(message: Answer319) -> bytes:
    """The WMO319 or JW319 answering a provider's 315 or 317, UTF-8 with an XML declaration."""
    header = message.header
    if header.message_type != "319":
        raise MessageError(
            "Header/BerichtCode", f"een antwoordbericht is bericht 319, niet {header.message_type}"
        )
    writer = _Writer(header.standard, "319")
    root = writer.root()
    _header(writer, root, header)
    answer = writer.add(root, "Antwoord")
    writer.add(answer, "ReferentieAanbieder", message.provider_reference)
    writer.add(answer, "VerzoekAntwoord", message.answer)
    _optional(writer.add, answer, "RedenAfwijzingVerzoek", message.refusal_reason)
    if message.residence_municipality:
        writer.add(writer.add(answer, "Woonplaatsbeginsel"), "Gemeente", message.residence_municipality)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _header(writer: _Writer, root: etree._Element, header: Header) -> None:
    element = writer.add(root, "Header")
    writer.add(element, "BerichtCode", MESSAGE_CODES[header.standard][header.message_type])
    writer.add(element, "BerichtVersie", VERSION)
    writer.add(element, "BerichtSubversie", SUBVERSION)
    writer.add(element, "Afzender", header.sender)
    writer.add(element, "Ontvanger", header.receiver)
    identification = writer.add(element, "BerichtIdentificatie")
    writer.base(identification, "Identificatie", header.identification)
    writer.base(identification, "Dagtekening", _date(header.dated_on))
    versions = writer.add(element, "XsdVersie")
    writer.base(versions, "BasisschemaXsdVersie", XSD_VERSIONS[header.standard])
    writer.base(versions, "BerichtXsdVersie", XSD_VERSIONS[header.standard])


def _client(writer: _Writer, element: etree._Element, client: Client) -> etree._Element:
    writer.add(element, "Bsn", client.bsn)
    writer.base(writer.add(element, "Geboortedatum"), "Datum", _date(client.birth_date))
    writer.add(element, "Geslacht", client.gender)
    name = writer.add(element, "Naam")
    surname = writer.base(name, "Geslachtsnaam")
    writer.base(surname, "Achternaam", client.surname)
    _optional(writer.base, surname, "Voorvoegsel", client.surname_prefix)
    _optional(writer.base, name, "Voornamen", client.given_names)
    _optional(writer.base, name, "Voorletters", client.initials)
    _optional(writer.base, name, "NaamGebruik", client.name_usage)
    if client.address is not None:
        _contact(writer, writer.add(writer.add(element, "Contactgegevens"), "Contact"), client.address)
    return element


def _contact(writer: _Writer, element: etree._Element, address: Address) -> None:
    writer.add(element, "Soort", address.kind)
    if address.house_number is None and not address.postcode:
        return
    where = writer.add(element, "Adres")
    if address.house_number is not None:
        house = writer.base(where, "Huis")
        writer.base(house, "Huisnummer", str(address.house_number))
        _optional(writer.base, house, "Huisletter", address.house_letter)
        _optional(writer.base, house, "HuisnummerToevoeging", address.house_number_addition)
    _optional(writer.base, where, "Postcode", address.postcode)


def _allocated_product(writer: _Writer, element: etree._Element, product: AllocatedProduct) -> None:
    writer.add(element, "ToewijzingNummer", str(product.allocation_number))
    _optional(writer.add, element, "ReferentieAanbieder", product.provider_reference)
    if product.product_category:
        code = writer.add(element, "Product")
        writer.base(code, "Categorie", product.product_category)
        _optional(writer.base, code, "Code", product.product_code)
    writer.add(element, "Toewijzingsdatum", _date(product.allocated_on))
    writer.add(element, "Toewijzingstijd", _time(product.allocated_at))
    writer.add(element, "Ingangsdatum", _date(product.start))
    if product.end is not None:
        writer.add(element, "Einddatum", _date(product.end))
    _optional(writer.add, element, "RedenWijziging", product.reason_for_change)
    if product.volume is not None:
        extent = writer.add(element, "Omvang")
        writer.base(extent, "Volume", str(product.volume))
        writer.base(extent, "Eenheid", product.unit)
        writer.base(extent, "Frequentie", product.frequency)
    if product.budget_cents is not None:
        writer.add(element, "Budget", str(product.budget_cents))
    _optional(writer.add, element, "Commentaar", product.comment)


def _optional(add: _Add, parent: etree._Element, name: str, text: str) -> None:
    if text:
        add(parent, name, text)


def _date(value: date) -> str:
    return value.isoformat()


def _time(value: time) -> str:
    return value.replace(microsecond=0, tzinfo=None).isoformat()
