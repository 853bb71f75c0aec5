"""Single sign-on for staff by OpenID Connect, on mozilla-django-oidc (ADR 0016, docs/config.md).

The flow is the library's authorization code flow with PKCE and a nonce; Wijkregie adds what the library
leaves to its users: the id_token's issuer and audience are checked, the userinfo must be about the same
`sub`, a claim names an existing staff member (never a new account unless WIJKREGIE_OIDC_CREATE_USERS), the
role and teams follow the groups claim when a mapping says so, a refusal says why in Dutch on the login
page, every login, logout and refusal is audited, and the provider's session ends at logout.
"""

import logging
from typing import Any
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
    OIDCLogoutView,
)

from wijkregie.accounts import services
from wijkregie.accounts.constants import Role
from wijkregie.accounts.models import User
from wijkregie.accounts.policies import signed_in_by_sso, sso_enabled
from wijkregie.organisation.models import Team

logger = logging.getLogger(__name__)

REFUSAL = "wijkregie_sso_refusal"  # attribute on the request: why the backend said no

REFUSED = {
    "unknown_user": (
        "Met dit account van de gemeente kunt u niet inloggen in Wijkregie: er is geen medewerker met deze "
        "gegevens. Vraag de functioneel beheerder om u toe te voegen."
    ),
    "inactive": "Uw account in Wijkregie is niet actief. Neem contact op met de functioneel beheerder.",
    "no_role": (
        "De gemeente heeft u geen rol in Wijkregie gegeven. Neem contact op met de functioneel beheerder."
    ),
    "ambiguous": (
        "Uw gegevens bij de gemeente passen bij meer dan één account in Wijkregie. Neem contact op met de "
        "functioneel beheerder."
    ),
    "provider": "De gemeente heeft het inloggen niet bevestigd. Log opnieuw in.",
    "failed": (
        "Inloggen via de gemeente is niet gelukt. Probeer het opnieuw, of neem contact op met de "
        "functioneel beheerder als het blijft mislukken."
    ),
}


def axes_exempt(request: HttpRequest, credentials: dict[str, Any] | None = None) -> bool:
    """django-axes leaves the SSO callback alone: it carries no user name, so its failures would lock out
    an address as a whole (the identity provider throttles its own logins)."""
    return request.path == reverse("oidc_authentication_callback")


def _refuse(request: HttpRequest, reason: str, user: User | None = None) -> None:
    setattr(request, REFUSAL, reason)
    if reason in {"unknown_user", "inactive", "no_role", "ambiguous"}:
        services.session_login_refused_record(user=user, reason=reason)
    logger.info("SSO login refused: %s", reason)  # the reason only: never a claim


class StaffOidcBackend(OIDCAuthenticationBackend):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Django builds every backend for every password login too: with SSO off this one stays idle.
        if sso_enabled():
            super().__init__(*args, **kwargs)
        self.UserModel = User

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        if not sso_enabled() or request is None:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except (
            SuspiciousOperation,
            jwt.InvalidTokenError,
            requests.RequestException,
            ValueError,
            KeyError,
        ) as exc:
            # A tampered or expired token, a wrong issuer or audience, a provider that does not answer.
            logger.warning("SSO login failed: %s", type(exc).__name__)
            _refuse(request, "failed")
            return None

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        payload: dict[str, Any] = super().verify_token(token, **kwargs)
        issuer = settings.WIJKREGIE_OIDC_ISSUER
        if issuer and payload.get("iss") != issuer:
            raise SuspiciousOperation("id_token from another issuer")
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("id_token for another client")
        if not payload.get("sub"):
            raise SuspiciousOperation("id_token without sub")
        return payload

    def get_userinfo(self, access_token: str, id_token: str, payload: dict[str, Any]) -> dict[str, Any]:
        claims: dict[str, Any] = super().get_userinfo(access_token, id_token, payload)
        if claims.get("sub") != payload.get("sub"):  # OpenID Connect Core 5.3.2
            raise SuspiciousOperation("userinfo about another subject")
        return claims

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> User | None:
        request = self.request
        claims = self.get_userinfo(access_token, id_token, payload)
        claim = settings.WIJKREGIE_OIDC_USER_CLAIM
        value = str(claims.get(claim) or "").strip()
        if claim == "email" and claims.get("email_verified") is False:
            value = ""  # an address the provider has not verified names nobody
        if not value:
            _refuse(request, "unknown_user")
            return None
        field = "email__iexact" if claim == "email" else "username__iexact"
        users = list(User.objects.filter(**{field: value})[:2])
        role, teams = self._mapped(claims)
        if len(users) > 1:
            _refuse(request, "ambiguous")
            return None
        if not users:
            if not settings.WIJKREGIE_OIDC_CREATE_USERS or role is None:
                _refuse(request, "unknown_user")
                return None
            return self._create(claims, role, teams)
        user = users[0]
        if not user.is_active:
            _refuse(request, "inactive", user)
            return None
        if settings.WIJKREGIE_OIDC_ROLE_MAP and role is None:
            _refuse(request, "no_role", user)
            return None
        return services.staff_sync_from_identity_provider(user=user, role=role, teams=teams)

    def _mapped(self, claims: dict[str, Any]) -> tuple[str | None, list[Team] | None]:
        """The role of the first group in WIJKREGIE_OIDC_ROLE_MAP's order that the claims carry, and the
        teams of every mapped group they carry; None where no mapping is set."""
        raw = claims.get(settings.WIJKREGIE_OIDC_GROUPS_CLAIM) or []
        groups = {raw} if isinstance(raw, str) else {str(group) for group in raw}
        role_map: dict[str, str] = settings.WIJKREGIE_OIDC_ROLE_MAP
        team_map: dict[str, str] = settings.WIJKREGIE_OIDC_TEAM_MAP
        role = next((r for group, r in role_map.items() if group in groups and r in Role.values), None)
        if not team_map:
            return role, None
        names = {name for group, name in team_map.items() if group in groups}
        teams = list(Team.objects.filter(name__in=names))
        ambiguous = {team.name for team in teams if sum(t.name == team.name for t in teams) > 1}
        if ambiguous:
            logger.warning("SSO team mapping: %d team name(s) match more than one team", len(ambiguous))
        return role, [team for team in teams if team.name not in ambiguous]

    def _create(self, claims: dict[str, Any], role: str, teams: list[Team] | None) -> User:
        email = str(claims.get("email") or "")
        username = str(claims.get("preferred_username") or email or claims["sub"])
        return services.staff_create_from_identity_provider(
            username=username,
            email=email,
            first_name=str(claims.get("given_name") or ""),
            last_name=str(claims.get("family_name") or ""),
            role=role,
            teams=teams or [],
        )

    def get_user(self, user_id: Any) -> User | None:
        return super().get_user(user_id) if sso_enabled() else None  # SSO off: its sessions end


class SsoLoginView(OIDCAuthenticationRequestView):
    """`/inloggen/gemeente/`: to the identity provider's authorization endpoint."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not sso_enabled():
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class SsoCallbackView(OIDCAuthenticationCallbackView):
    """`/inloggen/gemeente/terug/`: the provider's answer; a refusal goes to the login page with why."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not sso_enabled():
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        if request.GET.get("error"):
            # The provider refused (also when a session recheck found its session ended).
            setattr(request, REFUSAL, "provider")
            if request.user.is_authenticated:
                services.session_logout_record(user=request.user, reason="identity_provider")
        try:
            return super().get(request)
        except SuspiciousOperation:  # a state this session never sent: a replay or a stale tab
            logger.warning("SSO callback with an unknown state")
            setattr(request, REFUSAL, "failed")
            return self.login_failure()

    def login_success(self) -> HttpResponse:
        refreshed = self.request.user.is_authenticated and self.request.user == self.user
        response: HttpResponse = super().login_success()
        if not refreshed:
            services.session_login_record(user=self.user, method=services.LOGIN_SSO)
        return response

    def login_failure(self) -> HttpResponse:
        reason = getattr(self.request, REFUSAL, "failed")
        messages.error(self.request, REFUSED.get(reason, REFUSED["failed"]))
        return HttpResponseRedirect(reverse("accounts:login"))


class LogoutView(OIDCLogoutView):
    """`/uitloggen/` (POST) for every login: audited; after an SSO login also at the provider."""

    def post(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            services.session_logout_record(user=request.user, reason="user")
        response: HttpResponse = super().post(request)
        return response


def provider_logout_url(request: HttpRequest) -> str:
    """RP-initiated logout: the provider's end_session endpoint with id_token_hint and the login page as
    post_logout_redirect_uri, for a session that SSO made and when the endpoint is configured."""
    login = reverse(settings.LOGOUT_REDIRECT_URL)
    endpoint = settings.WIJKREGIE_OIDC_END_SESSION_ENDPOINT
    id_token = request.session.get("oidc_id_token")
    if not (signed_in_by_sso(request) and endpoint and id_token):
        return login
    query = urlencode(
        {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": request.build_absolute_uri(login),
            "client_id": settings.OIDC_RP_CLIENT_ID,
        }
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"
