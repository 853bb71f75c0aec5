"""iWmo 3.2 and iJw 3.2 messages as Wijkregie sends and reads them. Pure Python: no Django here.

Sending: build an `Allocation301`, check it with `validation.structural_errors` (and `xsd_errors`), then
`build_301`; the answer to a provider's 315 or 317 likewise as an `Answer319` with `build_319` (`parse_319`
reads one back). Receiving: `parse` the bytes into a `Retour`, `StartCare`, `StopCare`, `AllocationRequest`
or `ChangeRequest` (or `MessageError`), then `structural_errors` on the result.
"""

from .build import build_301, build_319
from .reading import parse, parse_319
from .standard import MESSAGE_CODES, XSD_VERSIONS, message_name
from .types import (
    ANSWER_REFUSED,
    ANSWER_UNDER_REVIEW,
    Address,
    AllocatedProduct,
    Allocation301,
    AllocationRequest,
    Answer319,
    ChangeRequest,
    Client,
    Header,
    IncomingMessage,
    MessageError,
    NewProduct,
    ProductChange,
    RequestedProduct,
    Retour,
    RetourCode,
    RetourProduct,
    Standard,
    StartCare,
    StartedProduct,
    StopCare,
    StoppedProduct,
)

__all__ = [
    "ANSWER_REFUSED",
    "ANSWER_UNDER_REVIEW",
    "MESSAGE_CODES",
    "XSD_VERSIONS",
    "Address",
    "AllocatedProduct",
    "Allocation301",
    "AllocationRequest",
    "Answer319",
    "ChangeRequest",
    "Client",
    "Header",
    "IncomingMessage",
    "MessageError",
    "NewProduct",
    "ProductChange",
    "RequestedProduct",
    "Retour",
    "RetourCode",
    "RetourProduct",
    "Standard",
    "StartCare",
    "StartedProduct",
    "StopCare",
    "StoppedProduct",
    "build_301",
    "build_319",
    "message_name",
    "parse",
    "parse_319",
]
