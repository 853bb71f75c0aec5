from django.conf import settings
from django.db import models

from .constants import RunStatus, Trigger


class JobRun(models.Model):
    """One run of a recurring job: when, how it went and a summary in counts (never personal data)."""

    name = models.CharField("taak", max_length=40)
    trigger = models.CharField(max_length=10, choices=Trigger.choices, default=Trigger.SCHEDULE)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=15, choices=RunStatus.choices, default=RunStatus.RUNNING)
    summary = models.CharField("uitkomst", max_length=300, blank=True)

    class Meta:
        verbose_name = "uitvoering"
        verbose_name_plural = "uitvoeringen"
        indexes = [models.Index(fields=["name", "-started_at"], name="job_run_latest")]

    def __str__(self) -> str:
        return f"{self.name} {self.started_at:%Y-%m-%d %H:%M}"


class JobLock(models.Model):
    """Who runs a job now, until when. Taken by one conditional UPDATE, so two workers (or a worker and a
    beheerder pressing "Nu uitvoeren") never run the same job at once; a lock whose holder died runs out."""

    name = models.CharField(max_length=40, primary_key=True)
    held_until = models.DateTimeField(null=True, blank=True)
    holder = models.CharField(max_length=100, blank=True)

    def __str__(self) -> str:
        return self.name


class WorkerHeartbeat(models.Model):
    """The last sign of life of each worker process (host and process id), for /healthz and the jobs page."""

    worker = models.CharField(max_length=100, primary_key=True)
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.worker
