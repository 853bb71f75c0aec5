"""The assessment endpoints in the OpenAPI document: bodies, errors and uuid-only paths described."""

import pytest
from django.test import Client

API = "/api/v1"

ENDPOINTS = [
    ("/instruments/", "get", "200", False),
    ("/instruments/{instrument_uuid}/", "get", "200", False),
    ("/instruments/import/", "post", "201", True),
    ("/instruments/{instrument_uuid}/anchors/", "post", "200", True),
    ("/households/{household_uuid}/reports/", "get", "200", False),
    ("/households/{household_uuid}/reports/", "post", "201", True),
    ("/reports/{report_uuid}/", "get", "200", False),
    ("/reports/{report_uuid}/finalise/", "post", "200", False),
    ("/reports/{report_uuid}/scorings/", "post", "201", True),
]


@pytest.fixture(scope="module")
def schema() -> dict:
    response = Client().get(f"{API}/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize(("path", "method", "success", "has_body"), ENDPOINTS)
def test_endpoint_describes_its_bodies(schema, path, method, success, has_body):
    operation = schema["paths"][f"{API}{path}"][method]

    assert operation["responses"][success]["content"]["application/json"]["schema"]
    assert "401" in operation["responses"]
    assert ("requestBody" in operation) is has_body
    if has_body:
        assert "400" in operation["responses"]
    if "{" in path:
        assert "404" in operation["responses"]


def test_import_accepts_a_json_body_or_a_file(schema):
    content = schema["paths"][f"{API}/instruments/import/"]["post"]["requestBody"]["content"]
    assert set(content) == {"application/json", "multipart/form-data"}
