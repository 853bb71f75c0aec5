"""Vroegsignalering API: files in with per-line 400s, matching, the zaken and the work on them; 404 for
what the policy refuses, Dutch errors per field, versions, and an audit row for every read."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from wijkregie.audit.constants import Action
from wijkregie.audit.models import AuditEvent
from wijkregie.early_warning.constants import CaseResult, PartnerType
from wijkregie.early_warning.models import ContactAttempt, Signal, SignalCase

from .conftest import signal, signals_file
from .factories import SignalCaseFactory, SignalFactory

pytestmark = pytest.mark.django_db
BASE = "/api/v1/early-warning/"


def _api(world, name) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.user(name))
    return client


@pytest.fixture
def case(world):
    zaak = SignalCaseFactory(
        municipality=world.west,
        household=world.household,
        team=world.welfare,
        signal_count=1,
        oldest_signal_on=datetime.date(2026, 10, 5),
    )
    head = world.household.memberships.heads().get().resident
    SignalFactory(
        municipality=world.west, case=zaak, resident=head, partner_type=PartnerType.WATER, amount=210
    )
    return zaak


def test_a_file_is_read_in_once_and_matched(world):
    head = world.household.memberships.heads().get().resident
    content = signals_file(signal("A-1", burgerservicenummer=head.bsn))
    client = _api(world, "sanne")

    first = client.post(
        BASE + "signal-files/",
        {"municipality": str(world.west.uuid), "file": SimpleUploadedFile("a.json", content)},
        format="multipart",
    )
    again = client.post(
        BASE + "signal-files/",
        {"municipality": str(world.west.uuid), "file": SimpleUploadedFile("b.json", content)},
        format="multipart",
    )
    run = client.post(
        BASE + "matching-runs/",
        {"municipality": str(world.west.uuid), "period_start": "2026-10-01", "period_end": "2026-10-31"},
        format="json",
    )

    assert (first.status_code, first.json()["signal_count"], first.json()["repeated"]) == (201, 1, False)
    assert (again.status_code, again.json()["repeated"]) == (200, True)
    assert run.status_code == 201 and run.json()["counts"]["zaken_nieuw"] == 1
    assert Signal.objects.count() == 1 and SignalCase.objects.filter(household=world.household).exists()


def test_a_bad_file_answers_400_with_its_lines_and_reads_nothing(world):
    content = signals_file(signal("A-1", partner="Telefoon", burgerservicenummer="999990056"))
    response = _api(world, "fenna").post(
        BASE + "signal-files/",
        {"municipality": str(world.west.uuid), "file": SimpleUploadedFile("a.json", content)},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json() == {"file": ["Regel 3: onbekende soort signaalpartner."]}
    assert not Signal.objects.exists()


def test_a_period_that_ends_before_it_starts_is_a_400_per_field(world):
    response = _api(world, "sanne").post(
        BASE + "matching-runs/",
        {"municipality": str(world.west.uuid), "period_start": "2026-10-31", "period_end": "2026-10-01"},
        format="json",
    )
    assert response.status_code == 400 and list(response.json()) == ["period_end"]


@pytest.mark.parametrize("name", ["anna", "bo", "bea", "carla", "piet"])
def test_reading_in_and_matching_are_404_for_others(world, name):
    client = _api(world, name)
    content = signals_file(signal("A-1", burgerservicenummer="999990056"))
    upload = {"municipality": str(world.west.uuid), "file": SimpleUploadedFile("a.json", content)}
    period = {"municipality": str(world.west.uuid), "period_start": "2026-10-01", "period_end": "2026-10-31"}
    assert client.post(BASE + "signal-files/", upload, format="multipart").status_code == 404
    assert client.post(BASE + "matching-runs/", period, format="json").status_code == 404
    assert not Signal.objects.exists()


def test_the_outreach_worker_lists_reads_and_works_the_zaak(world, case):
    client = _api(world, "sanne")

    listed = client.get(BASE + "cases/")
    read = client.get(BASE + f"cases/{case.uuid}/")
    attempt = client.post(
        BASE + f"cases/{case.uuid}/contact-attempts/",
        {"kind": "Huisbezoek", "made_on": "2026-11-03", "day_part": "Avond", "reached": True},
        format="json",
    )
    closed = client.post(
        BASE + f"cases/{case.uuid}/close/",
        {"result": CaseResult.SELF, "result_on": "2026-11-04"},
        format="json",
        HTTP_IF_MATCH=attempt["ETag"],
    )

    assert [row["uuid"] for row in listed.json()] == [str(case.uuid)]
    body = read.json()
    assert body["people"][0]["name"] and body["signals"][0]["amount"] == 210 and read["ETag"] == '"1"'
    assert attempt.status_code == 201 and attempt.json()["picked_up_on"] == "2026-11-03"
    assert closed.status_code == 200 and closed.json()["result"] == CaseResult.SELF
    assert AuditEvent.objects.filter(action=Action.READ, object_uuid=case.uuid, channel="api").exists()
    assert AuditEvent.objects.filter(object_type="lijst.vroegsignaalzaken", channel="api").exists()


def test_an_older_version_is_refused_with_412(world, case):
    client = _api(world, "sanne")
    client.post(BASE + f"cases/{case.uuid}/pick-up/", {"picked_up_on": "2026-11-02"}, format="json")

    response = client.post(
        BASE + f"cases/{case.uuid}/close/",
        {"result": CaseResult.NO_CONTACT, "result_on": "2026-11-04"},
        format="json",
        HTTP_IF_MATCH='"1"',
    )

    assert response.status_code == 412
    case.refresh_from_db()
    assert case.result == ""


def test_bad_values_are_dutch_400s_and_save_nothing(world, case):
    client = _api(world, "sanne")
    response = client.post(
        BASE + f"cases/{case.uuid}/contact-attempts/",
        {"kind": "Duif", "made_on": "gisteren", "day_part": "Nacht", "reached": "misschien", "extra": 1},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"extra"}  # unknown fields first: nothing else is read
    response = client.post(
        BASE + f"cases/{case.uuid}/contact-attempts/",
        {"kind": "Duif", "made_on": "gisteren", "day_part": "Nacht", "reached": "misschien"},
        format="json",
    )
    assert set(response.json()) == {"kind", "made_on", "day_part", "reached"}
    assert client.get(BASE + "cases/", {"partner_type": ""}).status_code == 400
    assert not ContactAttempt.objects.exists()


@pytest.mark.parametrize(
    ("name", "status"), [("anna", 200), ("bo", 200), ("otto", 404), ("piet", 404), ("bea", 404)]
)
def test_a_zaak_is_read_by_the_household_s_caseworkers_but_worked_only_by_outreach(world, case, name, status):
    client = _api(world, name)
    assert client.get(BASE + f"cases/{case.uuid}/").status_code == status
    response = client.post(
        BASE + f"cases/{case.uuid}/contact-attempts/",
        {"kind": "Telefoon", "made_on": "2026-11-03", "day_part": "Avond", "reached": True},
        format="json",
    )
    assert response.status_code == 404
    assert client.get(BASE + "cases/").json() == []  # not on the outreach team: nothing to work
    assert not ContactAttempt.objects.exists()
