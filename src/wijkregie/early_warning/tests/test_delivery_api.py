"""The pull endpoint CBS uses: only a delivery credential's Bearer token opens it (no staff token, no
session), only for its own municipality; the answer is the exchange document with its paging beside it;
bad query values are Dutch 400s per parameter; every pull is audited without a BSN, logs none, and costs
the same queries for many signals as for few. Beside it the beheerder's download."""

import datetime
import json
import logging
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from jsonschema import Draft7Validator
from rest_framework.test import APIClient

from wijkregie.accounts.services import api_token_for
from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.models import AuditEvent
from wijkregie.early_warning.api.delivery import BAD_TOKEN, CODE_INVALID, DATE_INVALID, NO_TOKEN
from wijkregie.early_warning.models import DeliveryCredential
from wijkregie.early_warning.services import delivery as services
from wijkregie.organisation.models import Municipality

from .delivery_world import IN_PERIOD, DeliveryWorld, build, schema_errors
from .factories import SignalFactory

pytestmark = pytest.mark.django_db

PULL = reverse("api:v1:early_warning:ddas-pull")
EXPORT = reverse("api:v1:early_warning:ddas-export")
QUERY = {"gemeentecode": "9901", "startdatum": "2026-07-01", "einddatum": "2026-09-30"}
# the credential (authentication), the credential again (the service), the count; in a savepoint (2) the
# update of last_used_at and the audit row; then the document: settings, signals, and per chunk of zaken
# the zaken, their references and their attempts
PULL_QUERIES = 12


@pytest.fixture
def dw(world, settings) -> DeliveryWorld:
    settings.WIJKREGIE_REQUIRE_2FA = False
    return build(world)


@pytest.fixture
def token(dw) -> str:
    _credential, token = services.delivery_credential_create(
        acting_user=dw.world.fenna, municipality=dw.world.west, label="CBS productie"
    )
    return token


def _bearer(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def _body(response: Any) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(b"".join(response.streaming_content))
    return result


def _pull(token: str, **query: Any) -> Any:
    return _bearer(token).get(PULL, {**QUERY, **query})


# -- authentication ---------------------------------------------------------------------------------------
def test_the_right_token_gets_the_delivery_with_its_paging(dw, token):
    response = _pull(token)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    body = _body(response)
    assert list(body) == ["paginering", "gegevens"]
    assert body["paginering"] == {
        "pageSize": 50_000,
        "currentPage": 1,
        "totalPages": 1,
        "totalRecords": len(IN_PERIOD),
    }
    assert schema_errors(body["gegevens"]) == []
    assert {s["ID"] for s in body["gegevens"]["leveringen"][0]["vroegsignalen"]} == dw.ids(*IN_PERIOD)


def _refused(response: Any, message: str) -> None:
    assert response.status_code == 401
    assert response.json() == {"detail": message}
    assert response["WWW-Authenticate"] == 'Bearer realm="ddas"'


def test_no_token_is_401(dw):
    _refused(APIClient().get(PULL, QUERY), NO_TOKEN)


@pytest.mark.parametrize("header", ["Bearer", "Bearer a b", "Bearer geheim", "bearer geheim"])
def test_a_wrong_or_malformed_token_is_401(dw, token, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)

    response = client.get(PULL, QUERY)

    assert response.status_code == 401
    assert response.json()["detail"] in (NO_TOKEN, BAD_TOKEN)


def test_a_revoked_token_answers_as_an_unknown_one(dw, token):
    credential = DeliveryCredential.objects.get()
    services.delivery_credential_revoke(acting_user=dw.world.fenna, credential=credential)

    _refused(_pull(token), BAD_TOKEN)
    _refused(_pull("onbekend-maar-even-lang-als-een-echte-sleutel-0000"), BAD_TOKEN)


@pytest.mark.parametrize("name", ["fenna", "anna", "bo"])
def test_staff_tokens_and_sessions_get_401(dw, token, name):
    staff = APIClient()
    staff.credentials(HTTP_AUTHORIZATION=f"Token {api_token_for(username=name)}")
    session = APIClient()
    session.force_login(dw.world.user(name))

    _refused(staff.get(PULL, QUERY), NO_TOKEN)
    _refused(session.get(PULL, QUERY), NO_TOKEN)


def test_a_staff_token_sent_as_bearer_is_no_delivery_token(dw):
    _refused(_pull(api_token_for(username="fenna")), BAD_TOKEN)


def test_another_municipalitys_code_is_404(dw, token):
    _zuid_credential, zuid_token = services.delivery_credential_create(
        acting_user=dw.zuid_admin, municipality=dw.world.zuid, label="CBS"
    )

    assert _pull(zuid_token).status_code == 404  # Zuiderdijk's token for Westerhoek's code
    assert _pull(token, gemeentecode="9902").status_code == 404
    assert _pull(token, gemeentecode="0000").json() == {"detail": "Niet gevonden."}
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()


# -- what a pull writes -----------------------------------------------------------------------------------
def test_a_pull_is_audited_on_the_api_channel_and_marks_the_credential_used(dw, token):
    credential = DeliveryCredential.objects.get()
    assert credential.last_used_at is None
    before = timezone.now()

    _body(_pull(token))

    credential.refresh_from_db()
    assert before <= credential.last_used_at <= timezone.now()
    row = AuditEvent.objects.get(action=Action.EXPORT)
    assert (row.actor, row.channel, row.object_type, row.object_uuid) == (
        None,
        Channel.API,
        services.DELIVERY,
        credential.uuid,
    )
    assert row.fields == ["gemeente=9901", "pagina=1/1", "periode=2026-07-01/2026-09-30", "signalen=7"]


def test_no_bsn_in_any_log_line_or_audit_row_of_a_pull(dw, token, caplog):
    bsns = {s.bsn for s in dw.signals.values() if s.bsn}
    with caplog.at_level(logging.DEBUG):
        body = _body(_pull(token))
        _pull(token, einddatum="2026-01-01")  # a refused one logs its warning
        APIClient().get(PULL, QUERY)

    assert bsns & {
        s["client"].get("burgerservicenummer") for s in body["gegevens"]["leveringen"][0]["vroegsignalen"]
    }
    assert "Bad Request: /api/v1/early-warning/ddas/" in caplog.text  # the log was captured
    assert "Unauthorized: /api/v1/early-warning/ddas/" in caplog.text
    assert not any(bsn in caplog.text for bsn in bsns)
    assert token not in caplog.text
    assert not any(
        bsn in json.dumps(fields)
        for fields in AuditEvent.objects.values_list("fields", flat=True)
        for bsn in bsns
    )


# -- query values -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "answer"),
    [
        ({"gemeentecode": "99"}, {"gemeentecode": [CODE_INVALID]}),
        ({"gemeentecode": "99O1"}, {"gemeentecode": [CODE_INVALID]}),
        ({"gemeentecode": ""}, {"gemeentecode": [CODE_INVALID]}),
        ({"startdatum": "2026-7-1"}, {"startdatum": [DATE_INVALID]}),
        ({"startdatum": "20260701"}, {"startdatum": [DATE_INVALID]}),
        ({"einddatum": "2026-02-30"}, {"einddatum": [DATE_INVALID]}),
        ({"einddatum": "2026-06-30"}, {"einddatum": [services.END_BEFORE_START]}),
        ({"pageSize": "0"}, {"pageSize": [services.PAGE_SIZE_RANGE]}),
        ({"pageSize": "50001"}, {"pageSize": [services.PAGE_SIZE_RANGE]}),
        ({"pageSize": "veel"}, {"pageSize": [services.PAGE_SIZE_RANGE]}),
        ({"pageSize": ""}, {"pageSize": [services.PAGE_SIZE_RANGE]}),
        ({"currentPage": "0"}, {"currentPage": ["Geef een geheel getal van 1 of meer."]}),
        ({"currentPage": "2"}, {"currentPage": [services.NO_SUCH_PAGE]}),
    ],
)
def test_bad_query_values_are_a_dutch_400_per_parameter(dw, token, query, answer):
    response = _pull(token, **query)

    assert (response.status_code, response.json()) == (400, answer)
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()


def test_missing_parameters_are_named(dw, token):
    response = _bearer(token).get(PULL)

    assert response.status_code == 400
    assert response.json() == {
        "gemeentecode": [CODE_INVALID],
        "startdatum": ["Geef de startdatum (jjjj-mm-dd)."],
        "einddatum": ["Geef de einddatum (jjjj-mm-dd)."],
    }


# -- pages ------------------------------------------------------------------------------------------------
def test_three_signals_with_page_size_two_are_two_pages_and_every_zaak_resolves(dw, token):
    query = {"startdatum": "2026-08-01", "einddatum": "2026-08-31", "pageSize": "2"}  # busy ×2, not resident

    first, second = (
        _body(_pull(token, currentPage="1", **query)),
        _body(_pull(token, currentPage="2", **query)),
    )

    assert first["paginering"] == {"pageSize": 2, "currentPage": 1, "totalPages": 2, "totalRecords": 3}
    assert second["paginering"] == {"pageSize": 2, "currentPage": 2, "totalPages": 2, "totalRecords": 3}
    pages = [page["gegevens"]["leveringen"][0] for page in (first, second)]
    assert [len(page["vroegsignalen"]) for page in pages] == [2, 1]
    delivered = {s["ID"] for page in pages for s in page["vroegsignalen"]}
    assert delivered == dw.ids("busy_bsn", "busy_address", "not_resident")
    zaken = [z for page in pages for z in page["vroegsignaalzaken"]]
    assert len(zaken) == 1
    assert {r["ID"] for r in zaken[0]["vroegsignalen"]} == dw.ids("busy_bsn", "busy_address") <= delivered
    assert all(schema_errors(page["gegevens"]) == [] for page in (first, second))


def _more(dw: DeliveryWorld, count: int) -> None:
    for number in range(count):
        SignalFactory(
            municipality=dw.world.west,
            case=dw.cases["busy"],
            resident=dw.signals["busy_bsn"].resident,
            signal_date=datetime.date(2026, 8, 20),
        )
        SignalFactory(
            municipality=dw.world.west,
            postcode="9711AB",
            house_number=number + 20,
            signal_date=datetime.date(2026, 9, 1),
        )


def _counted(token: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        body = _body(_pull(token))
    return len(captured), body["paginering"]["totalRecords"]


def test_the_pulls_queries_do_not_grow_with_the_signals(dw, token):
    few, few_records = _counted(token)
    _more(dw, 15)

    many, many_records = _counted(token)

    assert (few_records, many_records) == (7, 37)
    assert few == many == PULL_QUERIES


# -- the beheerder's download -----------------------------------------------------------------------------
def _staff(name: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_for(username=name)}")
    return client


def test_the_beheerder_downloads_the_whole_period(dw):
    response = _staff("fenna").get(EXPORT, QUERY)

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="ddas-vroegsignalering-9901-20260701-20260930.json"'
    )
    document = _body(response)
    assert schema_errors(document) == []
    row = AuditEvent.objects.get(action=Action.EXPORT)
    assert (row.actor, row.channel) == (dw.world.fenna, Channel.API)


@pytest.mark.parametrize("name", ["anna", "sanne", "bea", "carla", "piet"])
def test_the_download_is_404_for_everyone_else(dw, name):
    assert _staff(name).get(EXPORT, QUERY).status_code == 404
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()


def test_the_download_is_404_for_another_or_unknown_municipality(dw):
    assert _staff("zef").get(EXPORT, QUERY).status_code == 404
    assert _staff("fenna").get(EXPORT, {**QUERY, "gemeentecode": "9902"}).status_code == 404
    assert _staff("fenna").get(EXPORT, {**QUERY, "gemeentecode": "1234"}).status_code == 404


def test_the_download_needs_staff_authentication(dw, token):
    assert APIClient().get(EXPORT, QUERY).status_code == 401
    assert _bearer(token).get(EXPORT, QUERY).status_code == 401


def test_the_download_refuses_an_end_before_the_start(dw):
    response = _staff("fenna").get(EXPORT, {**QUERY, "einddatum": "2026-01-01"})

    assert (response.status_code, response.json()) == (400, {"einddatum": [services.END_BEFORE_START]})


# -- the OpenAPI document describes real answers ----------------------------------------------------------
def _openapi() -> dict[str, Any]:
    generated = SchemaGenerator(api_version="v1").get_schema(request=None, public=True)
    result: dict[str, Any] = json.loads(OpenApiJsonRenderer().render(generated))
    return result


def _described(path: str) -> Draft7Validator:
    operation = _openapi()["paths"][path]["get"]
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    return Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)


def test_a_real_page_fits_the_openapi_description(dw, token):
    described = _described(PULL)
    body = _body(_pull(token, pageSize="2", currentPage="2"))

    assert [error.message for error in described.iter_errors(body)] == []
    del body["paginering"]
    assert list(described.iter_errors(body))  # the description does check


def test_a_real_download_fits_the_openapi_description(dw):
    described = _described(EXPORT)

    assert list(described.iter_errors(_body(_staff("fenna").get(EXPORT, QUERY)))) == []


PULL_OPERATION = schemathesis.openapi.from_dict(_openapi()).include(operation_id="early_warning_ddas_pull")
PULL_OPERATION.app = get_wsgi_application()


@pytest.fixture
def _inside_the_test_transaction():  # type: ignore[no-untyped-def]
    """The app runs inside the test's transaction (as in tests/test_api_fuzz.py)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@PULL_OPERATION.parametrize()
@hypothesis_settings(
    max_examples=10, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)
def test_the_pull_answers_a_real_token_as_documented(case, dw, token, _inside_the_test_transaction):  # type: ignore[no-untyped-def]
    """Generated queries with a valid token: every answer (200, 400, 404) is documented and fits. The
    world's municipality takes the documented example code, so generated requests reach real pages."""
    Municipality.objects.filter(pk=dw.world.west.pk).update(cbs_code="0014")
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"},
        excluded_checks=[schemathesis.checks.positive_data_acceptance],
    )
