"""Writes to staff accounts: creation by the functioneel beheerder, TOTP enrolment, API tokens."""

import re
import secrets
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.services import record
from wijkregie.core.text import plain_line
from wijkregie.core.versioning import check_version, locked_unchanged, save_new_version
from wijkregie.organisation.constants import OrganisationKind
from wijkregie.organisation.models import Municipality, Organisation, Team

from .constants import Role
from .models import EnrolmentCode, TeamMembership, User
from .policies import StaffPolicy

# Roles that work from their home municipality rather than from a team.
HOME_MUNICIPALITY_ROLES = frozenset({Role.CONTRACT_MANAGER, Role.POLICY_OFFICER, Role.FUNCTIONAL_ADMIN})


def staff_create(
    *,
    acting_user: User,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    role: Role | str,
    teams: Iterable[Team],
    municipality: Municipality | None = None,
    password: str | None = None,
    channel: Channel = Channel.WEB,
) -> User:
    """A new staff member on teams serving the beheerder's municipality, or with it as home municipality."""
    policy = StaffPolicy(acting_user)
    if not policy.can_manage():
        raise Http404
    teams = list(teams)
    username = username.strip().lower()
    errors = _scope_errors(
        policy,
        role=role,
        teams=teams,
        municipality=municipality,
        current_municipality_id=None,
        keeps_other_teams=False,
    )
    for field, value in (("first_name", first_name), ("last_name", last_name)):
        try:
            plain_line(value)
        except ValidationError as exc:
            errors[field] = list(exc.messages)
    if not username:
        errors["username"] = ["Vul een gebruikersnaam in."]
    elif User.objects.filter(username=username).exists():
        errors["username"] = ["Deze gebruikersnaam is al in gebruik."]
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            user = User(
                username=username,
                first_name=plain_line(first_name),
                last_name=plain_line(last_name),
                email=email.strip(),
                role=role,
                municipality=municipality,
            )
            if password:
                user.set_password(password)
            else:
                user.set_unusable_password()
            user.save()
            TeamMembership.objects.bulk_create([TeamMembership(user=user, team=team) for team in teams])
            record(
                actor=acting_user,
                action=Action.CREATE,
                obj=user,
                fields=["username", "name", "email", "role", "teams", "municipality"],
                channel=channel,
            )
            if user.email and not password:
                transaction.on_commit(lambda: staff_invitation_send(user=user))
    except IntegrityError as exc:  # the same username, created in the meantime
        raise ValidationError({"username": ["Deze gebruikersnaam is al in gebruik."]}) from exc
    return user


def staff_update(
    *,
    acting_user: User,
    user: User,
    role: Role | str,
    teams: Iterable[Team],
    is_active: bool,
    municipality: Municipality | None,
    expected_version: int | None = None,
    channel: Channel = Channel.WEB,
) -> User:
    """Change role, activity, home municipality and memberships of a staff member the beheerder manages
    (EditedMeanwhile when another beheerder changed the account since it was read, or `expected_version`
    is older).

    `teams` is the choice among the teams that serve the beheerder's municipality; memberships of other teams
    stay as they are. A home municipality of another municipality cannot be changed."""
    policy = StaffPolicy(acting_user)
    if not policy.can_view(user):
        raise Http404
    check_version(user, expected_version)
    teams = list(teams)
    managed = policy.manageable_teams()
    memberships = TeamMembership.objects.filter(user=user)
    current = set(memberships.filter(team__in=managed).values_list("team_id", flat=True))
    errors = _scope_errors(
        policy,
        role=role,
        teams=teams,
        municipality=municipality,
        current_municipality_id=user.municipality_id,
        keeps_other_teams=memberships.exclude(team__in=managed).exists(),
    )
    if user.pk == acting_user.pk and (role != user.role or not is_active):
        errors["role"] = ["U kunt uw eigen rol niet wijzigen en uw eigen account niet uitschakelen."]
    if errors:
        raise ValidationError(errors)
    municipality_id = municipality.pk if municipality else None
    values = {"role": role, "is_active": is_active, "municipality_id": municipality_id}
    row_fields = [field for field, value in values.items() if getattr(user, field) != value]
    wanted = {team.pk for team in teams}
    if not row_fields and wanted == current:
        return user
    with transaction.atomic():
        # Another beheerder may be changing the same account: lock it and take its teams as they are now.
        user = locked_unchanged(user, expected_version)
        current = set(memberships.filter(team__in=managed).values_list("team_id", flat=True))
        for field in row_fields:
            setattr(user, field, values[field])
        save_new_version(user, row_fields)
        memberships.filter(team_id__in=current - wanted).delete()
        TeamMembership.objects.bulk_create(
            [TeamMembership(user=user, team_id=pk) for pk in wanted - current], ignore_conflicts=True
        )
        changed = [field.removesuffix("_id") for field in row_fields]
        if wanted != current:
            changed.append("teams")
        record(actor=acting_user, action=Action.UPDATE, obj=user, fields=changed, channel=channel)
    return user


def _scope_errors(
    policy: StaffPolicy,
    *,
    role: Role | str,
    teams: list[Team],
    municipality: Municipality | None,
    current_municipality_id: int | None,
    keeps_other_teams: bool,
) -> dict[str, list[str]]:
    """What a beheerder may not do: step outside their own municipality, or leave someone out of reach."""
    own = policy.municipality_id
    new_municipality_id = municipality.pk if municipality else None
    errors: dict[str, list[str]] = {}
    if role not in Role.values:
        errors["role"] = ["Kies een rol uit de lijst."]
    elif role in HOME_MUNICIPALITY_ROLES and new_municipality_id != own:
        errors["role"] = ["Deze rol werkt vanuit de eigen gemeente: kies uw gemeente als eigen gemeente."]
    allowed = set(policy.manageable_teams().values_list("pk", flat=True))
    if any(team.pk not in allowed for team in teams):
        errors["teams"] = ["U kunt alleen teams kiezen die uw gemeente bedienen."]
    elif not teams and not keeps_other_teams and new_municipality_id is None:
        errors["teams"] = ["Kies minstens één team, of uw gemeente als eigen gemeente."]
    moved = {new_municipality_id, current_municipality_id}
    if new_municipality_id != current_municipality_id and not moved <= {None, own}:
        errors["municipality"] = ["U kunt alleen uw eigen gemeente als eigen gemeente instellen of weghalen."]
    return errors


ENROLMENT_CODE_DAYS = 14
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to mistake when read out


def enrolment_code_issue(*, acting_user: User | None, user: User, channel: Channel = Channel.WEB) -> str:
    """A new one-time code for `user` to set up an authenticator (the earlier one stops working). Shown
    once, to be handed over; only its hash is kept. `acting_user` None: the invitation, by the system."""
    code = "-".join("".join(secrets.choice(_CODE_ALPHABET) for _ in range(4)) for _ in range(3))
    expires = timezone.now() + timedelta(days=ENROLMENT_CODE_DAYS)
    with transaction.atomic():
        EnrolmentCode.objects.update_or_create(
            user=user, defaults={"code_hash": make_password(code), "expires_at": expires}
        )
        record(actor=acting_user, action=Action.UPDATE, obj=user, fields=["enrolment_code"], channel=channel)
    return code


def enrolment_code_valid(*, user: User, code: str) -> bool:
    """The user's unexpired code, typed in any case and with or without dashes."""
    stored = EnrolmentCode.objects.filter(user=user, expires_at__gt=timezone.now()).first()
    typed = "-".join(re.findall(r"[A-Z0-9]{4}", (code or "").upper().replace("-", "").replace(" ", "")))
    return stored is not None and check_password(typed, stored.code_hash)


def totp_device_start(*, user: User) -> TOTPDevice:
    """A new, unconfirmed authenticator for this user (replaces an earlier unconfirmed one)."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=False)


def totp_device_confirm(*, user: User, device: TOTPDevice, token: str) -> bool:
    if device.user_id != user.pk or not device.verify_token(token):
        return False
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).values("pk").first()  # one confirmation at a time
        TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        EnrolmentCode.objects.filter(user=user).delete()  # used: it enrols one device, once
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


def staff_invitation_send(*, user: User) -> None:
    """E-mail a one-time link to set a password (Django's password-reset token: single use, expires)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:set_password", kwargs={"uidb64": uid, "token": token})
    code = enrolment_code_issue(acting_user=None, user=user, channel=Channel.SYSTEM)
    days = settings.PASSWORD_RESET_TIMEOUT // 86400
    send_mail(
        subject="Uw account voor Wijkregie",
        message=(
            f"Beste {user.display_name},\n\n"
            f"Er is een account voor u aangemaakt in Wijkregie (gebruikersnaam: {user.username}).\n"
            f"Stel uw wachtwoord in via deze link. De link werkt één keer en verloopt na {days} dagen:\n\n"
            f"{settings.WIJKREGIE_BASE_URL}{path}\n\n"
            "Daarna stelt u bij de eerste keer inloggen tweestapsverificatie in met een authenticator-app. "
            f"Daarvoor vraagt Wijkregie deze activeringscode (geldig {ENROLMENT_CODE_DAYS} dagen):\n\n"
            f"{code}\n"
        ),
        from_email=None,
        recipient_list=[user.email],
    )


def staff_two_factor_reset(*, acting_user: User, user: User, channel: Channel = Channel.WEB) -> str:
    """Remove a staff member's authenticators and end their sessions' verification; returns the one-time
    activation code they need at the next login to enrol a new one. For a lost or replaced phone or a first
    enrolment; the beheerder checks who asks and hands the code over in person or by phone."""
    if not StaffPolicy(acting_user).visible().filter(pk=user.pk).exists():
        raise Http404
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        record(
            actor=acting_user, action=Action.UPDATE, obj=user, fields=["two_factor_device"], channel=channel
        )
        return enrolment_code_issue(acting_user=acting_user, user=user, channel=channel)


# -- signing in and out (password with TOTP, or single sign-on) ---------------------------------------------
# The method of a login, in the audit row's fields: a password login says whether TOTP was checked; an SSO
# login says that the identity provider did the second factor (the 2FA requirement accepts it: ADR 0016).
LOGIN_PASSWORD = ("password",)
LOGIN_PASSWORD_TOTP = ("password", "totp")
LOGIN_SSO = ("oidc", "second_factor_at_identity_provider")


def session_login_record(*, user: User, method: Iterable[str]) -> None:
    with transaction.atomic():
        record(actor=user, action=Action.LOGIN, obj=user, fields=method)


def session_logout_record(*, user: User, reason: str) -> None:
    """`reason`: `user` (the button), `idle_timeout`, or `identity_provider` (the SSO session ended)."""
    with transaction.atomic():
        record(actor=user, action=Action.LOGOUT, obj=user, fields=[reason])


def session_login_refused_record(*, user: User | None, reason: str) -> None:
    """An SSO login that was refused: `unknown_user` (no object), `inactive`, `no_role`, `ambiguous`."""
    with transaction.atomic():
        record(
            actor=None,
            action=Action.LOGIN_REFUSED,
            obj=user,
            object_type="accounts.user",
            fields=[reason],
            channel=Channel.SYSTEM,
        )


def staff_sync_from_identity_provider(*, user: User, role: str | None, teams: Iterable[Team] | None) -> User:
    """The role and the mapped teams as the identity provider's claims say, at each SSO login. `role` None:
    the role stays as Wijkregie has it; `teams` None: memberships stay. Otherwise `teams` are the mapped
    teams the claims name; memberships of mapped teams the claims no longer name end, those of teams that
    no mapping names stay. Audited as a change by the system."""
    changed: list[str] = []
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if role is not None and role != user.role:
            user.role = role
            save_new_version(user, ["role"])
            changed.append("role")
        if teams is not None:
            wanted = {team.pk for team in teams}
            mapped = set(
                Team.objects.filter(name__in=settings.WIJKREGIE_OIDC_TEAM_MAP.values()).values_list(
                    "pk", flat=True
                )
            )
            memberships = TeamMembership.objects.filter(user=user)
            current = set(memberships.filter(team_id__in=mapped).values_list("team_id", flat=True))
            if wanted != current:
                memberships.filter(team_id__in=current - wanted).delete()
                TeamMembership.objects.bulk_create(
                    [TeamMembership(user=user, team_id=pk) for pk in wanted - current], ignore_conflicts=True
                )
                changed.append("teams")
        if changed:
            record(actor=None, action=Action.UPDATE, obj=user, fields=changed, channel=Channel.SYSTEM)
    return user


def staff_create_from_identity_provider(
    *, username: str, email: str, first_name: str, last_name: str, role: str, teams: Iterable[Team]
) -> User:
    """A staff member the identity provider knows and Wijkregie does not yet, only when
    WIJKREGIE_OIDC_CREATE_USERS is on and the claims map to a role. No password: they sign in by SSO."""
    with transaction.atomic():
        user = User(
            username=username.strip().lower(),
            email=email.strip(),
            first_name=first_name.strip()[:150],
            last_name=last_name.strip()[:150],
            role=role,
        )
        user.set_unusable_password()
        user.save()
        TeamMembership.objects.bulk_create([TeamMembership(user=user, team=team) for team in teams])
        record(
            actor=None,
            action=Action.CREATE,
            obj=user,
            fields=["username", "name", "email", "role", "teams"],
            channel=Channel.SYSTEM,
        )
    return user


def sessions_clear_expired() -> str:
    """The recurring job that removes expired sessions (Django keeps them until someone clears them)."""
    removed, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return f"{removed} verlopen sessie(s) verwijderd."


def first_beheerder_create(
    *, cbs_code: str, municipality_name: str, username: str, first_name: str, last_name: str, email: str
) -> User:
    """A new installation's start: the municipality (with its own organisation, which its teams belong to)
    and its first functioneel beheerder, who gets the invitation mail (a one-time link to set a password and
    the activation code for two-factor). Everything else the beheerder sets up in /beheer/. Refused when
    the municipality already has a beheerder; nothing is saved when a value is wrong."""
    errors: dict[str, list[str]] = {}
    if not re.fullmatch(r"[0-9]{4}", cbs_code):
        errors["cbs_code"] = ["De CBS-gemeentecode bestaat uit 4 cijfers (bijvoorbeeld 0014)."]
    if not municipality_name.strip():
        errors["municipality_name"] = ["Vul de naam van de gemeente in."]
    if "@" not in email:
        errors["email"] = ["Vul een e-mailadres in: daar komt de uitnodiging."]
    if User.objects.filter(username=username.strip().lower()).exists():
        errors["username"] = ["Deze gebruikersnaam bestaat al."]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        municipality, _ = Municipality.objects.get_or_create(
            cbs_code=cbs_code, defaults={"name": municipality_name.strip()}
        )
        if User.objects.filter(municipality=municipality, role=Role.FUNCTIONAL_ADMIN).exists():
            raise ValidationError({"cbs_code": ["Deze gemeente heeft al een functioneel beheerder."]})
        Organisation.objects.get_or_create(
            municipality=municipality,
            kind=OrganisationKind.MUNICIPALITY,
            defaults={"name": f"Gemeente {municipality.name}"},
        )
        user = User(
            username=username.strip().lower(),
            first_name=plain_line(first_name),
            last_name=plain_line(last_name),
            email=email.strip(),
            role=Role.FUNCTIONAL_ADMIN,
            municipality=municipality,
        )
        user.set_unusable_password()
        user.save()
        record(
            actor=None,
            action=Action.CREATE,
            obj=user,
            fields=["role", "municipality"],
            channel=Channel.SYSTEM,
        )
        staff_invitation_send(user=user)
    return user
