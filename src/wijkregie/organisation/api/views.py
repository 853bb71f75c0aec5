"""Reference data for every signed-in staff member: who serves which municipality and district."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers

from wijkregie.core.api import UNAUTHENTICATED
from wijkregie.organisation import selectors

from . import serializers as s


def _list_schema(operation_id: str, summary: str, serializer: type[serializers.Serializer]) -> Any:
    return extend_schema_view(
        get=extend_schema(
            operation_id=operation_id,
            summary=summary,
            tags=["organisatie"],
            responses={200: serializer(many=True), 401: UNAUTHENTICATED},
        )
    )


@_list_schema("municipalities_list", "Gemeenten", s.MunicipalitySerializer)
class MunicipalityListView(generics.ListAPIView):
    serializer_class = s.MunicipalitySerializer

    def get_queryset(self) -> QuerySet:
        return selectors.municipalities()


@_list_schema("districts_list", "Wijken met hun postcodegebieden", s.DistrictSerializer)
class DistrictListView(generics.ListAPIView):
    serializer_class = s.DistrictSerializer

    def get_queryset(self) -> QuerySet:
        return selectors.districts()


@_list_schema("teams_list", "Teams met de gemeenten en wijken die zij bedienen", s.TeamSerializer)
class TeamListView(generics.ListAPIView):
    serializer_class = s.TeamSerializer

    def get_queryset(self) -> QuerySet:
        return selectors.teams()
