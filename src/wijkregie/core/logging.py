"""A log filter that removes anything shaped like a BSN from log records: nine digits standing alone, or
written in groups of three with dots or spaces (123.456.782). A longer token that holds nine digits (a uuid,
a file name, a longer number) is left as it is, so logs stay readable and searchable."""

import json
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


# What every record has; anything else on a record was passed as `extra=` and is written as its own field.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class JsonLines(logging.Formatter):
    """One JSON object per line (time, level, logger, message and the `extra=` fields such as job and
    status), for log collectors. Runs after RedactPersonalData, so the message is already redacted; the
    extra fields Wijkregie passes are names, states and counts, never personal data."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({key: value for key, value in vars(record).items() if key not in _STANDARD})
        if record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False, default=str)


def formatter(kind: str) -> dict[str, str]:
    """The formatter for WIJKREGIE_LOG_FORMAT: "json" (one object per line) or "tekst" (one plain line)."""
    if kind == "json":
        return {"()": "wijkregie.core.logging.JsonLines"}
    return {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
