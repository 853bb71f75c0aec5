"""The OpenAPI document: valid OpenAPI 3, generated without warnings, every body described."""

import json

import pytest
import yaml
from django.core.management import call_command
from django.test import Client
from openapi_spec_validator import validate

API = "/api/v1"

# (path, method, success status, has a request body)
ENDPOINTS = [
    ("/households/", "get", "200", False),
    ("/households/{household_uuid}/", "get", "200", False),
    ("/households/{household_uuid}/timeline/", "get", "200", False),
    ("/households/{household_uuid}/assignment/", "post", "200", True),
    ("/residents/", "post", "201", True),
    ("/residents/{resident_uuid}/", "get", "200", False),
    ("/residents/{resident_uuid}/", "patch", "200", True),
    ("/residents/search/", "post", "200", True),
    ("/brp/persons/", "post", "200", True),
    ("/break-glass/", "post", "201", True),
    ("/municipalities/", "get", "200", False),
    ("/districts/", "get", "200", False),
    ("/teams/", "get", "200", False),
]


@pytest.fixture(scope="module")
def schema() -> dict:
    response = Client().get(f"{API}/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_schema_is_valid_openapi(schema):
    validate(schema)  # raises on any violation of the OpenAPI 3 specification


def test_schema_generates_without_warnings_or_errors(tmp_path):
    target = tmp_path / "schema.yml"

    # --fail-on-warn raises when drf-spectacular emitted any warning or error.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))

    assert yaml.safe_load(target.read_text())["openapi"].startswith("3.")


def test_operation_ids_are_unique(schema):
    ids = [
        op["operationId"] for item in schema["paths"].values() for op in item.values() if "operationId" in op
    ]

    assert len(ids) == len(set(ids))


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
        assert all(
            param["schema"] == {"type": "string", "format": "uuid"}
            for param in operation["parameters"]
            if param["in"] == "path"
        )


def test_no_bsn_or_database_id_in_any_path(schema):
    for path in schema["paths"]:
        assert "bsn" not in path.lower()
        assert "{id}" not in path and "{pk}" not in path


def _operations(schema):
    for path, item in schema["paths"].items():
        if path.endswith(("/schema/", "/docs/")):
            continue
        for method, operation in item.items():
            yield path, method, operation


def test_every_operation_answers_401_and_its_refusals(schema):
    """All apps' endpoints: unauthenticated is described; a body can be refused (400); a uuid in the path
    can be missing or not allowed (404) and is a uuid."""
    problems = []
    for path, method, operation in _operations(schema):
        responses = operation["responses"]
        if "401" not in responses:
            problems.append(f"{method} {path}: no 401")
        if "requestBody" in operation and "400" not in responses:
            problems.append(f"{method} {path}: body without 400")
        if "{" in path and "404" not in responses:
            problems.append(f"{method} {path}: path parameter without 404")
        for param in operation.get("parameters", []):
            if param["in"] == "path" and param["schema"] != {"type": "string", "format": "uuid"}:
                problems.append(f"{method} {path}: path parameter {param['name']} is not a uuid")
    assert problems == []


@pytest.mark.parametrize(
    ("component", "field"),
    [
        ("Beschikking", "signed_by"),
        ("MaatwerkRequest", "previous"),
        ("MaatwerkRequest", "plan_action"),
        ("MaatwerkRequest", "reverse_test"),
        ("MaatwerkRequest", "beschikking"),
        ("ReverseTest", "approved_by"),
        ("ReverseTest", "decided_by"),
    ],
)
def test_fields_that_are_empty_until_a_step_is_taken_are_declared_nullable(schema, component, field):
    declared = schema["components"]["schemas"][component]["properties"][field]
    parts = [declared, *declared.get("allOf", []), *declared.get("oneOf", [])]
    assert any(part.get("nullable") for part in parts), declared


def test_every_operation_documents_the_400_in_the_one_error_shape(schema):
    shapes = {
        json.dumps(op["responses"]["400"]["content"], sort_keys=True) for _, _, op in _operations(schema)
    }
    assert len(shapes) == 1


def _component(schema, ref_or_schema):
    ref = ref_or_schema.get("$ref", "")
    return schema["components"]["schemas"][ref.rsplit("/", 1)[-1]] if ref else ref_or_schema


# Instrument files are documents in a published layout that the import reads as a file: keys it does not
# use are left alone, as in the CSV form of the same file.
FILE_DOCUMENTS = ["POST /api/v1/instruments/import/", "POST /api/v1/instruments/{instrument_uuid}/anchors/"]


def test_every_json_body_declares_that_it_takes_no_other_fields(schema):
    """The API refuses fields it does not know (400 "Dit veld bestaat niet."); the document says so."""
    open_bodies = sorted(
        f"{method.upper()} {path}"
        for path, method, op in _operations(schema)
        for media, content in op.get("requestBody", {}).get("content", {}).items()
        if media == "application/json"
        and _component(schema, content["schema"]).get("additionalProperties") is not False
    )
    assert open_bodies == sorted(FILE_DOCUMENTS)
