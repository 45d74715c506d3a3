"""Public calendar downloads; file names are made here, never from user text."""

from flask import Blueprint, abort, current_app

from intake.booking import appointments, requesting
from intake.calendar_files import feeds
from intake.calendar_files.responses import conditional_ics, ics_response
from intake.core import clock
from intake.extensions import limiter
from intake.mail.appointment_ics import appointment_ics

bp = Blueprint("calendar_downloads", __name__)


@bp.get("/<lang>/r/<token>/appointment.ics")
@limiter.limit(lambda: current_app.config["MANAGE_RATE_LIMIT"])
def appointment_download(lang: str, token: str):
    case = requesting.find_by_token(token)
    appointment = appointments.active_appointment(case) if case else None
    if appointment is None:
        abort(404)
    body = appointment_ics(case, appointment, method="PUBLISH", now=clock.now())
    return ics_response(body, f"{case.reference}.ics")


@bp.get("/closures.ics")
def closures():
    now = clock.now()
    return conditional_ics(
        feeds.closures_tag(now=now),
        lambda: feeds.closures_feed(now=now),
        "schliesstage.ics",
        key="closures",
        now=now,
    )
