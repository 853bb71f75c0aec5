"""The one way to write to the audit trail: `record()`, called inside the caller's transaction, so a change
and its audit row commit or roll back together. The writer imports nothing but `core`, so every app may
audit; reading the trail (review, AVG inzage) is the `oversight` app's, above the apps whose data it reads."""

from .recording import record, record_reads, register_break_glass_check

__all__ = ["record", "record_reads", "register_break_glass_check"]
