"""Bezwaar and beroep pages: authorisation matrix (login / 404, nothing changed), the flow through the
forms, Dutch errors that save nothing, the late flag and the terms in words, query counts of the list."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wijkregie.decisions import services
from wijkregie.decisions.constants import ObjectionOutcome, RequestReason
from wijkregie.decisions.models import Beschikking, DecisionRules, Objection
from wijkregie.tasks.models import Task

from .conftest import TODAY
from .test_objections import DENIED, MOTIVATION, REASON, register, signed_request, snapshot

pytestmark = pytest.mark.django_db


def _as(client, world, name):
    client.force_login(world.user(name))
    return client


def _urls(world):
    request = signed_request(world)
    objection = register(world, request)
    return (
        request,
        objection,
        (
            reverse("decisions:request_objections", args=[request.uuid]),
            reverse("decisions:objection_detail", args=[objection.uuid]),
        ),
    )


FORMS = {
    "verdagen": {"verdagen-weeks": "2", "verdagen-reason": REASON},
    "hoorzitting": {"hoorzitting-hearing_on": "2025-04-30"},
    "beslissing": {
        "beslissing-outcome": ObjectionOutcome.WELL_FOUNDED,
        "beslissing-decided_on": TODAY.isoformat(),
        "beslissing-motivation": MOTIVATION,
    },
    "beroep": {"beroep-filed_on": TODAY.isoformat()},
    "uitspraak": {"uitspraak-outcome": ObjectionOutcome.UNFOUNDED, "uitspraak-decided_on": TODAY.isoformat()},
}


def _post(client, url, key, **overrides):
    return client.post(url, {"formulier": key, **FORMS.get(key, {}), **overrides})


def test_anonymous_is_sent_to_login(client, world):
    _, _, urls = _urls(world)
    before = snapshot()
    for url in urls:
        for response in (client.get(url), client.post(url, {"formulier": "bezwaar"})):
            assert response.status_code == 302
            assert response["Location"].startswith("/inloggen/")
    assert snapshot() == before


@pytest.mark.parametrize("name", DENIED)
def test_not_allowed_is_404_and_nothing_changes(client, world, name):
    _, _, (list_url, detail_url) = _urls(world)
    _as(client, world, name)
    before = snapshot()
    assert client.get(list_url).status_code == 404
    assert client.get(detail_url).status_code == 404
    response = client.post(list_url, {"formulier": "bezwaar", "bezwaar-received_on": TODAY.isoformat()})
    assert response.status_code == 404
    for key in FORMS:
        assert _post(client, detail_url, key).status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize("name", ["anna", "teun", "bo"])
def test_allowed_see_the_pages_with_the_terms_in_words(client, world, name):
    _, objection, (list_url, detail_url) = _urls(world)
    _as(client, world, name)
    page = client.get(list_url).content.decode()
    assert "B-TEST-1" in page
    assert "dinsdag 22 april 2025" in page  # end of the bezwaar term (Tweede Paasdag moved it on)
    assert "3 juni 2025 (6 weken)" in page
    assert reverse("decisions:objection_detail", args=[objection.uuid]) in page
    page = client.get(detail_url).content.decode()
    assert "<strong>dinsdag 3 juni 2025</strong> (nog 85 dagen)" in page
    assert "Na de bezwaartermijn ontvangen" not in page
    assert 'value="verdagen"' in page and 'value="beslissing"' in page
    assert 'value="beroep"' not in page


def test_register_through_the_page(client, world):
    request = signed_request(world)
    DecisionRules.objects.filter(municipality=world.west).update(advisory_committee=True)
    _as(client, world, "bo")
    url = reverse("decisions:request_objections", args=[request.uuid])
    page = client.get(url).content.decode()
    assert re.search(r'<input type="checkbox" name="bezwaar-advisory_committee"[^>]* checked', page)
    response = client.post(
        url,
        {
            "formulier": "bezwaar",
            "bezwaar-received_on": TODAY.isoformat(),
            "bezwaar-advisory_committee": "on",
        },
    )
    objection = Objection.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("decisions:objection_detail", args=[objection.uuid])
    assert objection.advisory_committee is True and objection.created_by == world.bo
    assert Task.objects.get(source_uuid=objection.uuid).due_on == datetime.date(2025, 7, 15)
    page = client.get(response["Location"]).content.decode()
    assert "dinsdag 15 juli 2025" in page and "met advies van de bezwaarcommissie" in page


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2025-03-11", "Deze datum kan niet in de toekomst liggen."),
        ("2025-03-07", "Het bezwaar kan niet zijn ontvangen vóór de beschikking bekend werd gemaakt."),
        ("", "Dit veld is vereist."),
    ],
)
def test_register_with_bad_input_shows_a_dutch_error_and_saves_nothing(client, world, value, message):
    request = signed_request(world)
    _as(client, world, "anna")
    before = snapshot()
    response = client.post(
        reverse("decisions:request_objections", args=[request.uuid]),
        {"formulier": "bezwaar", "bezwaar-received_on": value},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert snapshot() == before


def test_without_a_signed_beschikking_there_is_no_form_and_nothing_is_saved(client, world):
    request = signed_request(world)
    Beschikking.objects.filter(request=request).update(signed_on=None)
    _as(client, world, "anna")
    url = reverse("decisions:request_objections", args=[request.uuid])
    page = client.get(url).content.decode()
    assert "nog geen ondertekende beschikking" in page
    assert 'value="bezwaar"' not in page
    before = snapshot()
    response = client.post(url, {"formulier": "bezwaar", "bezwaar-received_on": TODAY.isoformat()})
    assert response.status_code == 200
    assert snapshot() == before


def test_a_late_bezwaar_is_flagged_on_both_pages(client, world):
    request = signed_request(world, signed_on=datetime.date(2025, 1, 6))
    objection = register(world, request)
    _as(client, world, "anna")
    page = client.get(reverse("decisions:request_objections", args=[request.uuid])).content.decode()
    assert "na de bezwaartermijn" in page
    page = client.get(reverse("decisions:objection_detail", args=[objection.uuid])).content.decode()
    assert "Na de bezwaartermijn ontvangen." in page
    assert "maandag 17 februari 2025" in page
    assert "Awb 6:11" in page


def test_an_overdue_term_says_so(client, world):
    objection = register(world, signed_request(world, signed_on=datetime.date(2024, 12, 2)))
    _as(client, world, "anna")
    page = client.get(reverse("decisions:objection_detail", args=[objection.uuid])).content.decode()
    assert "de termijn is 14 dagen verstreken" in page


def test_the_whole_flow_through_the_pages(client, world):
    request, objection, (list_url, url) = _urls(world)
    _as(client, world, "bo")
    # refused postponement: not one of the choices, then a reason too short (the service's message)
    response = _post(client, url, "verdagen", **{"verdagen-weeks": "7"})
    assert response.status_code == 200
    response = _post(client, url, "verdagen", **{"verdagen-reason": "kort"})
    assert "minstens 10 tekens" in response.content.decode()
    objection.refresh_from_db()
    assert objection.postponed_weeks == 0
    assert _post(client, url, "verdagen").status_code == 302
    page = client.get(url).content.decode()
    assert "dinsdag 17 juni 2025" in page and REASON in page
    assert 'value="verdagen"' not in page  # once only
    # a second postponement posted anyway changes nothing
    _post(client, url, "verdagen", **{"verdagen-weeks": "1"})
    objection.refresh_from_db()
    assert objection.postponed_weeks == 2
    assert _post(client, url, "hoorzitting").status_code == 302
    assert "woensdag 30 april 2025" in client.get(url).content.decode()
    # a decision without motivation is refused in Dutch
    response = _post(client, url, "beslissing", **{"beslissing-motivation": ""})
    assert "Motiveer de beslissing op bezwaar" in response.content.decode()
    assert _post(client, url, "beslissing").status_code == 302
    objection.refresh_from_db()
    new = objection.new_request
    assert new.previous == request and new.reason == RequestReason.RECONSIDERATION
    page = client.get(url).content.decode()
    assert reverse("decisions:request_detail", args=[new.uuid]) in page
    assert 'value="beslissing"' not in page and 'value="beroep"' in page
    assert _post(client, url, "beroep").status_code == 302
    assert _post(client, url, "uitspraak").status_code == 302
    objection.refresh_from_db()
    assert (objection.appeal_filed_on, objection.appeal_outcome, objection.appeal_decided_on) == (
        TODAY,
        ObjectionOutcome.UNFOUNDED,
        TODAY,
    )
    page = client.get(list_url).content.decode()
    assert "Gegrond" in page and "Ingesteld 10 maart 2025: ongegrond" in page


def test_list_queries_do_not_grow(client, world, django_assert_num_queries):
    request = signed_request(world)
    _as(client, world, "anna")
    url = reverse("decisions:request_objections", args=[request.uuid])
    first = register(world, request)
    services.objection_decide(
        acting_user=world.teun,
        objection=first,
        outcome=ObjectionOutcome.WELL_FOUNDED,
        decided_on=TODAY,
        motivation=MOTIVATION,
    )
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for outcome in (ObjectionOutcome.WELL_FOUNDED, ObjectionOutcome.UNFOUNDED, ObjectionOutcome.WITHDRAWN):
        objection = register(world, request)
        services.objection_decide(
            acting_user=world.teun,
            objection=objection,
            outcome=outcome,
            decided_on=TODAY,
            motivation=MOTIVATION,
        )
    register(world, request)
    assert Objection.objects.count() == 5
    with django_assert_num_queries(len(one)):
        page = client.get(url).content.decode()
    assert page.count(">nieuwe aanvraag</a>") == 2


def test_a_withdrawn_bezwaar_offers_no_beroep(client, world):
    _, objection, (_, url) = _urls(world)
    services.objection_decide(
        acting_user=world.teun, objection=objection, outcome=ObjectionOutcome.WITHDRAWN, decided_on=TODAY
    )
    _as(client, world, "anna")
    page = client.get(url).content.decode()
    assert "Ingetrokken, op maandag 10 maart 2025" in page
    assert "geen beslissing waartegen beroep openstaat" in page
    assert 'value="beroep"' not in page
    before = snapshot()
    assert _post(client, url, "beroep").status_code == 200
    assert snapshot() == before
