"""Test settings: same as production but fast password hashing and an isolated var directory."""

import os
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-key")
os.environ.setdefault("WIJKREGIE_MONITORING_KEY", "test-only-monitoring-key")
os.environ.setdefault("WIJKREGIE_VAR_DIR", tempfile.mkdtemp(prefix="wijkregie-test-"))
os.environ.setdefault("WIJKREGIE_SECURE_COOKIES", "false")
os.environ.setdefault("WIJKREGIE_SESSION_IDLE_SECONDS", "0")  # tests that move the clock keep their login
os.environ.setdefault("WIJKREGIE_SSL_REDIRECT", "false")  # the test client and live server speak plain HTTP

from .base import *  # noqa: F403

STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AXES_ENABLED = False
WIJKREGIE_BRP_URL = ""
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, as in production (WAL, busy timeout, IMMEDIATE transactions), not shared-cache memory: threads
    # in the race tests then meet the same locking a real server meets.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}  # noqa: F405
