"""The consent endpoints are in the OpenAPI document with their bodies described."""

import pytest
from django.test import Client

API = "/api/v1"

ENDPOINTS = [
    ("/consents/", "get", "200", False),
    ("/consents/", "post", "201", True),
    ("/consents/{consent_uuid}/withdraw/", "post", "200", False),
    ("/shares/", "get", "200", False),
    ("/shares/", "post", "201", True),
    ("/shares/{share_uuid}/end/", "post", "200", False),
    ("/shared-with-us/", "get", "200", False),
    ("/shared-with-us/{share_uuid}/", "get", "200", False),
]


@pytest.fixture(scope="module")
def schema() -> dict:
    response = Client().get(f"{API}/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize(("path", "method", "success", "has_body"), ENDPOINTS)
def test_endpoint_is_described(schema, path, method, success, has_body):
    operation = schema["paths"][f"{API}{path}"][method]

    assert "application/json" in operation["responses"][success]["content"]
    assert ("requestBody" in operation) is has_body
    assert "404" in operation["responses"] and "401" in operation["responses"]
    assert operation["tags"] == ["toestemming"]
