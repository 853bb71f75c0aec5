"""`wijkregie first-beheerder`: a new installation's municipality and its first functioneel beheerder, who
is invited by e-mail (docs/deploy.md). Everything else is set up by that beheerder in /beheer/."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from wijkregie.accounts.services import first_beheerder_create


class Command(BaseCommand):
    help = "Maak de gemeente en haar eerste functioneel beheerder aan; die krijgt een uitnodiging per mail."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--gemeentecode", required=True, help="CBS-gemeentecode, 4 cijfers")
        parser.add_argument("--gemeente", required=True, help="naam van de gemeente")
        parser.add_argument("--gebruikersnaam", required=True)
        parser.add_argument("--voornaam", required=True)
        parser.add_argument("--achternaam", required=True)
        parser.add_argument("--email", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = first_beheerder_create(
                cbs_code=options["gemeentecode"],
                municipality_name=options["gemeente"],
                username=options["gebruikersnaam"],
                first_name=options["voornaam"],
                last_name=options["achternaam"],
                email=options["email"],
            )
        except ValidationError as error:
            lines = [f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()]
            raise CommandError("\n".join(lines)) from error
        self.stdout.write(
            f"Beheerder {user.username} aangemaakt; de uitnodiging is gemaild naar {user.email}."
        )
