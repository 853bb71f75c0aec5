"""Shapes of the vroegsignalering API. They validate and shape; the services check and write."""

from typing import Any

from rest_framework import serializers

from wijkregie.core.api import QuerySerializer, StrictSerializer

from ..constants import CaseResult, ContactKind, DayPart, HandoverLine, PartnerType

DATE_ERRORS: dict[str, Any] = {"invalid": "Vul een datum in als jjjj-mm-dd.", "required": "Vul een datum in."}


class SignalFileInput(serializers.Serializer):
    municipality = serializers.UUIDField(
        help_text="Uuid van de gemeente.",
        error_messages={"invalid": "Geef een geldige uuid.", "required": "Kies de gemeente."},
    )
    partner = serializers.UUIDField(
        required=False, help_text="Uuid van de signaalpartner (voor een CSV zonder kolom soort).",
        error_messages={"invalid": "Geef een geldige uuid."},
    )  # fmt: skip
    file = serializers.FileField(
        help_text="JSON volgens de DDAS-vroegsignalen (v1.2) of de CSV van een signaalpartner.",
        error_messages={"required": "Stuur een bestand mee.", "empty": "Het bestand is leeg."},
    )


class SignalFileSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    name = serializers.CharField(read_only=True)
    file_format = serializers.CharField(read_only=True)
    signal_count = serializers.IntegerField(read_only=True)
    received_at = serializers.DateTimeField(read_only=True)
    repeated = serializers.BooleanField(
        read_only=True, help_text="Dit bestand was al ingelezen; er veranderde niets."
    )


class MatchingRunInput(StrictSerializer):
    municipality = serializers.UUIDField(
        error_messages={"invalid": "Geef een geldige uuid.", "required": "Kies de gemeente."}
    )
    period_start = serializers.DateField(error_messages=DATE_ERRORS)
    period_end = serializers.DateField(error_messages=DATE_ERRORS)


class MatchingRunSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    period_start = serializers.DateField(read_only=True)
    period_end = serializers.DateField(read_only=True)
    matched_on = serializers.DateField(read_only=True)
    counts = serializers.DictField(
        read_only=True, help_text="Signalen, uitkomst per status, nieuwe en aangevulde zaken."
    )


class CaseQuerySerializer(QuerySerializer):
    district = serializers.UUIDField(required=False, error_messages={"invalid": "Geef een geldige uuid."})
    partner_type = serializers.ChoiceField(
        choices=PartnerType.choices,
        required=False,
        error_messages={"invalid_choice": "Kies een soort signaalpartner."},
    )
    multiple = serializers.ChoiceField(
        choices=[("enkel", "enkel"), ("meervoudig", "meervoudig")], required=False,
        error_messages={"invalid_choice": "Kies enkel of meervoudig."},
    )  # fmt: skip
    crisis = serializers.BooleanField(
        required=False, default=False, error_messages={"invalid": "Kies true of false."}
    )
    closed = serializers.BooleanField(
        required=False, default=False, error_messages={"invalid": "Kies true of false."}
    )


class PersonSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    name = serializers.CharField(source="full_name", read_only=True)
    address = serializers.CharField(source="address_line", read_only=True)
    phone = serializers.CharField(read_only=True)
    email = serializers.CharField(read_only=True)


class SignalSerializer(serializers.Serializer):
    id = serializers.CharField(source="external_id", read_only=True)
    partner_type = serializers.CharField(read_only=True)
    amount = serializers.IntegerField(read_only=True, help_text="Hele euro's.")
    signal_date = serializers.DateField(read_only=True)
    crisis = serializers.BooleanField(read_only=True)
    warm_handover = serializers.BooleanField(read_only=True)
    resident = serializers.UUIDField(source="resident.uuid", read_only=True)


class AttemptSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    kind = serializers.CharField(read_only=True)
    made_on = serializers.DateField(read_only=True)
    day_part = serializers.CharField(read_only=True)
    reached = serializers.BooleanField(read_only=True)


class CaseSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    version = serializers.IntegerField(read_only=True)
    period_start = serializers.DateField(read_only=True)
    period_end = serializers.DateField(read_only=True)
    matched_on = serializers.DateField(read_only=True)
    district = serializers.CharField(source="district.name", read_only=True, allow_null=True, default=None)
    team = serializers.CharField(source="team.name", read_only=True)
    crisis = serializers.BooleanField(read_only=True)
    signal_count = serializers.IntegerField(read_only=True)
    total_amount = serializers.IntegerField(read_only=True, help_text="Hele euro's.")
    partner_types = serializers.ListField(child=serializers.CharField(), read_only=True)
    picked_up_on = serializers.DateField(read_only=True, allow_null=True)
    result = serializers.CharField(read_only=True)
    result_on = serializers.DateField(read_only=True, allow_null=True)
    contact_due = serializers.DateField(read_only=True)
    analysis_due = serializers.DateField(read_only=True)


class CaseDetailSerializer(CaseSerializer):
    people = PersonSerializer(many=True, read_only=True)
    signals = SignalSerializer(many=True, read_only=True)
    attempts = AttemptSerializer(many=True, read_only=True)
    melding = serializers.UUIDField(source="melding.uuid", read_only=True, allow_null=True, default=None)


class AttemptInput(StrictSerializer):
    kind = serializers.ChoiceField(
        choices=ContactKind.choices, error_messages={"invalid_choice": "Kies de soort contact uit de lijst."}
    )
    made_on = serializers.DateField(error_messages=DATE_ERRORS)
    day_part = serializers.ChoiceField(
        choices=DayPart.choices, error_messages={"invalid_choice": "Kies Ochtend, Middag of Avond."}
    )
    reached = serializers.BooleanField(
        error_messages={"invalid": "Kies true of false.", "required": "Geef aan of de inwoner is bereikt."}
    )


class PickUpInput(StrictSerializer):
    picked_up_on = serializers.DateField(required=False, error_messages=DATE_ERRORS)


class CloseInput(StrictSerializer):
    result = serializers.ChoiceField(
        choices=CaseResult.choices, error_messages={"invalid_choice": "Kies het eindresultaat uit de lijst."}
    )
    result_on = serializers.DateField(error_messages=DATE_ERRORS)
    handover_line = serializers.ChoiceField(
        choices=HandoverLine.choices,
        required=False,
        error_messages={"invalid_choice": "Kies eerstelijn of tweedelijn."},
    )
    question = serializers.CharField(required=False, max_length=2000, allow_blank=True)
