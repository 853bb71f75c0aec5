"""The production server (`wijkregie serve`): configured from the environment, really serving with several
worker processes, and its access log through the personal-data filter."""

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from django.core.exceptions import ImproperlyConfigured

from wijkregie.core import server

WIJKREGIE = str(Path(sys.executable).parent / "wijkregie")


def test_the_environment_sets_address_workers_and_threads(monkeypatch):
    monkeypatch.setenv("WIJKREGIE_BIND", "0.0.0.0:9000")
    monkeypatch.setenv("WIJKREGIE_WEB_WORKERS", "3")
    monkeypatch.setenv("WIJKREGIE_WEB_THREADS", "8")
    monkeypatch.setenv("WIJKREGIE_ACCESS_LOG", "false")

    settings = server.options()

    assert (settings["bind"], settings["workers"], settings["threads"], settings["accesslog"]) == (
        "0.0.0.0:9000",
        3,
        8,
        None,
    )


def test_without_settings_it_uses_every_core_and_logs_each_request(monkeypatch):
    for name in ("WIJKREGIE_BIND", "WIJKREGIE_WEB_WORKERS", "WIJKREGIE_WEB_THREADS", "WIJKREGIE_ACCESS_LOG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)

    settings = server.options()

    assert (settings["bind"], settings["workers"], settings["accesslog"]) == ("127.0.0.1:8000", 5, "-")


def test_a_number_of_workers_that_is_no_number_is_refused(monkeypatch):
    monkeypatch.setenv("WIJKREGIE_WEB_WORKERS", "veel")
    with pytest.raises(ImproperlyConfigured):
        server.options()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _children(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()


def _booted(process: subprocess.Popen[str], workers: int) -> list[str]:
    """Read the server's log until every worker has booted (the master listens before it forks them, so
    a request made now is answered); a server that stops first fails the test."""
    lines: list[str] = []
    assert process.stderr is not None
    while sum("Booting worker" in line for line in lines) < workers:
        line = process.stderr.readline()
        if not line:
            raise AssertionError("wijkregie serve stopped:\n" + "".join(lines))
        lines.append(line)
    return lines


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads worker processes from /proc")
def test_serve_answers_with_two_workers_and_redacts_its_access_log(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "wijkregie.conf.dev",
        "WIJKREGIE_VAR_DIR": str(tmp_path),
        "WIJKREGIE_BIND": f"127.0.0.1:{port}",
        "WIJKREGIE_WEB_WORKERS": "2",
        "WIJKREGIE_WEB_THREADS": "2",
    }
    env.pop("DATABASE_URL", None)  # its own SQLite file: /healthz only asks the database to answer
    process = subprocess.Popen(
        [WIJKREGIE, "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        lines = _booted(process, workers=2)
        workers = _children(process.pid)
        health = httpx.get(f"http://127.0.0.1:{port}/healthz", params={"bsn": "999993653"}, timeout=30)
    finally:
        process.send_signal(signal.SIGTERM)
        rest = process.communicate(timeout=60)[1]

    written = "".join(lines) + rest
    assert (health.status_code, health.json()) == (200, {"status": "ok", "worker": "onbekend"})
    assert len(workers) == 2
    assert "GET /healthz?bsn=[verwijderd]" in written
    assert "999993653" not in written
