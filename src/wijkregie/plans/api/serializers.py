"""Plans API serializers. Output serializers only read; input serializers only check the shape (Dutch
messages, values never echoed). References are uuids (a domain by its code); the views resolve them
within the household and the services decide and write."""

from typing import Any

from rest_framework import serializers

from wijkregie.core.api import StrictSerializer
from wijkregie.plans.constants import (
    ActionStatus,
    AgreementMethod,
    CaseDirector,
    GoalStatus,
    Performer,
    PlanOutcome,
    PlanStatus,
    Rung,
)
from wijkregie.plans.models import (
    Evaluation,
    Goal,
    GoalAttainment,
    Mdo,
    MdoDecision,
    MdoParticipant,
    Plan,
    PlanAction,
    PlanVersion,
)

DATE_INVALID = "Vul een geldige datum in (jjjj-mm-dd)."
CHOOSE = "Kies een waarde uit de lijst."


# -- output -------------------------------------------------------------------------------------------------
class PlanOrganisationRefSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    name = serializers.CharField(read_only=True)


class PlanMemberRefSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    full_name = serializers.CharField(read_only=True)


class PlanDomainRefSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)


def _status(choices: Any) -> serializers.CharField:
    """A status as plain text with its values in the description: several models have a field named
    "status" with their own choice sets, and one enum per name keeps the schema unambiguous."""
    values = ", ".join(f"`{value}` ({label})" for value, label in choices)
    return serializers.CharField(read_only=True, help_text=f"Een van: {values}.")


class PlanActionSerializer(serializers.ModelSerializer):
    goal = serializers.UUIDField(source="goal.uuid", read_only=True)
    status = _status(ActionStatus.choices)
    organisation = PlanOrganisationRefSerializer(read_only=True, allow_null=True)
    from_mdo_decision = serializers.UUIDField(
        source="from_mdo_decision.uuid", read_only=True, allow_null=True
    )

    class Meta:
        model = PlanAction
        fields = [
            "uuid",
            "goal",
            "rung",
            "description",
            "performer",
            "performer_name",
            "organisation",
            "provision",
            "case_director",
            "start_date",
            "end_date",
            "status",
            "maatwerk_reason",
            "from_mdo_decision",
            "version",
        ]


class PlanGoalSerializer(serializers.ModelSerializer):
    domain = PlanDomainRefSerializer(read_only=True)
    members = PlanMemberRefSerializer(many=True, read_only=True)
    actions = PlanActionSerializer(many=True, read_only=True)
    status = _status(GoalStatus.choices)

    class Meta:
        model = Goal
        fields = [
            "uuid",
            "description",
            "domain",
            "members",
            "status",
            "closed_on",
            "outcome_note",
            "actions",
            "version",
        ]


class PlanVersionSerializer(serializers.ModelSerializer):
    agreed_by = PlanMemberRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = PlanVersion
        fields = ["uuid", "number", "created_at", "agreed_on", "agreement_method", "agreed_by"]


class PlanSummarySerializer(serializers.ModelSerializer):
    household = serializers.UUIDField(source="household.uuid", read_only=True)
    status = _status(PlanStatus.choices)

    class Meta:
        model = Plan
        fields = [
            "uuid",
            "household",
            "status",
            "start_date",
            "evaluation_date",
            "family_group_plan",
            "current_version",
            "closed_on",
            "outcome",
        ]


class PlanSerializer(PlanSummarySerializer):
    goals = PlanGoalSerializer(many=True, read_only=True)
    versions = PlanVersionSerializer(many=True, read_only=True)

    class Meta(PlanSummarySerializer.Meta):
        fields = [*PlanSummarySerializer.Meta.fields, "goals", "versions"]


class MdoParticipantSerializer(serializers.ModelSerializer):
    organisation = PlanOrganisationRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = MdoParticipant
        fields = ["name", "organisation", "role"]


class MdoDecisionSerializer(serializers.ModelSerializer):
    actions: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="uuid", many=True, read_only=True
    )

    class Meta:
        model = MdoDecision
        fields = ["uuid", "text", "actions"]


class MdoSerializer(serializers.ModelSerializer):
    participants = MdoParticipantSerializer(many=True, read_only=True)
    decisions = MdoDecisionSerializer(many=True, read_only=True)

    class Meta:
        model = Mdo
        fields = ["uuid", "held_on", "discussed", "participants", "decisions"]


class GoalAttainmentSerializer(serializers.ModelSerializer):
    goal = serializers.UUIDField(source="goal.uuid", read_only=True)
    domain = PlanDomainRefSerializer(read_only=True)
    highest_rung = serializers.CharField(
        read_only=True,
        help_text="De zwaarste trede van de acties bij het doel (zie `rung`); leeg zonder acties.",
    )

    class Meta:
        model = GoalAttainment
        fields = ["goal", "score", "note", "domain", "highest_rung", "provisions"]


class PlanEvaluationSerializer(serializers.ModelSerializer):
    attainments = GoalAttainmentSerializer(many=True, read_only=True)

    class Meta:
        model = Evaluation
        fields = ["uuid", "held_on", "notes", "attainments"]


# -- input --------------------------------------------------------------------------------------------------
def _date(required: bool = True, message: str = "Vul de datum in.") -> serializers.DateField:
    return serializers.DateField(
        required=required,
        allow_null=not required,
        error_messages={"invalid": DATE_INVALID, "required": message, "null": message},
    )


def _choice(choices: Any, message: str, required: bool = True) -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=choices,
        required=required,
        error_messages={"invalid_choice": CHOOSE, "required": message, "null": message},
    )


def _text(message: str | None = None, max_length: int | None = None) -> serializers.CharField:
    if message is None:
        return serializers.CharField(required=False, allow_blank=True, max_length=max_length)
    errors: dict[str, Any] = {"required": message, "blank": message, "null": message}
    return serializers.CharField(max_length=max_length, error_messages=errors)


class PlanCreateInput(StrictSerializer):
    family_group_plan = serializers.BooleanField(required=False, default=False)


class PlanUpdateInput(StrictSerializer):
    evaluation_date = _date(message="Vul de evaluatiedatum in.")


class PlanActivateInput(StrictSerializer):
    start_date = _date(message="Vul de startdatum in.")
    evaluation_date = _date(message="Vul de evaluatiedatum in.")


class PlanAgreementInput(StrictSerializer):
    agreed_on = _date(message="Vul de datum van het akkoord in.")
    agreement_method = _choice(AgreementMethod.choices, "Kies hoe de inwoner akkoord gaf.")
    agreed_by = serializers.UUIDField(error_messages={"required": "Kies een lid van het huishouden."})


class PlanCloseInput(StrictSerializer):
    outcome = _choice(PlanOutcome.choices, "Kies de uitkomst van het plan.")
    closed_on = _date(message="Vul de datum van afsluiten in.")


class PlanGoalInput(StrictSerializer):
    description = _text("Beschrijf het doel.")
    domain = _text("Kies het leefgebied van dit doel.", max_length=60)
    members = serializers.ListField(
        child=serializers.UUIDField(), error_messages={"required": "Kies voor wie dit doel is."}
    )


class PlanActionInput(StrictSerializer):
    rung = _choice(Rung.choices, "Kies een trede van de ondersteuningsladder.")
    description = _text("Beschrijf de actie.")
    performer = _choice(Performer.choices, "Kies wie de actie uitvoert.")
    performer_name = _text(max_length=200)
    organisation = serializers.UUIDField(required=False, allow_null=True)
    provision = _text(max_length=200)
    case_director = _choice(CaseDirector.choices, "", required=False)
    start_date = _date(required=False)
    end_date = _date(required=False)
    status = serializers.CharField(
        required=False, help_text="Een van: " + ", ".join(f"`{v}`" for v in ActionStatus.values) + "."
    )
    maatwerk_reason = _text()


class MdoDecisionActionInput(PlanActionInput):
    goal = serializers.UUIDField(error_messages={"required": "Kies het doel van deze actie."})
    description = _text()


class MdoParticipantInput(StrictSerializer):
    name = _text("Vul de naam in.", max_length=200)
    organisation = serializers.UUIDField(required=False, allow_null=True)
    role = _text(max_length=150)


class MdoInput(StrictSerializer):
    held_on = _date(message="Vul de datum van het MDO in.")
    discussed = _text("Beschrijf wat er besproken is.")
    participants = MdoParticipantInput(many=True)


class MdoDecisionInput(StrictSerializer):
    text = _text("Beschrijf het besluit.")


class GoalAttainmentInput(StrictSerializer):
    goal = serializers.UUIDField()
    score = serializers.IntegerField(
        error_messages={"invalid": "Een doelrealisatie is een score van −2 tot en met +2."}
    )
    note = _text()
    status = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Om het doel af te sluiten: "
        + ", ".join(f"`{v}`" for v in GoalStatus.values if v != "open")
        + ".",
    )


class EvaluationDomainScoreInput(StrictSerializer):
    domain = _text("Kies het leefgebied.", max_length=60)
    value = serializers.IntegerField(allow_null=True)


class EvaluationRescoreInput(StrictSerializer):
    resident = serializers.UUIDField()
    scores = EvaluationDomainScoreInput(many=True)


class PlanEvaluationInput(StrictSerializer):
    held_on = _date(message="Vul de datum van de evaluatie in.")
    notes = _text()
    attainments = GoalAttainmentInput(many=True)
    rescoring = EvaluationRescoreInput(many=True, required=False)
    next_evaluation_date = _date(required=False)
