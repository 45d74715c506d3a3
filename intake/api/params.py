"""Reading query parameters strictly: a repeated parameter is an error, not "last one wins"."""

from datetime import date

from flask import abort, jsonify, make_response, request
from flask_babel import gettext as _


def api_error(status: int, message: str, fields: dict[str, list[str]] | None = None, **extra):
    body = {"error": {"status": status, "message": message}, **extra}
    if fields:
        body["error"]["fields"] = fields
    return make_response(jsonify(body), status)


def single(name: str) -> str | None:
    """The parameter's one value, None when absent; 400 when it is given twice."""
    values = request.args.getlist(name)
    if len(values) > 1:
        abort(api_error(400, _("The parameter %(name)s was given more than once.", name=name)))
    return values[0] if values else None


def iso_date(name: str) -> date:
    raw = single(name)
    if raw is None:
        abort(api_error(400, _("The parameter %(name)s is required.", name=name)))
    try:
        return date.fromisoformat(raw)
    except ValueError:
        abort(
            api_error(400, _("The parameter %(name)s must be a date like 2026-12-01.", name=name))
        )
