"""`wijkregie worker`: runs the recurring jobs on their schedule (APScheduler, in this process; no broker)
and says every half minute that it lives. Stops cleanly on SIGTERM and Ctrl-C. Two workers are safe: each
job's lock lets one of them run it (ADR 0015)."""

import signal
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.interval import IntervalTrigger
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from wijkregie.jobs.constants import HEARTBEAT_SECONDS
from wijkregie.jobs.definitions import JOBS, is_enabled
from wijkregie.jobs.selectors import trigger_for
from wijkregie.jobs.services import heartbeat, heartbeat_end, holder_name, scheduled_run


def _beat(worker: str, started_at: Any) -> None:
    """The heartbeat in the scheduler's thread, on a fresh connection like every job."""
    close_old_connections()
    try:
        heartbeat(worker, started_at)
    finally:
        close_old_connections()


class Command(BaseCommand):
    help = "Voer de achtergrondtaken uit volgens hun rooster (blijft draaien)."

    def handle(self, *args: Any, **options: Any) -> None:
        scheduler = BlockingScheduler(timezone=ZoneInfo(settings.TIME_ZONE))
        worker, started_at = holder_name(), timezone.now()
        enabled = [job for job in JOBS.values() if is_enabled(job)]
        for job in enabled:
            # One run at a time per job here; a run missed while busy is done once, not made up for.
            scheduler.add_job(
                scheduled_run,
                trigger_for(job),
                args=[job.name],
                id=job.name,
                max_instances=1,
                coalesce=True,
                misfire_grace_time=300,
                **({"next_run_time": timezone.now()} if job.at_start else {}),
            )
        scheduler.add_job(
            _beat,
            IntervalTrigger(seconds=HEARTBEAT_SECONDS),
            args=[worker, started_at],
            id="hartslag",
            next_run_time=timezone.now(),
        )
        signal.signal(signal.SIGTERM, lambda *_: scheduler.shutdown(wait=False))
        self.stdout.write(f"Achtergrondtaken: {len(enabled)} taken volgens rooster ({worker}).")
        try:
            scheduler.start()
        except (KeyboardInterrupt, SystemExit):
            pass
        finally:
            heartbeat_end(worker)
