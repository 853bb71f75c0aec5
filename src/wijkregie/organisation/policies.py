"""Who manages which districts and teams: the functioneel beheerder, within their own municipality.

A beheerder manages the districts of their home municipality and every team that serves it. A team shared
with another municipality (a backoffice) may be edited by either municipality's beheerder, but each only adds
or removes their own municipality and its districts. Everyone else manages nothing; pages answer 404.
"""

from typing import Any, TypeVar
from uuid import UUID

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from .models import District, Municipality, Organisation, Team

M = TypeVar("M", bound=Model)


def managed_municipality_id(user: Any) -> int | None:
    """The municipality an active functioneel beheerder manages; None for everyone else. The staff model
    (accounts, the app above this one) answers it: `User.managed_municipality_id`."""
    if user is None or not user.is_authenticated:
        return None
    return getattr(user, "managed_municipality_id", None)


def _get_or_404(queryset: QuerySet[M], uuid: UUID | str) -> M:
    try:
        return queryset.get(uuid=uuid)
    except (ObjectDoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


class OrganisationPolicy:
    def __init__(self, user: Any) -> None:
        self.user = user
        self.municipality_id = managed_municipality_id(user)

    def can_manage(self) -> bool:
        return self.municipality_id is not None

    def municipalities(self) -> QuerySet[Municipality]:
        """The municipalities this user may add to or remove from a team: their own."""
        own = self.municipality_id
        return Municipality.objects.none() if own is None else Municipality.objects.filter(pk=own)

    def visible_districts(self) -> QuerySet[District]:
        own = self.municipality_id
        return District.objects.none() if own is None else District.objects.filter(municipality_id=own)

    def visible_teams(self) -> QuerySet[Team]:
        own = self.municipality_id
        return Team.objects.none() if own is None else Team.objects.filter(municipalities=own)

    def organisations(self) -> QuerySet[Organisation]:
        """Organisations a team may belong to: any, except another municipality's own organisation."""
        own = self.municipality_id
        if own is None:
            return Organisation.objects.none()
        return Organisation.objects.filter(Q(municipality__isnull=True) | Q(municipality_id=own))

    def can_manage_district(self, district: District) -> bool:
        return self.can_manage() and district.municipality_id == self.municipality_id

    def can_manage_team(self, team: Team) -> bool:
        return self.visible_teams().filter(pk=team.pk).exists()

    def get_district_or_404(self, uuid: UUID | str) -> District:
        return _get_or_404(self.visible_districts(), uuid)

    def get_team_or_404(self, uuid: UUID | str) -> Team:
        return _get_or_404(self.visible_teams(), uuid)
