"""Running a recurring job: take its lock, run it, keep the run. One function for the worker's schedule,
the `wijkregie job` command and the beheerder's "Nu uitvoeren", so all three are equally safe."""

import logging
import os
import socket
import time
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, close_old_connections, transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.module_loading import import_string

from wijkregie.audit.constants import Action
from wijkregie.audit.services import record

from .constants import RunStatus, Trigger
from .definitions import JOBS, is_enabled
from .models import JobLock, JobRun, WorkerHeartbeat
from .policies import JobPolicy

logger = logging.getLogger("wijkregie.jobs")


def holder_name() -> str:
    """This process, as locks and heartbeats name it: host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def lock_take(name: str, *, lease_minutes: int, holder: str) -> bool:
    """True when this holder now has the job's lock. One conditional UPDATE: of two takers at the same
    moment, the database lets exactly one see a free or run-out lock (PostgreSQL re-checks the condition
    after waiting for the other's row lock; SQLite writes one at a time)."""
    try:
        with transaction.atomic():
            JobLock.objects.get_or_create(name=name)
    except IntegrityError:  # another taker made the row first: it exists now
        pass
    now = timezone.now()
    free = Q(held_until__isnull=True) | Q(held_until__lt=now)
    until = now + timedelta(minutes=lease_minutes)
    return JobLock.objects.filter(free, name=name).update(held_until=until, holder=holder) == 1


def lock_release(name: str, *, holder: str) -> None:
    JobLock.objects.filter(name=name, holder=holder).update(held_until=None, holder="")


def job_run(name: str, *, trigger: Trigger = Trigger.SCHEDULE, started_by: Any = None) -> JobRun:
    """Run one job now, unless it is running elsewhere (then the run is kept as skipped). A failure is
    kept with the kind of error only (its message could name a person) and logged in full for the
    administrator, through the log filter that removes personal data."""
    job = JOBS[name]
    holder = holder_name()
    run = JobRun.objects.create(name=name, trigger=trigger, started_by=started_by, started_at=timezone.now())
    if not lock_take(name, lease_minutes=job.lease_minutes, holder=holder):
        return _finish(run, RunStatus.SKIPPED, "Liep al elders; deze keer overgeslagen.")
    began = time.monotonic()
    try:
        summary = str(import_string(job.function)())
        status = RunStatus.OK
    except Exception as error:
        logger.exception("taak %s mislukt", name, extra={"job": name})
        summary, status = f"Mislukt: {type(error).__name__}; zie het serverlog.", RunStatus.FAILED
    finally:
        lock_release(name, holder=holder)
    _finish(run, status, summary)
    logger.info(
        "taak %s: %s",
        name,
        run.get_status_display(),
        extra={"job": name, "status": status, "seconds": round(time.monotonic() - began, 3)},
    )
    _prune(name)
    return run


def _finish(run: JobRun, status: RunStatus, summary: str) -> JobRun:
    run.status, run.summary, run.finished_at = status, summary[:300], timezone.now()
    run.save(update_fields=["status", "summary", "finished_at"])
    return run


def _prune(name: str) -> None:
    """Runs are kept for WIJKREGIE_JOB_RUNS_KEEP_DAYS: enough to see a pattern, not a growing table."""
    cutoff = timezone.now() - timedelta(days=settings.WIJKREGIE_JOB_RUNS_KEEP_DAYS)
    JobRun.objects.filter(name=name, started_at__lt=cutoff).delete()


def job_start(*, acting_user: Any, name: str) -> JobRun:
    """The beheerder's "Nu uitvoeren": the same run as the schedule's, with an audit row."""
    if not JobPolicy(acting_user).can_start() or name not in JOBS or not is_enabled(JOBS[name]):
        raise Http404
    run = job_run(name, trigger=Trigger.BY_HAND, started_by=acting_user)
    record(actor=acting_user, action=Action.CREATE, obj=run, object_type="jobs.jobrun", fields=["status"])
    return run


def scheduled_run(name: str) -> None:
    """What the worker's scheduler calls, in its own thread: a fresh database connection each time."""
    close_old_connections()
    try:
        job_run(name)
    finally:
        close_old_connections()


def heartbeat(worker: str, started_at: Any) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker=worker, defaults={"seen_at": timezone.now(), "started_at": started_at}
    )


def heartbeat_end(worker: str) -> None:
    WorkerHeartbeat.objects.filter(worker=worker).delete()
