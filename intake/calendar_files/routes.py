"""Public calendar downloads; file names are made here, never from user text."""

from collections.abc import Callable

from flask import Blueprint, Response, abort, current_app, request

from intake.booking import requesting, slots
from intake.calendar_files import feeds
from intake.core import clock
from intake.extensions import limiter
from intake.mail.content import appointment_ics

bp = Blueprint("calendar_files", __name__)


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


@bp.get("/<lang>/r/<token>/appointment.ics")
@limiter.limit(lambda: current_app.config["MANAGE_RATE_LIMIT"])
def appointment_download(lang: str, token: str):
    case = requesting.find_by_token(token)
    appointment = slots.active_appointment(case) if case else None
    if appointment is None:
        abort(404)
    body = appointment_ics(case, appointment, method="PUBLISH", now=clock.now())
    return ics_response(body, f"{case.reference}.ics")


@bp.get("/closures.ics")
def closures():
    now = clock.now()
    return conditional_ics(
        feeds.closures_tag(now=now), lambda: feeds.closures_feed(now=now), "schliesstage.ics"
    )
