"""`wijkregie serve`: Wijkregie under its production server (wijkregie.core.server), static files by
WhiteNoise as under runserver. Workers, threads and address come from the environment (docs/config.md)."""

from typing import Any

from django.core.management.base import BaseCommand
from django.core.wsgi import get_wsgi_application

from wijkregie.core.server import Server, options


class Command(BaseCommand):
    help = "Wijkregie onder de productieserver (gunicorn), ingesteld via de omgeving."

    def handle(self, *args: Any, **kwargs: Any) -> None:
        settings = options()
        self.stdout.write(
            f"Wijkregie op http://{settings['bind']} met {settings['workers']} werkprocessen van "
            f"{settings['threads']} threads."
        )
        Server(get_wsgi_application(), settings).run()
