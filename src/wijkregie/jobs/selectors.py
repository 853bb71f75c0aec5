"""How the recurring jobs are doing, for the beheerder's page and /healthz: per job its last run, its
last failure, failures in the last day and when it runs next; per worker when it was last heard of."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger
from django.conf import settings
from django.db.models import Count
from django.http import Http404
from django.utils import timezone

from .constants import RUNS_SHOWN, WORKER_SILENT_AFTER_SECONDS, RunStatus
from .definitions import JOBS, Job, is_enabled
from .models import JobRun, WorkerHeartbeat
from .policies import JobPolicy


def trigger_for(job: Job) -> CronTrigger:
    return CronTrigger(**job.cron, timezone=ZoneInfo(settings.TIME_ZONE))


def next_run(job: Job, now: datetime | None = None) -> datetime | None:
    now = now or timezone.now()
    return trigger_for(job).get_next_fire_time(None, now.astimezone(ZoneInfo(settings.TIME_ZONE)))


@dataclass
class JobLine:
    job: Job
    enabled: bool
    last: JobRun | None
    last_failure: JobRun | None
    failures_today: int
    next_at: datetime | None


@dataclass
class WorkerStatus:
    state: str  # "actief", "stil" or "nooit gezien"
    seen_at: datetime | None
    workers: int

    @property
    def ok(self) -> bool:
        return self.state == "actief"


def worker_status(now: datetime | None = None) -> WorkerStatus:
    """One query. A worker is active when one was heard of in the last few minutes."""
    now = now or timezone.now()
    beats = list(WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True)[:50])
    if not beats:
        return WorkerStatus("nooit gezien", None, 0)
    alive = [seen for seen in beats if now - seen <= timedelta(seconds=WORKER_SILENT_AFTER_SECONDS)]
    return WorkerStatus("actief" if alive else "stil", beats[0], len(alive))


def job_overview(user: Any, now: datetime | None = None) -> list[JobLine]:
    """Every job with its state: two queries per job on the (name, started_at) index and one count."""
    if not JobPolicy(user).can_view():
        raise Http404
    now = now or timezone.now()
    failures = dict(
        JobRun.objects.filter(status=RunStatus.FAILED, started_at__gte=now - timedelta(days=1))
        .values_list("name")
        .annotate(n=Count("pk"))
        .values_list("name", "n")
    )
    lines = []
    for job in JOBS.values():
        runs = JobRun.objects.filter(name=job.name).order_by("-started_at", "-pk")
        enabled = is_enabled(job)
        lines.append(
            JobLine(
                job=job,
                enabled=enabled,
                last=runs.first(),
                last_failure=runs.filter(status=RunStatus.FAILED).first(),
                failures_today=failures.get(job.name, 0),
                next_at=next_run(job, now) if enabled else None,
            )
        )
    return lines


def job_runs(user: Any, name: str) -> tuple[Job, list[JobRun]]:
    if not JobPolicy(user).can_view() or name not in JOBS:
        raise Http404
    runs = JobRun.objects.filter(name=name).select_related("started_by").order_by("-started_at", "-pk")
    return JOBS[name], list(runs[:RUNS_SHOWN])
