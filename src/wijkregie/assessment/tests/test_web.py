"""Brede uitvraag and instrument pages: authorisation matrix (404 / login), what they show, bad input,
and a fixed number of queries whatever the household's size."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from wijkregie.assessment import services
from wijkregie.assessment.constants import ReportStatus, ScoringMoment
from wijkregie.assessment.models import AnchorText, ConversationReport, DomainScore, Instrument, Scoring
from wijkregie.assessment.services import DomainScoreData
from wijkregie.audit.constants import Action
from wijkregie.audit.models import AuditEvent
from wijkregie.households.constants import Relation
from wijkregie.households.models import HouseholdMembership
from wijkregie.households.tests.factories import ResidentFactory

from .conftest import OWN_INSTRUMENT

pytestmark = pytest.mark.django_db

ALLOWED = ["anna", "teun", "bo"]
NOT_ALLOWED = ["otto", "zoe", "sanne", "piet", "carla", "bea", "fenna"]


def _as(client, world, name):
    client.force_login(world.user(name))
    return client


def _head(world):
    return world.household.memberships.get(relation=Relation.HEAD).resident


def _report(world, **kwargs):
    return services.report_create(
        acting_user=world.anna,
        household=world.household,
        held_on=timezone.localdate(),
        story="Het verhaal van Visser",
        wishes="Weer rust",
        **kwargs,
    )


def _counts():
    return (
        ConversationReport.objects.count(),
        Scoring.objects.count(),
        DomainScore.objects.count(),
        Instrument.objects.count(),
        AnchorText.objects.count(),
        AuditEvent.objects.exclude(action=Action.READ).count(),
    )


# -- uitvraag pages: authorisation --------
def _uitvraag_urls(world, report):
    h = world.household.uuid
    return [
        ("get", reverse("assessment:household_reports", args=[h])),
        ("get", reverse("assessment:report_new", args=[h])),
        ("get", reverse("assessment:report_detail", args=[h, report.uuid])),
        ("get", reverse("assessment:report_edit", args=[h, report.uuid])),
        ("get", reverse("assessment:scoring_edit", args=[h, report.uuid, _head(world).uuid])),
    ]


def test_anonymous_is_sent_to_login(client, world):
    report = _report(world)
    for _, url in _uitvraag_urls(world, report):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/inloggen/")


@pytest.mark.parametrize("name", NOT_ALLOWED)
def test_who_may_not_see_the_household_gets_404_and_nothing_changes(client, world, name):
    report = _report(world)
    _as(client, world, name)
    for _, url in _uitvraag_urls(world, report):
        response = client.get(url)
        assert response.status_code == 404
        assert "Het verhaal van Visser" not in response.content.decode()
    before = _counts()
    h = world.household.uuid
    client.post(
        reverse("assessment:report_new", args=[h]),
        {"held_on": "01-01-2025", "story": "x", "instrument": report.instrument.pk},
    )
    client.post(reverse("assessment:report_finalise", args=[h, report.uuid]))
    client.post(
        reverse("assessment:scoring_edit", args=[h, report.uuid, _head(world).uuid]),
        {"scored_on": "01-01-2025", "financien__value": "2"},
    )
    assert _counts() == before
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert not AuditEvent.objects.filter(actor=world.user(name), action=Action.READ).exists()


@pytest.mark.parametrize("name", ALLOWED)
def test_who_may_see_the_household_sees_the_report(client, world, name):
    report = _report(world)
    _as(client, world, name)
    for _, url in _uitvraag_urls(world, report):
        assert client.get(url).status_code == 200
    page = client.get(reverse("assessment:household_reports", args=[world.household.uuid])).content.decode()
    assert "Het verhaal van Visser" in page and "Weer rust" in page


def test_a_report_of_another_household_is_404_under_this_one(client, world):
    report = _report(world)
    other = ResidentFactory()
    _as(client, world, "bo")
    url = reverse("assessment:report_detail", args=[world.zuid_household.uuid, report.uuid])
    assert client.get(url).status_code == 404
    url = reverse("assessment:scoring_edit", args=[world.household.uuid, report.uuid, other.uuid])
    assert client.get(url).status_code == 404


# -- uitvraag pages: the flow --------
def test_empty_page_offers_a_new_report(client, world):
    page = _as(client, world, "anna").get(
        reverse("assessment:household_reports", args=[world.household.uuid])
    )
    assert "Er is nog geen brede uitvraag" in page.content.decode()


def test_create_score_and_finalise_through_the_pages(client, world, zrm):
    _as(client, world, "anna")
    h = world.household.uuid
    response = client.post(
        reverse("assessment:report_new", args=[h]),
        {
            "instrument": zrm.pk,
            "held_on": timezone.localdate().strftime("%d-%m-%Y"),
            "story": "Ons verhaal",
            "wishes": "",
        },
    )
    assert response.status_code == 302
    report = ConversationReport.objects.get(household=world.household)
    form_page = client.get(reverse("assessment:scoring_edit", args=[h, report.uuid, _head(world).uuid]))
    html = form_page.content.decode()
    assert html.count("<fieldset") == 13 and "1 – Acute problematiek" in html

    response = client.post(
        reverse("assessment:scoring_edit", args=[h, report.uuid, _head(world).uuid]),
        {
            "scored_on": timezone.localdate().strftime("%d-%m-%Y"),
            "financien__value": "2",
            "financien__situation": "Achterstand bij de verhuurder",
            "justitie__own_strength": "Komt afspraken na",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("assessment:household_reports", args=[h])).content.decode()
    assert "2 – Niet zelfredzaam" in page and "Achterstand bij de verhuurder" in page

    assert client.post(reverse("assessment:report_finalise", args=[h, report.uuid])).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.FINAL
    page = client.get(reverse("assessment:household_reports", args=[h])).content.decode()
    assert "Brede uitvraag vaststellen" not in page and "Scores wijzigen" not in page
    # a finalised report's scoring page sends back, nothing saved
    before = _counts()
    response = client.post(
        reverse("assessment:scoring_edit", args=[h, report.uuid, _head(world).uuid]),
        {"scored_on": "01-01-2025", "financien__value": "5"},
    )
    assert response.status_code == 302 and _counts() == before


def test_bad_scoring_input_shows_dutch_errors_and_saves_nothing(client, world):
    report = _report(world)
    _as(client, world, "anna")
    url = reverse("assessment:scoring_edit", args=[world.household.uuid, report.uuid, _head(world).uuid])
    before = _counts()
    response = client.post(url, {"scored_on": "01-01-2025", "financien__value": "9"})
    assert response.status_code == 200
    assert "Kies een score uit de lijst." in response.content.decode()
    response = client.post(url, {"scored_on": "01-01-2025"})
    assert "Vul minstens één leefgebied in." in response.content.decode()
    future = (timezone.localdate() + datetime.timedelta(days=3)).strftime("%d-%m-%Y")
    response = client.post(url, {"scored_on": future, "financien__value": "2"})
    assert "Deze datum ligt in de toekomst." in response.content.decode()
    assert _counts() == before


def test_the_scoring_page_shows_the_municipalitys_anchor_texts_as_hints(client, world, zrm):
    services.anchor_texts_import(
        acting_user=world.fenna,
        instrument=zrm,
        content="domein;score;tekst\nfinancien;1;Groeiende schulden.\n",
        format="csv",
    )
    report = _report(world)
    url = reverse("assessment:scoring_edit", args=[world.household.uuid, report.uuid, _head(world).uuid])
    html = _as(client, world, "anna").get(url).content.decode()
    assert "Groeiende schulden." in html
    assert 'aria-describedby="id_financien__value_anchors"' in html


# The dossier read with its access row and the session (as on the dossier page), then the report with its
# instrument's domains and levels, the scorings with their scores, and the list of all reports.
UITVRAAG_PAGE_QUERIES = 18


def _add_scored_child(world, report):
    child = ResidentFactory()
    HouseholdMembership.objects.create(
        household=world.household,
        resident=child,
        relation=Relation.CHILD,
        start_date=datetime.date(2021, 1, 1),
    )
    services.scoring_record(
        acting_user=world.anna,
        household=world.household,
        resident=child,
        instrument=report.instrument,
        moment=ScoringMoment.INTAKE,
        scores=[DomainScoreData("financien", 3), DomainScoreData("justitie", 4, situation="Niets")],
        scored_on=timezone.localdate(),
        report=report,
    )


def test_uitvraag_page_query_count_does_not_grow_with_members(client, world, django_assert_num_queries):
    report = _report(world)
    _add_scored_child(world, report)
    _as(client, world, "anna")
    url = reverse("assessment:household_reports", args=[world.household.uuid])
    client.get(url)  # warm the session
    with django_assert_num_queries(UITVRAAG_PAGE_QUERIES):
        client.get(url)
    for _ in range(4):
        _add_scored_child(world, report)
    with django_assert_num_queries(UITVRAAG_PAGE_QUERIES):
        response = client.get(url)
    assert response.content.decode().count("2 – Niet zelfredzaam") == 0
    assert response.content.decode().count("3 – Beperkt zelfredzaam") == 5


# -- instrument beheer pages --------
@pytest.mark.parametrize("name", ["anna", "teun", "bo", "sanne", "piet", "carla", "bea", "otto", "zoe"])
def test_instrument_pages_are_for_the_beheerder_only(client, world, own_instrument, name):
    _as(client, world, name)
    urls = [
        reverse("assessment:instruments"),
        reverse("assessment:instrument_import"),
        reverse("assessment:instrument_detail", args=[own_instrument.uuid]),
        reverse("assessment:anchor_import", args=[own_instrument.uuid]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404
    before = _counts()
    client.post(reverse("assessment:instrument_active", args=[own_instrument.uuid]), {"active": "0"})
    client.post(
        reverse("assessment:instrument_import"),
        {"file": SimpleUploadedFile("i.json", OWN_INSTRUMENT.replace("wonen-west", "nieuw").encode())},
    )
    assert _counts() == before
    own_instrument.refresh_from_db()
    assert own_instrument.active


def test_instrument_pages_send_anonymous_to_login(client, world):
    response = client.get(reverse("assessment:instruments"))
    assert response.status_code == 302 and response["Location"].startswith("/inloggen/")


def test_the_other_municipalitys_beheerder_does_not_see_wests_instrument(client, world, own_instrument, zara):
    client.force_login(zara)
    page = client.get(reverse("assessment:instruments")).content.decode()
    assert "Woonladder Westerhoek" not in page and "Zelfredzaamheid-Matrix" in page
    for url in (
        reverse("assessment:instrument_detail", args=[own_instrument.uuid]),
        reverse("assessment:anchor_import", args=[own_instrument.uuid]),
    ):
        assert client.get(url).status_code == 404
    assert (
        client.post(
            reverse("assessment:instrument_active", args=[own_instrument.uuid]), {"active": "0"}
        ).status_code
        == 404
    )
    own_instrument.refresh_from_db()
    assert own_instrument.active


def test_beheerder_lists_imports_and_switches_an_instrument(client, world, zrm):
    _as(client, world, "fenna")
    page = client.get(reverse("assessment:instruments")).content.decode()
    assert "Zelfredzaamheid-Matrix (ZRM 2017)" in page and "Positieve Gezondheid" in page
    response = client.post(
        reverse("assessment:instrument_import"),
        {"file": SimpleUploadedFile("wonen.json", OWN_INSTRUMENT.encode())},
    )
    instrument = Instrument.objects.get(key="wonen-west", municipality=world.west)
    assert response.status_code == 302
    assert response["Location"] == reverse("assessment:instrument_detail", args=[instrument.uuid])
    detail = client.get(response["Location"]).content.decode()
    assert "Woning" in detail and "Zorgelijk" in detail and "1 ingelezen" in detail

    client.post(reverse("assessment:instrument_active", args=[instrument.uuid]), {"active": "0"})
    instrument.refresh_from_db()
    assert instrument.active is False
    assert AuditEvent.objects.filter(object_uuid=instrument.uuid, fields=["active"]).count() == 1

    zrm_detail = client.get(reverse("assessment:instrument_detail", args=[zrm.uuid])).content.decode()
    assert zrm_detail.count('<th class="utrecht-table__header-cell" scope="row">') == 5 + 13
    assert "Niet ingelezen" in zrm_detail and "Uit gebruik nemen" not in zrm_detail


def test_a_bad_upload_shows_every_line_and_saves_nothing(client, world):
    _as(client, world, "fenna")
    before = _counts()
    bad = (
        "soort;code;score;tekst\ninstrument;x;;X\nschaal;;1;a\nschaal;;2;b\n"
        "domein;a;;A\nanker;b;1;t\nanker;a;7;t\n"
    )
    response = client.post(
        reverse("assessment:instrument_import"), {"file": SimpleUploadedFile("x.csv", bad.encode())}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Regel 6: onbekend leefgebied &#x27;b&#x27;." in html
    assert "Regel 7: score 7 valt buiten de schaal (1–2)." in html
    assert "Er is niets opgeslagen." in html
    assert _counts() == before


def test_an_upload_without_a_known_extension_asks_for_the_format(client, world):
    _as(client, world, "fenna")
    response = client.post(
        reverse("assessment:instrument_import"),
        {"file": SimpleUploadedFile("wonen.txt", OWN_INSTRUMENT.encode())},
    )
    assert "Kies het formaat" in response.content.decode()
    response = client.post(
        reverse("assessment:instrument_import"),
        {"file": SimpleUploadedFile("wonen.txt", OWN_INSTRUMENT.encode()), "format": "json"},
    )
    assert response.status_code == 302


def test_anchor_upload_for_a_built_in(client, world, zrm):
    _as(client, world, "fenna")
    response = client.post(
        reverse("assessment:anchor_import", args=[zrm.uuid]),
        {"file": SimpleUploadedFile("zrm.csv", b"domein;score;tekst\nfinancien;1;Schulden.\n")},
    )
    assert response.status_code == 302
    assert AnchorText.objects.get(domain__instrument=zrm).municipality == world.west


def test_instrument_list_query_count_is_fixed(client, world, own_instrument, django_assert_num_queries):
    _as(client, world, "fenna")
    url = reverse("assessment:instruments")
    client.get(url)
    with django_assert_num_queries(4):
        client.get(url)
    services.instrument_import(
        acting_user=world.fenna,
        municipality=world.west,
        content=OWN_INSTRUMENT.replace("wonen-west", "twee"),
        format="json",
    )
    with django_assert_num_queries(4):
        client.get(url)


# -- the written report of the onderzoek for the resident (Wmo 2015 art. 2.3.2 lid 8) -----------------------
def _final(world):
    report = _report(world)
    services.scoring_record(
        acting_user=world.anna,
        household=world.household,
        resident=_head(world),
        instrument=report.instrument,
        moment=ScoringMoment.INTAKE,
        scores=[DomainScoreData("huisvesting", 2, situation="De huur is drie maanden niet betaald.")],
        scored_on=timezone.localdate(),
        report=report,
    )
    return services.report_finalise(acting_user=world.anna, report=report)


def test_the_written_report_is_made_once_from_a_final_uitvraag_kept_and_downloaded(client, world):
    report = _final(world)
    url = reverse("assessment:report_letter", args=[world.household.uuid, report.uuid])
    _as(client, world, "anna")
    page = client.get(reverse("assessment:report_detail", args=[world.household.uuid, report.uuid]))
    assert "Verslag voor de inwoner maken" in page.content.decode()

    assert client.post(url).status_code == 302
    report.refresh_from_db()
    letter = bytes(report.letter)
    assert letter.startswith(b"%PDF") and report.letter_sent_on == timezone.localdate()
    client.post(url)  # made once: the second press keeps it
    report.refresh_from_db()
    assert bytes(report.letter) == letter
    download = client.get(url)
    assert download.status_code == 200 and download.content == letter
    assert AuditEvent.objects.filter(object_uuid=report.uuid, action=Action.EXPORT).count() == 1


def test_the_written_report_says_what_was_recorded_in_the_residents_terms(world):
    from wijkregie.assessment.letters import report_html
    from wijkregie.assessment.services import _report_letter_context

    report = _final(world)
    head = world.household.memberships.get(relation=Relation.HEAD)
    html = report_html(_report_letter_context(report, head, timezone.localdate()))
    assert "Het verhaal van Visser" in html and "Weer rust" in html
    assert "De huur is drie maanden niet betaald." in html
    assert f"Beste {head.resident.full_name}," in html


def test_a_draft_uitvraag_has_no_written_report_yet(client, world):
    report = _report(world)
    _as(client, world, "anna").post(
        reverse("assessment:report_letter", args=[world.household.uuid, report.uuid])
    )
    report.refresh_from_db()
    assert report.letter is None


@pytest.mark.parametrize("name", NOT_ALLOWED)
def test_who_may_not_see_the_household_gets_404_for_its_written_report(client, world, name):
    report = _final(world)
    url = reverse("assessment:report_letter", args=[world.household.uuid, report.uuid])
    _as(client, world, name)
    assert client.post(url).status_code == 404 and client.get(url).status_code == 404
