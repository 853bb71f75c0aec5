"""Reading the messages Wijkregie receives (302, 305, 307, 315, 317) and the 301 it sent, into dataclasses;
`parse_319` reads the 319 it sends (kept apart from `parse`, which reads what may arrive in the in-folder).

`parse` recognises the message by the namespace of its root element and reads what Wijkregie uses. It is
lenient about elements it does not use (the XSD check is `validation.xsd_errors`) and strict about the ones
it reads: a missing required element, an empty one or a value that is not a date or number raises
MessageError naming the element's path.
"""

import re
import threading
from collections.abc import Callable, Mapping
from datetime import date, time
from typing import TypeVar

from lxml import etree

from .standard import KNOWN_NAMESPACES, MESSAGE_CODES, SUBVERSION, VERSION, base_namespace, message_name
from .types import (
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
    NewProduct,
    ProductChange,
    RequestedProduct,
    Retour,
    RetourCode,
    RetourProduct,
    Standard,
    StartCare,
    StartedProduct,
    StopCare,
    StoppedProduct,
)

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIME = re.compile(r"[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?")
_INTEGER = re.compile(r"[0-9]{1,18}")
_YES_NO = {"1": True, "2": False}  # COD260
_local = threading.local()
_Read = TypeVar("_Read")


def xml_parser() -> etree.XMLParser:
    """One parser per thread (lxml parsers are not shared between threads): no DTDs, no entities, no
    network, comments and processing instructions dropped."""
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = _local.parser = etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True, remove_pis=True
        )
    return parser


def read_xml(xml: bytes) -> etree._Element:
    """The root element of a well-formed document without a DOCTYPE, or MessageError."""
    try:
        root = etree.fromstring(xml, xml_parser())
    except etree.XMLSyntaxError as error:
        raise MessageError("Bericht", f"geen geldige XML (regel {error.lineno})") from None
    if root.getroottree().docinfo.doctype:
        raise MessageError("Bericht", "een DOCTYPE is in een iStandaarden-bericht niet toegestaan")
    return root


class _Node:
    """An element with its path in the message, read in the message's namespace or (base=True) the
    basisschema's."""

    __slots__ = ("base_ns", "children", "element", "message_ns", "path")

    def __init__(self, element: etree._Element, path: str, message_ns: str, base_ns: str) -> None:
        self.element, self.path, self.message_ns, self.base_ns = element, path, message_ns, base_ns
        self.children: dict[str, etree._Element] | None = None  # tag → first child, made on first use

    def _path(self, name: str) -> str:
        return f"{self.path}/{name}" if self.path else name

    def _find(self, name: str, base: bool) -> etree._Element | None:
        # One pass over the children beats lxml's find() (a path lookup) for the handful each node has.
        children = self.children
        if children is None:
            children = self.children = {}
            for child in self.element:
                children.setdefault(child.tag, child)
        return children.get((self.base_ns if base else self.message_ns) + name)

    def _wrap(self, element: etree._Element, path: str) -> "_Node":
        return _Node(element, path, self.message_ns, self.base_ns)

    def maybe(self, name: str, *, base: bool = False) -> "_Node | None":
        element = self._find(name, base)
        return None if element is None else self._wrap(element, self._path(name))

    def child(self, name: str, *, base: bool = False) -> "_Node":
        element = self._find(name, base)
        if element is None:
            raise MessageError(self._path(name), "verplicht element ontbreekt")
        return self._wrap(element, self._path(name))

    def each(self, name: str) -> list["_Node"]:
        """Repeated children, with 1-based positions in their paths: "…/StartProduct[2]"."""
        found = self.element.iterchildren(self.message_ns + name)
        return [self._wrap(element, f"{self._path(name)}[{i}]") for i, element in enumerate(found, 1)]

    def optional_text(self, name: str, *, base: bool = False) -> str:
        element = self._find(name, base)
        return "" if element is None else (element.text or "").strip()

    def text(self, name: str, *, base: bool = False) -> str:
        value = self.optional_text(name, base=base)
        if not value:
            raise MessageError(self._path(name), "verplicht element ontbreekt of is leeg")
        return value

    def optional_date(self, name: str, *, base: bool = False) -> date | None:
        value = self.optional_text(name, base=base)
        return _date(value, self._path(name)) if value else None

    def date(self, name: str, *, base: bool = False) -> date:
        return _date(self.text(name, base=base), self._path(name))

    def time(self, name: str) -> time:
        value = self.text(name)
        if _TIME.fullmatch(value):
            try:
                return time.fromisoformat(value)
            except ValueError:
                pass
        raise MessageError(self._path(name), "geen geldige tijd (UU:MM:SS)")

    def optional_integer(self, name: str, *, base: bool = False) -> int | None:
        value = self.optional_text(name, base=base)
        return _integer(value, self._path(name)) if value else None

    def integer(self, name: str, *, base: bool = False) -> int:
        return _integer(self.text(name, base=base), self._path(name))

    def own_text(self) -> str:
        value = (self.element.text or "").strip()
        if not value:
            raise MessageError(self.path, "is leeg")
        return value

    def yes_no(self, name: str) -> bool | None:
        value = self.optional_text(name)
        if value and value not in _YES_NO:
            raise MessageError(self._path(name), "geen geldige waarde (1 ja, 2 nee)")
        return _YES_NO.get(value)


def _date(value: str, path: str) -> date:
    if _DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise MessageError(path, "geen geldige datum (JJJJ-MM-DD)")


def _integer(value: str, path: str) -> int:
    if not _INTEGER.fullmatch(value):
        raise MessageError(path, "geen geldig geheel getal")
    return int(value)


def parse(xml: bytes) -> IncomingMessage:
    """Read a WMO/JW 301, 302, 305, 307, 315 or 317 message; MessageError when it cannot be read."""
    return _parse(xml, _READERS, "geen bericht dat Wijkregie leest")


def parse_319(xml: bytes) -> Answer319:
    """Read a WMO319 or JW319 (the answer to a 315 or 317); MessageError when it cannot be read or is
    another message."""
    return _parse(xml, {"319": _answer}, "geen antwoordbericht (319)")


def _parse(xml: bytes, readers: Mapping[str, Callable[["_Node", Header], _Read]], other: str) -> _Read:
    """The root's namespace names the message; `readers` says which ones are read here, `other` what
    any other message is not."""
    root = read_xml(xml)
    namespace, _, local_name = root.tag.rpartition("}")
    known = KNOWN_NAMESPACES.get(namespace[1:])
    if local_name != "Bericht" or known is None:
        raise MessageError(local_name or "Bericht", "onbekend bericht: geen iWmo 3.2- of iJw 3.2-bericht")
    standard, message_type = known
    reader = readers.get(message_type)
    if reader is None:
        name = message_name(standard, message_type)
        raise MessageError("Bericht", f"{name} is {other}")
    node = _Node(root, "", f"{namespace}}}", f"{{{base_namespace(standard)}}}")
    return reader(node, _header(node, standard, message_type))


def _header(root: _Node, standard: Standard, message_type: str) -> Header:
    header = root.child("Header")
    expected = MESSAGE_CODES[standard][message_type]
    if header.text("BerichtCode") != expected:
        name = message_name(standard, message_type)
        raise MessageError("Header/BerichtCode", f"hoort bij {name} {expected} te zijn")
    version = (header.text("BerichtVersie"), header.text("BerichtSubversie"))
    if version != (VERSION, SUBVERSION):
        raise MessageError(
            "Header/BerichtVersie", f"versie {'.'.join(version)} wordt niet gelezen, alleen 3.2"
        )
    identification = header.child("BerichtIdentificatie")
    return Header(
        standard=standard,
        message_type=message_type,
        sender=header.text("Afzender"),
        receiver=header.text("Ontvanger"),
        identification=identification.text("Identificatie", base=True),
        dated_on=identification.date("Dagtekening", base=True),
    )


def _client(node: _Node) -> Client:
    """The client's person data: the full name and address of the 301, or the short name of 305/307/315."""
    name = node.child("Naam")
    surname = name.child("Geslachtsnaam", base=True)
    contacts = node.maybe("Contactgegevens")
    return Client(
        bsn=node.text("Bsn"),
        birth_date=node.child("Geboortedatum").date("Datum", base=True),
        gender=node.text("Geslacht"),
        surname=surname.text("Achternaam", base=True),
        surname_prefix=surname.optional_text("Voorvoegsel", base=True),
        given_names=name.optional_text("Voornamen", base=True),
        initials=name.optional_text("Voorletters", base=True),
        name_usage=name.optional_text("NaamGebruik", base=True),
        address=None if contacts is None else _address(contacts.child("Contact")),
    )


def _address(contact: _Node) -> Address:
    where = contact.maybe("Adres")
    house = None if where is None else where.maybe("Huis", base=True)
    return Address(
        kind=contact.text("Soort"),
        postcode="" if where is None else where.optional_text("Postcode", base=True),
        house_number=None if house is None else house.integer("Huisnummer", base=True),
        house_letter="" if house is None else house.optional_text("Huisletter", base=True),
        house_number_addition="" if house is None else house.optional_text("HuisnummerToevoeging", base=True),
    )


def _product(node: _Node) -> tuple[str, str]:
    """Product/Categorie and Product/Code (empty when there is no Product)."""
    product = node.maybe("Product")
    if product is None:
        return "", ""
    return product.text("Categorie", base=True), product.optional_text("Code", base=True)


def _extent(node: _Node) -> tuple[int | None, str, str]:
    """Omvang: volume, unit and frequency (None, "", "" when there is no Omvang)."""
    extent = node.maybe("Omvang")
    if extent is None:
        return None, "", ""
    return (
        extent.integer("Volume", base=True),
        extent.text("Eenheid", base=True),
        extent.text("Frequentie", base=True),
    )


def _allocation(root: _Node, header: Header) -> Allocation301:
    client = root.child("Client")
    products = client.child("ToegewezenProducten").each("ToegewezenProduct")
    _at_least_one(products, "Client/ToegewezenProducten/ToegewezenProduct")
    return Allocation301(header, _client(client), tuple(_allocated_product(p) for p in products))


def _allocated_product(node: _Node) -> AllocatedProduct:
    category, code = _product(node)
    volume, unit, frequency = _extent(node)
    return AllocatedProduct(
        allocation_number=node.integer("ToewijzingNummer"),
        provider_reference=node.optional_text("ReferentieAanbieder"),
        product_category=category,
        product_code=code,
        allocated_on=node.date("Toewijzingsdatum"),
        allocated_at=node.time("Toewijzingstijd"),
        start=node.date("Ingangsdatum"),
        end=node.optional_date("Einddatum"),
        reason_for_change=node.optional_text("RedenWijziging"),
        volume=volume,
        unit=unit,
        frequency=frequency,
        budget_cents=node.optional_integer("Budget"),
        comment=node.optional_text("Commentaar"),
    )


def _retour(root: _Node, header: Header) -> Retour:
    head = root.child("Header")
    codes = _codes(head)
    products: list[RetourProduct] = []
    client = root.maybe("Client")
    if client is not None:
        codes += _codes(client, required=True)
        for relation in _each(client, "Relaties", "Relatie"):
            codes += _codes(relation, required=True) + _codes(relation.child("Contact"), required=True)
        for contact in _each(client, "Contactgegevens", "Contact"):
            codes += _codes(contact, required=True)
        for product in _each(client, "ToegewezenProducten", "ToegewezenProduct"):
            own = _codes(product, required=True)
            products.append(RetourProduct(product.integer("ToewijzingNummer"), tuple(c.code for c in own)))
            codes += own
    return Retour(
        header=header,
        retour_identification=head.text("IdentificatieRetour"),
        retour_dated_on=head.date("DagtekeningRetour"),
        codes=tuple(codes),
        products=tuple(products),
    )


def _each(node: _Node, container: str, name: str) -> list[_Node]:
    found = node.maybe(container)
    return [] if found is None else found.each(name)


def _codes(node: _Node, *, required: bool = False) -> list[RetourCode]:
    """The RetourCodes directly under this element."""
    codes = node.child("RetourCodes") if required else node.maybe("RetourCodes")
    if codes is None:
        return []
    found = [RetourCode(node.path, code.own_text()) for code in codes.each("RetourCode")]
    if not found:
        raise MessageError(f"{codes.path}/RetourCode", "verplicht element ontbreekt")
    return found


def _start_care(root: _Node, header: Header) -> StartCare:
    client = root.child("Client")
    products = client.child("StartProducten").each("StartProduct")
    _at_least_one(products, "Client/StartProducten/StartProduct")
    return StartCare(header, _client(client), tuple(_started_product(p) for p in products))


def _started_product(node: _Node) -> StartedProduct:
    category, code = _product(node)
    return StartedProduct(
        allocation_number=node.optional_integer("ToewijzingNummer"),
        product_category=category,
        product_code=code,
        allocation_start=node.optional_date("ToewijzingIngangsdatum"),
        start=node.date("Begindatum"),
        status=node.text("StatusAanlevering"),
    )


def _stop_care(root: _Node, header: Header) -> StopCare:
    client = root.child("Client")
    products = client.child("StopProducten").each("StopProduct")
    _at_least_one(products, "Client/StopProducten/StopProduct")
    return StopCare(header, _client(client), tuple(_stopped_product(p) for p in products))


def _stopped_product(node: _Node) -> StoppedProduct:
    category, code = _product(node)
    return StoppedProduct(
        allocation_number=node.optional_integer("ToewijzingNummer"),
        product_category=category,
        product_code=code,
        allocation_start=node.optional_date("ToewijzingIngangsdatum"),
        start=node.date("Begindatum"),
        reason=node.text("RedenBeeindiging"),
        end=node.date("Einddatum"),
        status=node.text("StatusAanlevering"),
    )


def _allocation_request(root: _Node, header: Header) -> AllocationRequest:
    client = root.child("Client")
    products = client.child("AangevraagdeProducten").each("AangevraagdProduct")
    _at_least_one(products, "Client/AangevraagdeProducten/AangevraagdProduct")
    return AllocationRequest(
        header=header,
        client=_client(client),
        products=tuple(_requested_product(p) for p in products),
        comment=client.optional_text("Commentaar"),
        custody_holder_known=client.yes_no("GezagsdragerBekend"),
    )


def _requested_product(node: _Node) -> RequestedProduct:
    referrer = node.child("Verwijzer")
    category, code = _product(node)
    volume, unit, frequency = _extent(node)
    return RequestedProduct(
        provider_reference=node.text("ReferentieAanbieder"),
        decision_number=node.optional_integer("BeschikkingNummer"),
        product_category=category,
        product_code=code,
        decision_start=node.optional_date("BeschikkingIngangsdatum"),
        start=node.date("ToewijzingIngangsdatum"),
        end=node.optional_date("ToewijzingEinddatum"),
        volume=volume,
        unit=unit,
        frequency=frequency,
        budget_cents=node.optional_integer("Budget"),
        referrer_type=referrer.text("Type", base=True),
        referrer_name=referrer.optional_text("Naam", base=True),
        referrer_agb=referrer.optional_text("ZorgverlenerCode", base=True),
        framework_contract=node.yes_no("Raamcontract"),
        comment=node.optional_text("Commentaar"),
    )


def _change_request(root: _Node, header: Header) -> ChangeRequest:
    client = root.child("Client")
    request = client.child("Verzoek")
    unchanged = _each(request, "OngewijzigdeProducten", "OngewijzigdProduct")
    return ChangeRequest(
        header=header,
        bsn=client.text("Bsn"),
        provider_reference=request.text("ReferentieAanbieder"),
        reason=request.text("RedenVerzoek"),
        unchanged=tuple(node.integer("ToewijzingNummer") for node in unchanged),
        changes=tuple(_product_change(n) for n in _each(request, "TeWijzigenProducten", "TeWijzigenProduct")),
        new_products=tuple(_new_product(n) for n in _each(request, "NieuweProducten", "NieuwProduct")),
    )


def _product_change(node: _Node) -> ProductChange:
    volume, unit, frequency = _extent(node)
    return ProductChange(
        allocation_number=node.integer("ToewijzingNummer"),
        desired_start=node.date("GewensteIngangsdatum"),
        end=node.optional_date("Einddatum"),
        volume=volume,
        unit=unit,
        frequency=frequency,
        budget_cents=node.optional_integer("Budget"),
    )


def _new_product(node: _Node) -> NewProduct:
    category, code = _product(node)
    volume, unit, frequency = _extent(node)
    return NewProduct(
        product_category=category,
        product_code=code,
        desired_start=node.date("GewensteIngangsdatum"),
        end=node.optional_date("Einddatum"),
        volume=volume,
        unit=unit,
        frequency=frequency,
        budget_cents=node.optional_integer("Budget"),
    )


def _answer(root: _Node, header: Header) -> Answer319:
    answer = root.child("Antwoord")
    residence = answer.maybe("Woonplaatsbeginsel")
    return Answer319(
        header=header,
        provider_reference=answer.text("ReferentieAanbieder"),
        answer=answer.text("VerzoekAntwoord"),
        refusal_reason=answer.optional_text("RedenAfwijzingVerzoek"),
        residence_municipality="" if residence is None else residence.text("Gemeente"),
    )


def _at_least_one(nodes: list[_Node], path: str) -> None:
    if not nodes:
        raise MessageError(path, "verplicht element ontbreekt")


_READERS: dict[str, Callable[[_Node, Header], IncomingMessage]] = {
    "301": _allocation,
    "302": _retour,
    "305": _start_care,
    "307": _stop_care,
    "315": _allocation_request,
    "317": _change_request,
}
