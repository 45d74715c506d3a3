"""Friendly, localized error pages (and JSON errors for the API) without stack traces."""

import logging

from flask import Flask, current_app, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

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


def render_error(code: int):
    title, message = MESSAGES.get(code, MESSAGES[500])
    if request.path.startswith("/api/"):
        error = {"status": code, "message": str(title)}
        if code in RETRYABLE:
            error["phone"] = current_app.config["OFFICE_PHONE"]
        return jsonify(error=error), code
    return render_template("errors/error.html", code=code, title=title, message=message), code


def handle_http_error(error: HTTPException):
    code = error.code or 500
    response, status = render_error(code if code in MESSAGES else 500)
    if code == 429 or code >= 500:
        log.warning("HTTP %s on %s %s", code, request.method, request.path)
    return response, status


def handle_database_down(error: OperationalError):
    log.error("database unavailable: %s", error.__class__.__name__)
    return render_error(ServiceUnavailable.code)


def handle_unexpected(error: Exception):
    log.exception("unhandled error on %s %s", request.method, request.path)
    return render_error(InternalServerError.code)


def register(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(OperationalError, handle_database_down)
    app.register_error_handler(Exception, handle_unexpected)
