"""Assessment API serializers. Output serializers only read; input serializers only validate (Dutch
messages). Writes happen in assessment.services."""

from typing import Any

from rest_framework import serializers

from wijkregie.assessment.models import (
    ConversationReport,
    DomainScore,
    Instrument,
    InstrumentDomain,
    ScaleLevel,
    Scoring,
)
from wijkregie.core.api import StaffRefSerializer, StrictSerializer

DATE_MESSAGES: dict[str, Any] = {
    "invalid": "Vul een geldige datum in (jjjj-mm-dd).",
    "required": "Vul de datum in.",
    "null": "Vul de datum in.",
}
UUID_MESSAGES: dict[str, Any] = {"invalid": "Dit is geen geldige uuid.", "null": "Vul een uuid in."}


# -- output --------
class LevelSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScaleLevel
        fields = ["value", "label"]


class DomainSerializer(serializers.ModelSerializer):
    class Meta:
        model = InstrumentDomain
        fields = ["code", "name", "position"]


class InstrumentSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Instrument
        fields = ["uuid", "key", "name", "version", "builtin", "scale_min", "scale_max", "active"]

    builtin = serializers.SerializerMethodField(help_text="Waar voor een ingebouwd instrument.")

    def get_builtin(self, instrument: Instrument) -> bool:
        return instrument.municipality_id is None


class InstrumentSerializer(InstrumentSummarySerializer):
    class Meta(InstrumentSummarySerializer.Meta):
        fields = [*InstrumentSummarySerializer.Meta.fields, "levels", "domains"]

    levels = LevelSerializer(source="level_list", many=True, read_only=True)
    domains = DomainSerializer(source="domain_list", many=True, read_only=True)


class AnchorImportResultSerializer(serializers.Serializer):
    loaded = serializers.IntegerField(read_only=True, help_text="Het aantal ingelezen ankerteksten.")


class ScoredResidentSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    full_name = serializers.CharField(read_only=True)


class DomainScoreSerializer(serializers.ModelSerializer):
    class Meta:
        model = DomainScore
        fields = [
            "domain",
            "domain_name",
            "value",
            "score_label",
            "situation",
            "own_strength",
            "network_strength",
        ]

    domain = serializers.CharField(source="domain.code", read_only=True)
    domain_name = serializers.CharField(source="domain.name", read_only=True)
    score_label = serializers.SerializerMethodField(help_text="Het label van de score op de schaal.")

    def get_score_label(self, score: DomainScore) -> str:
        # context["labels"]: (instrument id, score) -> label, from selectors.scale_labels
        labels: dict[tuple[int, int], str] = self.context.get("labels", {})
        if score.value is None:
            return ""
        return labels.get((score.domain.instrument_id, score.value), "")


class ScoringSerializer(serializers.ModelSerializer):
    class Meta:
        model = Scoring
        fields = ["uuid", "resident", "instrument", "moment", "scored_on", "scored_by", "scores"]

    resident = ScoredResidentSerializer(read_only=True)
    instrument = serializers.CharField(source="instrument.key", read_only=True)
    scored_by = StaffRefSerializer(read_only=True, allow_null=True)
    scores = DomainScoreSerializer(source="score_list", many=True, read_only=True)


class ReportSerializer(serializers.ModelSerializer):
    # One component for list and detail, so the status enum has one home in the schema.
    class Meta:
        model = ConversationReport
        fields = [
            "uuid",
            "household",
            "instrument",
            "held_on",
            "held_by",
            "status",
            "finalised_at",
            "story",
            "wishes",
            "scorings",
        ]

    household = serializers.UUIDField(source="household.uuid", read_only=True)
    instrument = InstrumentSummarySerializer(read_only=True)
    held_by = StaffRefSerializer(read_only=True, allow_null=True)
    scorings = ScoringSerializer(source="scoring_list", many=True, read_only=True)


# -- input --------
class FileUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="Het bestand (JSON of CSV, hooguit 1 MB); zie docs/instruments.md.",
        error_messages={"required": "Kies een bestand.", "empty": "Het bestand is leeg."},
    )
    format = serializers.ChoiceField(
        choices=["json", "csv"],
        required=False,
        help_text="Leeg: afgeleid uit de bestandsnaam (.json of .csv).",
        error_messages={"invalid_choice": "Kies json of csv."},
    )


class ScaleDocSerializer(serializers.Serializer):
    min = serializers.IntegerField()
    max = serializers.IntegerField()
    labels = serializers.DictField(
        child=serializers.CharField(), help_text="Per score (als tekst) het label."
    )


class AnchorDocSerializer(serializers.Serializer):
    domain = serializers.CharField(help_text="De code van het leefgebied.")
    score = serializers.IntegerField()
    text = serializers.CharField()


class InstrumentFileSerializer(serializers.Serializer):
    # Documents the JSON body of an instrument import; the service itself reads and checks it.
    key = serializers.SlugField()
    name = serializers.CharField()
    version = serializers.CharField(required=False)
    scale = ScaleDocSerializer()
    domains = DomainSerializer(many=True)
    anchors = AnchorDocSerializer(many=True, required=False)


class AnchorFileSerializer(serializers.Serializer):
    # Documents the JSON body of an anchor text import.
    key = serializers.SlugField(required=False, help_text="Als meegestuurd: de sleutel van het instrument.")
    anchors = AnchorDocSerializer(many=True)


class ReportCreateSerializer(StrictSerializer):
    held_on = serializers.DateField(error_messages=DATE_MESSAGES)
    story = serializers.CharField(
        max_length=20000,
        error_messages={
            "required": "Schrijf het verhaal van het huishouden op.",
            "blank": "Schrijf het verhaal van het huishouden op.",
        },
    )
    wishes = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    instrument = serializers.UUIDField(
        required=False,
        help_text="Een instrument dat de gemeente van het huishouden gebruikt; leeg voor ZRM 2017.",
        error_messages=UUID_MESSAGES,
    )


class DomainScoreInputSerializer(StrictSerializer):
    domain = serializers.CharField(
        max_length=60, error_messages={"required": "Vul de code van het leefgebied in."}
    )
    value = serializers.IntegerField(
        allow_null=True, required=False, error_messages={"invalid": "De score is geen geheel getal."}
    )
    situation = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    own_strength = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    network_strength = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class ScoringCreateSerializer(StrictSerializer):
    resident = serializers.UUIDField(
        help_text="Een huidig lid van het huishouden.", error_messages=UUID_MESSAGES
    )
    scored_on = serializers.DateField(error_messages=DATE_MESSAGES)
    scores = DomainScoreInputSerializer(many=True)
