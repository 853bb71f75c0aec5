"""What every app's API layer shares: the 401/404 answers as documented in the schema, the error body, a
serializer that refuses unknown fields, references to staff and teams, and input validation. One definition
each, so the OpenAPI document has one component per shape (no name collisions between apps)."""

from typing import Any

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.request import Request


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class StrictSerializer(serializers.Serializer):
    # Refuses fields it does not know, instead of silently ignoring them.
    unknown_field_message = "Dit veld bestaat niet."

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({name: [self.unknown_field_message] for name in unknown})
        return super().to_internal_value(data)


class StaffRefSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    display_name = serializers.CharField(read_only=True)


class TeamRefSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    name = serializers.CharField(read_only=True)


UNAUTHENTICATED = OpenApiResponse(description="Niet ingelogd: stuur `Authorization: Token <sleutel>`.")
NOT_FOUND = OpenApiResponse(ErrorSerializer, description="Bestaat niet, of u heeft er geen toegang toe.")


def validated(
    serializer_class: type[serializers.Serializer], request: Request, **kwargs: Any
) -> dict[str, Any]:
    """The request body checked by the serializer; a ValidationError becomes the Dutch 400 per field."""
    serializer = serializer_class(data=request.data, context={"request": request}, **kwargs)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
