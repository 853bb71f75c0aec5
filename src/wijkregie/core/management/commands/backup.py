"""`wijkregie backup FILE`: a consistent copy of the database while Wijkregie runs (docs/deploy.md)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from wijkregie.core.backup import backup, manifest_path


class Command(BaseCommand):
    help = "Maak een back-up van de database (SQLite: backup-API; PostgreSQL: pg_dump), met manifest."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        made = backup(options["file"])
        self.stdout.write(
            f"Back-up gemaakt: {options['file']} ({made.audit_rows} auditregels), "
            f"manifest {manifest_path(options['file'])}."
        )
