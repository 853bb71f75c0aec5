import uuid

from django.conf import settings
from django.db import models

from .constants import Action, Channel


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Het auditlogboek kan niet worden gewijzigd.")

    def delete(self):
        raise PermissionError("Het auditlogboek kan niet worden verwijderd.")


class AuditEvent(models.Model):
    """Append-only: who did what to which object of which household, when and through which channel.

    Holds identifiers and field names only: never a BSN, a name or free text. The break-the-glass reason
    lives on the grant (households.BreakGlassGrant) and is shown to reviewers from there.
    A database trigger refuses UPDATE on both SQLite and PostgreSQL (migration 0002).
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    occurred_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    actor_role = models.CharField(max_length=20, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.WEB)
    object_type = models.CharField(max_length=60)
    object_uuid = models.UUIDField(null=True)
    household_uuid = models.UUIDField(null=True)
    break_glass = models.BooleanField(default=False)
    fields = models.JSONField(default=list, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "auditregel"
        verbose_name_plural = "auditlogboek"
        indexes = [
            models.Index(fields=["household_uuid", "-occurred_at"], name="audit_household"),
            models.Index(fields=["actor", "-occurred_at"], name="audit_actor"),
            models.Index(fields=["break_glass", "-occurred_at"], name="audit_break_glass"),
            models.Index(fields=["object_uuid"], name="audit_object"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("Het auditlogboek kan niet worden gewijzigd.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Het auditlogboek kan niet worden verwijderd.")
