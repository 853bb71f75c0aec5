"""A log filter that removes anything shaped like a BSN (nine digits) from log records."""

import logging
import re

_NINE_DIGITS = re.compile(r"(?<!\d)\d{9}(?!\d)")


def redact(text: str) -> str:
    return _NINE_DIGITS.sub("[verwijderd]", text)


class RedactPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(str(record.msg))
        if record.args:
            if isinstance(record.args, dict):
                record.args = {key: redact(str(value)) for key, value in record.args.items()}
            else:
                record.args = tuple(redact(str(arg)) for arg in record.args)
        return True
