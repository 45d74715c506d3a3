"""Friendly, localized error pages (and JSON errors for the API) without stack traces."""

import logging

from flask import Flask, current_app, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import DBAPIError, OperationalError, PendingRollbackError
from werkzeug.exceptions import (
    BadRequest,
    HTTPException,
    InternalServerError,
    ServiceUnavailable,
)

log = logging.getLogger(__name__)
# Answers that say "try again": an API client gets the office phone to offer instead.
RETRYABLE = frozenset({429, 503})

MESSAGES = {
    400: (_l("The request could not be understood"), _l("Please go back and try again.")),
    403: (_l("Access denied"), _l("You are not allowed to open this page.")),
    404: (
        _l("Page not found"),
        _l("This page does not exist or is no longer available."),
    ),
    405: (_l("Not allowed"), _l("This action is not possible here.")),
    413: (
        _l("Too much data"),
        _l("What you sent is too large. Please shorten it and try again."),
    ),
    429: (
        _l("Too many attempts"),
        _l("Please wait a few minutes and try again."),
    ),
    500: (
        _l("Something went wrong"),
        _l("We could not complete this. Please try again later."),
    ),
    503: (
        _l("Temporarily unavailable"),
        _l("The service is not available right now. Please try again later."),
    ),
}


class CharacterRefused(BadRequest):
    """A NUL byte anywhere in a request: PostgreSQL cannot store it, so no database may."""

    message = _l("What you sent contains a character that is not allowed. Please check it.")


def render_error(code: int, message=None):
    title, default_message = MESSAGES.get(code, MESSAGES[500])
    if request.path.startswith("/api/"):
        error = {"status": code, "message": str(message or title)}
        if code in RETRYABLE:
            error["phone"] = current_app.config["OFFICE_PHONE"]
        return jsonify(error=error), code
    page = render_template(
        "errors/error.html", code=code, title=title, message=message or default_message
    )
    return page, code


def handle_http_error(error: HTTPException):
    code = error.code or 500
    response, status = render_error(
        code if code in MESSAGES else 500, getattr(error, "message", None)
    )
    if code == 429 or code >= 500:
        log.warning("HTTP %s on %s %s", code, request.method, request.path)
    # 405 says which methods are allowed (Allow); other headers of the error stay too.
    headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
    return response, status, headers


def _forget_session() -> None:
    """Drop the request's session before the error page is made: nothing on that page may
    reach a connection the server has just killed (SQLAlchemy opens a new one next time)."""
    from intake.extensions import db

    try:
        db.session.rollback()
    except DBAPIError:
        db.session.registry.clear()


def handle_database_down(error: Exception):
    log.error("database unavailable: %s", error.__class__.__name__)
    _forget_session()
    if request.method == "POST" and request.form and not request.path.startswith("/api/"):
        return _retry_page()
    return render_error(ServiceUnavailable.code)


def _retry_page():
    """Nothing was saved, but nothing typed is lost: the values come back in a form that
    sends them again (a fresh CSRF token; passwords are never echoed)."""
    typed = [
        (name, value)
        for name, values in request.form.lists()
        for value in values
        if not name.endswith("csrf_token")
        and "password" not in name
        and name != "current"
        and name not in {"new", "repeat"}
    ]
    csrf_names = sorted({name for name in request.form if name.endswith("csrf_token")})
    page = render_template(
        "errors/retry.html",
        title=MESSAGES[503][0],
        typed=typed,
        csrf_names=csrf_names or ["csrf_token"],
        action=request.full_path.rstrip("?"),
    )
    return page, ServiceUnavailable.code


def handle_unexpected(error: Exception):
    if _connection_lost(error):
        return handle_database_down(error)
    log.exception("unhandled error on %s %s", request.method, request.path)
    _forget_session()
    return render_error(InternalServerError.code)


def _connection_lost(error: Exception) -> bool:
    """A killed connection surfaces as more than OperationalError: psycopg's InterfaceError
    ("connection already closed") and a session that cannot go on after it."""
    if isinstance(error, PendingRollbackError):
        return True
    return isinstance(error, DBAPIError) and bool(error.connection_invalidated)


def register(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(OperationalError, handle_database_down)
    app.register_error_handler(Exception, handle_unexpected)
