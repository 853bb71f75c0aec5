"""API errors in Dutch JSON, in one shape: validation errors as 400 with messages per field
(`{"field": ["..."]}`), every other error as `{"detail": "..."}` (a change made on an older version: 412
with the current ETag). Django's ValidationError raised by services becomes the same shape, so services
and serializers speak one language. Also the errors Django raises before a view runs (no URL matches: 404;
a body over the size limit: 413) answer JSON on the API."""

from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, JsonResponse
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from wijkregie.core.versioning import EDITED_MEANWHILE, EditedMeanwhile

NOT_FOUND = "Niet gevonden."  # the same body as a 404 from a view: missing and not allowed look alike
TOO_BIG = "Het verzoek is te groot."
SERVER_ERROR = "Er ging iets mis aan onze kant. Probeer het later opnieuw."


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail=detail)
    elif isinstance(exc, RequestDataTooBig):
        return Response({"detail": TOO_BIG}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    elif isinstance(exc, EditedMeanwhile):
        headers = {"ETag": f'"{exc.current_version}"'}
        code = status.HTTP_412_PRECONDITION_FAILED if exc.asked else status.HTTP_409_CONFLICT
        return Response({"detail": EDITED_MEANWHILE}, status=code, headers=headers)
    response = drf_exception_handler(exc, context)
    if (
        response is not None
        and isinstance(exc, exceptions.ValidationError)
        and isinstance(response.data, dict)
    ):
        response.data = {field: _messages(value) for field, value in response.data.items()}
    return response


def _messages(value: Any) -> list[str]:
    """The messages of one field as a flat list: errors on a list's items or a nested object
    (`{"0": ["..."]}`) belong to the field they were sent in."""
    if isinstance(value, dict):
        return [m for v in value.values() for m in _messages(v)]
    if isinstance(value, list):
        return [m for v in value for m in _messages(v)]
    return [str(value)]


def documented_errors(result: dict[str, Any], **_: Any) -> dict[str, Any]:
    """drf-spectacular postprocessing: every operation can answer 400 (a query value or body that does not
    fit, a body that is no JSON), so every operation documents it, in the one error shape: messages per
    field, or `detail` with one message."""
    body = {
        "type": "object",
        "additionalProperties": {
            "anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}]
        },
    }
    for path in result.get("paths", {}).values():
        for operation in path.values():
            responses = operation.setdefault("responses", {})
            description = responses.get("400", {}).get(
                "description", "Ongeldige invoer: per veld of parameter een lijst Nederlandse meldingen."
            )
            responses["400"] = {"description": description, "content": {"application/json": {"schema": body}}}
    return result


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request: HttpRequest, exception: Exception) -> Any:
    """A path that matches no URL (also a uuid that is not one): JSON on the API, the page elsewhere."""
    if _is_api(request):
        return JsonResponse({"detail": NOT_FOUND}, status=404)
    return defaults.page_not_found(request, exception)


def bad_request(request: HttpRequest, exception: Exception) -> Any:
    """Django's own 400 (a body over the size limit read outside a view, a bad host): JSON on the API."""
    if _is_api(request):
        too_big = isinstance(exception, RequestDataTooBig)
        return JsonResponse(
            {"detail": TOO_BIG if too_big else "Ongeldig verzoek."}, status=413 if too_big else 400
        )
    return defaults.bad_request(request, exception)


def server_error(request: HttpRequest) -> Any:
    if _is_api(request):
        return JsonResponse({"detail": SERVER_ERROR}, status=500)
    return defaults.server_error(request)
