"""What Wijkregie sends and reads in iWmo 3.2 and iJw 3.2 messages, as frozen dataclasses.

Field names follow docs/glossary.md; the comment after a field names the standard's element. Codes stay
strings exactly as in the message ("01", not 1). Amounts are integer cents (Budget is in eurocent).
Nothing here checks values: `validation.structural_errors` does, so a message read from a provider can
be held and reported on even when it is wrong.
"""

from dataclasses import dataclass
from datetime import date, time
from typing import Literal

Standard = Literal["iwmo", "ijw"]


class MessageError(Exception):
    """A message that cannot be read: unknown root or namespace, a required element missing, a bad value.

    `element` is the path inside the message ("Client/StartProducten/StartProduct[2]/Begindatum"),
    `reason` says in Dutch what is wrong; neither ever holds a personal value from the message."""

    def __init__(self, element: str, reason: str) -> None:
        super().__init__(f"{element}: {reason}")
        self.element = element
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Header:
    standard: Standard
    message_type: str  # "301", "302", "305", ... (the Berichtcode is derived from it)
    sender: str  # Afzender: gemeentecode (4 digits) or AGB-code (8 digits)
    receiver: str  # Ontvanger
    identification: str  # BerichtIdentificatie/Identificatie, at most 12 characters
    dated_on: date  # BerichtIdentificatie/Dagtekening


@dataclass(frozen=True, slots=True)
class Address:
    """Contact in Contactgegevens: its kind and, when known, where. Wijkregie sends no more."""

    kind: str = "01"  # Soort (COD757): 01 BRP-adres
    postcode: str = ""  # Adres/Postcode
    house_number: int | None = None  # Adres/Huis/Huisnummer
    house_letter: str = ""  # Adres/Huis/Huisletter
    house_number_addition: str = ""  # Adres/Huis/HuisnummerToevoeging


@dataclass(frozen=True, slots=True)
class Client:
    bsn: str  # Bsn
    birth_date: date  # Geboortedatum/Datum
    gender: str  # Geslacht (COD046)
    surname: str  # Naam/Geslachtsnaam/Achternaam
    surname_prefix: str = ""  # Naam/Geslachtsnaam/Voorvoegsel
    given_names: str = ""  # Naam/Voornamen
    initials: str = ""  # Naam/Voorletters, letters only
    name_usage: str = ""  # Naam/NaamGebruik (COD700); required in a 301, absent in the short name
    address: Address | None = None  # Contactgegevens/Contact (the first); required in a 301


@dataclass(frozen=True, slots=True)
class AllocatedProduct:
    """ToegewezenProduct: either an Omvang (volume, unit, frequency) or a Budget, never both."""

    allocation_number: int  # ToewijzingNummer
    allocated_on: date  # Toewijzingsdatum
    allocated_at: time  # Toewijzingstijd
    start: date  # Ingangsdatum
    end: date | None = None  # Einddatum
    product_category: str = ""  # Product/Categorie (WMO020 / JZ020)
    product_code: str = ""  # Product/Code
    provider_reference: str = ""  # ReferentieAanbieder
    volume: int | None = None  # Omvang/Volume
    unit: str = ""  # Omvang/Eenheid (WJ756)
    frequency: str = ""  # Omvang/Frequentie (WMO757)
    budget_cents: int | None = None  # Budget, in eurocent
    reason_for_change: str = ""  # RedenWijziging (WMO002 / JZ002)
    comment: str = ""  # Commentaar


@dataclass(frozen=True, slots=True)
class Allocation301:
    """WMO301 / JW301, toewijzing: the municipality allocates products to a provider."""

    header: Header
    client: Client
    products: tuple[AllocatedProduct, ...]


@dataclass(frozen=True, slots=True)
class RetourCode:
    element: str  # where the code stands: "Header", "Client", "Client/ToegewezenProducten/…[1]", …
    code: str  # WJ001


@dataclass(frozen=True, slots=True)
class RetourProduct:
    allocation_number: int
    codes: tuple[str, ...]


# 0200: no remark on this part; 0233: this part was not assessed (another part was refused).
NO_ERROR_CODES = frozenset({"0200", "0233"})


@dataclass(frozen=True, slots=True)
class Retour:
    """WMO302 / JW302, the provider's answer to a 301. The header is the 301's own (its identification is the
    reference to the allocation message); the retour has its own identification and date."""

    header: Header
    retour_identification: str  # IdentificatieRetour
    retour_dated_on: date  # DagtekeningRetour
    codes: tuple[RetourCode, ...]  # every RetourCode in the message, in document order
    products: tuple[RetourProduct, ...]  # per ToegewezenProduct: its number and codes

    @property
    def error_codes(self) -> tuple[RetourCode, ...]:
        return tuple(code for code in self.codes if code.code not in NO_ERROR_CODES)

    @property
    def accepted(self) -> bool:
        return not self.error_codes


@dataclass(frozen=True, slots=True)
class StartedProduct:
    """StartProduct: the provider reports the start of care on an allocation."""

    start: date  # Begindatum
    status: str  # StatusAanlevering (COD467): 1 first, 2 changed, 3 withdrawn
    allocation_number: int | None = None  # ToewijzingNummer
    product_category: str = ""
    product_code: str = ""
    allocation_start: date | None = None  # ToewijzingIngangsdatum


@dataclass(frozen=True, slots=True)
class StartCare:
    """WMO305 / JW305, start zorg."""

    header: Header
    client: Client
    products: tuple[StartedProduct, ...]


@dataclass(frozen=True, slots=True)
class StoppedProduct:
    """StopProduct: the provider reports the end of care on an allocation."""

    start: date  # Begindatum
    end: date  # Einddatum
    reason: str  # RedenBeeindiging (WMO588 / JZ588)
    status: str  # StatusAanlevering (COD467)
    allocation_number: int | None = None
    product_category: str = ""
    product_code: str = ""
    allocation_start: date | None = None  # ToewijzingIngangsdatum


@dataclass(frozen=True, slots=True)
class StopCare:
    """WMO307 / JW307, stop zorg."""

    header: Header
    client: Client
    products: tuple[StoppedProduct, ...]


@dataclass(frozen=True, slots=True)
class RequestedProduct:
    """AangevraagdProduct in a verzoek om toewijzing."""

    provider_reference: str  # ReferentieAanbieder
    start: date  # ToewijzingIngangsdatum
    referrer_type: str  # Verwijzer/Type (COD327)
    end: date | None = None  # ToewijzingEinddatum
    decision_number: int | None = None  # BeschikkingNummer
    decision_start: date | None = None  # BeschikkingIngangsdatum
    product_category: str = ""
    product_code: str = ""
    volume: int | None = None
    unit: str = ""
    frequency: str = ""
    budget_cents: int | None = None
    referrer_name: str = ""  # Verwijzer/Naam
    referrer_agb: str = ""  # Verwijzer/ZorgverlenerCode
    framework_contract: bool | None = None  # Raamcontract (COD260)
    comment: str = ""


@dataclass(frozen=True, slots=True)
class AllocationRequest:
    """WMO315 / JW315, verzoek om toewijzing: the provider asks for an allocation. The standard has no
    reason code here: the referrer (Verwijzer) and the comments say why."""

    header: Header
    client: Client
    products: tuple[RequestedProduct, ...]
    comment: str = ""  # Client/Commentaar
    custody_holder_known: bool | None = None  # GezagsdragerBekend (iJw only)


@dataclass(frozen=True, slots=True)
class ProductChange:
    """TeWijzigenProduct: a change to an existing allocation."""

    allocation_number: int
    desired_start: date  # GewensteIngangsdatum
    end: date | None = None
    volume: int | None = None
    unit: str = ""
    frequency: str = ""
    budget_cents: int | None = None


@dataclass(frozen=True, slots=True)
class NewProduct:
    """NieuwProduct: a product the provider would like to add."""

    desired_start: date  # GewensteIngangsdatum
    end: date | None = None
    product_category: str = ""
    product_code: str = ""
    volume: int | None = None
    unit: str = ""
    frequency: str = ""
    budget_cents: int | None = None


@dataclass(frozen=True, slots=True)
class ChangeRequest:
    """WMO317 / JW317, verzoek om wijziging: the whole new situation the provider asks for."""

    header: Header
    bsn: str
    provider_reference: str  # Verzoek/ReferentieAanbieder
    reason: str  # RedenVerzoek (WJ758)
    unchanged: tuple[int, ...] = ()  # OngewijzigdProduct/ToewijzingNummer
    changes: tuple[ProductChange, ...] = ()
    new_products: tuple[NewProduct, ...] = ()


# VerzoekAntwoord (WJ760). The list has no "granted": a request that is taken up is answered "in onderzoek"
# and the allocation itself follows as a 301.
ANSWER_REFUSED = "1"  # Verzoek afgewezen
ANSWER_UNDER_REVIEW = "2"  # Aanvraag in onderzoek
RESIDENCE_REFUSAL = "8"  # RedenAfwijzingVerzoek (WJ759) 8: woonplaatsbeginsel


@dataclass(frozen=True, slots=True)
class Answer319:
    """WMO319 / JW319, antwoordbericht: the municipality's answer to a verzoek om toewijzing (315) or om
    wijziging (317). The request is named by the provider's own reference; the message carries no BSN."""

    header: Header
    provider_reference: str  # Antwoord/ReferentieAanbieder: the ReferentieAanbieder of the request
    answer: str  # Antwoord/VerzoekAntwoord (WJ760)
    refusal_reason: str = ""  # Antwoord/RedenAfwijzingVerzoek (WJ759), with a refusal only
    residence_municipality: str = ""  # Antwoord/Woonplaatsbeginsel/Gemeente (iJw only, with reason 8)

    @property
    def refused(self) -> bool:
        return self.answer == ANSWER_REFUSED


IncomingMessage = Allocation301 | Retour | StartCare | StopCare | AllocationRequest | ChangeRequest
