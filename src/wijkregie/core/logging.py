"""A log filter that removes anything shaped like a BSN (nine digits) from log records."""

import logging
import re

_NINE_DIGITS = re.compile(r"(?<!\d)\d{9}(?!\d)")


def redact(text: str) -> str:
    return _NINE_DIGITS.sub("[verwijderd]", text)


class RedactPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        # Format first, then redact: arguments may be numbers (%d) or objects whose str() holds data.
        record.msg = redact(record.getMessage())
        record.args = None
        return True
