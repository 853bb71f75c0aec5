"""Households API serializers. Output serializers only read; input serializers only validate (Dutch
messages, never echoing the value). Writes happen in households.services. No BSN leaves the API."""

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from wijkregie.core.api import StaffRefSerializer, StrictSerializer, TeamRefSerializer
from wijkregie.core.identifiers import is_valid_bsn, normalise_bsn, normalise_postcode, validate_postcode
from wijkregie.households.constants import Relation
from wijkregie.households.models import (
    CaseloadEntry,
    Household,
    HouseholdMembership,
    Representative,
    Resident,
    TimelineEntry,
)
from wijkregie.households.policies import HouseholdPolicy
from wijkregie.organisation.models import District, Municipality

BSN_ERROR = "Dit is geen geldig BSN (9 cijfers die voldoen aan de elfproef)."
UNKNOWN_STAFF = "Er is geen actieve medewerker met deze uuid."


# -- output ------------------------------------------------------------------------------------------------
class MunicipalityRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Municipality
        fields = ["uuid", "name", "cbs_code"]


class DistrictRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = District
        fields = ["uuid", "name"]


class ResidentSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Resident
        fields = ["uuid", "given_names", "initials", "surname_prefix", "surname", "full_name", "birth_date"]

    full_name = serializers.CharField(read_only=True)


class AddressSerializer(serializers.Serializer):
    street = serializers.CharField(read_only=True)
    house_number = serializers.IntegerField(read_only=True)
    house_number_suffix = serializers.CharField(read_only=True)
    postcode = serializers.CharField(read_only=True)
    city = serializers.CharField(read_only=True)


class ContactSerializer(serializers.Serializer):
    phone = serializers.CharField(read_only=True)
    email = serializers.CharField(read_only=True)


class RepresentativeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Representative
        fields = ["uuid", "kind", "name", "contact", "start_date", "end_date"]


class ResidentSerializer(ResidentSummarySerializer):
    class Meta(ResidentSummarySerializer.Meta):
        fields = [*ResidentSummarySerializer.Meta.fields, "address", "contact", "representatives", "version"]

    address = AddressSerializer(source="*", read_only=True)
    contact = ContactSerializer(source="*", read_only=True)
    representatives = RepresentativeSerializer(many=True, read_only=True)


class RegisteredResidentSerializer(ResidentSerializer):
    class Meta(ResidentSerializer.Meta):
        fields = [*ResidentSerializer.Meta.fields, "household"]

    household = serializers.SerializerMethodField()

    def get_household(self, resident: Resident) -> UUID:
        return self.context["household"].uuid


class MemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = HouseholdMembership
        fields = ["resident", "relation", "start_date"]

    resident = ResidentSerializer(read_only=True)


class MemberSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = HouseholdMembership
        fields = ["resident", "relation", "start_date"]

    resident = ResidentSummarySerializer(read_only=True)


class FormerMemberSerializer(MemberSummarySerializer):
    class Meta(MemberSummarySerializer.Meta):
        fields = [*MemberSummarySerializer.Meta.fields, "end_date"]


class CaseloadSerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseloadEntry
        fields = ["team", "worker", "started_at"]

    team = TeamRefSerializer(read_only=True)
    worker = StaffRefSerializer(read_only=True, allow_null=True)


class HouseholdSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Household
        fields = ["uuid", "municipality", "district", "regisseur", "last_activity_at", "members"]

    municipality = MunicipalityRefSerializer(read_only=True)
    district = DistrictRefSerializer(read_only=True)
    regisseur = StaffRefSerializer(read_only=True, allow_null=True)
    members = MemberSummarySerializer(source="current_members", many=True, read_only=True)


class DossierSerializer(HouseholdSummarySerializer):
    class Meta(HouseholdSummarySerializer.Meta):
        fields = [
            "uuid",
            "municipality",
            "district",
            "regisseur",
            "last_activity_at",
            "via_break_glass",
            "active_caseload",
            "members",
            "former_members",
        ]

    via_break_glass = serializers.SerializerMethodField(
        help_text="Waar als u dit huishouden alleen ziet door doorbroken toegang (break-the-glass)."
    )
    active_caseload = CaseloadSerializer(many=True, read_only=True)
    members = MemberSerializer(source="current_members", many=True, read_only=True)  # type: ignore[assignment]
    former_members = FormerMemberSerializer(many=True, read_only=True)

    def get_via_break_glass(self, household: Household) -> bool:
        return bool(self.context.get("via_break_glass"))


class TimelineEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = TimelineEntry
        fields = ["occurred_at", "kind", "description", "actor"]

    actor = StaffRefSerializer(read_only=True, allow_null=True)


class SearchResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = HouseholdMembership
        fields = ["resident", "relation", "household", "district"]

    resident = ResidentSummarySerializer(read_only=True)
    household = serializers.UUIDField(source="household.uuid", read_only=True)
    district = serializers.CharField(source="household.district.name", read_only=True)


class BrpPersonSerializer(serializers.Serializer):
    # A person as the BRP knows them, to prefill a registration; the BSN the caller sent is not repeated.
    given_names = serializers.CharField(read_only=True)
    initials = serializers.CharField(read_only=True)
    surname_prefix = serializers.CharField(read_only=True)
    surname = serializers.CharField(read_only=True)
    birth_date = serializers.DateField(read_only=True, allow_null=True)
    street = serializers.CharField(read_only=True)
    house_number = serializers.IntegerField(read_only=True, allow_null=True)
    house_number_suffix = serializers.CharField(read_only=True)
    postcode = serializers.CharField(read_only=True)
    city = serializers.CharField(read_only=True)
    municipality_code = serializers.CharField(read_only=True)


class BreakGlassResultSerializer(serializers.Serializer):
    household = serializers.UUIDField(source="uuid", read_only=True)


# -- input ---------------------------------------------------------------------------------------------------
def _text(max_length: int, required_message: str | None = None) -> serializers.CharField:
    if required_message is None:
        return serializers.CharField(max_length=max_length, required=False, allow_blank=True)
    messages: dict[str, Any] = {
        "required": required_message,
        "blank": required_message,
        "null": required_message,
    }
    return serializers.CharField(max_length=max_length, error_messages=messages)


def _bsn(value: str) -> str:
    bsn = normalise_bsn(value)
    if not is_valid_bsn(bsn):
        raise serializers.ValidationError(BSN_ERROR)
    return bsn


def _postcode(value: str) -> str:
    postcode = normalise_postcode(value)
    try:
        validate_postcode(postcode)
    except DjangoValidationError as exc:
        raise serializers.ValidationError(exc.messages) from exc
    return postcode


def _bsn_field() -> serializers.CharField:
    return _text(20, "Vul het BSN in.")


def _date_field(required: bool, required_message: str = "") -> serializers.DateField:
    messages: dict[str, Any] = {
        "invalid": "Vul een geldige datum in (jjjj-mm-dd).",
        "required": required_message,
        "null": required_message or "Vul een geldige datum in (jjjj-mm-dd).",
    }
    return serializers.DateField(required=required, error_messages=messages)


def _house_number_field(required: bool) -> serializers.IntegerField:
    out_of_range = "Vul een huisnummer tussen 1 en 99999 in."
    return serializers.IntegerField(
        required=required,
        min_value=1,
        max_value=99999,
        error_messages={
            "required": "Vul het huisnummer in.",
            "invalid": "Vul een getal in.",
            "min_value": out_of_range,
            "max_value": out_of_range,
            "null": "Vul het huisnummer in.",
        },
    )


class ResidentUpdateSerializer(StrictSerializer):
    # PATCH: only the fields sent change. The BSN cannot be changed (a new BSN is a new person).
    unknown_field_message = "Dit veld kan niet worden gewijzigd."

    given_names = _text(200)
    initials = _text(20)
    surname_prefix = _text(20)
    surname = _text(200, "Vul de geslachtsnaam in.")
    birth_date = _date_field(True, "Vul de geboortedatum in.")
    street = _text(200)
    house_number = _house_number_field(True)
    house_number_suffix = _text(10)
    postcode = _text(7, "Vul de postcode in.")
    city = _text(100, "Vul de woonplaats in.")
    phone = _text(30)
    email = serializers.EmailField(
        required=False,
        allow_blank=True,
        max_length=254,
        error_messages={"invalid": "Vul een geldig e-mailadres in."},
    )

    def validate_postcode(self, value: str) -> str:
        return _postcode(value)


class ResidentCreateSerializer(ResidentUpdateSerializer):
    unknown_field_message = StrictSerializer.unknown_field_message

    bsn = _bsn_field()
    household = serializers.UUIDField(
        required=False,
        help_text="Een bestaand huishouden waar de inwoner bij komt; leeg voor een nieuw.",
        error_messages={"invalid": "Dit is geen geldige uuid."},
    )
    relation = serializers.ChoiceField(
        choices=Relation.choices,
        required=False,
        error_messages={"invalid_choice": "Kies een geldige relatie binnen het huishouden."},
    )

    def validate_bsn(self, value: str) -> str:
        return _bsn(value)

    def validate_household(self, value: UUID) -> Household:
        # Missing and not visible look the same: 404, as for any other household.
        return HouseholdPolicy(self.context["request"].user).get_visible_or_404(uuid=value)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("household") is not None and not attrs.get("relation"):
            raise serializers.ValidationError({"relation": ["Kies de relatie binnen het huishouden."]})
        attrs.setdefault("relation", Relation.HEAD)
        return attrs


class SearchSerializer(StrictSerializer):
    bsn = serializers.CharField(max_length=20, required=False, allow_blank=True)
    surname = serializers.CharField(max_length=100, required=False, allow_blank=True)
    birth_date = _date_field(False)
    postcode = serializers.CharField(max_length=7, required=False, allow_blank=True)
    house_number = _house_number_field(False)

    def validate_bsn(self, value: str) -> str:
        return _bsn(value) if value.strip() else ""

    def validate_postcode(self, value: str) -> str:
        return _postcode(value) if value.strip() else ""

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        has_address = bool(attrs.get("postcode") and attrs.get("house_number"))
        if (attrs.get("postcode") or attrs.get("house_number")) and not has_address:
            raise serializers.ValidationError("Zoek op postcode én huisnummer samen.")
        if not any(attrs.get(k) for k in ("bsn", "surname", "birth_date")) and not has_address:
            raise serializers.ValidationError("Vul minstens één zoekgegeven in.")
        return attrs


class BsnSerializer(StrictSerializer):
    bsn = _bsn_field()

    def validate_bsn(self, value: str) -> str:
        return _bsn(value)


class BreakGlassSerializer(BsnSerializer):
    reason = serializers.CharField(
        max_length=2000,
        help_text="Waarom u toegang nodig heeft (minstens 20 tekens).",
        error_messages={"required": "Vul de reden in.", "blank": "Vul de reden in."},
    )
