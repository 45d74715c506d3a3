"""A counsellor's calendar subscription: the private feed and the page that renews it."""

import secrets

from flask import Blueprint, abort, render_template, request
from flask_login import current_user

from intake.calendar_files import feeds
from intake.calendar_files.routes import ics_response
from intake.core import clock
from intake.core.links import absolute_url
from intake.core.security import hash_token
from intake.extensions import db
from intake.models.audit import record
from intake.staff.access import open_to_anonymous

bp = Blueprint("feeds", __name__)


@bp.get("/feed/<token>.ics")
@open_to_anonymous
def counsellor_feed(token: str):
    """Authenticated by the unguessable token alone: calendar programs cannot log in."""
    user = feeds.counsellor_by_feed_token(token)
    if user is None:
        abort(404)
    response = ics_response(feeds.counsellor_feed(user, now=clock.now()), "termine.ics")
    response.headers["Content-Disposition"] = 'inline; filename="termine.ics"'
    return response


@bp.route("/feed", methods=["GET", "POST"])
def settings():
    """Show whether a feed exists; a POST makes a new address and kills the old one."""
    new_url = None
    if request.method == "POST":
        token = secrets.token_urlsafe(32)
        current_user.feed_token_hash = hash_token(token)
        record(
            "feed_token_renewed", actor_id=current_user.id, obj=current_user._get_current_object()
        )
        db.session.commit()
        new_url = absolute_url("staff.feeds.counsellor_feed", token=token)
    return render_template("staff/feed.html", new_url=new_url)
