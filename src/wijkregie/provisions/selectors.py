"""Reads of the catalogue."""

from typing import Any

from django.db.models import QuerySet

from wijkregie.organisation.models import Municipality

from .models import Provision
from .policies import CataloguePolicy


def catalogue(
    municipality: Municipality, kind: str | None = None, *, active_only: bool = False, query: str = ""
) -> QuerySet[Provision]:
    """A municipality's catalogue (optionally one kind, only active, or names/keywords containing `query`),
    with organisation and districts loaded in a fixed number of queries."""
    provisions = Provision.objects.filter(municipality=municipality)
    if kind:
        provisions = provisions.filter(kind=kind)
    if active_only:
        provisions = provisions.filter(active=True)
    if query:
        from django.db.models import Q

        provisions = provisions.filter(Q(name__icontains=query) | Q(keywords__icontains=query))
    return (
        provisions.select_related("organisation", "municipality")
        .prefetch_related("districts")
        .order_by("kind", "name")
    )


def provision_visible(user: Any, uuid: Any) -> Provision:
    """One provision the user may read, or Http404 (missing and not allowed look the same)."""
    from wijkregie.core.policies import get_or_404

    return get_or_404(
        CataloguePolicy(user)
        .visible()
        .select_related("organisation", "municipality")
        .prefetch_related("districts"),
        uuid=uuid,
    )
