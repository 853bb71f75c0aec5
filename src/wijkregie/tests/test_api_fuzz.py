"""The OpenAPI document stays true: schemathesis generates requests for every operation from it (valid and
invalid ones) and checks each answer against it: no server error, a documented status code, content type,
headers and body. Every generated request is sent as each casework role (consulent, teamleider, backoffice,
sociaal werker) and as provider staff, on the test world."""

import json
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from wijkregie.accounts.constants import CASEWORK_ROLES, Role
from wijkregie.accounts.services import api_token_for

pytestmark = pytest.mark.django_db

# Per operation; each example goes out once per role below. Enough to reach every documented status, quick
# enough for the suite.
EXAMPLES = 2

# The test world's user for each role that works with households, and provider staff. A role whose user sees
# nothing of the world still gets every answer checked: its 404s and 403s must be documented too.
ROLES = {
    Role.CONSULENT: "anna",
    Role.TEAMLEIDER: "teun",
    Role.BACKOFFICE: "bo",
    Role.SOCIAL_WORKER: "sanne",
    Role.PROVIDER_STAFF: "piet",
}


def _document() -> dict[str, Any]:
    """The OpenAPI document exactly as `/api/v1/schema/?format=json` serves it."""
    generated = SchemaGenerator(api_version="v1").get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated))


schema = schemathesis.openapi.from_dict(_document())
schema.app = get_wsgi_application()


@pytest.fixture(autouse=True)
def _inside_the_test_transaction(settings):  # type: ignore[no-untyped-def]
    """The app runs inside the test's transaction: Django's per-request closing of connections must not run
    (its own test client leaves it out too)."""
    settings.WIJKREGIE_REQUIRE_2FA = False
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


# Derandomised: the same requests on every run, so the suite is repeatable (an outside fuzz run varies them).
FUZZ = hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def _as(username: str) -> dict[str, str]:
    return {"Authorization": f"Token {api_token_for(username=username)}"}


# Left out: "a schema-valid request is accepted". Business rules no schema can say (one of household or
# resident, a BSN that passes the elf-proef, a date not in the future) answer their documented Dutch 400.
NOT_CHECKED = [schemathesis.checks.positive_data_acceptance]


def test_the_fuzzed_roles_are_every_casework_role_and_provider_staff(world):
    assert set(ROLES) == {*CASEWORK_ROLES, Role.PROVIDER_STAFF}
    assert {role: world.user(name).role for role, name in ROLES.items()} == {role: role for role in ROLES}


@schema.parametrize()
@FUZZ
def test_every_operation_answers_every_role_as_its_schema_says(case, world):  # type: ignore[no-untyped-def]
    headers = {role: _as(name) for role, name in ROLES.items()}
    for role in ROLES:
        case.call_and_validate(headers=headers[role], excluded_checks=NOT_CHECKED)
