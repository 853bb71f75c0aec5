from typing import Any

from django.conf import settings
from rest_framework.authtoken.models import Token
from rest_framework.permissions import BasePermission


class IsVerifiedStaff(BasePermission):
    """Authenticated, active staff; a browser session must also have passed two-factor login
    (tokens are issued by an administrator with `wijkregie api-token`, so they count as verified)."""

    message = "Log in met tweestapsverificatie of gebruik een API-token."

    def has_permission(self, request: Any, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        if isinstance(request.auth, Token) or not settings.WIJKREGIE_REQUIRE_2FA:
            return True
        return bool(getattr(user, "is_verified", lambda: False)())
