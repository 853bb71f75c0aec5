"""Local development and the demo: safe defaults so `make demo` needs no configuration."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "dev-only-insecure-key-change-me-in-production")
os.environ.setdefault("WIJKREGIE_MONITORING_KEY", "dev-only-monitoring-key")
os.environ.setdefault("DJANGO_DEBUG", "true")

from .base import *  # noqa: F403
