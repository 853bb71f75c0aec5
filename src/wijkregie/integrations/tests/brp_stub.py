"""A local stand-in for a Haal Centraal BRP Personen endpoint: http.server in a thread on 127.0.0.1.

It records each request and answers with whatever the test set: status, body, and optionally a hold (a
threading.Event the answer waits for, so a test can make it 'slow' without sleeping).
"""

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

BSN = "999993653"
API_KEY = "test-sleutel-123"

PERSON: dict[str, Any] = {
    "burgerservicenummer": BSN,
    "naam": {
        "voornamen": "Anna Maria",
        "voorletters": "A.M.",
        "voorvoegsel": "van der",
        "geslachtsnaam": "Berg",
    },
    "geboorte": {"datum": {"type": "Datum", "datum": "1975-03-14", "langFormaat": "14 maart 1975"}},
    "verblijfplaats": {
        "type": "Adres",
        "verblijfadres": {
            "officieleStraatnaam": "Hoofdstraat",
            "korteStraatnaam": "Hoofdstr",
            "huisnummer": 12,
            "huisletter": "a",
            "huisnummertoevoeging": "2",
            "postcode": "9711 ab",
            "woonplaats": "Westerhoek",
        },
    },
    "gemeenteVanInschrijving": {"code": "9901", "omschrijving": "Westerhoek"},
}
RESPONSE: dict[str, Any] = {"type": "RaadpleegMetBurgerservicenummer", "personen": [PERSON]}


@dataclass
class StubBrp:
    url: str = ""
    status: int = 200
    body: bytes = json.dumps(RESPONSE).encode()
    hold: threading.Event | None = None
    requests: list[dict[str, Any]] = field(default_factory=list)

    def answer(self, payload: Any, status: int = 200) -> None:
        self.status, self.body = status, json.dumps(payload).encode()


def _handler(stub: StubBrp) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            stub.requests.append({"path": self.path, "headers": dict(self.headers), "body": json.loads(raw)})
            if stub.hold is not None:
                stub.hold.wait(timeout=10)
            try:
                self.send_response(stub.status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(stub.body)))
                self.end_headers()
                self.wfile.write(stub.body)
            except OSError:  # the client gave up (time-out test)
                pass

        def log_message(self, format: str, *args: Any) -> None:  # keep the test output quiet
            pass

    return Handler


@contextmanager
def running_stub() -> Iterator[StubBrp]:
    stub = StubBrp()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(stub))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    host, port = server.server_address[:2]
    stub.url = f"http://{host!s}:{port}/haalcentraal/api/brp"
    thread.start()
    try:
        yield stub
    finally:
        if stub.hold is not None:
            stub.hold.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
