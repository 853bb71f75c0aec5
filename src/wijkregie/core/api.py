"""What every app's API layer shares: the 401/404 answers as documented in the schema, the error body, a
serializer that refuses unknown fields, references to staff and teams, and input validation. One definition
each, so the OpenAPI document has one component per shape (no name collisions between apps)."""

import re
from typing import Any
from uuid import UUID

from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


NOT_TEXT = "Vul tekst in."
NOT_AN_OBJECT = "Stuur de gegevens als een JSON-object."


def _takes_text(field: serializers.Field) -> bool:
    """A writable text field, or a single choice among texts."""
    if field.read_only or isinstance(field, serializers.MultipleChoiceField):
        return False
    if isinstance(field, serializers.ChoiceField):
        return all(isinstance(key, str) for key in field.choices)
    return isinstance(field, serializers.CharField)


class StrictSerializer(serializers.Serializer):
    """Refuses what it does not know instead of silently ignoring or converting it: unknown fields, a body
    that is not an object, and a number or list where text is asked (DRF would turn 123 into "123")."""

    unknown_field_message = "Dit veld bestaat niet."
    default_error_messages = {"invalid": NOT_AN_OBJECT, "null": NOT_AN_OBJECT, "required": NOT_AN_OBJECT}

    def run_validation(self, data: Any = serializers.empty) -> Any:
        if data is None and not self.allow_null:  # a JSON null body: DRF would answer in English
            raise serializers.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [NOT_AN_OBJECT]})
        return super().run_validation(data)

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({name: [self.unknown_field_message] for name in unknown})
            not_text = [
                name
                for name, field in self.fields.items()
                if _takes_text(field)
                and name in data
                and data[name] is not None
                and not isinstance(data[name], str)
            ]
            if not_text:
                raise serializers.ValidationError({name: [NOT_TEXT] for name in not_text})
        return super().to_internal_value(data)


class QuerySerializer(serializers.Serializer):
    """Reads query parameters. An empty value (`?year=`, `?household=`) is refused like a wrong one, per
    parameter, where DRF would read it as left out: a filter silently ignored looks like an answer."""

    def to_internal_value(self, data: Any) -> Any:
        empty = {name: [_empty_message(field)] for name, field in self.fields.items() if data.get(name) == ""}
        if empty:
            raise serializers.ValidationError(empty)
        return super().to_internal_value(data)


def _empty_message(field: serializers.Field) -> str:
    """The field's own Dutch message for a wrong value, unless it is a template that names the value
    (DRF's defaults do: "{input}", "{format}"): then the plain one."""
    messages = field.error_messages
    message = str(messages.get("invalid") or messages.get("invalid_choice") or "")
    return message if message and "{" not in message else EMPTY_QUERY_VALUE


class StrictSerializerSchema(OpenApiSerializerExtension):
    """The OpenAPI document says what StrictSerializer does: a request body takes no other fields."""

    target_class = StrictSerializer
    match_subclasses = True

    def map_serializer(self, auto_schema: Any, direction: Any) -> Any:
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        if direction == "request":
            schema["additionalProperties"] = False
        return schema


class StaffRefSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    display_name = serializers.CharField(read_only=True)


class TeamRefSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    name = serializers.CharField(read_only=True)


UNAUTHENTICATED = OpenApiResponse(description="Niet ingelogd: stuur `Authorization: Token <sleutel>`.")
NOT_FOUND = OpenApiResponse(ErrorSerializer, description="Bestaat niet, of u heeft er geen toegang toe.")


def validated(
    serializer_class: type[serializers.Serializer], request: Request, **kwargs: Any
) -> dict[str, Any]:
    """The request body checked by the serializer; a ValidationError becomes the Dutch 400 per field."""
    serializer = serializer_class(data=request.data, context={"request": request}, **kwargs)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


# -- query parameters ----------------------------------------------------------------------------------------
NOT_A_UUID = "Geef een geldige uuid."


EMPTY_QUERY_VALUE = "Vul een waarde in, of laat deze parameter weg."


def checked_query(
    request: Request, *, uuids: tuple[str, ...] = (), choices: dict[str, Any] | None = None
) -> None:
    """Refuse query values that do not fit their documented type with a Dutch 400 per parameter, also when
    the view would not use them (a filter silently ignored looks like an answer)."""
    errors: dict[str, list[str]] = {}
    for name in uuids:
        value = request.query_params.get(name)
        if value is not None:
            try:
                UUID(value)
            except ValueError:
                errors[name] = [NOT_A_UUID]
    for name, allowed in (choices or {}).items():
        value = request.query_params.get(name)
        if value is not None and value not in allowed:
            errors[name] = [f"Kies uit: {', '.join(allowed)}."]
    if errors:
        raise serializers.ValidationError(errors)


# -- versions (optimistic locking) --------------------------------------------------------------------------
PRECONDITION_FAILED = OpenApiResponse(
    ErrorSerializer,
    description="`If-Match` noemt een oudere versie: iemand anders wijzigde dit intussen. De ETag van het "
    "antwoord is de huidige versie; haal die op en breng de wijziging opnieuw aan.",
)
CHANGED_MEANWHILE = OpenApiResponse(
    ErrorSerializer,
    description="Zonder `If-Match`: iemand anders wijzigde dit terwijl uw wijziging werd verwerkt. De ETag "
    "van het antwoord is de huidige versie; haal die op en breng de wijziging opnieuw aan.",
)
VERSION_ERRORS = {409: CHANGED_MEANWHILE, 412: PRECONDITION_FAILED}
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description='De ETag van de versie die u wijzigt, bijvoorbeeld `"3"`. Zonder deze header geldt de '
    "wijziging op de huidige versie.",
)
VERSION_HELP = (
    'Stijgt bij elke wijziging. Stuur haar bij een wijziging mee in `If-Match` (`"3"`), dan overschrijft '
    "u nooit een wijziging van een ander."
)
IF_MATCH_INVALID = 'Stuur in If-Match de ETag zoals ontvangen, bijvoorbeeld "3".'


def expected_version(request: Request) -> int | None:
    """The version named in `If-Match` (strong or weak ETag); None without the header or for `*`."""
    header = request.headers.get("If-Match", "").strip()
    if header in ("", "*"):
        return None
    match = re.fullmatch(r'(?:W/)?"([1-9][0-9]{0,8})"', header)
    if match is None:
        raise serializers.ValidationError({"If-Match": [IF_MATCH_INVALID]})
    return int(match.group(1))


def with_version(response: Response, instance: Any) -> Response:
    """The ETag of the version the body shows, for the next `If-Match`."""
    response["ETag"] = f'"{instance.version}"'
    return response
