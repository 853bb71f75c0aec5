"""Reads for allocations: the allocation lists (`allocation`) and the cost ledger and contract review
(`ledger`)."""
