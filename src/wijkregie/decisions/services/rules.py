"""Writes for a municipality's decision configuration: its mandates and its decision rules.

Who may decide what is the municipality's own choice, made by its functioneel beheerder; everyone else gets
404 from every function here (except the starter set, which the system installs too). Bad input raises a
ValidationError with Dutch messages per field and leaves nothing saved; every change writes an audit row with
field names only, in the same transaction."""

from dataclasses import dataclass, field, fields, replace
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from wijkregie.accounts.constants import CASEWORK_ROLES, Role
from wijkregie.accounts.models import User
from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.services import record
from wijkregie.core.versioning import locked_current, locked_unchanged, save_new_version
from wijkregie.organisation.models import Municipality
from wijkregie.organisation.policies import managed_municipality_id
from wijkregie.provisions.constants import ProvisionLaw, Weight

from .. import selectors
from ..models import DecisionRules, Mandate


@dataclass(frozen=True)
class DefaultMandate:
    role: str
    weights: list[str] = field(default_factory=list)
    max_yearly_cents: int | None = None
    may_cosign: bool = False


# The usual split: the wijkteam decides light maatwerk up to a modest amount, the teamleider as well and may
# co-sign, the backoffice decides everything. Four eyes above the yearly amount in DecisionRules.
DEFAULT_MANDATES = (
    DefaultMandate(Role.CONSULENT, [Weight.LIGHT], 500_000),
    DefaultMandate(Role.TEAMLEIDER, [Weight.LIGHT], 1_500_000, may_cosign=True),
    DefaultMandate(Role.BACKOFFICE, [], None, may_cosign=True),
)

# The largest amount that fits the cents columns, rounded down to something people recognise.
MAX_CENTS = 1_000_000_000  # € 10 miljoen
TOO_LARGE = "Vul een bedrag tot 10 miljoen euro in."
NEGATIVE = "Het bedrag kan niet negatief zijn."
WHOLE_CENTS = "Vul een bedrag in eurocent in, als heel getal."
ROLE_OR_STAFF = "Kies een rol of een medewerker met naam, niet allebei."
ROLE_UNKNOWN = "Kies een rol uit de lijst."
STAFF_UNKNOWN = "Kies een medewerker uit de lijst: iemand met casuswerk in een team dat uw gemeente bedient."
LAWS_UNKNOWN = "Kies alleen wetten uit de lijst."
WEIGHTS_UNKNOWN = "Kies alleen licht of zwaar."
REMINDER_RANGE = "Kies 1 tot en met 52 weken."
SENDER_MISSING = "Vul de afzender van de brief in."
TOO_LONG = "Gebruik hooguit {limit} tekens."
MESSAGE_LIMIT = 2000
ADDRESS_LIMIT = 500
SENDER_LIMIT = 200
MANDATE_FIELDS = ("role", "staff", "laws", "weights", "max_yearly_cents", "may_cosign")
RULES_FIELDS = (
    "four_eyes_above_cents",
    "reminder_weeks",
    "advisory_committee",
    "letter_sender",
    "letter_message",
    "objection_address",
)


def _manager_or_404(acting_user: User) -> int:
    """The municipality the acting user manages as functioneel beheerder; 404 for everyone else."""
    municipality_id = managed_municipality_id(acting_user)
    if municipality_id is None:
        raise Http404
    return municipality_id


def _owned_or_404(acting_user: User, mandate: Mandate) -> int:
    municipality_id = _manager_or_404(acting_user)
    if mandate.municipality_id != municipality_id:
        raise Http404
    return municipality_id


def _cents(value: Any, errors: dict[str, list[str]], name: str, *, required: bool) -> int | None:
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        errors[name] = [WHOLE_CENTS]
        return None
    if value < 0:
        errors[name] = [NEGATIVE]
    elif value > MAX_CENTS:
        errors[name] = [TOO_LARGE]
    return value


def _ordered(values: Any, choices: Any, errors: dict[str, list[str]], name: str, message: str) -> list[str]:
    """The chosen values in the order of their choices, each once; an error for anything else."""
    if not isinstance(values, list | tuple) or any(v not in choices.values for v in values):
        errors[name] = [message]
        return []
    chosen = set(values)
    return [v for v in choices.values if v in chosen]


# -- mandates ------------------------------------------------------------------------------------------------
@dataclass
class MandateData:
    """A mandate as the beheerder gives it: a casework role, or one named person (`staff`, their uuid); the
    laws and weights it covers (empty: all); the yearly ceiling in cents (None: none)."""

    role: str = ""
    staff: UUID | str | None = None
    laws: list[str] = field(default_factory=list)
    weights: list[str] = field(default_factory=list)
    max_yearly_cents: int | None = None
    may_cosign: bool = False


@dataclass(frozen=True)
class _CleanMandate:
    role: str
    staff: Any  # the User, or None
    laws: list[str]
    weights: list[str]
    max_yearly_cents: int | None
    may_cosign: bool


def _staff_member(municipality_id: int, value: Any) -> Any:
    """The named person, when they may hold a mandate in this municipality; None otherwise."""
    try:
        uuid = value if isinstance(value, UUID) else UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None
    return selectors.mandate_staff(municipality_id).filter(uuid=uuid).first()


def _clean_mandate(municipality_id: int, data: MandateData) -> _CleanMandate:
    errors: dict[str, list[str]] = {}
    role = data.role or ""
    has_staff = data.staff not in (None, "")
    staff = None
    if bool(role) == has_staff:
        errors["__all__"] = [ROLE_OR_STAFF]
    elif role and role not in CASEWORK_ROLES:
        errors["role"] = [ROLE_UNKNOWN]
    elif has_staff:
        staff = _staff_member(municipality_id, data.staff)
        if staff is None:
            errors["staff"] = [STAFF_UNKNOWN]
    laws = _ordered(data.laws, ProvisionLaw, errors, "laws", LAWS_UNKNOWN)
    weights = _ordered(data.weights, Weight, errors, "weights", WEIGHTS_UNKNOWN)
    ceiling = _cents(data.max_yearly_cents, errors, "max_yearly_cents", required=False)
    if errors:
        raise ValidationError(errors)
    return _CleanMandate(
        role=role,
        staff=staff,
        laws=laws,
        weights=weights,
        max_yearly_cents=ceiling,
        may_cosign=bool(data.may_cosign),
    )


def mandate_create(*, acting_user: User, data: MandateData, channel: Channel = Channel.WEB) -> Mandate:
    """A new mandate in the beheerder's own municipality."""
    municipality_id = _manager_or_404(acting_user)
    clean = _clean_mandate(municipality_id, data)
    values = {name: getattr(clean, name) for name in MANDATE_FIELDS}
    with transaction.atomic():
        mandate = Mandate.objects.create(municipality_id=municipality_id, **values)
        record(
            actor=acting_user,
            action=Action.CREATE,
            obj=mandate,
            fields=MANDATE_FIELDS,
            channel=channel,
        )
    return mandate


def mandate_update(
    *,
    acting_user: User,
    mandate: Mandate,
    data: MandateData,
    expected_version: int | None = None,
    channel: Channel = Channel.WEB,
) -> Mandate:
    """Change who holds the mandate and what it covers; no audit row when nothing changed. `data` was
    worked out on `mandate` as read: EditedMeanwhile when another beheerder changed it since (or when
    `expected_version` is older), 404 when it was removed."""
    municipality_id = _owned_or_404(acting_user, mandate)
    clean = _clean_mandate(municipality_id, data)
    wanted = {
        **{name: getattr(clean, name) for name in MANDATE_FIELDS},
        "staff": getattr(clean.staff, "pk", None),
    }
    with transaction.atomic():
        locked = locked_unchanged(mandate, expected_version)
        current = {
            "role": locked.role,
            "staff": locked.staff_id,
            "laws": locked.laws,
            "weights": locked.weights,
            "max_yearly_cents": locked.max_yearly_cents,
            "may_cosign": locked.may_cosign,
        }
        changed = [name for name in MANDATE_FIELDS if current[name] != wanted[name]]
        if not changed:
            return locked
        for name in changed:
            setattr(locked, name, getattr(clean, name))
        save_new_version(locked, [*changed, "updated_at"])
        record(actor=acting_user, action=Action.UPDATE, obj=locked, fields=changed, channel=channel)
    return locked


def mandate_delete(*, acting_user: User, mandate: Mandate, channel: Channel = Channel.WEB) -> None:
    """Take a mandate away. Decisions already taken under it stand; they name the person, not the mandate.
    The municipality's decision rules are saved too (the defaults, when it had none), so the system does
    not install the starter set again once the last mandate is gone."""
    municipality_id = _owned_or_404(acting_user, mandate)
    with transaction.atomic():
        deleted, _ = Mandate.objects.filter(pk=mandate.pk, municipality_id=municipality_id).delete()
        if deleted:  # gone already (a second click): nothing to record
            record(actor=acting_user, action=Action.DELETE, obj=mandate, channel=channel)
            rules, created = DecisionRules.objects.get_or_create(municipality_id=municipality_id)
            if created:
                record(
                    actor=acting_user, action=Action.CREATE, obj=rules, fields=RULES_FIELDS, channel=channel
                )


def mandates_install_defaults(
    *, acting_user: User | None, municipality: Municipality, channel: Channel = Channel.SYSTEM
) -> list[Mandate]:
    """The starter mandates for a municipality that has none (nothing is added when it has any), saved
    with its decision rules (the defaults) when it has none yet. With an acting user, only that
    municipality's functioneel beheerder may install them, whenever there are no mandates. The system
    (no user) installs them once: only for a municipality with neither mandates nor saved decision rules,
    so mandates the beheerder deleted stay deleted."""
    if acting_user is not None and _manager_or_404(acting_user) != municipality.pk:
        raise Http404
    created: list[Mandate] = []
    try:
        with transaction.atomic():
            # Two first requests at once install the defaults once: the municipality row is the lock.
            Municipality.objects.select_for_update().filter(pk=municipality.pk).values("pk").first()
            has_rules = DecisionRules.objects.filter(municipality=municipality).exists()
            if Mandate.objects.filter(municipality=municipality).exists() or (
                acting_user is None and has_rules
            ):
                return []
            if not has_rules:
                # The unique municipality makes a second install at the same moment fail here.
                rules = DecisionRules.objects.create(municipality=municipality)
                record(
                    actor=acting_user, action=Action.CREATE, obj=rules, fields=RULES_FIELDS, channel=channel
                )
            for data in DEFAULT_MANDATES:
                mandate = Mandate.objects.create(
                    municipality=municipality,
                    role=data.role,
                    weights=list(data.weights),
                    max_yearly_cents=data.max_yearly_cents,
                    may_cosign=data.may_cosign,
                )
                record(
                    actor=acting_user,
                    action=Action.CREATE,
                    obj=mandate,
                    fields=["role", "weights", "max_yearly_cents", "may_cosign"],
                    channel=channel,
                )
                created.append(mandate)
    except IntegrityError:
        return []
    return created


# -- decision rules ------------------------------------------------------------------------------------------
@dataclass
class DecisionRulesData:
    """A municipality's decision rules; amounts in cents."""

    four_eyes_above_cents: int
    reminder_weeks: int
    advisory_committee: bool = False
    letter_sender: str = ""
    letter_message: str = ""
    objection_address: str = ""


def _text(value: Any, errors: dict[str, list[str]], name: str, limit: int) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if len(text) > limit:
        errors[name] = [TOO_LONG.format(limit=limit)]
    return text


def _clean_rules(data: DecisionRulesData) -> DecisionRulesData:
    errors: dict[str, list[str]] = {}
    amount = _cents(data.four_eyes_above_cents, errors, "four_eyes_above_cents", required=True)
    weeks = data.reminder_weeks
    if isinstance(weeks, bool) or not isinstance(weeks, int) or not 1 <= weeks <= 52:
        errors["reminder_weeks"] = [REMINDER_RANGE]
    sender = _text(data.letter_sender, errors, "letter_sender", SENDER_LIMIT)
    if not sender:
        errors["letter_sender"] = [SENDER_MISSING]
    message = _text(data.letter_message, errors, "letter_message", MESSAGE_LIMIT)
    address = _text(data.objection_address, errors, "objection_address", ADDRESS_LIMIT)
    if errors:
        raise ValidationError(errors)
    assert amount is not None
    return replace(
        data,
        four_eyes_above_cents=amount,
        advisory_committee=bool(data.advisory_committee),
        letter_sender=sender,
        letter_message=message,
        objection_address=address,
    )


def decision_rules_save(
    *,
    acting_user: User,
    data: DecisionRulesData,
    expected_version: int | None = None,
    channel: Channel = Channel.WEB,
) -> DecisionRules:
    """Set the beheerder's municipality's decision rules (the first save replaces the defaults).
    EditedMeanwhile when `expected_version` is older than the saved rules."""
    municipality_id = _manager_or_404(acting_user)
    clean = _clean_rules(data)
    values = {f.name: getattr(clean, f.name) for f in fields(clean)}
    with transaction.atomic():
        rules, created = DecisionRules.objects.get_or_create(municipality_id=municipality_id, defaults=values)
        if created:
            record(actor=acting_user, action=Action.CREATE, obj=rules, fields=list(values), channel=channel)
            return rules
        rules = locked_current(rules, expected_version)
        changed = [name for name, value in values.items() if getattr(rules, name) != value]
        if changed:
            for name in changed:
                setattr(rules, name, values[name])
            save_new_version(rules, [*changed, "updated_at"])
            record(actor=acting_user, action=Action.UPDATE, obj=rules, fields=changed, channel=channel)
    return rules
