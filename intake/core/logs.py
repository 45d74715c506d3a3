"""Log lines that cannot be forged or leak secrets: one line per record, no link tokens, and
one JSON line per request (method, path, status, duration, request id)."""

import logging
import re
import secrets
import sys
import time

from flask import Flask, Response, g, request
from pythonjsonlogger.json import JsonFormatter

# Every route with a secret in its path, as registered: the one list the masking reads.
# tests/web/test_request_log.py walks app.url_map and fails for a route missing here.
TOKEN_ROUTES = (
    "/<lang>/r/<token>",  # a requester's manage link (and everything under it)
    "/staff/feed/<token>.ics",  # a counsellor's calendar feed
    "/staff/feed/office/<token>.ics",  # the office-wide feed
    "/staff/set-password/<token>",  # a new colleague's or a reset password
    "/staff/login/unlock/<token>",  # the unlock link of a paused account
    "/staff/account/second-factor/<token>",  # the second-factor enrolment link
)
_PATH_SEGMENT = r"[^/?#\s\"']+?"
_BOUNDARY = r"(?:[/?#\s\"']|$)"


def _route_pattern(rule: str) -> str:
    """`rule` as a regular expression whose groups are the text around the secret."""
    before, _, after = rule.partition("<token>")
    prefix = re.escape(before).replace(re.escape("<lang>"), r"[^/?#\s]+")
    return f"({prefix}){_PATH_SEGMENT}(?=(?:{re.escape(after)})?{_BOUNDARY})"


# Longest prefix first: /staff/feed/office/… must not be read as a feed token "office".
_BY_PREFIX = sorted(TOKEN_ROUTES, key=lambda rule: len(rule.partition("<token>")[0]), reverse=True)
TOKEN_PATHS = re.compile("|".join(_route_pattern(rule) for rule in _BY_PREFIX))
# A request id from the proxy is kept only when it looks like one (no log injection).
REQUEST_ID = re.compile(r"[A-Za-z0-9._\-]{8,64}")
request_log = logging.getLogger("intake.request")
_installed = False


def clean(message: str) -> str:
    """Escape line breaks (a typed CR/LF must not start a fake log line) and hide tokens."""
    message = message.replace("\r", "\\r").replace("\n", "\\n")
    return TOKEN_PATHS.sub(_mask, message)


def _mask(found: re.Match) -> str:
    return next(group for group in found.groups() if group is not None) + "[token]"


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


def json_handler(stream=None) -> logging.Handler:
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(
        JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s", timestamp=False)
    )
    return handler


def install_request_log(app: Flask) -> None:
    """One JSON line per request on the `intake.request` logger (to stderr when REQUEST_LOG)."""
    if app.config["REQUEST_LOG"] and not request_log.handlers:
        request_log.addHandler(json_handler())
        request_log.setLevel(logging.INFO)
        request_log.propagate = False
    app.before_request(_start_request)
    app.after_request(_log_request)


def _start_request() -> None:
    g.request_started = time.perf_counter()
    offered = request.headers.get("X-Request-ID", "")
    g.request_id = offered if REQUEST_ID.fullmatch(offered) else secrets.token_hex(8)


def _log_request(response: Response) -> Response:
    started = g.get("request_started")
    if started is None:
        return response
    response.headers["X-Request-ID"] = g.request_id
    if not request_log.isEnabledFor(logging.INFO):
        return response
    request_log.info(
        "request",
        extra={
            "method": request.method,
            "path": clean(request.path),
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 2),
            "request_id": g.request_id,
        },
    )
    return response
