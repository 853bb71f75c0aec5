from rest_framework import serializers

from wijkregie.core.api import StaffRefSerializer, StrictSerializer
from wijkregie.decisions.constants import DecisionKind, DeliveryForm, Outcome
from wijkregie.decisions.models import Beschikking, MaatwerkRequest, ReverseTest
from wijkregie.decisions.services import MAX_CENTS, MAX_QUANTITY

# "outcome" is a plain string in the schema: the plan's outcome already owns that enum name, and the
# enum naming overrides live in the lead's settings. The service checks the value (Dutch 400).
OUTCOME_HELP = "Een van: " + ", ".join(Outcome.values)


class ReverseTestSerializer(serializers.ModelSerializer):
    outcome = serializers.CharField(read_only=True, help_text=OUTCOME_HELP)
    decided_by = serializers.CharField(
        source="decided_by.display_name", default=None, read_only=True, allow_null=True
    )
    approved_by = serializers.CharField(
        source="approved_by.display_name", default=None, read_only=True, allow_null=True
    )

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
            "sent_back_reason",
            "version",
        ]
        read_only_fields = fields


class BeschikkingSerializer(serializers.ModelSerializer):
    signed_by = serializers.CharField(
        source="signed_by.display_name", default=None, read_only=True, allow_null=True
    )
    letter_available = serializers.SerializerMethodField(help_text="Of de ondertekende brief klaarstaat.")

    class Meta:
        model = Beschikking
        fields = [
            "uuid",
            "reference",
            "start_date",
            "end_date",
            "volume",
            "unit",
            "frequency",
            "bandwidth_min",
            "bandwidth_max",
            "budget_cents",
            "delivery_form",
            "provider_choice",
            "yearly_cents",
            "motivation",
            "signed_by",
            "signed_on",
            "letter_available",
        ]
        read_only_fields = fields

    def get_letter_available(self, obj: Beschikking) -> bool:
        return obj.signed_on is not None


class MaatwerkRequestSerializer(serializers.ModelSerializer):
    household = serializers.UUIDField(source="household.uuid", read_only=True)
    resident = serializers.UUIDField(source="resident.uuid", read_only=True)
    provision = serializers.UUIDField(source="provision.uuid", read_only=True)
    plan_action = serializers.UUIDField(
        source="plan_action.uuid", default=None, read_only=True, allow_null=True
    )
    previous = serializers.UUIDField(source="previous.uuid", default=None, read_only=True, allow_null=True)
    reverse_test = ReverseTestSerializer(read_only=True, default=None, allow_null=True)
    beschikking = BeschikkingSerializer(read_only=True, default=None, allow_null=True)

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
            "reason",
            "previous",
            "withdrawn_on",
            "withdrawal_reason",
            "reverse_test",
            "beschikking",
        ]
        read_only_fields = fields


class RequestCreateInput(StrictSerializer):
    resident = serializers.UUIDField()
    provision = serializers.UUIDField()
    plan_action = serializers.UUIDField(required=False, allow_null=True)
    received_on = serializers.DateField()
    urgent = serializers.BooleanField(required=False, default=False)
    temporary_provision_note = serializers.CharField(required=False, allow_blank=True, default="")


class ReverseTestInput(StrictSerializer):
    question_situation = serializers.CharField(required=False, allow_blank=True)
    needed_outcome = serializers.CharField(required=False, allow_blank=True)
    own_strength_network_general = serializers.CharField(required=False, allow_blank=True)
    why_not_enough = serializers.CharField(required=False, allow_blank=True)
    law_intent = serializers.CharField(required=False, allow_blank=True)
    outcome_fits_law = serializers.BooleanField(required=False, allow_null=True)
    rules = serializers.CharField(required=False, allow_blank=True)


class DecideInput(StrictSerializer):
    outcome = serializers.CharField(help_text=OUTCOME_HELP)
    decision_kind = serializers.ChoiceField(choices=DecisionKind.choices)
    deviation_motivation = serializers.CharField(required=False, allow_blank=True, default="")
    decided_on = serializers.DateField()
    start_date = serializers.DateField(required=False, allow_null=True, default=None)
    end_date = serializers.DateField(required=False, allow_null=True, default=None)
    volume = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=MAX_QUANTITY
    )
    bandwidth_min = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0, max_value=MAX_QUANTITY
    )
    bandwidth_max = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=MAX_QUANTITY
    )
    budget_cents = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=MAX_CENTS
    )
    delivery_form = serializers.ChoiceField(
        choices=DeliveryForm.choices, required=False, default=DeliveryForm.IN_KIND
    )
    provider_choice = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    letter_motivation = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=5000,
        help_text="De motivering in de brief, voor de inwoner geschreven (‘u’); leeg: de standaardtekst bij "
        "de uitkomst. Nooit de interne tekst van de omgekeerde toets.",
    )


class SendBackInput(StrictSerializer):
    reason = serializers.CharField(help_text="Waarom de tweede ondertekenaar niet tekent.")


class WithdrawInput(StrictSerializer):
    reason = serializers.CharField(help_text="Waarom de inwoner de aanvraag intrekt.")


class MaatwerkSignerSerializer(StaffRefSerializer):
    max_yearly_cents = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Tot dit jaarbedrag in eurocent; null: zonder bovengrens."
    )


class SignersSerializer(serializers.Serializer):
    deciders = MaatwerkSignerSerializer(
        many=True, help_text="Wie met mandaat over deze aanvraag mag besluiten, en tot welk jaarbedrag."
    )
    cosigners = MaatwerkSignerSerializer(
        many=True,
        help_text="Wie de tweede handtekening mag zetten (afwijking, boven het jaarbedrag of een onbekend "
        "bedrag); na het besluit zonder wie besloot.",
    )
    four_eyes_above_cents = serializers.IntegerField(help_text="Tweede handtekening boven dit jaarbedrag.")
