from django.conf import settings
from django.db import models
from django.db.models import F, Q

from wijkregie.core.models import BaseModel
from wijkregie.households.models import Household
from wijkregie.organisation.models import Team

from .constants import TaskKind, TaskStatus, Term


class Task(BaseModel):
    """A deadline on a worker's and a team's task list: a legal term, a plan date or a plain task.

    `due_on` is the current due date (after suspension and extension); `original_due_on` what the term
    first gave. `source_type`/`source_uuid` name what the task is about (a melding, a plan, an action)
    without a foreign key, so tasks stay below every other domain app."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="tasks")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="tasks")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="tasks"
    )
    kind = models.CharField("soort", max_length=20, choices=TaskKind.choices)
    term = models.CharField("termijn", max_length=40, choices=Term.choices, blank=True)
    title = models.CharField("taak", max_length=200)
    start_date = models.DateField("begin termijn")
    original_due_on = models.DateField("oorspronkelijke uiterste datum")
    due_on = models.DateField("uiterste datum")
    status = models.CharField("status", max_length=20, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    suspended_on = models.DateField("opgeschort sinds", null=True, blank=True)
    suspension_reason = models.CharField("reden opschorting", max_length=300, blank=True)
    suspended_days = models.PositiveIntegerField("dagen opgeschort", default=0)
    extension_reason = models.CharField("reden verlenging", max_length=300, blank=True)
    done_on = models.DateField("afgerond op", null=True, blank=True)
    source_type = models.CharField(max_length=60, blank=True)
    source_uuid = models.UUIDField(null=True, blank=True)
    # The day the overdue-terms job put "Termijn verstreken" on the timeline: once per task.
    overdue_recorded_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "taak"
        verbose_name_plural = "taken"
        indexes = [
            models.Index(fields=["assignee", "status", "due_on"], name="task_assignee_due"),
            models.Index(fields=["team", "status", "due_on"], name="task_team_due"),
            models.Index(fields=["household", "status"], name="task_household"),
            models.Index(fields=["source_uuid"], name="task_source"),
            # The task lists: open and suspended tasks per worker and per team in due-date order, so a
            # list of 100 reads 100 index entries however many tasks a team has.
            models.Index(
                fields=["assignee", "due_on", "id"],
                condition=Q(status__in=["open", "opgeschort"]),
                name="task_assignee_open_due",
            ),
            models.Index(
                fields=["team", "due_on", "id"],
                condition=Q(status__in=["open", "opgeschort"]),
                name="task_team_open_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(due_on__gte=F("start_date")), name="task_due_after_start"),
            models.CheckConstraint(
                condition=~Q(status="opgeschort") | Q(suspended_on__isnull=False),
                name="task_suspended_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Taak {self.uuid}"
