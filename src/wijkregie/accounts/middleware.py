"""Staff must pass TOTP two-factor authentication before any page, unless WIJKREGIE_REQUIRE_2FA=false."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

_OPEN_PREFIXES = (
    "/static/",
    "/healthz",
    "/api/",
    "/inloggen/",
    "/uitloggen/",
    "/tweestapsverificatie/",
    "/wachtwoord-instellen/",
)


class RequireTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            settings.WIJKREGIE_REQUIRE_2FA
            and user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(_OPEN_PREFIXES)
        ):
            return redirect(reverse("accounts:two_factor_setup"))
        return self.get_response(request)
