from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wijkregie.core.api import StrictSerializer
from wijkregie.core.identifiers import normalise_bsn, validate_bsn


class AuditEventSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    occurred_at = serializers.DateTimeField(read_only=True)
    actor = serializers.SerializerMethodField(help_text="uuid van de medewerker; leeg bij het systeem")
    actor_name = serializers.SerializerMethodField()
    actor_role = serializers.CharField(read_only=True, help_text="rol van de medewerker op dat moment")
    action = serializers.CharField(read_only=True)
    channel = serializers.CharField(read_only=True)
    object_type = serializers.CharField(read_only=True)
    object_uuid = serializers.UUIDField(read_only=True, allow_null=True)
    household_uuid = serializers.UUIDField(read_only=True, allow_null=True)
    break_glass = serializers.BooleanField(read_only=True)
    changed_fields = serializers.ListField(
        source="fields", child=serializers.CharField(), read_only=True, help_text="gewijzigde velden (namen)"
    )
    break_glass_reason = serializers.CharField(
        source="grant_reason",
        read_only=True,
        allow_null=True,
        help_text="reden van de doorbroken toegang (alleen bij break_glass)",
    )
    break_glass_expires_at = serializers.DateTimeField(
        source="grant_expires_at", read_only=True, allow_null=True
    )

    @extend_schema_field(OpenApiTypes.UUID)
    def get_actor(self, event: Any) -> str | None:
        return str(event.actor.uuid) if event.actor is not None else None

    def get_actor_name(self, event: Any) -> str:
        return event.actor.display_name if event.actor is not None else "Systeem"


class AuditEventFilterSerializer(serializers.Serializer):
    household = serializers.UUIDField(required=False, help_text="alleen regels op dit huishouden (uuid)")
    actor = serializers.UUIDField(required=False, help_text="alleen regels van deze medewerker (uuid)")


class InzageSerializer(StrictSerializer):
    bsn = serializers.CharField(
        max_length=11, help_text="BSN van de inwoner (alleen in de body, nooit in de URL)"
    )

    def validate_bsn(self, value: str) -> str:
        bsn = normalise_bsn(value)
        try:
            validate_bsn(bsn)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc
        return bsn
