"""`wijkregie demo [--households N] [--history]`: load the fictional demo municipalities once and print the
logins; with --history also four years of steering history (demo/history.py)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wijkregie.accounts.models import User
from wijkregie.demo.data import LOGINS
from wijkregie.demo.generator import DEFAULT_HOUSEHOLDS, DEMO_PASSWORD, DemoConflict, load_demo
from wijkregie.demo.stages import STAGED_HOUSEHOLDS

URL = "http://127.0.0.1:8000"


class Command(BaseCommand):
    help = "Laadt de demogemeenten Westerhoek en Zuiderdijk met fictieve inwoners en demo-logins (eenmalig)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--households",
            type=int,
            default=DEFAULT_HOUSEHOLDS,
            help=(
                f"aantal huishoudens (standaard {DEFAULT_HOUSEHOLDS}), waarvan {STAGED_HOUSEHOLDS} in alle "
                "stappen van het werkproces"
            ),
        )
        parser.add_argument(
            "--history",
            action="store_true",
            help="ook vier jaar sturingsgeschiedenis: trajecten, kosten, plannen, doelen en termijnen",
        )

    def handle(self, *args: Any, households: int, history: bool = False, **options: Any) -> None:
        if households < 1:
            raise CommandError("--households moet minstens 1 zijn.")
        try:
            progress = self._progress if households >= 50_000 else None
            result = load_demo(households, progress=progress, history=history)
        except DemoConflict as exc:
            raise CommandError(str(exc)) from exc
        if result.created:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo geladen: {_n(result.households)} huishoudens, {_n(result.residents)} inwoners "
                    f"in {result.seconds:.1f} s."
                )
            )
            if result.staged:
                self.stdout.write(f"{_n(result.staged)} huishoudens in alle stappen van het werkproces")
            if result.history:
                self.stdout.write(f"Sturingsgeschiedenis: {_n(result.history)} eerder geholpen huishoudens")
        else:
            self.stdout.write(
                f"De demogemeenten bestaan al ({_n(result.households)} huishoudens); er is niets gewijzigd."
            )
        self._logins()

    def _progress(self, done: int, total: int) -> None:
        self.stdout.write(f"  {_n(done)} / {_n(total)} huishoudens")

    def _logins(self) -> None:
        users = {
            user.username: user
            for user in User.objects.filter(username__in=[login.username for login in LOGINS])
            .select_related("municipality")
            .prefetch_related("teams")
        }
        rows = [("gebruiker", "rol", "team")]
        for login in LOGINS:
            if (user := users.get(login.username)) is not None:
                where = ", ".join(team.name for team in user.teams.all())
                rows.append(
                    (
                        user.username,
                        user.get_role_display(),
                        where or (f"gemeente {user.municipality.name}" if user.municipality else "–"),
                    )
                )
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        self.stdout.write(f"\nDemo-logins (wachtwoord: {DEMO_PASSWORD}):")
        for row in rows:
            self.stdout.write("  " + "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        self.stdout.write(f"\nOpen {URL}")


def _n(number: int) -> str:
    """Thousands with a dot, the Dutch way."""
    return f"{number:,}".replace(",", ".")
