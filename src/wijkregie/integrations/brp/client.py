"""HTTP client for a Haal Centraal BRP Personen API v2 endpoint (POST /personen)."""

import httpx

from .mapping import FIELDS, person_from_json
from .types import BrpPerson, BrpUnavailable

_UNEXPECTED = "Het antwoord van de BRP had een onverwachte vorm."


class HaalCentraalClient:
    def __init__(
        self, base_url: str, api_key: str, timeout: float = 5.0, transport: httpx.BaseTransport | None = None
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout
        self.transport = transport

    def find_by_bsn(self, bsn: str) -> BrpPerson | None:
        body = {"type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": [bsn], "fields": FIELDS}
        headers = {"X-API-KEY": self.api_key, "Accept": "application/json"}
        try:
            with httpx.Client(timeout=self.timeout, transport=self.transport) as http:
                response = http.post(f"{self.base_url}/personen", json=body, headers=headers)
        except httpx.TimeoutException as exc:
            raise BrpUnavailable("De BRP antwoordde niet op tijd.") from exc
        except httpx.HTTPError as exc:
            raise BrpUnavailable("De BRP is niet bereikbaar.") from exc
        if response.status_code != 200:
            # Never include the request body (it holds the BSN) in the error.
            raise BrpUnavailable(f"De BRP gaf een fout (status {response.status_code}).")
        try:
            body = response.json()
        except ValueError as exc:
            raise BrpUnavailable(_UNEXPECTED) from exc
        personen = body.get("personen") if isinstance(body, dict) else None
        if not isinstance(personen, list):
            raise BrpUnavailable(_UNEXPECTED)
        if not personen:
            return None
        if not isinstance(personen[0], dict):
            raise BrpUnavailable(_UNEXPECTED)
        return person_from_json(personen[0])
