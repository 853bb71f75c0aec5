"""Running a recurring job: one at a time (the lock, also in a real race), every run kept with its
outcome, a failure kept without its message, runs pruned, and the beheerder's page and button."""

import threading
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from wijkregie.audit.models import AuditEvent
from wijkregie.core.testing import at_once
from wijkregie.jobs import definitions, services
from wijkregie.jobs.constants import RunStatus, Trigger
from wijkregie.jobs.definitions import JOBS, Job
from wijkregie.jobs.models import JobLock, JobRun, WorkerHeartbeat
from wijkregie.jobs.selectors import next_run, worker_status

released = threading.Event()
entered = threading.Event()


def quick() -> str:
    return "3 dingen gedaan."


def failing() -> str:
    raise ValueError("Jan Visser, BSN 999993653, kon niet")


def waiting() -> str:
    entered.set()
    released.wait(timeout=30)
    return "klaar"


@pytest.fixture
def test_jobs(monkeypatch):
    for name, function in (("snel", "quick"), ("stuk", "failing"), ("traag", "waiting")):
        monkeypatch.setitem(JOBS, name, Job(name, name, f"{__name__}.{function}", {"minute": "*"}))
    entered.clear()
    released.clear()


@pytest.mark.django_db
def test_a_run_is_kept_with_its_summary(test_jobs):
    run = services.job_run("snel")
    assert (run.status, run.summary, run.trigger) == (RunStatus.OK, "3 dingen gedaan.", Trigger.SCHEDULE)
    assert run.finished_at is not None
    assert JobLock.objects.get(name="snel").held_until is None  # released after the run


@pytest.mark.django_db
def test_a_failure_is_kept_by_kind_only_and_the_lock_is_released(test_jobs):
    run = services.job_run("stuk")
    assert run.status == RunStatus.FAILED
    assert run.summary == "Mislukt: ValueError; zie het serverlog."
    assert "999993653" not in run.summary and "Visser" not in run.summary
    assert services.job_run("snel").status == RunStatus.OK
    assert services.lock_take("stuk", lease_minutes=1, holder="ander") is True


@pytest.mark.django_db
def test_a_job_whose_lock_is_held_is_skipped_and_a_dead_holders_lock_runs_out(test_jobs):
    assert services.lock_take("snel", lease_minutes=30, holder="elders:1")
    assert services.job_run("snel").status == RunStatus.SKIPPED
    JobLock.objects.filter(name="snel").update(held_until=timezone.now() - timedelta(seconds=1))
    assert services.job_run("snel").status == RunStatus.OK


@pytest.mark.django_db(transaction=True)
def test_two_takers_at_once_one_lock(test_jobs):
    outcomes = at_once(
        2, lambda: services.lock_take("snel", lease_minutes=5, holder=f"{threading.get_ident()}")
    )
    assert sorted(outcomes) == [False, True]


@pytest.mark.django_db(transaction=True)
def test_the_same_job_started_twice_at_once_runs_once(test_jobs):
    first = threading.Thread(target=services.job_run, args=["traag"])
    first.start()
    try:
        assert entered.wait(timeout=30)
        second = services.job_run("traag")  # while the first holds the lock
    finally:
        released.set()
        first.join(timeout=30)
    assert second.status == RunStatus.SKIPPED
    statuses = sorted(JobRun.objects.filter(name="traag").values_list("status", flat=True))
    assert statuses == sorted([RunStatus.OK, RunStatus.SKIPPED])


@pytest.mark.django_db
def test_old_runs_are_pruned(test_jobs, settings):
    settings.WIJKREGIE_JOB_RUNS_KEEP_DAYS = 14
    old = timezone.now() - timedelta(days=15)
    JobRun.objects.create(name="snel", started_at=old, status=RunStatus.OK)
    JobRun.objects.create(name="stuk", started_at=old, status=RunStatus.OK)
    services.job_run("snel")
    assert list(JobRun.objects.filter(name="snel").values_list("started_at", flat=True)) != [old]
    assert JobRun.objects.filter(name="snel").count() == 1
    assert JobRun.objects.filter(name="stuk").count() == 1  # only the job's own runs


def test_every_job_names_a_function_that_exists():
    from django.utils.module_loading import import_string

    for job in JOBS.values():
        assert callable(import_string(job.function)), job.name
        assert next_run(job) is not None


def test_the_schedule_reads_as_the_beheerder_says_it():
    assert [JOBS[n].when for n in ("berichten-ophalen", "doorbraak-verlopen", "termijnen-verstreken")] == [
        "elke minuut",
        "elke 15 minuten",
        "elk uur om :10",
    ]
    assert JOBS["dagoverzicht"].when == "werkdagen om 07:00"
    assert JOBS["sessies-opruimen"].when == "dagelijks om 03:30"
    assert JOBS["vroegsignalen-opschonen"].when == "dagelijks om 02:30"


def test_the_daily_overview_runs_next_on_a_working_morning_in_amsterdam_time():
    friday_evening = timezone.make_aware(timezone.datetime(2026, 11, 20, 19, 0))
    monday = next_run(JOBS["dagoverzicht"], friday_evening)
    assert (monday.isoformat()) == "2026-11-23T07:00:00+01:00"


def test_the_demo_provider_runs_only_where_its_setting_is_on(settings):
    settings.WIJKREGIE_DEMO_PROVIDER_ANSWERS = False
    assert not definitions.is_enabled(JOBS["demo-aanbieder"])
    settings.WIJKREGIE_DEMO_PROVIDER_ANSWERS = True
    assert definitions.is_enabled(JOBS["demo-aanbieder"])


@pytest.mark.django_db
def test_worker_status_from_the_heartbeats():
    assert worker_status().state == "nooit gezien"
    now = timezone.now()
    WorkerHeartbeat.objects.create(worker="a:1", started_at=now, seen_at=now - timedelta(minutes=10))
    assert worker_status().state == "stil"
    services.heartbeat("a:2", now)
    status = worker_status()
    assert (status.state, status.workers) == ("actief", 1)


@pytest.mark.django_db
def test_healthz_reports_the_worker(client):
    assert client.get("/healthz").json() == {"status": "ok", "worker": "nooit gezien"}
    services.heartbeat("a:1", timezone.now())
    assert client.get("/healthz").json() == {"status": "ok", "worker": "actief"}


# -- the beheerder's page ---------------------------------------------------------------------------------
@pytest.fixture
def _no_two_factor(settings):
    settings.WIJKREGIE_REQUIRE_2FA = False


@pytest.mark.parametrize("who", ["anna", "teun", "bo", "piet", "carla", "bea"])
@pytest.mark.usefixtures("_no_two_factor")
def test_only_the_functioneel_beheerder_sees_the_jobs(client, world, who):
    client.force_login(getattr(world, who))
    assert client.get(reverse("jobs:list")).status_code == 404
    assert client.get(reverse("jobs:detail", args=["berichten-ophalen"])).status_code == 404
    assert client.post(reverse("jobs:start", args=["berichten-ophalen"])).status_code == 404
    assert not JobRun.objects.exists()


@pytest.mark.usefixtures("_no_two_factor")
def test_the_beheerder_sees_every_job_with_last_and_next_run(client, world, django_assert_max_num_queries):
    services.job_run("sessies-opruimen")
    client.force_login(world.fenna)
    with django_assert_max_num_queries(2 * len(JOBS) + 12):
        page = client.get(reverse("jobs:list")).content.decode()
    for job in JOBS.values():
        assert job.title in page
    assert "nooit gestart" in page
    assert "Gelukt" in page


@pytest.mark.usefixtures("_no_two_factor")
def test_the_beheerder_starts_a_job_now_and_it_is_audited(client, world):
    client.force_login(world.fenna)
    response = client.post(reverse("jobs:start", args=["sessies-opruimen"]), follow=True)
    run = JobRun.objects.get(name="sessies-opruimen")
    assert (run.trigger, run.started_by, run.status) == (Trigger.BY_HAND, world.fenna, RunStatus.OK)
    assert "verlopen sessie(s) verwijderd" in response.content.decode()
    assert AuditEvent.objects.filter(actor=world.fenna, object_uuid=None, object_type="jobs.jobrun").exists()
    assert client.post(reverse("jobs:start", args=["bestaat-niet"])).status_code == 404


@pytest.mark.usefixtures("_no_two_factor")
def test_a_job_not_enabled_here_cannot_be_started(client, world, settings):
    settings.WIJKREGIE_DEMO_PROVIDER_ANSWERS = False
    client.force_login(world.fenna)
    assert client.post(reverse("jobs:start", args=["demo-aanbieder"])).status_code == 404


@pytest.mark.django_db
def test_healthz_answers_a_health_check_by_ip_address_where_pages_refuse_that_host(client, settings):
    settings.ALLOWED_HOSTS = ["wijkregie.gemeente.nl"]
    assert client.get("/healthz", HTTP_HOST="127.0.0.1:8000").status_code == 200
    assert client.get("/inloggen/", HTTP_HOST="127.0.0.1:8000").status_code == 400
    assert client.post("/healthz", HTTP_HOST="127.0.0.1:8000").status_code == 400
