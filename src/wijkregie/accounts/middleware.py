"""Staff must pass TOTP two-factor authentication before any page, unless WIJKREGIE_REQUIRE_2FA=false; a
login through the identity provider counts as two-factor verified (the provider did the second factor, and
the login's audit row says so). Sessions end after WIJKREGIE_SESSION_IDLE_SECONDS without a request, and
an SSO session is rechecked at the provider every WIJKREGIE_OIDC_RECHECK_SECONDS (mozilla's SessionRefresh).
"""

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import auth, messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from mozilla_django_oidc.middleware import SessionRefresh

from wijkregie.accounts import services
from wijkregie.accounts.policies import signed_in_by_sso, sso_enabled

_OPEN_PREFIXES = (
    "/static/",
    "/healthz",
    "/api/",
    "/inloggen/",
    "/uitloggen/",
    "/tweestapsverificatie/",
    "/wachtwoord-instellen/",
)


def _verified_at_identity_provider() -> bool:
    return True


class RequireTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and signed_in_by_sso(request):
            # Explicitly verified: django-otp knows no device for it; pages and the API ask is_verified().
            user.is_verified = _verified_at_identity_provider
        if (
            settings.WIJKREGIE_REQUIRE_2FA
            and user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(_OPEN_PREFIXES)
        ):
            return redirect(reverse("accounts:two_factor_setup"))
        return self.get_response(request)


LAST_SEEN = "wijkregie_last_seen"  # session key: the moment of the last request, in whole seconds
_LAST_SEEN_STEP = 60  # written at most once a minute, so not every request writes the session


class IdleTimeoutMiddleware:
    """Signs a staff member out after WIJKREGIE_SESSION_IDLE_SECONDS without a request (0: off)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        idle = settings.WIJKREGIE_SESSION_IDLE_SECONDS
        user = getattr(request, "user", None)
        if idle > 0 and user is not None and user.is_authenticated:
            now = int(timezone.now().timestamp())
            last = request.session.get(LAST_SEEN)
            if last is not None and now - int(last) > idle:
                services.session_logout_record(user=user, reason="idle_timeout")
                auth.logout(request)
                messages.info(
                    request,
                    f"U bent uitgelogd omdat u {idle // 60} minuten niets hebt gedaan. Log opnieuw in.",
                )
                login = reverse("accounts:login")
                if request.method == "GET" and not request.path.startswith(_OPEN_PREFIXES):
                    login = f"{login}?{urlencode({'next': request.get_full_path()})}"
                return redirect(login)
            if last is None or now - int(last) >= _LAST_SEEN_STEP:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


class SsoSessionRefreshMiddleware(SessionRefresh):
    """mozilla-django-oidc's SessionRefresh, only while SSO is on: a GET by a session that SSO made, once its
    recheck time has passed, goes to the provider with prompt=none and comes back (or is signed out)."""

    def process_request(self, request: HttpRequest) -> HttpResponse | None:
        if not sso_enabled():
            return None
        response: HttpResponse | None = super().process_request(request)
        if response is not None and response.status_code == 302 and request.headers.get("HX-Request"):
            # An htmx request cannot follow a redirect to the provider: the whole page goes there instead.
            page = HttpResponse(status=204)
            page["HX-Redirect"] = response["Location"]
            return page
        return response
