"""Tasks API serializers: output only reads, input only validates (Dutch messages); writes happen in
tasks.services. uuids only."""

from typing import Any
from uuid import UUID

from django.contrib.auth import get_user_model
from rest_framework import serializers

from wijkregie.core.api import StaffRefSerializer, StrictSerializer, TeamRefSerializer
from wijkregie.tasks.constants import TaskKind, TaskStatus, Term
from wijkregie.tasks.models import Task

UNKNOWN_STAFF = "Er is geen actieve medewerker met deze uuid."
INVALID_UUID = "Dit is geen geldige uuid."
DATE_INVALID = "Vul een geldige datum in (jjjj-mm-dd)."


# -- output ------------------------------------------------------------------------------------------------
class TaskSerializer(serializers.ModelSerializer):
    class Meta:
        model = Task
        fields = [
            "uuid",
            "household",
            "kind",
            "term",
            "title",
            "basis",
            "start_date",
            "original_due_on",
            "due_on",
            "status",
            "is_overdue",
            "is_due_soon",
            "suspended_on",
            "suspension_reason",
            "suspended_days",
            "extension_reason",
            "can_extend",
            "extension_limit",
            "done_on",
            "team",
            "assignee",
        ]

    household = serializers.UUIDField(source="household.uuid", read_only=True)
    kind = serializers.ChoiceField(choices=TaskKind.choices, read_only=True)
    term = serializers.ChoiceField(choices=[("", "Geen"), *Term.choices], read_only=True)
    status = serializers.ChoiceField(choices=TaskStatus.choices, read_only=True)
    basis = serializers.CharField(read_only=True, help_text="De wettelijke grondslag van een termijn.")
    is_overdue = serializers.BooleanField(read_only=True, help_text="Open en de uiterste datum is voorbij.")
    is_due_soon = serializers.BooleanField(
        read_only=True, help_text="Open en de uiterste datum valt binnen 3 werkdagen."
    )
    can_extend = serializers.BooleanField(read_only=True, help_text="De wet staat verlenging toe.")
    extension_limit = serializers.DateField(
        read_only=True, allow_null=True, help_text="De uiterste datum waartoe verlengd kan worden."
    )
    team = TeamRefSerializer(read_only=True, allow_null=True)
    assignee = StaffRefSerializer(read_only=True, allow_null=True)


class WorkerLoadSerializer(serializers.Serializer):
    worker = StaffRefSerializer(read_only=True)
    households = serializers.IntegerField(read_only=True)
    weight = serializers.IntegerField(read_only=True, help_text="Som van de zwaarte (1 licht, 2, 3 zwaar).")
    regie = serializers.IntegerField(
        read_only=True, help_text="Huishoudens waarvan de medewerker regisseur is."
    )
    open_tasks = serializers.IntegerField(read_only=True)
    overdue_tasks = serializers.IntegerField(read_only=True)


class UnassignedSerializer(serializers.Serializer):
    household = serializers.UUIDField(source="household.uuid", read_only=True)
    district = serializers.CharField(source="household.district.name", read_only=True)
    complexity = serializers.IntegerField(source="household.complexity", read_only=True)
    started_at = serializers.DateTimeField(read_only=True)


class TeamCaseloadSerializer(serializers.Serializer):
    team = TeamRefSerializer(read_only=True)
    households = serializers.IntegerField(read_only=True)
    weight = serializers.IntegerField(read_only=True)
    unassigned_count = serializers.IntegerField(read_only=True)
    unassigned = UnassignedSerializer(many=True, read_only=True, help_text="De 50 die het langst wachten.")
    workers = WorkerLoadSerializer(many=True, read_only=True)


# -- input ---------------------------------------------------------------------------------------------------
def _date(required: bool, message: str = "Vul de datum in.") -> serializers.DateField:
    return serializers.DateField(
        required=required,
        error_messages={"invalid": DATE_INVALID, "required": message, "null": message},
    )


def _reason() -> serializers.CharField:
    return serializers.CharField(
        max_length=300,
        help_text="Minstens 10 tekens.",
        error_messages={
            "required": "Vul de reden in.",
            "blank": "Vul de reden in.",
            "null": "Vul de reden in.",
            "max_length": "De reden mag hooguit 300 tekens lang zijn.",
        },
    )


def staff_by_uuid(value: UUID | None) -> Any:
    if value is None:
        return None
    user = get_user_model().objects.filter(uuid=value, is_active=True).first()
    if user is None:
        raise serializers.ValidationError(UNKNOWN_STAFF)
    return user


class TaskCreateSerializer(StrictSerializer):
    household = serializers.UUIDField(
        error_messages={"required": "Kies het huishouden.", "invalid": INVALID_UUID}
    )
    title = serializers.CharField(
        max_length=200,
        error_messages={
            "required": "Vul de taak in.",
            "blank": "Vul de taak in.",
            "max_length": "De taak mag hooguit 200 tekens lang zijn.",
        },
    )
    due_on = _date(True, "Vul de uiterste datum in.")
    team = serializers.UUIDField(
        required=False,
        help_text="Een van uw teams met het huishouden in de werkvoorraad; standaard de eerste.",
        error_messages={"invalid": INVALID_UUID},
    )
    assignee = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text="Een lid van het team; leeg of null voor het team.",
        error_messages={"invalid": INVALID_UUID},
    )

    def validate_assignee(self, value: UUID | None) -> Any:
        return staff_by_uuid(value)


class SuspendSerializer(StrictSerializer):
    reason = _reason()
    on = _date(False)


class ResumeSerializer(StrictSerializer):
    on = _date(False)


class ExtendSerializer(StrictSerializer):
    new_due_on = _date(True, "Vul de nieuwe uiterste datum in.")
    reason = _reason()


class ReassignSerializer(StrictSerializer):
    assignee = serializers.UUIDField(
        allow_null=True,
        help_text="Een lid van het team van de taak; null om de taak in de wachtrij van het team te zetten.",
        error_messages={"required": "Kies een medewerker (of null).", "invalid": INVALID_UUID},
    )

    def validate_assignee(self, value: UUID | None) -> Any:
        return staff_by_uuid(value)


# -- a household's worker ------------------------------------------------------------------------------
class AssignmentSerializer(StrictSerializer):
    worker = serializers.UUIDField(
        allow_null=True,
        help_text="De medewerker uit het team; null: de open taken gaan naar de regisseur of de wachtrij "
        "van het team.",
        error_messages={"required": "Kies een medewerker (of null).", "invalid": "Dit is geen geldige uuid."},
    )
    regisseur = serializers.UUIDField(
        required=False,
        help_text="Optioneel: de nieuwe regisseur van het huishouden.",
        error_messages={"invalid": "Dit is geen geldige uuid.", "null": "Kies een regisseur."},
    )

    @staticmethod
    def _staff(value: UUID) -> Any:
        user = get_user_model().objects.filter(uuid=value, is_active=True).first()
        if user is None:
            raise serializers.ValidationError(UNKNOWN_STAFF)
        return user

    def validate_worker(self, value: UUID | None) -> Any:
        return None if value is None else self._staff(value)

    def validate_regisseur(self, value: UUID) -> Any:
        return self._staff(value)


class AssignmentResultSerializer(serializers.Serializer):
    team = TeamRefSerializer(read_only=True)
    worker = StaffRefSerializer(read_only=True, allow_null=True)
    regisseur = StaffRefSerializer(read_only=True, allow_null=True)
