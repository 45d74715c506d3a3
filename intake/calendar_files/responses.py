"""Calendar files as HTTP responses: a download, or a feed that answers 304 when unchanged."""

from collections.abc import Callable
from datetime import datetime

from flask import Response, request

from intake.calendar_files import changes


def ics_response(body: bytes, filename: str) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def conditional_ics(
    tag: str, build: Callable[[], bytes], filename: str, *, key: str, now: datetime
) -> Response:
    """A feed answered with 304 when the client's copy is still what we would send: by its
    ETag (If-None-Match), or else by its date (If-Modified-Since against Last-Modified, the
    moment this content was first served); calendar clients poll every few minutes, and then
    nothing is built."""
    modified = changes.changed_at(key, tag, now=now)
    if _unchanged(tag, modified):
        response = Response(status=304)
    else:
        response = ics_response(build(), filename)
        response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.set_etag(tag)
    response.last_modified = modified
    response.headers["Cache-Control"] = "private, no-cache"
    return response


def _unchanged(tag: str, modified: datetime) -> bool:
    """If-None-Match decides when sent (RFC 9110 13.2.2); If-Modified-Since only without it."""
    if request.if_none_match:
        return request.if_none_match.contains(tag)
    since = request.if_modified_since
    return since is not None and modified <= since
