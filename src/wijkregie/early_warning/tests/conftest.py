"""Vroegsignalering tests: the world's Westerhoek reads signals in and matches them; sanne's welfare team
does the outreach (the default: the welfare team serving the municipality)."""

import json
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _no_two_factor(settings):  # type: ignore[no-untyped-def]
    settings.WIJKREGIE_REQUIRE_2FA = False


def signal(
    external_id: str, *, partner: str = "Huur", amount: int = 400, on: str = "2026-10-05", **client: Any
):
    """One DDAS-shaped signal item; `client` as the JSON names it (burgerservicenummer, postcode, ...)."""
    item: dict[str, Any] = {
        "ID": external_id,
        "signaalpartner": {"type": partner},
        "bedrag": amount,
        "signaaldatum": on,
        "client": client,
    }
    return item


def signals_file(*items: dict[str, Any]) -> bytes:
    return json.dumps({"vroegsignalen": list(items)}, indent=2).encode()
