r"""Dutch identifiers: BSN (11-proef) and postcode. Error messages are Dutch; they never echo the value.

Only the ASCII digits 0-9 count as digits: `str.isdigit()`, `int()` and the regex `\d` also take fullwidth,
Arabic-Indic or superscript digits, which would let one BSN be registered twice under two spellings."""

import operator
import re
import unicodedata

from django.core.exceptions import ValidationError

_BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)
_POSTCODE = re.compile(r"[1-9][0-9]{3}[A-Z]{2}")
_ASCII_DIGITS = re.compile(r"[0-9]+")


def is_ascii_digits(value: str) -> bool:
    """True for a non-empty string of 0-9 only (no other script's digits, no sign, no trailing newline)."""
    return isinstance(value, str) and _ASCII_DIGITS.fullmatch(value) is not None


def is_valid_bsn(value: str) -> bool:
    if len(value) != 9 or not is_ascii_digits(value) or value == "000000000":
        return False
    digits = value.encode("ascii")  # bytes: 48 is "0"; a national year of signals checks a million of these
    total = sum(map(operator.mul, digits, _BSN_WEIGHTS)) - 48 * sum(_BSN_WEIGHTS)
    return total % 11 == 0


def validate_bsn(value: str) -> None:
    if not is_valid_bsn(value):
        raise ValidationError(
            "Dit is geen geldig BSN (9 cijfers die voldoen aan de elfproef).", code="invalid_bsn"
        )


def normalise_bsn(value: str) -> str:
    """Accept the ways people type a BSN (spaces, dots, an 8-digit BSN without its leading zero)."""
    digits = re.sub(r"[\s.\-]", "", value or "")
    if is_ascii_digits(digits) and len(digits) == 8:
        digits = "0" + digits
    return digits


def normalise_postcode(value: str) -> str:
    return re.sub(r"\s+", "", value or "").upper()


def validate_postcode(value: str) -> None:
    if not _POSTCODE.fullmatch(value):
        raise ValidationError("Vul een geldige postcode in, zoals 1234 AB.", code="invalid_postcode")


def bsn_with_check_digit(base: int) -> str | None:
    """A valid BSN from an 8-digit base number, or None when no check digit fits (the demo and the
    test factories use this to make fictional but valid BSNs)."""
    digits = f"{base:08d}"
    if len(digits) != 8:
        return None
    remainder = sum(int(d) * w for d, w in zip(digits, _BSN_WEIGHTS[:8], strict=True)) % 11
    if remainder == 10:
        return None
    bsn = digits + str(remainder)
    return bsn if is_valid_bsn(bsn) else None


_SEARCH_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"


def search_key(text: str) -> str:
    """A name reduced to [0-9a-z]: no case, accents, spaces or punctuation ("Jansen-de Wít" → "jansendewit").

    On such strings every collation sorts like plain bytes, so a prefix search can be an index range."""
    decomposed = unicodedata.normalize("NFKD", text or "").lower()
    return "".join(ch for ch in decomposed if ch in _SEARCH_ALPHABET)


# Voorvoegsels as people type them before a surname, longest first ("van der" before "van"). The BRP keeps
# them apart from the geslachtsnaam (Resident.surname_prefix), so "de Vries" is "de" + "Vries".
SURNAME_PREFIXES = (
    "van der", "van den", "van de", "van het", "van 't", "in het", "in 't", "in de", "op de", "op den",
    "uit de", "uit den", "aan de", "bij de", "onder de", "voor de", "van", "de", "der", "den", "het", "'t",
    "ter", "ten", "te", "op", "in", "la", "le", "du", "da", "di", "el", "al",
)  # fmt: skip


def split_surname_prefix(text: str) -> tuple[str, str]:
    """("de", "Vries") from "de Vries"; ("", "Vries") when no voorvoegsel leads. A prefix alone ("de")
    stays the name typed so far: it may be the start of "Dekker"."""
    typed = " ".join((text or "").split())
    lowered = typed.lower()
    for prefix in SURNAME_PREFIXES:
        if lowered.startswith(prefix + " ") and len(typed) > len(prefix) + 1:
            return typed[: len(prefix)], typed[len(prefix) + 1 :]
    return "", typed


def prefix_upper_bound(prefix: str) -> str | None:
    """The smallest search key after every key that starts with `prefix` (None: no upper bound)."""
    chars = list(prefix)
    while chars:
        position = _SEARCH_ALPHABET.index(chars[-1])
        if position + 1 < len(_SEARCH_ALPHABET):
            chars[-1] = _SEARCH_ALPHABET[position + 1]
            return "".join(chars)
        chars.pop()
    return None
