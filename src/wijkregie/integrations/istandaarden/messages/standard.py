"""Fixed facts of iWmo 3.2 and iJw 3.2: namespaces, Berichtcodes (COD002-VEKTIS), versions."""

from typing import get_args

from .types import Standard

STANDARDS: tuple[Standard, ...] = get_args(Standard)
RELEASE = "3.2"
VERSION = "3"  # BerichtVersie
SUBVERSION = "2"  # BerichtSubversie
# XsdVersie written in outgoing messages: the versions in the published XSDs' appinfo.
XSD_VERSIONS: dict[Standard, str] = {"iwmo": "1.0.0", "ijw": "0.1.0"}
_PREFIX: dict[Standard, str] = {"iwmo": "wmo", "ijw": "jw"}

# COD002-VEKTIS: Berichtcode per message type.
MESSAGE_CODES: dict[Standard, dict[str, str]] = {
    "iwmo": {
        "301": "414", "302": "415", "305": "418", "306": "419", "307": "420", "308": "421", "315": "444",
        "316": "445", "317": "480", "318": "481", "319": "482", "320": "483", "323": "484", "325": "485",
    },
    "ijw": {
        "301": "436", "302": "437", "305": "438", "306": "439", "307": "440", "308": "441", "315": "446",
        "316": "447", "317": "486", "318": "487", "319": "488", "320": "489", "323": "490", "325": "491",
    },
}  # fmt: skip


def message_name(standard: Standard, message_type: str) -> str:
    """ "WMO301", "JW305": the name of the message and of its XSD file."""
    return f"{_PREFIX[standard].upper()}{message_type}"


def message_namespace(standard: Standard, message_type: str) -> str:
    return f"http://www.istandaarden.nl/{standard}/3_2/{_PREFIX[standard]}{message_type}/schema"


def base_namespace(standard: Standard) -> str:
    return f"http://www.istandaarden.nl/{standard}/3_2/basisschema/schema"


def prefixes(standard: Standard, message_type: str) -> dict[str, str]:
    """The namespace prefixes the standard's own examples use (wmo301/iwmo, jw301/ijw)."""
    return {
        f"{_PREFIX[standard]}{message_type}": message_namespace(standard, message_type),
        standard: base_namespace(standard),
    }


# Root namespace → (standard, message type), for every message type of both standards.
KNOWN_NAMESPACES: dict[str, tuple[Standard, str]] = {
    message_namespace(standard, message_type): (standard, message_type)
    for standard in STANDARDS
    for message_type in MESSAGE_CODES[standard]
}
