"""Public calendar downloads; file names are made here, never from user text."""

from flask import Blueprint, Response, abort, current_app

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
    return ics_response(feeds.closures_feed(now=clock.now()), "schliesstage.ics")
