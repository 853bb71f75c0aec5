"""The production web server: gunicorn in this process, configured from the environment (docs/config.md).

Several worker processes, each with a few threads: a password check (0.24 s of CPU) in one worker no longer
holds up the pages another worker renders, and every core does work. Logs, gunicorn's access log included,
go through the same personal-data filter as Django's own."""

import os
from collections.abc import Callable
from typing import Any

from gunicorn.app.base import BaseApplication

from wijkregie.conf.env import env_bool, env_int, env_str
from wijkregie.core.logging import formatter


def default_workers() -> int:
    """Two per core and one more (gunicorn's advice), at most 9: requests wait on the database too."""
    return min(2 * (os.cpu_count() or 1) + 1, 9)


def options() -> dict[str, Any]:
    """gunicorn's settings as the environment asks for them."""
    access_log = env_bool("WIJKREGIE_ACCESS_LOG", True)
    return {
        "bind": env_str("WIJKREGIE_BIND", "127.0.0.1:8000"),
        "workers": env_int("WIJKREGIE_WEB_WORKERS", default_workers()),
        "threads": env_int("WIJKREGIE_WEB_THREADS", 4),
        "worker_class": "gthread",
        "timeout": env_int("WIJKREGIE_WEB_TIMEOUT", 60),
        "graceful_timeout": 30,
        "keepalive": env_int("WIJKREGIE_WEB_KEEPALIVE", 5),
        "max_requests": env_int("WIJKREGIE_WEB_MAX_REQUESTS", 5000),
        "max_requests_jitter": 500,
        "accesslog": "-" if access_log else None,
        "errorlog": "-",
        "logconfig_dict": _logging(),
        "forwarded_allow_ips": env_str("WIJKREGIE_FORWARDED_ALLOW_IPS", "127.0.0.1"),
    }


def _logging() -> dict[str, Any]:
    handler = {"class": "logging.StreamHandler", "filters": ["no_personal_data"], "formatter": "line"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"no_personal_data": {"()": "wijkregie.core.logging.RedactPersonalData"}},
        "formatters": {"line": formatter(env_str("WIJKREGIE_LOG_FORMAT", "tekst"))},
        "handlers": {"console": {**handler, "stream": "ext://sys.stderr"}},
        "root": {"handlers": ["console"], "level": "INFO"},
        "loggers": {
            "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
            "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
        },
    }


class Server(BaseApplication):
    def __init__(self, app: Callable[..., Any], settings: dict[str, Any]) -> None:
        self.application = app
        self.settings = settings
        super().__init__()

    def load_config(self) -> None:
        for name, value in self.settings.items():
            self.cfg.set(name, value)

    def load(self) -> Callable[..., Any]:
        return self.application
