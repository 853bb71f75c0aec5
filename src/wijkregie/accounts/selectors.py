from django.db.models import QuerySet

from .models import User
from .policies import StaffPolicy


def staff_list(acting_user: User) -> QuerySet[User]:
    return (
        StaffPolicy(acting_user)
        .visible()
        .select_related("municipality")
        .prefetch_related("teams")
        .order_by("last_name", "username")
    )


def team_members(team_id: int) -> QuerySet[User]:
    return User.objects.filter(memberships__team_id=team_id, is_active=True).order_by("last_name", "username")
