"""The demo (`make demo`): production settings with DEBUG off, on plain HTTP on this machine.

Errors show the Dutch error pages, as in production; only what a laptop cannot have is eased: no TLS
(so no HTTPS redirect, HSTS or secure-only cookies) and a fixed development key."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "demo-only-insecure-key-change-me-in-production")
os.environ.setdefault("WIJKREGIE_MONITORING_KEY", "demo-only-monitoring-key")
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("WIJKREGIE_SSL_REDIRECT", "false")
os.environ.setdefault("WIJKREGIE_SECURE_COOKIES", "false")
os.environ.setdefault("WIJKREGIE_HSTS_SECONDS", "0")
os.environ.setdefault("WIJKREGIE_DEMO_NOTICE", "true")
os.environ.setdefault(
    "WIJKREGIE_DEMO_PROVIDER_ANSWERS", "true"
)  # the demo's allocations move on by themselves

from .base import *  # noqa: F403
