"""Calendar files as HTTP responses: a download, or a feed that answers 304 when unchanged."""

from collections.abc import Callable

from flask import Response, request


def ics_response(body: bytes, filename: str) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def conditional_ics(tag: str, build: Callable[[], bytes], filename: str) -> Response:
    """A feed answered with 304 when the client's copy (its ETag) is still what we would
    send; calendar clients poll every few minutes, and then nothing is built."""
    if request.if_none_match.contains(tag):
        response = Response(status=304)
    else:
        response = ics_response(build(), filename)
        response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.set_etag(tag)
    response.headers["Cache-Control"] = "private, no-cache"
    return response
