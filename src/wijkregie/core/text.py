"""Text that people type, as Wijkregie stores it: Unicode in its composed form (NFC), one line for names and
addresses, and none of the characters that change how text looks without being seen (control characters,
the right-to-left override, zero-width spaces). Dutch names keep all they need: letters with accents,
apostrophes (’s-Gravenhage), hyphens, dots and spaces."""

import unicodedata

from django.core.exceptions import ValidationError

LINE_ERROR = (
    "Gebruik alleen letters, cijfers, spaties en leestekens: geen regeleinden, tabs of onzichtbare tekens."
)
TEXT_ERROR = "Gebruik geen onzichtbare tekens of stuurtekens."
_SPACES = {"\u00a0": " ", "\u2007": " ", "\u202f": " "}  # no-break spaces become an ordinary space


def _hidden(ch: str) -> bool:
    """Control (Cc), format (Cf: U+202E, zero-width), surrogate, private use, unassigned, and the
    line and paragraph separators."""
    return unicodedata.category(ch)[0] == "C" or unicodedata.category(ch) in ("Zl", "Zp")


def plain_line(value: str | None) -> str:
    """A name or address line: NFC, trimmed, without a hidden or line-breaking character."""
    if value is not None and value.isascii() and value.isprintable():
        return value.strip()  # printable ASCII is NFC and has no hidden character: the common case, fast
    text = unicodedata.normalize("NFC", "".join(_SPACES.get(ch, ch) for ch in (value or ""))).strip()
    if any(_hidden(ch) for ch in text):
        raise ValidationError(LINE_ERROR, code="control_characters")
    return text


def plain_text(value: str | None) -> str:
    """Free text (a story, a note): NFC, trimmed; line breaks and tabs stay, other hidden characters not."""
    text = unicodedata.normalize("NFC", (value or "").replace("\r\n", "\n")).strip()
    if any(_hidden(ch) and ch not in "\n\t" for ch in text):
        raise ValidationError(TEXT_ERROR, code="control_characters")
    return text
