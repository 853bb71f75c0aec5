"""Fictional providers and contracts for the two demo municipalities (Westerhoek 9901, Zuiderdijk 9902).

- Providers: the demo's own care providers (the organisations of the provider teams "Noorderlicht Wijkzorg",
  where piet works, and "Het Anker Thuiszorg"), and a few more made here. Every name is made up.
- Open house: one contract per provider for Wmo begeleiding, hulp bij het huishouden and dagbesteding (and
  light youth care), with the products and tariffs of the demo catalogue (provisions.demo_catalogue).
- Area contracts for youth in Westerhoek: a main provider with a subcontractor per area, a lump sum per
  year, a baseline of unique clients and a risk valve of 10%.
- Subsidies: Welzijn De Schans in Westerhoek, a volunteer centre in Zuiderdijk.

Periods are relative to today, in the shape of the seeds: an open house that started two years ago runs
"tot 1 januari" two years from now, "twee keer een jaar" to extend. Safe to run twice: a provider is
found by its organisation, a contract by municipality and name, a product by contract, code and start."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from wijkregie.organisation.constants import OrganisationKind
from wijkregie.organisation.models import District, Municipality, Organisation

from .constants import ContractKind
from .models import Contract, ContractProduct, Provider, ProviderContact

WEST, ZUID = "9901", "9902"
NOORDERLICHT = "noorderlicht"
ANKER = "anker"
VLIEGER = "vlieger"
KINDKRACHT = "kindkracht"
KOLK = "kolk"
SCHANS = "schans"
VRIJWILLIGERS = "vrijwilligers"


@dataclass(frozen=True)
class _Org:
    name: str
    kind: OrganisationKind
    team: str = ""  # the demo's provider team whose organisation this is, when the demo made it


@dataclass(frozen=True)
class _Provider:
    org: str
    agb_code: str
    kvk_number: str
    municipalities: tuple[str, ...]
    districts: tuple[str, ...] = ()  # names in Westerhoek; empty: the whole municipality
    contacts: tuple[tuple[str, str, str], ...] = ()  # (topic, e-mail, phone)


@dataclass(frozen=True)
class _Product:
    category: str
    code: str
    unit: str
    tariff_cents: int | None


# The demo catalogue's maatwerk products (provisions.demo_catalogue), with their tariffs.
HH_LIGHT = _Product("01", "01A01", "04", 3250)
HH_HEAVY = _Product("01", "01A02", "04", 3650)
BEGELEIDING = _Product("02", "02A01", "04", 6150)
DAGBESTEDING = _Product("04", "04A01", "16", 4275)
YOUTH_LIGHT = _Product("45", "45A01", "04", 8900)
YOUTH_HEAVY = _Product("45", "45A02", "04", 10450)

ORGANISATIONS = {
    NOORDERLICHT: _Org(
        "Zorggroep Noorderlicht", OrganisationKind.CARE_PROVIDER, team="Noorderlicht Wijkzorg"
    ),
    ANKER: _Org("Thuiszorg Het Anker", OrganisationKind.CARE_PROVIDER, team="Het Anker Thuiszorg"),
    VLIEGER: _Org("Jeugdhulp De Vlieger", OrganisationKind.MAIN_CONTRACTOR),
    KINDKRACHT: _Org("Kindkracht Jeugd en Gezin", OrganisationKind.CARE_PROVIDER),
    KOLK: _Org("Zorgcoöperatie De Kolk", OrganisationKind.CARE_PROVIDER),
    SCHANS: _Org("Welzijn De Schans", OrganisationKind.WELFARE),
    VRIJWILLIGERS: _Org("Vrijwilligerscentrale Zuiderdijk", OrganisationKind.WELFARE),
}

PROVIDERS = (
    _Provider(
        NOORDERLICHT,
        "98990001",
        "90000001",
        (WEST, ZUID),
        contacts=(
            ("Toewijzingen", "toewijzingen@noorderlicht.example", "0597 200 100"),
            ("Facturen", "facturen@noorderlicht.example", ""),
        ),
    ),
    _Provider(
        ANKER,
        "98990002",
        "90000002",
        (WEST, ZUID),
        contacts=(("Toewijzingen", "planning@hetanker.example", "0597 200 200"),),
    ),
    _Provider(
        VLIEGER,
        "98990003",
        "90000003",
        (WEST,),
        contacts=(("Toewijzingen en bandbreedte", "aanmelden@devlieger.example", "0597 200 300"),),
    ),
    _Provider(
        KINDKRACHT,
        "98990004",
        "90000004",
        (WEST,),
        districts=("Oost", "Haven"),
        contacts=(("Aanmeldingen", "", "0597 200 400"),),
    ),
    _Provider(
        KOLK,
        "98990005",
        "90000005",
        (ZUID,),
        contacts=(("Toewijzingen", "zorg@dekolk.example", "0598 300 500"),),
    ),
)


@dataclass(frozen=True)
class _Contract:
    municipality: str
    kind: ContractKind
    name: str
    party: str
    products: tuple[_Product, ...] = ()
    subcontractors: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()
    lump_sum_cents: int | None = None
    baseline_clients: int | None = None
    subsidy_cents: int | None = None
    deliverables: str = ""


WMO = (HH_LIGHT, HH_HEAVY, BEGELEIDING, DAGBESTEDING)
YOUTH = (YOUTH_LIGHT, YOUTH_HEAVY)

CONTRACTS = (
    _Contract(
        WEST, ContractKind.OPEN_HOUSE, "Open house Wmo en lichte jeugdhulp – Noorderlicht", NOORDERLICHT,
        (BEGELEIDING, DAGBESTEDING, YOUTH_LIGHT),
    ),
    _Contract(
        WEST, ContractKind.OPEN_HOUSE, "Open house Wmo – Het Anker", ANKER, (HH_LIGHT, HH_HEAVY, BEGELEIDING),
    ),
    _Contract(
        WEST, ContractKind.AREA, "Jeugdhulp gebied Centrum en Noord", VLIEGER, YOUTH,
        subcontractors=(NOORDERLICHT,), districts=("Centrum", "Noord"),
        lump_sum_cents=240_000_000, baseline_clients=260,
    ),
    _Contract(
        WEST, ContractKind.AREA, "Jeugdhulp gebied Oost en Haven", KINDKRACHT, YOUTH,
        subcontractors=(VLIEGER,), districts=("Oost", "Haven"),
        lump_sum_cents=210_000_000, baseline_clients=230,
    ),
    _Contract(
        WEST, ContractKind.SUBSIDY, "Subsidie basisondersteuning en schuldhulp", SCHANS,
        subsidy_cents=472_000_000,
        deliverables="Basisondersteuning in alle wijken (inloop, lichte hulp, triage van geldvragen); "
        "Schuldhulpmaatjes en vroegsignalering: contact met 90% van de inwoners met een signaal; "
        "twee buurthuiskamers; een jaarverslag met bereik en resultaten per wijk.",
    ),
    _Contract(ZUID, ContractKind.OPEN_HOUSE, "Open house Wmo – Het Anker", ANKER, (HH_LIGHT, HH_HEAVY)),
    _Contract(ZUID, ContractKind.OPEN_HOUSE, "Open house Wmo – De Kolk", KOLK, (HH_LIGHT, *WMO[2:])),
    _Contract(
        ZUID, ContractKind.OPEN_HOUSE, "Open house Wmo en jeugdhulp – Noorderlicht", NOORDERLICHT,
        (BEGELEIDING, *YOUTH),
    ),
    _Contract(
        ZUID, ContractKind.SUBSIDY, "Subsidie vrijwilligerswerk en mantelzorgondersteuning", VRIJWILLIGERS,
        subsidy_cents=36_000_000,
        deliverables="Vrijwilligersvacaturebank, cursussen voor vrijwilligers, mantelzorgcafé één keer per "
        "maand, de Dag van de Mantelzorg.",
    ),
)  # fmt: skip

EXTENSION_YEARS = 1
EXTENSIONS = 2  # "twee keer een jaar"
RISK_VALVE_PERCENT = 10


def _periods(today: date) -> dict[ContractKind, tuple[date, date]]:
    """Open house from two years ago, area contracts from last year: both "tot 1 januari" two years from
    now. A subsidy for four years from last year (the seeds subsidise second-line debt help for four)."""
    until = date(today.year + 2, 1, 1) - timedelta(days=1)
    return {
        ContractKind.OPEN_HOUSE: (date(today.year - 2, 1, 1), until),
        ContractKind.AREA: (date(today.year - 1, 1, 1), until),
        ContractKind.SUBSIDY: (date(today.year - 1, 1, 1), date(today.year + 3, 1, 1) - timedelta(days=1)),
    }


def _review_on(today: date, end: date) -> date:
    """The next yearly review: 1 October, this year or the next, within the contract."""
    review = date(today.year, 10, 1)
    if review < today:
        review = date(today.year + 1, 10, 1)
    return min(review, end)


def _organisation(spec: _Org) -> Organisation:
    """The demo's own organisation (through its provider team, or by name), or a new one."""
    if spec.team:
        found = Organisation.objects.filter(teams__name=spec.team).first()
        if found is not None:
            return found
    found = Organisation.objects.filter(name=spec.name).first()
    return found or Organisation.objects.create(name=spec.name, kind=spec.kind)


def load_demo_contracts() -> int:
    """Create the demo providers and contracts for the demo municipalities that exist; returns how many
    providers, contracts and contracted products it made (0 the second time)."""
    municipalities = {m.cbs_code: m for m in Municipality.objects.filter(cbs_code__in=[WEST, ZUID])}
    if not municipalities:
        return 0
    today = timezone.localdate()
    made = 0
    with transaction.atomic():
        districts = {
            (d.municipality.cbs_code, d.name): d
            for d in District.objects.filter(municipality__in=municipalities.values()).select_related(
                "municipality"
            )
        }
        organisations = {key: _organisation(spec) for key, spec in ORGANISATIONS.items()}
        for spec in PROVIDERS:
            made += _provider(spec, organisations[spec.org], municipalities, districts)
        periods = _periods(today)
        for contract in CONTRACTS:
            municipality = municipalities.get(contract.municipality)
            if municipality is not None:
                made += _contract(contract, municipality, organisations, districts, periods, today)
    return made


def _provider(
    spec: _Provider,
    organisation: Organisation,
    municipalities: dict[str, Municipality],
    districts: dict[tuple[str, str], District],
) -> int:
    serves = [municipalities[code] for code in spec.municipalities if code in municipalities]
    if not serves or Provider.objects.filter(organisation=organisation).exists():
        return 0
    if Provider.objects.filter(agb_code=spec.agb_code).exists():
        return 0  # the code is taken by a provider that is not the demo's: leave it alone
    provider = Provider.objects.create(
        organisation=organisation, agb_code=spec.agb_code, kvk_number=spec.kvk_number
    )
    provider.municipalities.set(serves)
    provider.districts.set([districts[(WEST, n)] for n in spec.districts if (WEST, n) in districts])
    ProviderContact.objects.bulk_create(
        ProviderContact(provider=provider, topic=topic, email=email, phone=phone)
        for topic, email, phone in spec.contacts
    )
    return 1


def _contract(
    spec: _Contract,
    municipality: Municipality,
    organisations: dict[str, Organisation],
    districts: dict[tuple[str, str], District],
    periods: dict[ContractKind, tuple[date, date]],
    today: date,
) -> int:
    if Contract.objects.filter(municipality=municipality, name=spec.name).exists():
        return 0
    area = [districts[(spec.municipality, n)] for n in spec.districts if (spec.municipality, n) in districts]
    if spec.kind == ContractKind.AREA and not area:
        return 0  # none of its districts exists here
    start, end = periods[spec.kind]
    contract = Contract.objects.create(
        municipality=municipality,
        kind=spec.kind,
        name=spec.name,
        party=organisations[spec.party],
        start_date=start,
        end_date=end,
        extension_years=EXTENSION_YEARS if spec.kind != ContractKind.SUBSIDY else 0,
        extensions_max=EXTENSIONS if spec.kind != ContractKind.SUBSIDY else 0,
        review_on=_review_on(today, end) if spec.kind == ContractKind.OPEN_HOUSE else None,
        lump_sum_cents=spec.lump_sum_cents,
        baseline_clients=spec.baseline_clients,
        risk_valve_percent=RISK_VALVE_PERCENT if spec.kind == ContractKind.AREA else None,
        subsidy_cents=spec.subsidy_cents,
        deliverables=spec.deliverables,
    )
    contract.subcontractors.set([organisations[key] for key in spec.subcontractors])
    contract.districts.set(area)
    ContractProduct.objects.bulk_create(
        ContractProduct(
            contract=contract,
            product_category=product.category,
            product_code=product.code,
            unit=product.unit,
            tariff_cents=product.tariff_cents,
            valid_from=start,
        )
        for product in spec.products
    )
    return 1 + len(spec.products)
