"""Writes to providers, contracts and contracted products (the contractmanager's work)."""

from .contracts import (
    ContractData,
    add_years,
    contract_create,
    contract_extend,
    contract_product_add,
    contract_product_end,
    contract_product_update,
    contract_update,
)
from .providers import (
    provider_contact_add,
    provider_contact_remove,
    provider_create,
    provider_update,
)

__all__ = [
    "ContractData",
    "add_years",
    "contract_create",
    "contract_extend",
    "contract_product_add",
    "contract_product_end",
    "contract_product_update",
    "contract_update",
    "provider_contact_add",
    "provider_contact_remove",
    "provider_create",
    "provider_update",
]
