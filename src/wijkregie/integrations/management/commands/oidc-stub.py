"""`wijkregie oidc-stub --port 8090`: the built-in test identity provider, to try SSO on one machine."""

import json
import threading
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from wijkregie.integrations.oidc_stub import StubPerson, running_provider


class Command(BaseCommand):
    help = (
        "Serve a test OpenID Connect provider (discovery, authorize, token, userinfo, jwks, end_session) and "
        "print the WIJKREGIE_OIDC_* settings that point Wijkregie at it. Its people are the active staff of "
        "this installation, or those of --people FILE (a JSON list of objects with sub, email, "
        "preferred_username, name and groups). Never for production: anyone can pick anyone."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8090)
        parser.add_argument("--client-id", default="wijkregie")
        parser.add_argument("--client-secret", default="stub-geheim")
        parser.add_argument("--people", type=Path, help="JSON file with the people to offer")
        parser.add_argument("--groups", default="", help="groups every database user gets, comma-separated")

    def handle(self, *args: Any, **options: Any) -> None:
        people = self._people(options["people"], [g for g in options["groups"].split(",") if g])
        if not people:
            raise CommandError("No people to offer: no active staff in the database and no --people file.")
        with running_provider(
            people=people,
            host=options["host"],
            port=options["port"],
            client_id=options["client_id"],
            client_secret=options["client_secret"],
        ) as provider:
            self.stdout.write(f"Test identity provider at {provider.issuer} ({len(people)} people).")
            # Plain KEY=value lines, so they can go into a settings file as they are.
            self.stdout.write("# Start Wijkregie with these settings:")
            for name, value in provider.environment().items():
                self.stdout.write(f"{name}={value}")
            self.stdout.write(
                "# Staff without an e-mail address (as in the demo): match by user name instead."
            )
            self.stdout.write("WIJKREGIE_OIDC_USER_CLAIM=preferred_username")
            self.stdout.write("Stop with Ctrl+C.")
            try:
                threading.Event().wait()
            except KeyboardInterrupt:
                self.stdout.write("Stopped.")

    def _people(self, path: Path | None, groups: list[str]) -> list[StubPerson]:
        if path is not None:
            try:
                rows = json.loads(path.read_text(encoding="utf-8"))
                return [
                    StubPerson(
                        sub=str(row["sub"]),
                        email=row.get("email", ""),
                        preferred_username=row.get("preferred_username", ""),
                        name=row.get("name", ""),
                        groups=tuple(row.get("groups", ())),
                    )
                    for row in rows
                ]
            except (OSError, ValueError, KeyError, TypeError) as exc:
                raise CommandError(f"Cannot read {path}: {exc}") from exc
        users = get_user_model().objects.filter(is_active=True).order_by("username")[:200]
        return [
            StubPerson(
                sub=str(user.uuid),
                email=user.email,
                preferred_username=user.username,
                name=user.get_full_name() or user.username,
                given_name=user.first_name,
                family_name=user.last_name,
                groups=tuple(groups),
            )
            for user in users
        ]
