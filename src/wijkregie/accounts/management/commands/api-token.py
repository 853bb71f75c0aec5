from django.core.management.base import BaseCommand, CommandError

from wijkregie.accounts.models import User
from wijkregie.accounts.services import api_token_for


class Command(BaseCommand):
    help = "Print the API token of a staff member (created when missing). Use: Authorization: Token <key>."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, **options):
        try:
            self.stdout.write(api_token_for(username=options["username"]))
        except User.DoesNotExist as exc:
            raise CommandError("Onbekende gebruiker.") from exc
