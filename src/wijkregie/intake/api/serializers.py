"""Intake API serializers. Output serializers only read; input serializers only check the shape, the services
validate the content (Dutch messages, never echoing a value). Choice values are plain strings here (listed
in the help text) so that no enum name collides with another app's in the OpenAPI document."""

from typing import Any

from rest_framework import serializers

from wijkregie.core.api import QuerySerializer, StrictSerializer, TeamRefSerializer
from wijkregie.intake.constants import (
    AcuteThreat,
    Law,
    MeldingChannel,
    MeldingStatus,
    MultiProblem,
    RouteTarget,
    Urgency,
)
from wijkregie.intake.models import Melding, Routing, TriageRule


def _values(choices: Any) -> str:
    return ", ".join(f"`{value}`" for value in choices.values if value) or "-"


def _choice(choices: Any, label: str, *, required: bool = True, **kwargs: Any) -> serializers.CharField:
    return serializers.CharField(
        required=required,
        allow_blank=not required,
        max_length=40,
        help_text=f"{label}: één van {_values(choices)}.",
        error_messages={"required": f"Vul {label.lower()} in.", "blank": f"Vul {label.lower()} in."},
        **kwargs,
    )


def _choice_list(choices: Any, label: str, *, required: bool = False) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.CharField(max_length=40),
        required=required,
        allow_empty=not required,
        help_text=f"{label}: een lijst met waarden uit {_values(choices)}.",
        error_messages={
            "required": f"Vul {label.lower()} in.",
            "empty": "Kies minstens één wet, of `geen`.",
            "not_a_list": "Stuur een lijst.",
        },
    )


# -- output --------------------------------------------------------------------------------------------------
class MeldingRuleRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = TriageRule
        fields = ["uuid", "name"]


class MeldingRoutingSerializer(serializers.ModelSerializer):
    target = serializers.CharField(read_only=True, help_text=f"Eén van {_values(RouteTarget)}.")
    team = TeamRefSerializer(read_only=True)
    from_team = TeamRefSerializer(read_only=True, allow_null=True)
    rule = MeldingRuleRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Routing
        fields = ["uuid", "target", "team", "from_team", "rule", "reason", "is_rerouting", "routed_at"]


class MeldingResidentSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    full_name = serializers.CharField(read_only=True)


class MeldingSummarySerializer(serializers.ModelSerializer):
    household = serializers.UUIDField(source="household.uuid", read_only=True)
    resident = MeldingResidentSerializer(read_only=True)
    channel = serializers.CharField(read_only=True, help_text=f"Eén van {_values(MeldingChannel)}.")
    laws = serializers.ListField(child=serializers.CharField(), read_only=True, help_text=_values(Law))
    urgency = serializers.CharField(read_only=True, help_text=f"Eén van {_values(Urgency)}.")
    status = serializers.CharField(read_only=True, help_text=f"Eén van {_values(MeldingStatus)}.")
    team = TeamRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Melding
        fields = [
            "uuid",
            "household",
            "resident",
            "received_on",
            "channel",
            "laws",
            "urgency",
            "status",
            "team",
        ]


class MeldingInboxSerializer(MeldingSummarySerializer):
    routed_reason = serializers.CharField(read_only=True, allow_null=True)

    class Meta(MeldingSummarySerializer.Meta):
        fields = [*MeldingSummarySerializer.Meta.fields, "routed_reason"]


class MeldingDetailSerializer(MeldingSummarySerializer):
    acute_threat = serializers.CharField(read_only=True, help_text=f"Leeg of één van {_values(AcuteThreat)}.")
    routings = MeldingRoutingSerializer(many=True, read_only=True)

    class Meta(MeldingSummarySerializer.Meta):
        fields = [
            *MeldingSummarySerializer.Meta.fields,
            "question",
            "life_domain_count",
            "acute_threat",
            "reporter_name",
            "reporter_contact",
            "resident_informed",
            "routings",
        ]


class TriageRuleSerializer(serializers.ModelSerializer):
    channels = serializers.ListField(child=serializers.CharField(), read_only=True)
    laws = serializers.ListField(child=serializers.CharField(), read_only=True)
    urgencies = serializers.ListField(child=serializers.CharField(), read_only=True)
    multi_problem = serializers.CharField(
        read_only=True, help_text=f"Leeg of één van {_values(MultiProblem)}."
    )
    target = serializers.CharField(read_only=True, help_text=f"Eén van {_values(RouteTarget)}.")

    class Meta:
        model = TriageRule
        fields = [
            "uuid",
            "position",
            "name",
            "active",
            "channels",
            "laws",
            "urgencies",
            "multi_problem",
            "acute_threat",
            "target",
            "reason",
            "version",
        ]


class TriageCheckSerializer(serializers.Serializer):
    rule = MeldingRuleRefSerializer(read_only=True)
    matches = serializers.BooleanField(read_only=True)
    failed = serializers.ListField(child=serializers.CharField(), read_only=True)


class TriageTrialResultSerializer(serializers.Serializer):
    target = serializers.CharField(read_only=True)
    reason = serializers.CharField(read_only=True)
    rule = MeldingRuleRefSerializer(read_only=True, allow_null=True)
    checks = TriageCheckSerializer(many=True, read_only=True)


SMALL_COUNT = "null: 1 tot 4, verborgen (regel voor kleine aantallen), of af te leiden uit zo'n aantal"


def _count() -> serializers.IntegerField:
    return serializers.IntegerField(read_only=True, allow_null=True, help_text=SMALL_COUNT)


class RoutingStatsRowSerializer(serializers.Serializer):
    key = serializers.CharField(read_only=True)
    name = serializers.CharField(source="label", read_only=True)
    count = _count()
    rerouted = _count()
    percentage = serializers.FloatField(read_only=True, allow_null=True, help_text=SMALL_COUNT)


class RoutingStatsSerializer(serializers.Serializer):
    municipality = serializers.UUIDField(read_only=True)
    date_from = serializers.DateField(read_only=True)
    date_to = serializers.DateField(read_only=True)
    total = _count()
    rerouted = _count()
    reroutings = _count()
    percentage = serializers.FloatField(read_only=True, allow_null=True, help_text=SMALL_COUNT)
    suppressed = serializers.BooleanField(read_only=True, help_text="Er zijn aantallen verborgen.")
    per_target = RoutingStatsRowSerializer(many=True, read_only=True)
    per_channel = RoutingStatsRowSerializer(many=True, read_only=True)
    per_month = RoutingStatsRowSerializer(many=True, read_only=True)


# -- input ---------------------------------------------------------------------------------------------------
class MeldingInputSerializer(StrictSerializer):
    channel = _choice(MeldingChannel, "Kanaal")
    question = serializers.CharField(
        max_length=10000,
        help_text="De vraag in de woorden van de inwoner.",
        error_messages={
            "required": "Beschrijf de vraag in de woorden van de inwoner.",
            "blank": "Beschrijf de vraag in de woorden van de inwoner.",
        },
    )
    laws = _choice_list(Law, "Wetten", required=True)
    life_domain_count = serializers.IntegerField(
        required=False,
        default=1,
        help_text="Op hoeveel leefgebieden de vraag speelt (1 tot 13).",
        error_messages={"invalid": "Vul een getal in."},
    )
    urgency = _choice(Urgency, "Urgentie")
    acute_threat = _choice(AcuteThreat, "Acute dreiging", required=False)
    reporter_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    reporter_contact = serializers.CharField(max_length=200, required=False, allow_blank=True)
    resident_informed = serializers.BooleanField(
        help_text="Weet de inwoner van de melding?",
        error_messages={
            "required": "Geef aan of de inwoner van de melding weet.",
            "invalid": "Kies true of false.",
        },
    )
    received_on = serializers.DateField(
        required=False,
        help_text="jjjj-mm-dd; leeg is vandaag.",
        error_messages={"invalid": "Vul een geldige datum in (jjjj-mm-dd)."},
    )


class MeldingCreateSerializer(MeldingInputSerializer):
    resident = serializers.UUIDField(
        help_text="Het lid van het huishouden over wie de melding gaat.",
        error_messages={
            "required": "Kies het lid van het huishouden.",
            "invalid": "Dit is geen geldige uuid.",
        },
    )


class RerouteSerializer(StrictSerializer):
    target = _choice(RouteTarget, "Bestemming")
    reason = serializers.CharField(
        max_length=300,
        help_text="Waarom de melding ergens anders hoort (minstens 10 tekens).",
        error_messages={"required": "Vul de reden in.", "blank": "Vul de reden in."},
    )


class TriageRuleInputSerializer(StrictSerializer):
    name = serializers.CharField(
        max_length=150,
        error_messages={"required": "Geef de regel een naam.", "blank": "Geef de regel een naam."},
    )
    channels = _choice_list(MeldingChannel, "Kanalen")
    laws = _choice_list(Law, "Wetten")
    urgencies = _choice_list(Urgency, "Urgenties")
    multi_problem = _choice(MultiProblem, "Leefgebieden", required=False)
    acute_threat = serializers.BooleanField(required=False, default=False)
    target = _choice(RouteTarget, "Bestemming")
    reason = serializers.CharField(
        max_length=300,
        error_messages={
            "required": "Schrijf de reden op: die staat bij elke routering door deze regel.",
            "blank": "Schrijf de reden op: die staat bij elke routering door deze regel.",
        },
    )
    active = serializers.BooleanField(required=False, default=True)


class TriageMoveSerializer(StrictSerializer):
    direction = serializers.CharField(
        max_length=10,
        help_text="`up` of `down`.",
        error_messages={"required": "Kies omhoog of omlaag.", "blank": "Kies omhoog of omlaag."},
    )


class TriageTrialSerializer(StrictSerializer):
    channel = _choice(MeldingChannel, "Kanaal")
    laws = _choice_list(Law, "Wetten", required=True)
    urgency = _choice(Urgency, "Urgentie")
    life_domain_count = serializers.IntegerField(
        required=False, default=1, min_value=1, error_messages={"invalid": "Vul een getal in."}
    )
    acute_threat = serializers.BooleanField(required=False, default=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        errors: dict[str, list[str]] = {}
        if attrs["channel"] not in MeldingChannel.values:
            errors["channel"] = ["Kies alleen uit de lijst."]
        if attrs["urgency"] not in Urgency.values:
            errors["urgency"] = ["Kies alleen uit de lijst."]
        if any(law not in Law.values for law in attrs["laws"]):
            errors["laws"] = ["Kies alleen uit de lijst."]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class RoutingStatsQuerySerializer(QuerySerializer):
    municipality = serializers.UUIDField(
        required=False, error_messages={"invalid": "Dit is geen geldige uuid."}
    )
    date_from = serializers.DateField(
        required=False, error_messages={"invalid": "Vul een geldige datum in (jjjj-mm-dd)."}
    )
    date_to = serializers.DateField(
        required=False, error_messages={"invalid": "Vul een geldige datum in (jjjj-mm-dd)."}
    )
