"""`wijkregie job NAME`: run one recurring job now, under the same lock as the worker (for a timer of the
operating system instead of the worker, or by hand). `wijkregie job` alone lists the jobs."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wijkregie.jobs.constants import RunStatus, Trigger
from wijkregie.jobs.definitions import JOBS, is_enabled
from wijkregie.jobs.services import job_run


class Command(BaseCommand):
    help = "Voer één achtergrondtaak nu uit, of toon ze alle."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", nargs="?", help="de naam van de taak")

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["name"]
        if not name:
            for job in JOBS.values():
                state = "" if is_enabled(job) else " (niet actief hier)"
                self.stdout.write(f"{job.name}: {job.title}; {job.when}{state}")
            return
        if name not in JOBS or not is_enabled(JOBS[name]):
            raise CommandError(f"Onbekende of hier niet actieve taak: {name}")
        run = job_run(name, trigger=Trigger.BY_HAND)
        self.stdout.write(f"{name}: {run.get_status_display()}. {run.summary}")
        if run.status == RunStatus.FAILED:
            raise CommandError(f"{name} is mislukt.")
