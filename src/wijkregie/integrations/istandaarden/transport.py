"""How iWmo/iJw message files travel. A transport sends a file and hands over what came in; Wijkregie
does the rest (validation, processing, idempotency). The built-in FolderTransport drops files in an
outgoing folder and reads an incoming one; a real exchange (the national hub, through the municipality's
message broker) plugs in as another class named by WIJKREGIE_MESSAGE_TRANSPORT."""

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

PROCESSED = "verwerkt"
REJECTED = "afgekeurd"
# A message file's name as the standards make them: letters, digits, dots, dashes and underscores.
PLAIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,195}\.(xml|json|csv)")


@dataclass(frozen=True)
class Incoming:
    name: str
    content: bytes
    handle: str  # what the transport needs to acknowledge this file
    refusal: str = ""  # why the file was not read at all (a link, too big, an odd name); content is empty


class Transport(Protocol):
    def send(self, name: str, content: bytes) -> None: ...

    def receive(self) -> Iterator[Incoming]: ...

    def acknowledge(self, incoming: Incoming, *, accepted: bool) -> None: ...


class FolderTransport:
    """Out: `<out>/<name>`, written under a temporary name and renamed, so a reader never sees half a file.
    In: every `*.xml` in `<in>` (or the given suffixes: signal files are `.json` and `.csv`), in name order;
    handled files move to `verwerkt/` or `afgekeurd/`."""

    def __init__(
        self,
        in_dir: str | Path | None = None,
        out_dir: str | Path | None = None,
        *,
        suffixes: tuple[str, ...] = (".xml",),
        max_bytes: int | None = None,
    ):
        self.in_dir = Path(in_dir or settings.WIJKREGIE_MESSAGES_IN)
        self.out_dir = Path(out_dir or settings.WIJKREGIE_MESSAGES_OUT)
        self.suffixes = suffixes
        self.max_bytes = max_bytes or settings.WIJKREGIE_MESSAGE_MAX_BYTES

    def send(self, name: str, content: bytes) -> None:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        target = self.out_dir / name
        partial = self.out_dir / f".{name}.deel"
        partial.write_bytes(content)
        os.replace(partial, target)

    def receive(self) -> Iterator[Incoming]:
        """Every regular file of the in-folder with one of the suffixes, read only when it is safe to: a link
        (its target could be any file on the server), a file over the size limit or a name with other
        characters is handed over unread, with the reason, so that it is refused and moved aside."""
        if not self.in_dir.is_dir():
            return
        limit = self.max_bytes
        paths = [path for path in self.in_dir.iterdir() if path.suffix.lower() in self.suffixes]
        for path in sorted(paths):
            name, handle = path.name, str(path)
            if path.is_symlink() or not path.is_file():
                yield Incoming(name, b"", handle, "Bestand: is een verwijzing, geen gewoon bestand")
            elif not PLAIN_NAME.fullmatch(name):
                yield Incoming(name, b"", handle, "Bestand: de naam bevat tekens die niet mogen")
            elif path.stat().st_size > limit:
                yield Incoming(name, b"", handle, f"Bestand: is groter dan {limit // 1024} kB")
            else:
                yield Incoming(name, path.read_bytes(), handle)

    def acknowledge(self, incoming: Incoming, *, accepted: bool) -> None:
        """Move the file (a link: the link itself, never its target) to verwerkt/ or afgekeurd/, under a
        plain name."""
        path = Path(incoming.handle)
        folder = path.parent / (PROCESSED if accepted else REJECTED)
        folder.mkdir(exist_ok=True)
        name = path.name if PLAIN_NAME.fullmatch(path.name) else re.sub(r"[^A-Za-z0-9._-]", "_", path.name)
        os.replace(path, folder / name)


def get_transport() -> Transport:
    transport: Transport = import_string(settings.WIJKREGIE_MESSAGE_TRANSPORT)()
    return transport


def signal_transport(folder: str) -> Transport:
    """The same transport for vroegsignalen: `folder` (one per municipality) in place of the message folder,
    JSON and CSV files, up to WIJKREGIE_SIGNAL_FILE_MAX_BYTES."""
    transport: Transport = import_string(settings.WIJKREGIE_MESSAGE_TRANSPORT)(
        in_dir=folder, suffixes=(".json", ".csv"), max_bytes=settings.WIJKREGIE_SIGNAL_FILE_MAX_BYTES
    )
    return transport
