"""A municipality's vroegsignalering settings and its signal partners."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from wijkregie.accounts.models import User
from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.services import record
from wijkregie.core.identifiers import is_ascii_digits
from wijkregie.core.text import plain_line
from wijkregie.core.versioning import locked_current, save_new_version
from wijkregie.organisation.constants import TeamKind
from wijkregie.organisation.models import Municipality, Team

from ..constants import PartnerType
from ..models import EarlyWarningSettings, SignalPartner
from ..policies import EarlyWarningPolicy

MAX_DAYS = 366
MAX_MONTHS = 120


def settings_ensure(municipality: Municipality) -> EarlyWarningSettings:
    """The municipality's settings, made with the documented defaults on first use; the outreach goes to
    its welfare organisation's team unless the beheerder names another."""
    found = (
        EarlyWarningSettings.objects.filter(municipality=municipality).select_related("outreach_team").first()
    )
    if found is not None:
        return found
    welfare = Team.objects.filter(kind=TeamKind.WELFARE, municipalities=municipality).order_by("name").first()
    try:
        with transaction.atomic():
            return EarlyWarningSettings.objects.create(municipality=municipality, outreach_team=welfare)
    except IntegrityError:  # made meanwhile by another request
        return EarlyWarningSettings.objects.select_related("outreach_team").get(municipality=municipality)


@dataclass
class SettingsData:
    outreach_team: Team | None
    default_threshold: int
    thresholds: dict[str, int]
    repeat_window_days: int
    contact_days: int
    analysis_days: int
    retention_not_picked_months: int
    retention_no_help_months: int
    retention_handed_over_months: int
    delivering_name: str = ""
    delivering_kvk: str = ""
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    contact_title: str = ""


def _check_settings(municipality: Municipality, data: SettingsData) -> None:
    errors: dict[str, list[str]] = {}
    team = data.outreach_team
    if team is not None and not team.municipalities.filter(pk=municipality.pk).exists():
        errors["outreach_team"] = ["Kies een team dat deze gemeente bedient."]
    if not 0 <= data.default_threshold <= 100_000:
        errors["default_threshold"] = ["Kies een drempel tussen 0 en 100.000 euro."]
    for kind, euros in data.thresholds.items():
        if kind not in PartnerType.values or not isinstance(euros, int) or not 0 <= euros <= 100_000:
            errors["thresholds"] = ["Geef per soort signaalpartner een drempel tussen 0 en 100.000 euro."]
    for name in ("repeat_window_days", "contact_days", "analysis_days"):
        if not 1 <= getattr(data, name) <= MAX_DAYS:
            errors[name] = [f"Kies 1 tot {MAX_DAYS} dagen."]
    for name in ("retention_not_picked_months", "retention_no_help_months", "retention_handed_over_months"):
        if not 1 <= getattr(data, name) <= MAX_MONTHS:
            errors[name] = [f"Kies 1 tot {MAX_MONTHS} maanden."]
    for name in ("delivering_name", "contact_name", "contact_email", "contact_phone", "contact_title"):
        try:
            setattr(data, name, plain_line(getattr(data, name)))
        except ValidationError as error:
            errors[name] = list(error.messages)
    if data.delivering_kvk and not (len(data.delivering_kvk) == 8 and is_ascii_digits(data.delivering_kvk)):
        errors["delivering_kvk"] = ["Een KvK-nummer bestaat uit 8 cijfers."]
    if data.analysis_days < data.contact_days and "analysis_days" not in errors:
        errors["analysis_days"] = ["De eerste analyse kan niet eerder zijn dan de eerste contactpoging."]
    if errors:
        raise ValidationError(errors)


def settings_update(
    *,
    acting_user: User,
    municipality: Municipality,
    data: SettingsData,
    expected_version: int | None = None,
    channel: Channel = Channel.WEB,
) -> EarlyWarningSettings:
    if not EarlyWarningPolicy(acting_user).can_configure(municipality):
        raise Http404
    _check_settings(municipality, data)
    current = settings_ensure(municipality)
    with transaction.atomic():
        current = locked_current(current, expected_version)
        changed = [name for name, value in vars(data).items() if getattr(current, name) != value]
        for name in changed:
            setattr(current, name, getattr(data, name))
        if changed:
            save_new_version(current, changed)
            record(actor=acting_user, action=Action.UPDATE, obj=current, fields=changed, channel=channel)
    return current


def partner_save(
    *,
    acting_user: User,
    municipality: Municipality,
    partner_type: str,
    name: str,
    partner: SignalPartner | None = None,
    active: bool = True,
    expected_version: int | None = None,
    channel: Channel = Channel.WEB,
) -> SignalPartner:
    """Add a signal partner or change one: the organisation behind a partner type in this municipality."""
    if not EarlyWarningPolicy(acting_user).can_configure(municipality):
        raise Http404
    errors: dict[str, list[str]] = {}
    try:
        name = plain_line(name)
    except ValidationError as error:
        errors["name"] = list(error.messages)
    if not name and "name" not in errors:
        errors["name"] = ["Vul de naam van de organisatie in."]
    elif len(name) > 150:
        errors["name"] = ["Gebruik hooguit 150 tekens."]
    if partner_type not in PartnerType.values:
        errors["partner_type"] = ["Kies de soort signaalpartner uit de lijst."]
    if errors:
        raise ValidationError(errors)
    values: dict[str, Any] = {"partner_type": partner_type, "name": name, "active": active}
    try:
        with transaction.atomic():
            if partner is None:
                partner = SignalPartner.objects.create(municipality=municipality, **values)
                record(
                    actor=acting_user, action=Action.CREATE, obj=partner, fields=list(values), channel=channel
                )
                return partner
            if partner.municipality_id != municipality.pk:
                raise Http404
            partner = locked_current(partner, expected_version)
            changed = [key for key, value in values.items() if getattr(partner, key) != value]
            for key in changed:
                setattr(partner, key, values[key])
            if changed:
                save_new_version(partner, changed)
                record(actor=acting_user, action=Action.UPDATE, obj=partner, fields=changed, channel=channel)
            return partner
    except IntegrityError as error:
        raise ValidationError(
            {"name": ["Deze gemeente heeft al een signaalpartner met deze naam."]}
        ) from error
