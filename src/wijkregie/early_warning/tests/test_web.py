"""Vroegsignalering pages: who sees what (404 for the rest), the flow without JavaScript, errors that save
nothing, and query counts that do not grow with the number of zaken."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wijkregie.audit.constants import Action
from wijkregie.audit.models import AuditEvent
from wijkregie.early_warning.constants import CaseResult, PartnerType
from wijkregie.early_warning.models import (
    ContactAttempt,
    EarlyWarningSettings,
    Signal,
    SignalCase,
    SignalPartner,
)
from wijkregie.households.tests.factories import HouseholdFactory
from wijkregie.intake.models import Melding

from .conftest import signal, signals_file
from .factories import SignalCaseFactory, SignalFactory

pytestmark = pytest.mark.django_db

QUEUE_QUERIES = 13  # session, user, the page's zaak ids, those zaken with household, district, worker; their
# signals with residents;
# the settings; the access rows in their own transaction (a savepoint and its release inside the test's);
# the outreach municipalities and the filter's districts; the header's count


def _as(client, world, name):
    client.force_login(world.user(name))
    return client


def _zaak(world, household=None, **kwargs):
    household = household or world.household
    case = SignalCaseFactory(
        municipality=world.west, household=household, team=world.welfare, signal_count=1,
        oldest_signal_on=datetime.date(2026, 10, 5), **kwargs,
    )  # fmt: skip
    head = household.memberships.heads().get().resident
    SignalFactory(municipality=world.west, case=case, resident=head, partner_type=PartnerType.RENT)
    return case


@pytest.mark.parametrize(
    ("name", "status"),
    [("sanne", 200), ("anna", 200), ("teun", 200), ("bo", 200), ("otto", 404), ("zoe", 404),
     ("piet", 404), ("carla", 404), ("bea", 404), ("fenna", 404)],
)  # fmt: skip
def test_the_zaak_page_for_the_outreach_team_and_the_household_s_caseworkers_only(
    client, world, name, status
):
    case = _zaak(world)

    response = _as(client, world, name).get(reverse("early_warning:case", args=[case.uuid]))

    assert response.status_code == status
    if status == 200:
        assert AuditEvent.objects.filter(
            action=Action.READ, object_uuid=case.uuid, actor_id=world.user(name).pk
        ).exists()
        can_work = b"Contactpoging vastleggen" in response.content
        assert can_work == (name == "sanne")  # the caseworkers of the household read it only


def test_anonymous_is_sent_to_login(client, world):
    case = _zaak(world)
    for url in (reverse("early_warning:queue"), reverse("early_warning:case", args=[case.uuid])):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/inloggen/")


@pytest.mark.parametrize(
    ("name", "status"),
    [("sanne", 200), ("anna", 200), ("piet", 404), ("bea", 404), ("fenna", 404), ("carla", 404)],
)
def test_the_queue_is_for_casework_and_lists_only_the_own_team_s_zaken(client, world, name, status):
    case = _zaak(world)

    response = _as(client, world, name).get(reverse("early_warning:queue"))

    assert response.status_code == status
    if status == 200:
        assert (str(case.uuid) in response.content.decode()) == (name == "sanne")


def test_the_queue_puts_crisis_first_filters_and_logs_who_was_shown(client, world):
    ordinary = _zaak(world)
    other = HouseholdFactory(district=world.west_noord)
    crisis = _zaak(world, household=other, crisis=True)

    page = _as(client, world, "sanne").get(reverse("early_warning:queue")).content.decode()

    assert page.index(str(crisis.uuid)) < page.index(str(ordinary.uuid))
    filtered = client.get(reverse("early_warning:queue"), {"crisis": "on"}).content.decode()
    assert str(crisis.uuid) in filtered and str(ordinary.uuid) not in filtered
    by_district = client.get(
        reverse("early_warning:queue"), {"district": str(world.west_noord.uuid)}
    ).content.decode()
    assert str(crisis.uuid) in by_district and str(ordinary.uuid) not in by_district
    assert (
        AuditEvent.objects.filter(object_type="lijst.vroegsignaalzaken", actor_id=world.sanne.pk).count() >= 2
    )


def test_the_queue_reads_the_same_number_of_queries_for_one_zaak_or_many(client, world):
    _zaak(world)
    _as(client, world, "sanne")
    client.get(reverse("early_warning:queue"))  # session warm-up
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("early_warning:queue")).status_code == 200
    for _ in range(6):
        _zaak(world, household=HouseholdFactory(district=world.west_centrum))
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("early_warning:queue"))
    assert response.content.decode().count("/vroegsignalering/zaken/") == 7
    assert len(many) == len(one) == QUEUE_QUERIES


def test_sanne_works_a_zaak_through_to_a_warm_handover_without_javascript(client, world):
    case = _zaak(world)
    _as(client, world, "sanne")
    base = reverse("early_warning:case", args=[case.uuid])

    response = client.post(
        base + "contactpoging/",
        {"kind": "Telefoon", "made_on": "2026-11-02", "day_part": "Middag", "reached": "ja"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    response = client.post(
        base + "afsluiten/",
        {"result": CaseResult.FOLLOW_UP_FINANCIAL, "result_on": "2026-11-03", "handover_line": "eerstelijn",
         "question": "Ik wil hulp bij mijn huurachterstand.", "version": case.version},
    )  # fmt: skip

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.result == CaseResult.FOLLOW_UP_FINANCIAL and case.melding is not None
    assert Melding.objects.get(pk=case.melding_id).household == world.household
    assert "Inwoner bereikt" not in client.get(base).content.decode()  # closed: no more forms


def test_a_result_without_reached_attempt_is_refused_on_the_page_and_saves_nothing(client, world):
    case = _zaak(world, picked_up_on=datetime.date(2026, 11, 1))
    _as(client, world, "sanne")

    response = client.post(
        reverse("early_warning:case_close", args=[case.uuid]),
        {"result": CaseResult.ADVICE, "result_on": "2026-11-03", "version": case.version},
    )

    assert response.status_code == 400
    assert "minstens één contactpoging" in response.content.decode()
    case.refresh_from_db()
    assert case.result == "" and not ContactAttempt.objects.exists()


def test_reading_a_file_and_matching_from_the_page(client, world):
    head = world.household.memberships.heads().get().resident
    content = signals_file(signal("P-1", burgerservicenummer=head.bsn))
    _as(client, world, "sanne")
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("signalen.json", content, content_type="application/json")
    response = client.post(
        reverse("early_warning:signal_files"), {"municipality": str(world.west.uuid), "file": upload}
    )
    assert response.status_code == 302 and Signal.objects.count() == 1

    response = client.post(
        reverse("early_warning:matching_start"),
        {"municipality": str(world.west.uuid), "period_start": "2026-10-01", "period_end": "2026-10-31"},
    )

    assert response.status_code == 302
    assert SignalCase.objects.filter(household=world.household).count() == 1
    page = client.get(reverse("early_warning:signal_files")).content.decode()
    assert "signalen.json" in page and head.bsn not in page


def test_a_bad_file_shows_its_lines_on_the_page_and_reads_nothing(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "fout.json", signals_file(signal("X", amount=-1, burgerservicenummer="999990056"))
    )
    response = _as(client, world, "fenna").post(
        reverse("early_warning:signal_files"), {"municipality": str(world.west.uuid), "file": upload}
    )

    assert response.status_code == 400
    assert "Regel 3: bedrag kan niet negatief zijn." in response.content.decode()
    assert not Signal.objects.exists()


@pytest.mark.parametrize("name", ["anna", "bo", "bea", "carla", "piet", "zoe"])
def test_reading_in_is_for_the_beheerder_and_the_outreach_team(client, world, name):
    assert _as(client, world, name).get(reverse("early_warning:signal_files")).status_code == 404


def test_the_beheerder_sets_the_outreach_team_thresholds_and_partners(client, world):
    _as(client, world, "fenna")
    url = reverse("early_warning:settings")
    assert client.get(url).status_code == 200
    current = EarlyWarningSettings.objects.get(municipality=world.west)
    data = {
        "form": "settings", "version": current.version, "outreach_team": str(world.team_a.uuid),
        "default_threshold": 100, "repeat_window_days": 60, "contact_days": 10, "analysis_days": 21,
        "delivering_name": "Welzijn De Schans", "delivering_kvk": "12345678", "contact_name": "F. Brouwer",
        "contact_email": "f.brouwer@example.org", "threshold_rent": 250,
    }  # fmt: skip

    assert client.post(url, data).status_code == 302

    current.refresh_from_db()
    assert (current.outreach_team, current.default_threshold, current.thresholds) == (
        world.team_a,
        100,
        {"Huur": 250},
    )
    response = client.post(
        url, {"form": "partner", "partner-partner_type": "Water", "partner-name": "Waterbedrijf"}
    )
    assert response.status_code == 302
    assert SignalPartner.objects.get(municipality=world.west).name == "Waterbedrijf"
    for name in ("sanne", "anna", "bea"):
        assert _as(client, world, name).get(url).status_code == 404


def test_the_partner_hears_back_only_whether_each_signal_was_picked_up(client, world):
    picked = _zaak(world, picked_up_on=datetime.date(2026, 11, 2))
    signal_row = picked.signals.get()
    signal_row.external_id = "=1+1"  # a partner's ID that a spreadsheet would run
    signal_row.save()
    SignalFactory(municipality=world.west, file=signal_row.file, external_id="B-2")

    response = _as(client, world, "sanne").get(
        reverse("early_warning:partner_feedback", args=[signal_row.file.uuid])
    )

    assert response.status_code == 200
    assert response.content.decode() == "id;opgepakt\n'=1+1;ja\nB-2;nee\n"
    assert AuditEvent.objects.filter(action=Action.EXPORT, object_uuid=signal_row.file.uuid).exists()
    for name in ("anna", "bea", "piet"):
        assert (
            _as(client, world, name)
            .get(reverse("early_warning:partner_feedback", args=[signal_row.file.uuid]))
            .status_code
            == 404
        )
