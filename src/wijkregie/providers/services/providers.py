"""Writes to providers (zorgaanbieders) and their contact points, by the contractmanager.

Each service owns its transaction and writes the audit row (field names only) with the change. What the
policy does not allow raises Http404, as if it did not exist; bad input raises a ValidationError with Dutch
messages per field and saves nothing."""

import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.http import Http404

from wijkregie.accounts.models import User
from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.services import record
from wijkregie.core.versioning import check_version, locked_unchanged, save_new_version
from wijkregie.organisation.constants import OrganisationKind
from wijkregie.organisation.models import District, Organisation

from ..models import Provider, ProviderContact
from ..policies import PROVIDER_KINDS, ContractPolicy

Errors = dict[str, list[str]]

_EIGHT_DIGITS = re.compile(r"[0-9]{8}")
AGB_FORM = "Een AGB-code bestaat uit 8 cijfers."
AGB_TAKEN = "Er is al een zorgaanbieder met deze AGB-code."
KVK_FORM = "Een KvK-nummer bestaat uit 8 cijfers."
NAME_MISSING = "Vul de naam van de zorgaanbieder in."
NAME_TAKEN = (
    "Er is al een organisatie met deze naam. Is zij nog geen zorgaanbieder, kies haar dan bij "
    "‘Bestaande organisatie’."
)
NAME_AND_ORGANISATION = "Kies een bestaande organisatie óf vul de naam van een nieuwe in, niet allebei."
ORGANISATION_UNKNOWN = "Kies een organisatie uit de lijst: een zorgaanbieder die nog niet geregistreerd is."
KIND_UNKNOWN = "Kies zorgaanbieder of hoofdaannemer."
DISTRICTS_FOREIGN = "Kies alleen wijken van uw eigen gemeente."
TOPIC_MISSING = "Vul in waarvoor dit contactpunt is, bijvoorbeeld ‘toewijzingen’ of ‘facturen’."
CONTACT_EMPTY = "Vul een e-mailadres of telefoonnummer in."
EMAIL_INVALID = "Vul een geldig e-mailadres in."
TOO_LONG = "Gebruik hooguit {limit} tekens."
CONFLICT = "Iemand anders heeft dit zojuist ook gewijzigd. Controleer de gegevens en probeer het opnieuw."


def _manager_or_404(acting_user: User) -> ContractPolicy:
    policy = ContractPolicy(acting_user)
    if not policy.can_manage():
        raise Http404
    return policy


def _length(errors: Errors, name: str, value: str, limit: int) -> None:
    if len(value) > limit:
        errors.setdefault(name, []).append(TOO_LONG.format(limit=limit))


def _codes_errors(errors: Errors, provider: Provider, agb_code: str, kvk_number: str) -> None:
    if not _EIGHT_DIGITS.fullmatch(agb_code):
        errors["agb_code"] = [AGB_FORM]
    elif Provider.objects.filter(agb_code=agb_code).exclude(pk=provider.pk).exists():
        errors["agb_code"] = [AGB_TAKEN]
    if kvk_number and not _EIGHT_DIGITS.fullmatch(kvk_number):
        errors["kvk_number"] = [KVK_FORM]


def _district_ids(
    errors: Errors, policy: ContractPolicy, provider: Provider, districts: Iterable[District]
) -> set[int]:
    """The provider's complete new set of districts: the user's own as chosen, other municipalities' kept."""
    own = set(policy.districts().values_list("pk", flat=True))
    chosen = {district.pk for district in districts}
    current = set() if provider.pk is None else set(provider.districts.values_list("pk", flat=True))
    if chosen - own:
        errors["districts"] = [DISTRICTS_FOREIGN]
    return (current - own) | (chosen & own)


def provider_create(
    *,
    acting_user: User,
    agb_code: str,
    name: str = "",
    organisation: Organisation | None = None,
    kind: str = OrganisationKind.CARE_PROVIDER,
    kvk_number: str = "",
    districts: Iterable[District] = (),
    channel: Channel = Channel.WEB,
) -> Provider:
    """Register a provider for the contractmanager's municipality.

    Either an organisation Wijkregie already knows (a care provider or main contractor not registered yet)
    or a new one, made with `name` and `kind`. `districts`: the districts of the municipality it serves;
    none means the whole municipality."""
    policy = _manager_or_404(acting_user)
    name, agb_code, kvk_number = name.strip(), agb_code.strip(), kvk_number.strip()
    provider = Provider()
    errors: Errors = {}
    if organisation is not None:
        if name and name != organisation.name:
            errors["name"] = [NAME_AND_ORGANISATION]
        elif not policy.unregistered_provider_organisations().filter(pk=organisation.pk).exists():
            errors["organisation"] = [ORGANISATION_UNKNOWN]
    elif not name:
        errors["name"] = [NAME_MISSING]
    elif Organisation.objects.filter(name__iexact=name).exists():
        errors["name"] = [NAME_TAKEN]
    else:
        _length(errors, "name", name, 150)
        if kind not in PROVIDER_KINDS:
            errors["kind"] = [KIND_UNKNOWN]
    _codes_errors(errors, provider, agb_code, kvk_number)
    district_ids = _district_ids(errors, policy, provider, districts)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            if organisation is None:
                organisation = Organisation.objects.create(name=name, kind=kind)
            provider = Provider.objects.create(
                organisation=organisation, agb_code=agb_code, kvk_number=kvk_number
            )
            provider.municipalities.set([policy.own_municipality_id()])
            provider.districts.set(district_ids)
            record(
                actor=acting_user,
                action=Action.CREATE,
                obj=provider,
                fields=["organisation", "agb_code", "kvk_number", "municipalities", "districts"],
                channel=channel,
            )
    except IntegrityError as exc:  # the AGB code or the organisation registered in the meantime
        raise ValidationError(_taken_meanwhile(agb_code)) from exc
    return provider


def _taken_meanwhile(agb_code: str) -> dict[str, list[str]]:
    """The AGB code (unique in the database) registered at the same moment. Organisation names are not
    unique in the database: two organisations may share a name (many a "Stichting Welzijn"); the name check
    above only keeps one contractmanager from registering the same one twice."""
    return {"agb_code": [AGB_TAKEN]}


def provider_update(
    *,
    acting_user: User,
    provider: Provider,
    name: str,
    agb_code: str,
    kvk_number: str,
    districts: Iterable[District],
    active: bool,
    expected_version: int | None = None,
    channel: Channel = Channel.WEB,
) -> Provider:
    """Change a provider that serves the contractmanager's municipality. `districts` counts only for the
    user's own municipality; districts of other municipalities the provider serves stay as they are.
    The values are compared with `provider` as read: EditedMeanwhile when it changed since (or when
    `expected_version` is older)."""
    policy = _manager_or_404(acting_user)
    if not policy.can_view_provider(provider):
        raise Http404
    check_version(provider, expected_version)
    name, agb_code, kvk_number = name.strip(), agb_code.strip(), kvk_number.strip()
    organisation = provider.organisation
    errors: Errors = {}
    if not name:
        errors["name"] = [NAME_MISSING]
    elif (
        name.lower() != organisation.name.lower()
        and Organisation.objects.filter(name__iexact=name).exclude(pk=organisation.pk).exists()
    ):
        errors["name"] = ["Er is al een organisatie met deze naam."]
    else:
        _length(errors, "name", name, 150)
    _codes_errors(errors, provider, agb_code, kvk_number)
    district_ids = _district_ids(errors, policy, provider, districts)
    if errors:
        raise ValidationError(errors)
    values = {"agb_code": agb_code, "kvk_number": kvk_number, "active": active}
    changed = [field for field, value in values.items() if getattr(provider, field) != value]
    renamed = name != organisation.name
    districts_changed = district_ids != set(provider.districts.values_list("pk", flat=True))
    if not changed and not renamed and not districts_changed:
        return provider
    try:
        with transaction.atomic():
            provider = locked_unchanged(provider, expected_version)
            for field, value in values.items():
                setattr(provider, field, value)
            save_new_version(provider, [*changed, "updated_at"])
            if renamed:
                organisation.name = name
                organisation.save(update_fields=["name", "updated_at"])
            if districts_changed:
                provider.districts.set(district_ids)
            fields = changed + (["name"] if renamed else []) + (["districts"] if districts_changed else [])
            record(actor=acting_user, action=Action.UPDATE, obj=provider, fields=fields, channel=channel)
    except IntegrityError as exc:
        raise ValidationError(_taken_meanwhile(agb_code)) from exc
    return provider


def provider_contact_add(
    *,
    acting_user: User,
    provider: Provider,
    topic: str,
    name: str = "",
    email: str = "",
    phone: str = "",
    channel: Channel = Channel.WEB,
) -> ProviderContact:
    """A contact point of a provider: for allocations, invoices, complaints, ..."""
    policy = _manager_or_404(acting_user)
    if not policy.can_view_provider(provider):
        raise Http404
    topic, name, email, phone = topic.strip(), name.strip(), email.strip(), phone.strip()
    errors: Errors = {}
    if not topic:
        errors["topic"] = [TOPIC_MISSING]
    for field, value, limit in (("topic", topic, 100), ("name", name, 200), ("phone", phone, 30)):
        _length(errors, field, value, limit)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [EMAIL_INVALID]
    if not email and not phone:
        errors.setdefault("email", []).append(CONTACT_EMPTY)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        contact = ProviderContact.objects.create(
            provider=provider, topic=topic, name=name, email=email, phone=phone
        )
        record(
            actor=acting_user,
            action=Action.CREATE,
            obj=contact,
            fields=[
                f for f, v in (("topic", topic), ("name", name), ("email", email), ("phone", phone)) if v
            ],
            channel=channel,
        )
    return contact


def provider_contact_remove(
    *, acting_user: User, contact: ProviderContact, channel: Channel = Channel.WEB
) -> None:
    policy = _manager_or_404(acting_user)
    if not policy.visible_contacts().filter(pk=contact.pk).exists():
        raise Http404
    with transaction.atomic():
        record(actor=acting_user, action=Action.DELETE, obj=contact, channel=channel)
        contact.delete()
