from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import EnrolmentCode, User
from .policies import StaffPolicy


def staff_list(acting_user: User) -> QuerySet[User]:
    """The staff the beheerder manages, each with whether an authenticator is set up (`has_authenticator`)
    and whether an activation code waits (`activation_waiting`): who has not enrolled shows at a glance."""
    now = timezone.now()
    return (
        StaffPolicy(acting_user)
        .visible()
        .select_related("municipality")
        .prefetch_related("teams")
        .annotate(
            has_authenticator=Exists(TOTPDevice.objects.filter(user_id=OuterRef("pk"), confirmed=True)),
            activation_waiting=Exists(
                EnrolmentCode.objects.filter(user_id=OuterRef("pk"), expires_at__gt=now)
            ),
        )
        .order_by("last_name", "username")
    )


def team_members(team_id: int) -> QuerySet[User]:
    return User.objects.filter(memberships__team_id=team_id, is_active=True).order_by("last_name", "username")
