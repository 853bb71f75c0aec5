"""Writes for maatwerk. Each function owns its transaction and writes an audit row (and, for a household,
a timeline line) with it. Requests and decisions in `requests`, bezwaar and beroep in `objections`, a
municipality's mandates and decision rules in `rules`."""

from .objections import (
    appeal_decide,
    appeal_register,
    objection_decide,
    objection_hearing_set,
    objection_postpone,
    objection_register,
)
from .requests import (
    STEP_FIELDS,
    TEXT_FIELDS,
    Product,
    beschikking_filename,
    beschikking_letter,
    may_approve,
    reindication_start,
    request_approve,
    request_create,
    request_decide,
    request_withdraw,
    reverse_test_save,
)
from .rules import (
    DecisionRulesData,
    MandateData,
    decision_rules_save,
    mandate_create,
    mandate_delete,
    mandate_update,
    mandates_install_defaults,
)

__all__ = [
    "STEP_FIELDS",
    "TEXT_FIELDS",
    "DecisionRulesData",
    "MandateData",
    "Product",
    "appeal_decide",
    "appeal_register",
    "beschikking_filename",
    "beschikking_letter",
    "decision_rules_save",
    "mandate_create",
    "mandate_delete",
    "mandate_update",
    "mandates_install_defaults",
    "may_approve",
    "objection_decide",
    "objection_hearing_set",
    "objection_postpone",
    "objection_register",
    "reindication_start",
    "request_approve",
    "request_create",
    "request_decide",
    "request_withdraw",
    "reverse_test_save",
]
