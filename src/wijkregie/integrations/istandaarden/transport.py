"""How iWmo/iJw message files travel. A transport sends a file and hands over what came in; Wijkregie
does the rest (validation, processing, idempotency). The built-in FolderTransport drops files in an
outgoing folder and reads an incoming one; a real exchange (the national hub, through the municipality's
message broker) plugs in as another class named by WIJKREGIE_MESSAGE_TRANSPORT."""

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

PROCESSED = "verwerkt"
REJECTED = "afgekeurd"


@dataclass(frozen=True)
class Incoming:
    name: str
    content: bytes
    handle: str  # what the transport needs to acknowledge this file


class Transport(Protocol):
    def send(self, name: str, content: bytes) -> None: ...

    def receive(self) -> Iterator[Incoming]: ...

    def acknowledge(self, incoming: Incoming, *, accepted: bool) -> None: ...


class FolderTransport:
    """Out: `<out>/<name>`, written under a temporary name and renamed, so a reader never sees half a file.
    In: every `*.xml` in `<in>`, oldest name first; handled files move to `verwerkt/` or `afgekeurd/`."""

    def __init__(self, in_dir: str | Path | None = None, out_dir: str | Path | None = None):
        self.in_dir = Path(in_dir or settings.WIJKREGIE_MESSAGES_IN)
        self.out_dir = Path(out_dir or settings.WIJKREGIE_MESSAGES_OUT)

    def send(self, name: str, content: bytes) -> None:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        target = self.out_dir / name
        partial = self.out_dir / f".{name}.deel"
        partial.write_bytes(content)
        os.replace(partial, target)

    def receive(self) -> Iterator[Incoming]:
        if not self.in_dir.is_dir():
            return
        for path in sorted(self.in_dir.glob("*.xml")):
            yield Incoming(name=path.name, content=path.read_bytes(), handle=str(path))

    def acknowledge(self, incoming: Incoming, *, accepted: bool) -> None:
        path = Path(incoming.handle)
        folder = path.parent / (PROCESSED if accepted else REJECTED)
        folder.mkdir(exist_ok=True)
        os.replace(path, folder / path.name)


def get_transport() -> Transport:
    transport: Transport = import_string(settings.WIJKREGIE_MESSAGE_TRANSPORT)()
    return transport
