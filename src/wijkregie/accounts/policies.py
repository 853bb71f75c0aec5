from typing import Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest

from wijkregie.core.policies import Policy
from wijkregie.organisation.models import Team
from wijkregie.organisation.policies import OrganisationPolicy

from .constants import Role
from .models import TeamMembership, User


class StaffPolicy(Policy[User]):
    """Staff accounts are managed by the functioneel beheerder of a municipality: the staff on a team that
    serves it and the staff whose home municipality it is. Nobody else sees the staff list."""

    model = User

    def __init__(self, user: Any) -> None:
        super().__init__(user)
        self.organisation = OrganisationPolicy(user)
        self.municipality_id = self.organisation.municipality_id

    def can_manage(self) -> bool:
        return self.organisation.can_manage()

    def manageable_teams(self) -> QuerySet[Team]:
        """The teams whose membership this user may change: those serving their municipality."""
        return self.organisation.visible_teams()

    def visible(self) -> QuerySet[User]:
        if not self.can_manage():
            return User.objects.none()
        on_served_team = TeamMembership.objects.filter(
            user_id=OuterRef("pk"), team__municipalities=self.municipality_id
        )
        return User.objects.filter(Q(municipality_id=self.municipality_id) | Q(Exists(on_served_team)))


# -- how staff sign in: password with TOTP, or single sign-on (ADR 0016) -------------------------------------
SSO_BACKEND = "wijkregie.accounts.web.sso.StaffOidcBackend"  # as listed in AUTHENTICATION_BACKENDS


def sso_enabled() -> bool:
    return bool(settings.WIJKREGIE_OIDC_ENABLED)


def signed_in_by_sso(request: HttpRequest) -> bool:
    """This session's login came through the identity provider: only the SSO callback makes sessions of
    this backend, and they count only while SSO is on."""
    return sso_enabled() and request.session.get(BACKEND_SESSION_KEY) == SSO_BACKEND


def password_login_allowed(user: User) -> bool:
    """With SSO on, the password login (with TOTP) stays only for WIJKREGIE_OIDC_PASSWORD_LOGIN: by default
    the functioneel beheerder, to get in when the identity provider is down."""
    if not sso_enabled():
        return True
    allowed = settings.WIJKREGIE_OIDC_PASSWORD_LOGIN
    return allowed == "all" or (allowed == "beheerder" and user.role == Role.FUNCTIONAL_ADMIN)
