"""Calendar subscriptions: a counsellor's private feed, the lead's office-wide feed, and the
pages that make (and revoke) their addresses."""

import secrets
from functools import partial

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from intake.auth.decorators import open_to_anonymous, role_required
from intake.calendar_files import feeds
from intake.calendar_files.responses import conditional_ics
from intake.core import clock
from intake.core.links import absolute_url
from intake.core.security import hash_token
from intake.extensions import db
from intake.models import OfficeSettings, Role
from intake.models.audit import record

bp = Blueprint("feeds", __name__)


@bp.get("/feed/<token>.ics")
@open_to_anonymous
def counsellor_feed(token: str):
    """Authenticated by the unguessable token alone: calendar programs cannot log in."""
    user = feeds.counsellor_by_feed_token(token)
    if user is None:
        abort(404)
    now = clock.now()
    tag = feeds.feed_tag(user.id, now=now, extra=user.name)
    build = partial(feeds.counsellor_feed, user, now=now)
    return conditional_ics(tag, build, "termine.ics", key=f"counsellor:{user.id}", now=now)


@bp.get("/feed/office/<token>.ics")
@open_to_anonymous
def office_feed(token: str):
    """The whole office's appointments for the lead's calendar program; token only."""
    if not feeds.office_feed_token_valid(token):
        abort(404)
    now = clock.now()
    tag = feeds.feed_tag(None, now=now, extra="office")
    build = partial(feeds.office_feed, now=now)
    return conditional_ics(tag, build, "buero.ics", key="office", now=now)


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
    return render_template(
        "staff/feed.html", new_url=new_url, office_feed=feeds.office_feed_settings_token()
    )


@bp.post("/feed/office")
@role_required(Role.LEAD)
def renew_office_feed():
    """A new office-wide address; the old one stops working at once."""
    token = secrets.token_urlsafe(32)
    _set_office_token(hash_token(token), "office_feed_renewed")
    page = render_template(
        "staff/feed.html",
        new_url=None,
        new_office_url=absolute_url("staff.feeds.office_feed", token=token),
        office_feed=True,
    )
    return page


@bp.post("/feed/office/revoke")
@role_required(Role.LEAD)
def revoke_office_feed():
    _set_office_token(None, "office_feed_revoked")
    flash(_("The office calendar address no longer works."), "info")
    return redirect(url_for(".settings"), code=303)


def _set_office_token(token_hash: str | None, action: str) -> None:
    settings = db.session.merge(OfficeSettings.current())
    settings.office_feed_token_hash = token_hash
    record(action, actor_id=current_user.id)
    db.session.commit()
