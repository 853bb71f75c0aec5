"""Read the incoming iWmo/iJw messages from the transport (by default the in-folder) and process them.

Run it from a timer (cron, systemd) as often as messages should be picked up; it is safe to run again."""

from typing import Any

from django.core.management.base import BaseCommand

from wijkregie.allocations.services.messages import messages_receive


class Command(BaseCommand):
    help = "Verwerk de binnengekomen iWmo/iJw-berichten."

    def handle(self, *args: Any, **options: Any) -> None:
        summary = messages_receive()
        self.stdout.write(
            f"Verwerkt: {summary.processed}, afgewezen: {summary.rejected}, "
            f"al eerder ontvangen: {summary.repeated}"
        )
        for reason in summary.reasons:
            self.stdout.write(f"  afgewezen: {reason}")
