"""Assessment API: instruments (read, import by the beheerder) and reports with scorings; authorisation
matrix (401/404 and nothing changed) and bad input as Dutch 400s."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from wijkregie.assessment import services
from wijkregie.assessment.constants import ReportStatus
from wijkregie.assessment.models import AnchorText, ConversationReport, DomainScore, Instrument, Scoring
from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.models import AuditEvent
from wijkregie.households.constants import Relation

from .conftest import OWN_INSTRUMENT

pytestmark = pytest.mark.django_db

API = "/api/v1"
NOT_ALLOWED = ["otto", "zoe", "sanne", "piet", "carla", "bea", "fenna"]


@pytest.fixture
def api():
    return APIClient()


def _as(api, user):
    api.force_authenticate(user)
    return api


def _head(world):
    return world.household.memberships.get(relation=Relation.HEAD).resident


def _report(world):
    return services.report_create(
        acting_user=world.anna, household=world.household, held_on=timezone.localdate(), story="Ons verhaal"
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


# -- instruments --------
def test_anonymous_gets_401(api, world, zrm):
    assert api.get(f"{API}/instruments/").status_code == 401
    assert api.get(f"{API}/instruments/{zrm.uuid}/").status_code == 401
    assert api.post(f"{API}/instruments/import/", {}, format="json").status_code == 401
    assert api.get(f"{API}/households/{world.household.uuid}/reports/").status_code == 401


def test_instrument_detail_has_domains_and_levels(api, world, zrm):
    body = _as(api, world.anna).get(f"{API}/instruments/{zrm.uuid}/").json()
    assert body["key"] == "zrm-2017" and body["builtin"] is True
    assert len(body["domains"]) == 13 and body["domains"][0] == {
        "code": "financien",
        "name": "Financiën",
        "position": 1,
    }
    assert body["levels"][0] == {"value": 1, "label": "Acute problematiek"}


@pytest.mark.parametrize(
    ("name", "sees_own"), [("anna", True), ("fenna", True), ("zoe", False), ("piet", False), ("carla", False)]
)
def test_instrument_list_shows_built_ins_and_what_the_user_serves(api, world, own_instrument, name, sees_own):
    keys = {i["key"] for i in _as(api, world.user(name)).get(f"{API}/instruments/").json()["results"]}
    if name in ("piet", "carla"):
        assert keys == set()
    else:
        assert {"zrm-2017", "positieve-gezondheid"} <= keys
        assert ("wonen-west" in keys) is sees_own
    status = _as(api, world.user(name)).get(f"{API}/instruments/{own_instrument.uuid}/").status_code
    assert status == (200 if sees_own else 404)


def test_beheerder_imports_a_json_body(api, world):
    response = _as(api, world.fenna).post(
        f"{API}/instruments/import/", data=OWN_INSTRUMENT, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["key"] == "wonen-west" and len(response.json()["domains"]) == 2
    event = AuditEvent.objects.get(object_uuid=response.json()["uuid"])
    assert (event.channel, event.action) == (Channel.API, Action.CREATE)


def test_beheerder_imports_a_csv_upload(api, world):
    content = "soort,code,score,tekst\ninstrument,kort,,Kort\nschaal,,0,Nee\nschaal,,1,Ja\ndomein,een,,Een\n"
    response = _as(api, world.fenna).post(
        f"{API}/instruments/import/",
        {"file": SimpleUploadedFile("kort.csv", content.encode())},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    assert response.json()["levels"] == [{"value": 0, "label": "Nee"}, {"value": 1, "label": "Ja"}]


def test_a_bad_file_is_a_400_with_lines_and_nothing_saved(api, world):
    before = _counts()
    bad = OWN_INSTRUMENT.replace('"score": 1, "text"', '"score": 9, "text"')
    response = _as(api, world.fenna).post(
        f"{API}/instruments/import/", data=bad, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"file": ["Regel 11: score 9 valt buiten de schaal (1–3)."]}
    assert _counts() == before


@pytest.mark.parametrize("name", ["anna", "teun", "bo", "piet", "carla", "bea", "zoe"])
def test_only_the_beheerder_imports(api, world, name):
    before = _counts()
    response = _as(api, world.user(name)).post(
        f"{API}/instruments/import/", data=OWN_INSTRUMENT, content_type="application/json"
    )
    assert response.status_code == 404
    assert _counts() == before


def test_anchor_import_and_the_other_municipalitys_beheerder(api, world, zrm, own_instrument, zara):
    response = _as(api, world.fenna).post(
        f"{API}/instruments/{zrm.uuid}/anchors/",
        data='{"anchors": [{"domain": "financien", "score": 1, "text": "Schulden."}]}',
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json() == {"loaded": 1}
    before = _counts()
    response = _as(api, zara).post(
        f"{API}/instruments/{own_instrument.uuid}/anchors/",
        data='{"anchors": [{"domain": "woning", "score": 2, "text": "x"}]}',
        content_type="application/json",
    )
    assert response.status_code == 404
    assert _as(api, zara).get(f"{API}/instruments/{own_instrument.uuid}/").status_code == 404
    assert _counts() == before


# -- reports --------
@pytest.mark.parametrize("name", NOT_ALLOWED)
def test_reports_are_404_for_who_may_not_see_the_household(api, world, name):
    report = _report(world)
    _as(api, world.user(name))
    assert api.get(f"{API}/households/{world.household.uuid}/reports/").status_code == 404
    assert api.get(f"{API}/reports/{report.uuid}/").status_code == 404
    before = _counts()
    assert (
        api.post(
            f"{API}/households/{world.household.uuid}/reports/",
            {"held_on": "2025-01-01", "story": "x"},
            format="json",
        ).status_code
        == 404
    )
    assert api.post(f"{API}/reports/{report.uuid}/finalise/").status_code == 404
    scoring = {
        "resident": str(_head(world).uuid),
        "scored_on": "2025-01-01",
        "scores": [{"domain": "financien", "value": 2}],
    }
    assert api.post(f"{API}/reports/{report.uuid}/scorings/", scoring, format="json").status_code == 404
    assert _counts() == before
    assert not AuditEvent.objects.filter(actor=world.user(name), action=Action.READ).exists()


@pytest.mark.parametrize("name", ["anna", "teun", "bo"])
def test_the_whole_flow_through_the_api(api, world, name):
    _as(api, world.user(name))
    h = world.household.uuid
    response = api.post(
        f"{API}/households/{h}/reports/",
        {"held_on": timezone.localdate().isoformat(), "story": "Ons verhaal", "wishes": "Rust"},
        format="json",
    )
    assert response.status_code == 201, response.content
    report = response.json()
    assert (report["status"], report["instrument"]["key"], report["scorings"]) == ("concept", "zrm-2017", [])

    scoring = {
        "resident": str(_head(world).uuid),
        "scored_on": timezone.localdate().isoformat(),
        "scores": [
            {"domain": "financien", "value": 2, "situation": "Achterstand"},
            {"domain": "justitie", "value": None, "own_strength": "Komt afspraken na"},
        ],
    }
    response = api.post(f"{API}/reports/{report['uuid']}/scorings/", scoring, format="json")
    assert response.status_code == 201, response.content
    scores = response.json()["scores"]
    assert scores[0] == {
        "domain": "financien",
        "domain_name": "Financiën",
        "value": 2,
        "score_label": "Niet zelfredzaam",
        "situation": "Achterstand",
        "own_strength": "",
        "network_strength": "",
    }

    listed = api.get(f"{API}/households/{h}/reports/").json()["results"]
    assert [r["uuid"] for r in listed] == [report["uuid"]] and len(listed[0]["scorings"]) == 1

    response = api.post(f"{API}/reports/{report['uuid']}/finalise/")
    assert response.status_code == 200 and response.json()["status"] == ReportStatus.FINAL
    before = _counts()
    again = api.post(f"{API}/reports/{report['uuid']}/scorings/", scoring, format="json")
    assert again.status_code == 400
    assert again.json() == {
        "non_field_errors": ["Deze brede uitvraag is vastgesteld en kan niet meer worden gewijzigd."]
    }
    assert _counts() == before
    assert AuditEvent.objects.filter(channel=Channel.API, action=Action.CREATE).count() == 2


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"scored_on": "2025-01-01", "scores": []}, {"resident": ["Dit veld is vereist."]}),
        (
            {"resident": "RESIDENT", "scored_on": "2025-01-01", "scores": [{"domain": "wonen", "value": 2}]},
            {"scores": ["Leefgebied 'wonen' hoort niet bij Zelfredzaamheid-Matrix (ZRM 2017)."]},
        ),
        (
            {
                "resident": "RESIDENT",
                "scored_on": "2025-01-01",
                "scores": [{"domain": "financien", "value": 8}],
            },
            {"scores": ["Financiën: kies een score van 1 tot en met 5."]},
        ),
        (
            {
                "resident": "00000000-0000-0000-0000-000000000000",
                "scored_on": "2025-01-01",
                "scores": [{"domain": "financien", "value": 2}],
            },
            {"resident": ["Deze inwoner is geen lid van dit huishouden."]},
        ),
        (
            {
                "resident": "RESIDENT",
                "scored_on": "2025-01-01",
                "scores": [{"domain": "financien", "value": 2}],
                "extra": 1,
            },
            {"extra": ["Dit veld bestaat niet."]},
        ),
    ],
)
def test_bad_scoring_input_is_a_dutch_400(api, world, body, errors):
    report = _report(world)
    if body.get("resident") == "RESIDENT":
        body["resident"] = str(_head(world).uuid)
    before = _counts()
    response = _as(api, world.anna).post(f"{API}/reports/{report.uuid}/scorings/", body, format="json")
    assert response.status_code == 400
    assert response.json() == errors
    assert _counts() == before


def test_report_in_the_future_is_a_400(api, world):
    future = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = _as(api, world.anna).post(
        f"{API}/households/{world.household.uuid}/reports/", {"held_on": future, "story": "x"}, format="json"
    )
    assert response.status_code == 400 and response.json() == {"held_on": ["Deze datum ligt in de toekomst."]}
