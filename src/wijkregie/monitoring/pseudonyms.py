"""Keyed hashes: the steering store's only link to a person or a trajectory. HMAC-SHA256 with a secret from
the environment (WIJKREGIE_MONITORING_KEY), cut to a signed 64-bit integer so that counting distinct persons
is an integer comparison. Without the secret the hash cannot be recomputed from a uuid."""

import hashlib
import hmac
from uuid import UUID

from django.conf import settings


def _key(kind: str, value: UUID) -> int:
    secret = settings.WIJKREGIE_MONITORING_KEY.encode()
    digest = hmac.new(secret, f"{kind}:{value}".encode(), hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def person_key(resident_uuid: UUID) -> int:
    return _key("persoon", resident_uuid)


def source_key(allocation_uuid: UUID) -> int:
    return _key("toewijzing", allocation_uuid)


def household_key(household_uuid: UUID) -> int:
    return _key("huishouden", household_uuid)


def fact_key(kind: str, value: UUID) -> int:
    """A plan action or a goal: which row to replace when it changes."""
    return _key(kind, value)
