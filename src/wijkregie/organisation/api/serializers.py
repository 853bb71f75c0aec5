"""Reference data: municipalities, districts and teams. No personal data."""

from rest_framework import serializers

from wijkregie.organisation.models import District, Municipality, Organisation, PostcodeArea, Team


class MunicipalitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Municipality
        fields = ["uuid", "name", "cbs_code"]


class DistrictSerializer(serializers.ModelSerializer):
    class Meta:
        model = District
        fields = ["uuid", "name", "municipality", "wijkpunt_name", "wijkpunt_address", "postcode_areas"]

    municipality: "serializers.SlugRelatedField[Municipality]" = serializers.SlugRelatedField(
        slug_field="uuid", read_only=True
    )
    postcode_areas: "serializers.SlugRelatedField[PostcodeArea]" = serializers.SlugRelatedField(
        slug_field="pc4", many=True, read_only=True
    )


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["uuid", "name", "kind"]


class TeamSerializer(serializers.ModelSerializer):
    class Meta:
        model = Team
        fields = ["uuid", "name", "kind", "organisation", "municipalities", "districts"]

    organisation = OrganisationSerializer(read_only=True)
    municipalities: "serializers.SlugRelatedField[Municipality]" = serializers.SlugRelatedField(
        slug_field="uuid", many=True, read_only=True
    )
    districts: "serializers.SlugRelatedField[District]" = serializers.SlugRelatedField(
        slug_field="uuid", many=True, read_only=True
    )
