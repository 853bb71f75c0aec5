"""Who sees and who manages a municipality's catalogue.

Staff read the catalogue of the municipalities they work for (their home municipality, or one a team of
theirs serves). Only the functioneel beheerder of a municipality changes its catalogue. Everyone else
gets 404.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from wijkregie.organisation.models import Municipality
from wijkregie.organisation.policies import managed_municipality_id

from .models import Provision


class CataloguePolicy:
    def __init__(self, user: Any) -> None:
        self.user = user

    def _active(self) -> bool:
        return bool(self.user and self.user.is_authenticated and self.user.is_active)

    def readable_municipalities(self) -> QuerySet[Municipality]:
        if not self._active():
            return Municipality.objects.none()
        ids = set(Municipality.objects.filter(teams__members=self.user).values_list("pk", flat=True))
        if self.user.municipality_id:
            ids.add(self.user.municipality_id)
        return Municipality.objects.filter(pk__in=ids)

    def visible(self) -> QuerySet[Provision]:
        return Provision.objects.filter(municipality__in=self.readable_municipalities())

    def managed_municipality(self) -> Municipality | None:
        municipality_id = managed_municipality_id(self.user)
        return Municipality.objects.filter(pk=municipality_id).first() if municipality_id else None

    def manages_a_catalogue(self) -> bool:
        """Without a query: the user is the functioneel beheerder of a municipality."""
        return managed_municipality_id(self.user) is not None

    def managed_or_404(self) -> Municipality:
        municipality = self.managed_municipality()
        if municipality is None:
            raise Http404
        return municipality

    def can_manage(self, municipality: Municipality) -> bool:
        return managed_municipality_id(self.user) == municipality.pk

    def manageable(self) -> QuerySet[Provision]:
        municipality_id = managed_municipality_id(self.user)
        return (
            Provision.objects.filter(municipality_id=municipality_id)
            if municipality_id
            else Provision.objects.none()
        )
