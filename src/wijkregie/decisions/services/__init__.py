"""Writes for maatwerk. Each function owns its transaction and writes an audit row (and, for a household,
a timeline line) with it. Requests and decisions in `requests`, bezwaar and beroep in `objections`, a
municipality's mandates and decision rules in `rules`."""

from .requests import (
    STEP_FIELDS,
    TEXT_FIELDS,
    may_approve,
    request_approve,
    request_create,
    request_decide,
    reverse_test_save,
)
from .rules import mandates_install_defaults

__all__ = [
    "STEP_FIELDS",
    "TEXT_FIELDS",
    "mandates_install_defaults",
    "may_approve",
    "request_approve",
    "request_create",
    "request_decide",
    "reverse_test_save",
]
