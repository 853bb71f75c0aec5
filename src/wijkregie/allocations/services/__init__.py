"""Writes for allocations: the toewijzing and its messages (`allocation`, `messages`), and the cost ledger
(`ledger`). Each function owns its transaction and writes an audit row with it."""
