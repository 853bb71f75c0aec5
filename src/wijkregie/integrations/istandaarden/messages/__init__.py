"""iWmo 3.2 and iJw 3.2 messages as Wijkregie sends and reads them. Pure Python: no Django here.

Sending: build an `Allocation301`, check it with `validation.structural_errors` (and `xsd_errors`), then
`build_301`. Receiving: `parse` the bytes into a `Retour`, `StartCare`, `StopCare`, `AllocationRequest` or
`ChangeRequest` (or `MessageError`), then `structural_errors` on the result.
"""

from .build import build_301
from .reading import parse
from .standard import MESSAGE_CODES, XSD_VERSIONS, message_name
from .types import (
    Address,
    AllocatedProduct,
    Allocation301,
    AllocationRequest,
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
    "MESSAGE_CODES",
    "XSD_VERSIONS",
    "Address",
    "AllocatedProduct",
    "Allocation301",
    "AllocationRequest",
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
    "message_name",
    "parse",
]
