"""`wijkregie sturing_verversen [--volledig]`: bring every municipality's steering store up to now, as the
nightly job does; --volledig derives every trajectory again (after a new WIJKREGIE_MONITORING_KEY)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from wijkregie.monitoring.services import store_refresh
from wijkregie.organisation.models import Municipality


class Command(BaseCommand):
    help = "Sturingsgegevens bijwerken (gepseudonimiseerd), per gemeente."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--volledig", action="store_true", help="alle trajecten opnieuw afleiden")

    def handle(self, *args: Any, **options: Any) -> None:
        for municipality in Municipality.objects.order_by("name"):
            done = store_refresh(acting_user=None, municipality=municipality, full=options["volledig"])
            self.stdout.write(f"{municipality.name}: {done.summary()}")
