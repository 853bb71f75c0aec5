"""Writes to staff accounts: creation by the functioneel beheerder, TOTP enrolment, API tokens."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.services import record
from wijkregie.organisation.models import Municipality, Team

from .constants import Role
from .models import TeamMembership, User
from .policies import StaffPolicy


def staff_create(
    *,
    acting_user: Any,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    role: Role,
    teams: list[Team],
    municipality: Municipality | None = None,
    password: str | None = None,
    channel: Channel = Channel.WEB,
) -> User:
    if not StaffPolicy(acting_user).can_manage():
        raise Http404
    username = username.strip().lower()
    if not username:
        raise ValidationError({"username": ["Vul een gebruikersnaam in."]})
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": ["Deze gebruikersnaam is al in gebruik."]})
    with transaction.atomic():
        user = User(username=username, first_name=first_name, last_name=last_name, email=email, role=role,
                    municipality=municipality)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        TeamMembership.objects.bulk_create([TeamMembership(user=user, team=team) for team in teams])
        record(actor=acting_user, action=Action.CREATE, obj=user,
               fields=["username", "name", "email", "role", "teams", "municipality"], channel=channel)
    return user


def staff_update(
    *, acting_user: Any, user: User, role: Role, teams: list[Team], is_active: bool,
    municipality: Municipality | None = None, channel: Channel = Channel.WEB,
) -> User:
    if not StaffPolicy(acting_user).can_manage():
        raise Http404
    with transaction.atomic():
        user.role = role
        user.is_active = is_active
        user.municipality = municipality
        user.save(update_fields=["role", "is_active", "municipality"])
        TeamMembership.objects.filter(user=user).exclude(team__in=teams).delete()
        existing = set(TeamMembership.objects.filter(user=user).values_list("team_id", flat=True))
        TeamMembership.objects.bulk_create(
            [TeamMembership(user=user, team=team) for team in teams if team.pk not in existing]
        )
        record(actor=acting_user, action=Action.UPDATE, obj=user, fields=["role", "teams", "is_active",
                                                                         "municipality"], channel=channel)
    return user


def totp_device_start(*, user: User) -> TOTPDevice:
    """A new, unconfirmed authenticator for this user (replaces an earlier unconfirmed one)."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=False)


def totp_device_confirm(*, user: User, device: TOTPDevice, token: str) -> bool:
    if device.user_id != user.pk or not device.verify_token(token):
        return False
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        record(actor=user, action=Action.UPDATE, obj=user, fields=["two_factor_device"])
    return True


def api_token_for(*, username: str) -> str:
    """The API token of a user, created when missing (used by `wijkregie api-token USERNAME`)."""
    user = User.objects.get(username=username)
    with transaction.atomic():
        token, created = Token.objects.get_or_create(user=user)
        if created:
            record(actor=None, action=Action.CREATE, obj=user, fields=["api_token"], channel=Channel.SYSTEM)
    return token.key
