"""Writes to a municipality's contracts and the products they cover, by its contractmanager.

Three kinds of contract (domain.md): an open house (many providers, products per provider, a yearly
review), an area contract (a main provider and subcontractors for a set of districts, a lump sum per year,
a baseline of unique clients and a risk valve) and a subsidy (an amount, a period, deliverables). A contract
runs from its start date to its end date, both included, and may have extension options ("tot 1 januari
2027, twee keer een jaar": end date 31 December 2026, 1 year per extension, 2 extensions).

Each service owns its transaction and writes the audit row (field names only) with the change. What the
policy does not allow raises Http404; bad input raises a ValidationError with Dutch messages per field and
saves nothing."""

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone

from wijkregie.accounts.models import User
from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.services import record
from wijkregie.core.identifiers import is_ascii_digits
from wijkregie.core.versioning import check_version, locked_unchanged, save_new_version
from wijkregie.integrations.istandaarden.codelists import codes
from wijkregie.organisation.models import District, Organisation

from ..constants import ContractKind
from ..models import Contract, ContractProduct
from ..policies import ContractPolicy
from .providers import CONFLICT, TOO_LONG

Errors = dict[str, list[str]]

# The largest amounts accepted, rounded to what people recognise (the columns hold more).
MAX_CONTRACT_CENTS = 100_000_000_000  # € 1 miljard
MAX_TARIFF_CENTS = 100_000_000  # € 1 miljoen per eenheid
MAX_EXTENSION_YEARS = 10
MAX_EXTENSIONS = 10

# Product categories: WMO020 (iWmo) and JZ020 (iJw); units WJ756. When the code lists are not installed,
# the code's form is checked instead (as the catalogue import does).
CATEGORY_LISTS = (("iwmo-3.2", "WMO020"), ("ijw-3.2", "JZ020"))
UNIT_LIST = ("iwmo-3.2", "WJ756")
_CATEGORY_FORM = re.compile(r"[0-9]{2}")
_UNIT_FORM = re.compile(r"[0-9]{2}")
_PRODUCT_CODE_FORM = re.compile(r"[0-9A-Z]{1,5}")

KIND_UNKNOWN = "Kies een soort contract: open house, gebiedscontract of subsidie."
KIND_FIXED = "De soort van een contract verandert niet. Maak een nieuw contract."
NAME_MISSING = "Vul de naam van het contract in."
PARTY_MISSING = "Kies de contractpartij."
PARTY_PROVIDER = "Kies een zorgaanbieder die uw gemeente bedient."
PARTY_ANY = "Kies een organisatie uit de lijst."
START_MISSING = "Vul de ingangsdatum in."
END_MISSING = "Vul de einddatum in."
END_BEFORE_START = "De einddatum ligt vóór de ingangsdatum."
EXTENSION_YEARS_RANGE = f"Kies 0 tot en met {MAX_EXTENSION_YEARS} jaar per verlenging."
EXTENSIONS_RANGE = f"Kies 0 tot en met {MAX_EXTENSIONS} verlengingen."
EXTENSION_INCOMPLETE = (
    "Vul bij verlengingsopties zowel het aantal keren als het aantal jaren per keer in, of zet beide op 0."
)
EXTENSIONS_BELOW_USED = "Dit contract is al {used} keer verlengd; minder verlengingsopties kan niet."
REVIEW_MISSING = "Vul de datum van de jaarlijkse toetsing in."
REVIEW_OUTSIDE = "De toetsing valt binnen de looptijd van het contract."
DISTRICTS_MISSING = "Kies de wijken van het gebied."
DISTRICTS_FOREIGN = "Kies alleen wijken van uw eigen gemeente."
LUMP_SUM_MISSING = "Vul de lumpsum per jaar in."
BASELINE_MISSING = "Vul de basis in: het aantal unieke cliënten per jaar."
BASELINE_RANGE = "De basis is minstens 1 cliënt."
RISK_VALVE_RANGE = "Vul het risicoventiel in: een percentage van 1 tot en met 100."
SUBSIDY_MISSING = "Vul het subsidiebedrag in."
AMOUNT_POSITIVE = "Vul een bedrag van meer dan € 0 in."
AMOUNT_TOO_LARGE = "Vul een bedrag tot € 1 miljard in."
SUBCONTRACTORS_PROVIDERS = "Kies als onderaannemers alleen zorgaanbieders die uw gemeente bedienen."
SUBCONTRACTOR_IS_PARTY = "De hoofdaannemer is geen onderaannemer van zijn eigen contract."
AREA_ONLY = "Hoort alleen bij een gebiedscontract."
SUBSIDY_ONLY = "Hoort alleen bij een subsidie."
NO_EXTENSION_LEFT = "Dit contract heeft geen verlengingsopties meer."
PRODUCTS_NOT_FOR_SUBSIDY = "Een subsidie heeft geen producten met tarieven."
CATEGORY_MISSING = "Vul de productcategorie in."
CATEGORY_UNKNOWN = "Onbekende productcategorie: kies een code uit WMO020 (Wmo) of JZ020 (Jeugdwet)."
CODE_FORM = "Een productcode bestaat uit 1 tot 5 hoofdletters of cijfers."
UNIT_UNKNOWN = "Onbekende eenheid: kies een code uit WJ756, bijvoorbeeld 04 (uur)."
TARIFF_MISSING = "Vul het tarief in: bij open house betaalt de gemeente per eenheid."
TARIFF_NEGATIVE = "Het tarief kan niet negatief zijn."
TARIFF_TOO_LARGE = "Vul een tarief tot € 1 miljoen in."
VALID_FROM_MISSING = "Vul in vanaf wanneer het tarief geldt."
VALID_UNTIL_BEFORE = "‘Geldig tot en met’ ligt vóór ‘geldig vanaf’."
VALID_FROM_OUTSIDE = "Het tarief gaat in binnen de looptijd van het contract."
PRODUCT_OVERLAP = (
    "Dit product heeft in deze periode al een tarief. Beëindig eerst het oude tarief, "
    "dan kan het nieuwe daarna ingaan."
)


@dataclass
class ContractData:
    """Everything a contract holds, as the services take it (the web form and the API fill it)."""

    kind: str
    name: str
    party: Organisation | None
    start_date: date | None
    end_date: date | None
    extension_years: int = 0
    extensions_max: int = 0
    review_on: date | None = None
    subcontractors: list[Organisation] = field(default_factory=list)
    districts: list[District] = field(default_factory=list)
    lump_sum_cents: int | None = None
    baseline_clients: int | None = None
    risk_valve_percent: int | None = None
    subsidy_cents: int | None = None
    deliverables: str = ""

    @classmethod
    def of(cls, contract: Contract) -> "ContractData":
        """The contract's current values: the starting point of a partial change."""
        return cls(
            kind=contract.kind,
            name=contract.name,
            party=contract.party,
            start_date=contract.start_date,
            end_date=contract.end_date,
            extension_years=contract.extension_years,
            extensions_max=contract.extensions_max,
            review_on=contract.review_on,
            subcontractors=list(contract.subcontractors.all()),
            districts=list(contract.districts.all()),
            lump_sum_cents=contract.lump_sum_cents,
            baseline_clients=contract.baseline_clients,
            risk_valve_percent=contract.risk_valve_percent,
            subsidy_cents=contract.subsidy_cents,
            deliverables=contract.deliverables,
        )


ROW_FIELDS = (
    "kind",
    "name",
    "start_date",
    "end_date",
    "extension_years",
    "extensions_max",
    "review_on",
    "lump_sum_cents",
    "baseline_clients",
    "risk_valve_percent",
    "subsidy_cents",
    "deliverables",
)


def add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 28 February in a year without it."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


# -- contracts -----------------------------------------------------------------------------------------------
def contract_create(*, acting_user: User, data: ContractData, channel: Channel = Channel.WEB) -> Contract:
    """A new contract of the contractmanager's municipality."""
    policy = ContractPolicy(acting_user)
    if not policy.can_manage():
        raise Http404
    contract = Contract(municipality_id=policy.own_municipality_id())
    return _contract_save(acting_user, policy, contract, data, channel)


def contract_update(
    *,
    acting_user: User,
    contract: Contract,
    data: ContractData,
    expected_version: int | None = None,
    channel: Channel = Channel.WEB,
) -> Contract:
    """Change a contract of the contractmanager's municipality; `data` holds all its new values, worked
    out on `contract` as read: EditedMeanwhile when it changed since (an edit or an extension) or when
    `expected_version` is older."""
    policy = ContractPolicy(acting_user)
    if not policy.can_manage_contract(contract):
        raise Http404
    return _contract_save(acting_user, policy, contract, data, channel, expected_version)


def _contract_save(
    acting_user: User,
    policy: ContractPolicy,
    contract: Contract,
    data: ContractData,
    channel: Channel,
    expected_version: int | None = None,
) -> Contract:
    creating = contract.pk is None
    if not creating:
        check_version(contract, expected_version)
    name = data.name.strip()
    deliverables = data.deliverables.strip()
    errors = _contract_errors(policy, contract, data, name)
    if errors:
        raise ValidationError(errors)
    area = data.kind == ContractKind.AREA
    values: dict[str, Any] = {
        "kind": data.kind,
        "name": name,
        "start_date": data.start_date,
        "end_date": data.end_date,
        "extension_years": data.extension_years,
        "extensions_max": data.extensions_max,
        "review_on": data.review_on,
        "lump_sum_cents": data.lump_sum_cents,
        "baseline_clients": data.baseline_clients,
        "risk_valve_percent": data.risk_valve_percent,
        "subsidy_cents": data.subsidy_cents,
        "deliverables": deliverables,
    }
    assert data.party is not None  # checked above
    subcontractors = {o.pk for o in data.subcontractors} if area else set()
    districts = {d.pk for d in data.districts} if area else set()
    current_subs = set() if creating else set(contract.subcontractors.values_list("pk", flat=True))
    current_districts = set() if creating else set(contract.districts.values_list("pk", flat=True))
    changed = [f for f in ROW_FIELDS if creating or getattr(contract, f) != values[f]]
    if creating or contract.party_id != data.party.pk:
        changed.append("party")
    links = [
        name
        for name, new, old in (
            ("subcontractors", subcontractors, current_subs),
            ("districts", districts, current_districts),
        )
        if new != old
    ]
    if not changed and not links:
        return contract
    with transaction.atomic():
        if not creating:  # nobody changed or extended it since it was read (an extension moves the end)
            contract = locked_unchanged(contract, expected_version)
        for attribute, value in values.items():
            setattr(contract, attribute, value)
        contract.party = data.party
        if creating:
            contract.save()
        else:
            row_fields = [f for f in changed if f != "party"] + (["party"] if "party" in changed else [])
            save_new_version(contract, [*row_fields, "updated_at"])
        if "subcontractors" in links:
            contract.subcontractors.set(subcontractors)
        if "districts" in links:
            contract.districts.set(districts)
        record(
            actor=acting_user,
            action=Action.CREATE if creating else Action.UPDATE,
            obj=contract,
            fields=([*changed, "municipality"] if creating else changed) + links,
            channel=channel,
        )
    return contract


def _contract_errors(policy: ContractPolicy, contract: Contract, data: ContractData, name: str) -> Errors:
    errors: Errors = {}

    def add(field_name: str, message: str) -> None:
        errors.setdefault(field_name, []).append(message)

    kind = data.kind
    if kind not in ContractKind.values:
        add("kind", KIND_UNKNOWN)
    elif contract.pk is not None and kind != contract.kind:
        add("kind", KIND_FIXED)
        return errors  # the other checks would be about a kind it cannot become
    if not name:
        add("name", NAME_MISSING)
    elif len(name) > 200:
        add("name", TOO_LONG.format(limit=200))
    _party_errors(policy, contract, data, add)
    _period_errors(contract, data, add)

    area, subsidy = kind == ContractKind.AREA, kind == ContractKind.SUBSIDY
    if kind == ContractKind.OPEN_HOUSE and data.review_on is None:
        add("review_on", REVIEW_MISSING)
    if area:
        _area_errors(policy, contract, data, add)
    else:
        for field_name in ("lump_sum_cents", "baseline_clients", "risk_valve_percent"):
            if getattr(data, field_name) is not None:
                add(field_name, AREA_ONLY)
        if data.districts:
            add("districts", AREA_ONLY)
        if data.subcontractors:
            add("subcontractors", AREA_ONLY)
    if subsidy:
        _amount(data.subsidy_cents, "subsidy_cents", SUBSIDY_MISSING, add)
    elif data.subsidy_cents is not None:
        add("subsidy_cents", SUBSIDY_ONLY)
    return errors


def _party_errors(policy: ContractPolicy, contract: Contract, data: ContractData, add: Any) -> None:
    party = data.party
    if party is None:
        add("party", PARTY_MISSING)
    elif party.pk != contract.party_id or data.kind != contract.kind:
        # A new party (or a new contract) must be one the user may choose for this kind.
        allowed = policy.party_organisations(data.kind).filter(pk=party.pk).exists()
        if data.kind in ContractKind.values and not allowed:
            add("party", PARTY_ANY if data.kind == ContractKind.SUBSIDY else PARTY_PROVIDER)


def _period_errors(contract: Contract, data: ContractData, add: Any) -> None:
    if data.start_date is None:
        add("start_date", START_MISSING)
    if data.end_date is None:
        add("end_date", END_MISSING)
    start, end, review = data.start_date, data.end_date, data.review_on
    if start and end and end < start:
        add("end_date", END_BEFORE_START)
    if review and start and end and start <= end and not start <= review <= end:
        add("review_on", REVIEW_OUTSIDE)
    years, most = data.extension_years, data.extensions_max
    if not 0 <= years <= MAX_EXTENSION_YEARS:
        add("extension_years", EXTENSION_YEARS_RANGE)
    if not 0 <= most <= MAX_EXTENSIONS:
        add("extensions_max", EXTENSIONS_RANGE)
    elif most < contract.extensions_used:
        add("extensions_max", EXTENSIONS_BELOW_USED.format(used=contract.extensions_used))
    elif (years == 0) != (most == 0):
        add("extensions_max", EXTENSION_INCOMPLETE)


def _area_errors(policy: ContractPolicy, contract: Contract, data: ContractData, add: Any) -> None:
    own = set(policy.districts().values_list("pk", flat=True))
    chosen = {d.pk for d in data.districts}
    if not chosen:
        add("districts", DISTRICTS_MISSING)
    elif chosen - own:
        add("districts", DISTRICTS_FOREIGN)
    _amount(data.lump_sum_cents, "lump_sum_cents", LUMP_SUM_MISSING, add)
    if data.baseline_clients is None:
        add("baseline_clients", BASELINE_MISSING)
    elif data.baseline_clients < 1:
        add("baseline_clients", BASELINE_RANGE)
    if data.risk_valve_percent is None or not 1 <= data.risk_valve_percent <= 100:
        add("risk_valve_percent", RISK_VALVE_RANGE)
    subs = {o.pk for o in data.subcontractors}
    current = set() if contract.pk is None else set(contract.subcontractors.values_list("pk", flat=True))
    new = subs - current
    if new and policy.provider_organisations().filter(pk__in=new).count() != len(new):
        add("subcontractors", SUBCONTRACTORS_PROVIDERS)
    if data.party is not None and data.party.pk in subs:
        add("subcontractors", SUBCONTRACTOR_IS_PARTY)


def _amount(cents: int | None, field_name: str, missing: str, add: Any) -> None:
    if cents is None:
        add(field_name, missing)
    elif cents <= 0:
        add(field_name, AMOUNT_POSITIVE)
    elif cents > MAX_CONTRACT_CENTS:
        add(field_name, AMOUNT_TOO_LARGE)


def contract_extend(*, acting_user: User, contract: Contract, channel: Channel = Channel.WEB) -> Contract:
    """Use one extension option: the end date moves `extension_years` later. Refused when none is left.

    Race-safe: the row changes only while it still has the end date and count this call saw."""
    policy = ContractPolicy(acting_user)
    if not policy.can_manage_contract(contract):
        raise Http404
    if contract.extensions_used >= contract.extensions_max or contract.extension_years == 0:
        raise ValidationError({"__all__": [NO_EXTENSION_LEFT]})
    new_end = add_years(contract.end_date, contract.extension_years)
    with transaction.atomic():
        moved = Contract.objects.filter(
            pk=contract.pk,
            end_date=contract.end_date,
            extensions_used=contract.extensions_used,
            extensions_used__lt=F("extensions_max"),
        ).update(
            end_date=new_end,
            extensions_used=F("extensions_used") + 1,
            version=F("version") + 1,  # an edit form opened before the extension is out of date
            updated_at=timezone.now(),
        )
        if not moved:
            raise ValidationError({"__all__": [CONFLICT]})
        contract.refresh_from_db(fields=["end_date", "extensions_used", "version", "updated_at"])
        record(
            actor=acting_user,
            action=Action.UPDATE,
            obj=contract,
            fields=["end_date", "extensions_used"],
            channel=channel,
        )
    return contract


# -- products ------------------------------------------------------------------------------------------------
def _listed(value: str, lists: tuple[tuple[str, str], ...], form: re.Pattern[str]) -> bool:
    known = [found for standard, list_id in lists if (found := codes(standard, list_id)) is not None]
    return any(value in found for found in known) if known else bool(form.fullmatch(value))


def contract_product_add(
    *,
    acting_user: User,
    contract: Contract,
    product_category: str,
    valid_from: date | None,
    product_code: str = "",
    unit: str = "",
    tariff_cents: int | None = None,
    valid_until: date | None = None,
    channel: Channel = Channel.WEB,
) -> ContractProduct:
    """A product the contract covers, with its tariff (eurocent per unit) from `valid_from`, up to and
    including `valid_until` (None: as long as the contract runs)."""
    policy = ContractPolicy(acting_user)
    if not policy.can_manage_contract(contract):
        raise Http404
    product = ContractProduct(contract=contract)
    return _product_save(
        acting_user,
        product,
        dict(
            product_category=product_category,
            product_code=product_code,
            unit=unit,
            tariff_cents=tariff_cents,
            valid_from=valid_from,
            valid_until=valid_until,
        ),
        channel,
    )


def contract_product_update(
    *,
    acting_user: User,
    product: ContractProduct,
    product_category: str,
    product_code: str,
    unit: str,
    tariff_cents: int | None,
    valid_from: date | None,
    valid_until: date | None,
    expected_version: int | None = None,
    channel: Channel = Channel.WEB,
) -> ContractProduct:
    """Correct a contracted product. A new tariff from a date is better recorded with contract_product_end
    and contract_product_add, so that the old tariff stays known for the period it applied.
    EditedMeanwhile when the product changed since it was read or `expected_version` is older."""
    policy = ContractPolicy(acting_user)
    if not policy.can_manage_contract(product.contract):
        raise Http404
    return _product_save(
        acting_user,
        product,
        dict(
            product_category=product_category,
            product_code=product_code,
            unit=unit,
            tariff_cents=tariff_cents,
            valid_from=valid_from,
            valid_until=valid_until,
        ),
        channel,
        expected_version,
    )


def contract_product_end(
    *,
    acting_user: User,
    product: ContractProduct,
    valid_until: date | None,
    expected_version: int | None = None,
    channel: Channel = Channel.WEB,
) -> ContractProduct:
    """The last day the product's tariff applies."""
    policy = ContractPolicy(acting_user)
    if not policy.can_manage_contract(product.contract):
        raise Http404
    if valid_until is None:
        raise ValidationError({"valid_until": ["Vul de laatste dag in waarop het tarief geldt."]})
    values = {
        name: getattr(product, name)
        for name in ("product_category", "product_code", "unit", "tariff_cents", "valid_from")
    }
    return _product_save(
        acting_user, product, {**values, "valid_until": valid_until}, channel, expected_version
    )


def _product_save(
    acting_user: User,
    product: ContractProduct,
    raw: dict[str, Any],
    channel: Channel,
    expected_version: int | None = None,
) -> ContractProduct:
    contract = product.contract
    values = {
        **raw,
        "product_category": (raw["product_category"] or "").strip().upper(),
        "product_code": (raw["product_code"] or "").strip().upper(),
        "unit": (raw["unit"] or "").strip(),
    }
    if is_ascii_digits(values["unit"]) and len(values["unit"]) == 1:
        values["unit"] = values["unit"].zfill(2)
    errors = _product_errors(contract, product, values)
    if errors:
        raise ValidationError(errors)
    creating = product.pk is None
    if not creating:
        check_version(product, expected_version)
    changed = [name for name, value in values.items() if creating or getattr(product, name) != value]
    if not changed:
        return product
    with transaction.atomic():
        # Overlapping tariff periods are checked again under the contract's lock: two prices for one
        # product on one day would make the cost ambiguous.
        Contract.objects.select_for_update().filter(pk=contract.pk).values("pk").first()
        if not creating:
            product = locked_unchanged(product, expected_version)
        errors = _product_errors(contract, product, values)
        if errors:
            raise ValidationError(errors)
        for name, value in values.items():
            setattr(product, name, value)
        if creating:
            product.save()
        else:
            save_new_version(product, [*changed, "updated_at"])
        record(
            actor=acting_user,
            action=Action.CREATE if creating else Action.UPDATE,
            obj=product,
            fields=([*changed, "contract"] if creating else changed),
            channel=channel,
        )
    return product


def _product_errors(contract: Contract, product: ContractProduct, values: dict[str, Any]) -> Errors:
    errors: Errors = {}

    def add(field_name: str, message: str) -> None:
        errors.setdefault(field_name, []).append(message)

    if contract.kind == ContractKind.SUBSIDY:
        add("__all__", PRODUCTS_NOT_FOR_SUBSIDY)
        return errors
    category, code, unit = values["product_category"], values["product_code"], values["unit"]
    if not category:
        add("product_category", CATEGORY_MISSING)
    elif not _listed(category, CATEGORY_LISTS, _CATEGORY_FORM):
        add("product_category", CATEGORY_UNKNOWN)
    if code and not _PRODUCT_CODE_FORM.fullmatch(code):
        add("product_code", CODE_FORM)
    if unit and not _listed(unit, (UNIT_LIST,), _UNIT_FORM):
        add("unit", UNIT_UNKNOWN)
    tariff = values["tariff_cents"]
    if tariff is None:
        if contract.kind == ContractKind.OPEN_HOUSE:
            add("tariff_cents", TARIFF_MISSING)
    elif tariff < 0:
        add("tariff_cents", TARIFF_NEGATIVE)
    elif tariff > MAX_TARIFF_CENTS:
        add("tariff_cents", TARIFF_TOO_LARGE)
    start, end = values["valid_from"], values["valid_until"]
    if start is None:
        add("valid_from", VALID_FROM_MISSING)
    elif not contract.start_date <= start <= contract.end_date:
        add("valid_from", VALID_FROM_OUTSIDE)
    if start is not None and end is not None and end < start:
        add("valid_until", VALID_UNTIL_BEFORE)
    if not errors and _overlaps(contract, product, category, code, start, end):
        add("valid_from", PRODUCT_OVERLAP)
    return errors


def _overlaps(
    contract: Contract, product: ContractProduct, category: str, code: str, start: date, end: date | None
) -> bool:
    """Another tariff for the same product of this contract that applies on a day of [start, end]."""
    others = ContractProduct.objects.filter(
        contract=contract, product_category=category, product_code=code
    ).exclude(pk=product.pk)
    others = others.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=start))
    if end is not None:
        others = others.filter(valid_from__lte=end)
    return others.exists()
