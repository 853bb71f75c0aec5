"""The address a request came from. Behind a reverse proxy every request arrives from the proxy, so the
client's address is read from the header the proxy sets, but only when that header is configured
(WIJKREGIE_CLIENT_IP_HEADER): otherwise anyone could send the header and choose their own address."""

from typing import Any

from django.conf import settings


def client_address(request: Any) -> str | None:
    """REMOTE_ADDR, or the address the configured header says the last trusted proxy saw."""
    meta = getattr(request, "META", {})
    header = settings.WIJKREGIE_CLIENT_IP_HEADER
    if header:
        # X-Forwarded-For: each proxy appends the address it received the request from; count back past
        # our own proxies. What the client wrote itself sits further left and is never used.
        hops = [part.strip() for part in str(meta.get(header, "")).split(",") if part.strip()]
        if len(hops) >= settings.WIJKREGIE_TRUSTED_PROXIES:
            return hops[-settings.WIJKREGIE_TRUSTED_PROXIES]
    return meta.get("REMOTE_ADDR") or None
