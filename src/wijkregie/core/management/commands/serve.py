"""`wijkregie serve`: Wijkregie under its production server (wijkregie.core.server), static files by
WhiteNoise as under runserver. Workers, threads and address come from the environment (docs/config.md)."""

from pathlib import Path
from typing import Any

from django.conf import settings as django_settings
from django.core.management.base import BaseCommand
from django.core.wsgi import get_wsgi_application

from wijkregie.core.server import Server, options


class Command(BaseCommand):
    help = "Wijkregie onder de productieserver (gunicorn), ingesteld via de omgeving."

    def handle(self, *args: Any, **kwargs: Any) -> None:
        # WhiteNoise serves from the apps' static folders; it warns once per process when STATIC_ROOT,
        # where `collectstatic` would put them, does not exist.
        Path(django_settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
        settings = options()
        self.stdout.write(
            f"Wijkregie op http://{settings['bind']} met {settings['workers']} werkprocessen van "
            f"{settings['threads']} threads."
        )
        Server(get_wsgi_application(), settings).run()
