"""A log filter that removes anything shaped like a BSN from log records: nine digits standing alone, or
written in groups of three with dots or spaces (123.456.782). A longer token that holds nine digits (a uuid,
a file name, a longer number) is left as it is, so logs stay readable and searchable."""

import logging
import re

# Nine digits, or 3+3+3 with one dot or space between the groups, not touching a letter, digit, hyphen,
# underscore or another dot-and-digit.
_BSN_SHAPED = re.compile(
    r"(?<![\w\-])(?<![0-9][.])(?:[0-9]{9}|[0-9]{3}([. ])[0-9]{3}\1[0-9]{3})(?![\w\-])(?![.][0-9])"
)


def redact(text: str) -> str:
    return _BSN_SHAPED.sub("[verwijderd]", text)


class RedactPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        # Format first, then redact: arguments may be numbers (%d) or objects whose str() holds data.
        record.msg = redact(record.getMessage())
        record.args = None
        if record.exc_info:  # a traceback can quote values too
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
