"""`wijkregie worker` does its jobs without anyone running a command: started as its own process on the
test database, it says it lives, picks up the in-folder at once (a broken file lands in afgekeurd/), and
on SIGTERM stops cleanly and takes its heartbeat away."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from wijkregie.jobs.constants import RunStatus
from wijkregie.jobs.models import JobRun, WorkerHeartbeat

WIJKREGIE = str(Path(sys.executable).parent / "wijkregie")
DEADLINE_SECONDS = 90  # a bound for a slow machine, not a measurement


def _database_url() -> str:
    """The test database, as the worker process finds it from its environment."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


def _until(condition, process) -> None:
    """Wait for something the worker does, checking the database; fail if it does not come in time."""
    limit = time.monotonic() + DEADLINE_SECONDS
    while not condition():
        assert process.poll() is None, process.stderr.read() if process.stderr else "worker stopped"
        assert time.monotonic() < limit, "the worker did not do it in time"
        time.sleep(0.2)


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_its_jobs_by_itself_and_stops_cleanly(tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "kapot.xml").write_bytes(b"<geen-bericht/>")
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_ALLOW_ASYNC")}
    env.update(
        DJANGO_SETTINGS_MODULE="wijkregie.conf.test",
        DATABASE_URL=_database_url(),
        WIJKREGIE_VAR_DIR=str(tmp_path),
        WIJKREGIE_MESSAGES_IN=str(inbox),
        WIJKREGIE_MESSAGES_OUT=str(tmp_path / "uit"),
    )
    process = subprocess.Popen(
        [WIJKREGIE, "worker"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        _until(WorkerHeartbeat.objects.exists, process)
        _until(JobRun.objects.filter(name="berichten-ophalen", finished_at__isnull=False).exists, process)
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=60)

    run = JobRun.objects.get(name="berichten-ophalen")
    assert (run.status, run.summary) == (RunStatus.OK, "Verwerkt: 0, afgewezen: 1, al eerder ontvangen: 0.")
    assert (inbox / "afgekeurd" / "kapot.xml").exists()
    assert process.returncode == 0, err
    assert "Achtergrondtaken:" in out
    assert not WorkerHeartbeat.objects.exists()
