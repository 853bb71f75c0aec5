"""The documented production settings (wijkregie.conf.base with the required environment) pass Django's
deployment checks, HTTPS included."""

import os
import secrets
import subprocess
import sys

from django.test import Client, override_settings


def _check_deploy(tmp_path, **extra):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "wijkregie.conf.base",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "WIJKREGIE_MONITORING_KEY": secrets.token_urlsafe(50),
        "WIJKREGIE_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **extra,
    }
    for name in (
        "DJANGO_DEBUG",
        "WIJKREGIE_SECURE_COOKIES",
        "WIJKREGIE_SSL_REDIRECT",
        "WIJKREGIE_HSTS_SECONDS",
        # set by the browser tests for their own process; an installation never has it
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    ):
        env.pop(name, None) if name not in extra else None
    return subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_is_clean_under_the_production_settings(tmp_path):
    result = _check_deploy(tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_without_https_the_deployment_check_says_so(tmp_path):
    result = _check_deploy(tmp_path, WIJKREGIE_SSL_REDIRECT="false", WIJKREGIE_HSTS_SECONDS="0")

    assert result.returncode != 0
    assert (
        "security.W004" in result.stderr + result.stdout and "security.W008" in result.stderr + result.stdout
    )


@override_settings(
    SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True
)
def test_plain_http_is_redirected_and_https_gets_hsts_but_the_health_check_answers_on_http(db):
    client = Client()

    assert client.get("/inloggen/").status_code == 301
    secure = client.get("/inloggen/", secure=True)
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert client.get("/healthz").status_code == 200


def test_the_example_settings_of_docs_deploy_pass_the_deployment_check(tmp_path):
    """deploy/wijkregie.env.example, as docs/deploy.md tells a municipality to fill it in (a real secret key,
    the database swapped for a local file so the check runs without a server)."""
    from pathlib import Path

    example = Path(__file__).resolve().parents[4] / "deploy" / "wijkregie.env.example"
    settings = dict(
        line.split("=", 1) for line in example.read_text().splitlines() if line and not line.startswith("#")
    )
    settings.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        WIJKREGIE_VAR_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    settings.pop("WIJKREGIE_ISTANDAARDEN_DIR")  # the standards where this checkout finds them
    result = _check_deploy(tmp_path, **settings)

    assert result.returncode == 0, result.stdout + result.stderr
