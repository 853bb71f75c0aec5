from django.core.management.base import BaseCommand, CommandError

from wijkregie.accounts.models import User
from wijkregie.accounts.services import ENROLMENT_CODE_DAYS, enrolment_code_issue


class Command(BaseCommand):
    help = (
        "Print a one-time activation code with which a staff member enrols an authenticator at the next "
        f"login (valid {ENROLMENT_CODE_DAYS} days). For the first functioneel beheerder of an installation; "
        "after that the beheerder issues codes on the staff page."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, **options):
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist as exc:
            raise CommandError("Onbekende gebruiker.") from exc
        self.stdout.write(enrolment_code_issue(acting_user=None, user=user))
