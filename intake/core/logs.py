"""Log lines that cannot be forged or leak secrets: one line per record, no link tokens."""

import logging
import re

TOKEN_PATHS = re.compile(r"(/r/|/staff/feed/)[A-Za-z0-9_\-]{16,}")
_installed = False


def clean(message: str) -> str:
    """Escape line breaks (a typed CR/LF must not start a fake log line) and hide tokens."""
    message = message.replace("\r", "\\r").replace("\n", "\\n")
    return TOKEN_PATHS.sub(r"\1[token]", message)


def install() -> None:
    """Wrap the record factory once, so every logger (ours, Werkzeug's, gunicorn's) is covered."""
    global _installed
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args, **kwargs) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        record.msg, record.args = clean(record.getMessage()), ()
        return record

    logging.setLogRecordFactory(factory)
    _installed = True
