"""JSON in, with limits: a body that is not JSON, nests deeper than any Wijkregie resource (a bomb of
brackets) or is not an object gets a Dutch 400 instead of a server error."""

from typing import Any

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_DEPTH = 20  # the deepest request body Wijkregie reads is a plan evaluation: 4 levels
NOT_JSON = "De inhoud van het verzoek is geen geldige JSON."
TOO_DEEP = f"De JSON is te diep genest (hooguit {MAX_DEPTH} niveaus)."


def _depth(value: Any) -> int:
    """How deeply lists and objects nest, without recursion (a bomb must not overflow the stack here)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                return deepest
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return deepest


class LimitedJSONParser(JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except ParseError as error:
            raise ParseError(NOT_JSON) from error
        except RecursionError as error:  # the standard decoder gives up on about a thousand levels
            raise ParseError(TOO_DEEP) from error
        if _depth(data) > MAX_DEPTH:
            raise ParseError(TOO_DEEP)
        return data
