from rest_framework import serializers

from wijkregie.decisions.constants import DecisionKind, Outcome
from wijkregie.decisions.models import MaatwerkRequest, ReverseTest

# "outcome" is a plain string in the schema: the plan's outcome already owns that enum name, and the
# enum naming overrides live in the lead's settings. The service checks the value (Dutch 400).
OUTCOME_HELP = "Een van: " + ", ".join(Outcome.values)


class ReverseTestSerializer(serializers.ModelSerializer):
    outcome = serializers.CharField(read_only=True, help_text=OUTCOME_HELP)
    decided_by = serializers.CharField(source="decided_by.display_name", default=None, read_only=True)
    approved_by = serializers.CharField(source="approved_by.display_name", default=None, read_only=True)

    class Meta:
        model = ReverseTest
        fields = [
            "question_situation",
            "needed_outcome",
            "own_strength_network_general",
            "why_not_enough",
            "law_intent",
            "outcome_fits_law",
            "rules",
            "decision_kind",
            "deviation_motivation",
            "outcome",
            "decided_on",
            "decided_by",
            "approval_needed",
            "approved_by",
            "approved_on",
        ]
        read_only_fields = fields


class MaatwerkRequestSerializer(serializers.ModelSerializer):
    household = serializers.UUIDField(source="household.uuid", read_only=True)
    resident = serializers.UUIDField(source="resident.uuid", read_only=True)
    provision = serializers.UUIDField(source="provision.uuid", read_only=True)
    plan_action = serializers.UUIDField(source="plan_action.uuid", default=None, read_only=True)
    reverse_test = ReverseTestSerializer(read_only=True)

    class Meta:
        model = MaatwerkRequest
        fields = [
            "uuid",
            "household",
            "resident",
            "provision",
            "plan_action",
            "law",
            "received_on",
            "status",
            "urgent",
            "temporary_provision_note",
            "reverse_test",
        ]
        read_only_fields = fields


class RequestCreateInput(serializers.Serializer):
    resident = serializers.UUIDField()
    provision = serializers.UUIDField()
    plan_action = serializers.UUIDField(required=False, allow_null=True)
    received_on = serializers.DateField()
    urgent = serializers.BooleanField(required=False, default=False)
    temporary_provision_note = serializers.CharField(required=False, allow_blank=True, default="")


class ReverseTestInput(serializers.Serializer):
    question_situation = serializers.CharField(required=False, allow_blank=True)
    needed_outcome = serializers.CharField(required=False, allow_blank=True)
    own_strength_network_general = serializers.CharField(required=False, allow_blank=True)
    why_not_enough = serializers.CharField(required=False, allow_blank=True)
    law_intent = serializers.CharField(required=False, allow_blank=True)
    outcome_fits_law = serializers.BooleanField(required=False, allow_null=True)
    rules = serializers.CharField(required=False, allow_blank=True)


class DecideInput(serializers.Serializer):
    outcome = serializers.CharField(help_text=OUTCOME_HELP)
    decision_kind = serializers.ChoiceField(choices=DecisionKind.choices)
    deviation_motivation = serializers.CharField(required=False, allow_blank=True, default="")
    decided_on = serializers.DateField()
