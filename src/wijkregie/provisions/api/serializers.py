"""Catalogue API shapes. Districts and organisations are referred to by name, as in the import file."""

from rest_framework import serializers

from wijkregie.core.api import StrictSerializer

from ..constants import ProvisionKind, ProvisionLaw, Weight
from ..models import Provision


class ProvisionSerializer(serializers.ModelSerializer):
    gemeente = serializers.UUIDField(source="municipality.uuid", read_only=True)
    organisation = serializers.SerializerMethodField()
    districts = serializers.SerializerMethodField()

    class Meta:
        model = Provision
        fields = [
            "uuid",
            "gemeente",
            "kind",
            "name",
            "description",
            "target_group",
            "domains",
            "keywords",
            "districts",
            "capacity",
            "organisation",
            "contact",
            "law",
            "product_category",
            "product_code",
            "unit",
            "frequency",
            "tariff_cents",
            "weight",
            "active",
            "version",
        ]
        read_only_fields = fields

    def get_organisation(self, obj: Provision) -> str | None:
        return obj.organisation.name if obj.organisation else None

    def get_districts(self, obj: Provision) -> list[str]:
        return sorted(d.name for d in obj.districts.all())


def _text(max_length: int) -> serializers.CharField:
    return serializers.CharField(max_length=max_length, required=False, allow_blank=True)


class ProvisionWriteSerializer(StrictSerializer):
    # Plain text in the schema (the enum is on the read shape): one "kind" enum per component name.
    kind = serializers.CharField(max_length=20, help_text="algemeen of maatwerk")
    name = serializers.CharField(max_length=150)
    description = serializers.CharField(required=False, allow_blank=True)
    target_group = _text(300)
    domains = serializers.ListField(child=serializers.CharField(max_length=50), required=False)
    keywords = _text(300)
    districts = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, help_text="Namen van wijken."
    )
    capacity = serializers.IntegerField(required=False, allow_null=True)
    organisation = serializers.CharField(max_length=150, required=False, allow_blank=True, allow_null=True)
    contact = _text(300)
    law = serializers.ChoiceField(choices=ProvisionLaw.choices, required=False, allow_blank=True)
    product_category = _text(2)
    product_code = _text(5)
    unit = _text(2)
    frequency = _text(1)
    tariff_cents = serializers.IntegerField(required=False, allow_null=True)
    weight = serializers.ChoiceField(choices=Weight.choices, required=False, allow_blank=True)

    def validate_kind(self, value: str) -> str:
        if value not in ProvisionKind.values:
            raise serializers.ValidationError("Kies algemeen of maatwerk.")
        return value


class ImportSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="CSV (; of ,) of XLSX met de kolommen van de catalogus.")


class ImportResultSerializer(serializers.Serializer):
    new = serializers.IntegerField()
    changed = serializers.IntegerField()
    unchanged = serializers.IntegerField()
