"""`wijkregie restore FILE --ja`: put a backup back over the configured database (stop the server and the
worker first). Refuses a file that does not match its manifest; checks the audit trail afterwards."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wijkregie.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Zet een back-up terug over de database. Alles van na de back-up gaat verloren."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--ja", action="store_true", help="ja, overschrijf de huidige database")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["ja"]:
            raise CommandError("Terugzetten overschrijft de huidige database; bevestig met --ja.")
        try:
            made = restore(options["file"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Teruggezet: back-up van {made.created_at} ({made.audit_rows} auditregels).")
