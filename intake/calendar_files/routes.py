"""Calendar downloads and subscriptions; file names are made here, never from user text."""

import secrets

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask_login import current_user, login_required

from intake.booking import services as booking
from intake.booking.tokens import hash_token
from intake.calendar_files import feeds
from intake.core import clock
from intake.extensions import db, limiter
from intake.mail.content import appointment_ics
from intake.models.audit import record

bp = Blueprint("calendar_files", __name__)


def ics_response(body: bytes, filename: str) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/<lang>/r/<token>/appointment.ics")
@limiter.limit(lambda: current_app.config["MANAGE_RATE_LIMIT"])
def appointment_download(lang: str, token: str):
    case = booking.find_by_token(token)
    appointment = booking.active_appointment(case) if case else None
    if appointment is None:
        abort(404)
    body = appointment_ics(case, appointment, method="PUBLISH", now=clock.now())
    return ics_response(body, f"{case.reference}.ics")


@bp.get("/staff/feed/<token>.ics")
def counsellor_feed(token: str):
    """Authenticated by the unguessable token alone: calendar programs cannot log in."""
    user = feeds.counsellor_by_feed_token(token)
    if user is None:
        abort(404)
    response = ics_response(feeds.counsellor_feed(user, now=clock.now()), "termine.ics")
    response.headers["Content-Disposition"] = 'inline; filename="termine.ics"'
    return response


@bp.route("/staff/feed", methods=["GET", "POST"])
@login_required
def feed_settings():
    """Show whether a feed exists; a POST makes a new address and kills the old one."""
    new_url = None
    if request.method == "POST":
        token = secrets.token_urlsafe(32)
        current_user.feed_token_hash = hash_token(token)
        record("feed_token_renewed", actor_id=current_user.id, obj=current_user)
        db.session.commit()
        new_url = request.host_url.rstrip("/") + f"/staff/feed/{token}.ics"
    return render_template("calendar_files/feed.html", new_url=new_url)


@bp.get("/closures.ics")
def closures():
    return ics_response(feeds.closures_feed(now=clock.now()), "schliesstage.ics")
