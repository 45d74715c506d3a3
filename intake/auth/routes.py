"""Staff login and logout."""

import logging
from datetime import UTC, datetime, timedelta

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select

from intake.auth.forms import LoginForm
from intake.auth.rules import authenticate, safe_next, session_expired
from intake.core import clock
from intake.extensions import db, limiter, login_manager
from intake.models import AuditEvent, User
from intake.staff.access import open_to_anonymous

log = logging.getLogger(__name__)
bp = Blueprint("auth", __name__)

login_manager.login_view = "staff.auth.login"
login_manager.login_message = None
login_manager.session_protection = "strong"


@login_manager.user_loader
def load_user(session_token: str) -> User | None:
    return db.session.scalar(
        select(User).where(User.session_token == session_token, User.is_active_account)
    )


def _login_rate_key() -> str:
    """Failed logins are limited per account as well as per address."""
    return "login-account:" + request.form.get("email", "").strip().lower()[:254]


def _limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@open_to_anonymous
@limiter.limit(_limit, methods=["POST"], deduct_when=lambda response: response.status_code != 302)
@limiter.limit(
    _limit,
    key_func=_login_rate_key,
    methods=["POST"],
    deduct_when=lambda response: response.status_code != 302,
)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("staff.index"))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            return _start_session(user, safe_next(form.next.data))
        log.info("failed staff login")
        db.session.add(AuditEvent(action="login_failed"))
        db.session.commit()
        flash(_("E-mail or password is not correct."), "error")
    return render_template("auth/login.html", form=form)


def _start_session(user: User, target: str | None):
    session.clear()
    login_user(user)
    now = clock.now()
    session["login_at"] = session["seen_at"] = now.timestamp()
    user.last_login_at = now
    db.session.add(AuditEvent(action="login", actor_id=user.id))
    db.session.commit()
    return redirect(target or url_for("staff.index"))


@bp.post("/logout")
@open_to_anonymous
def logout():
    if current_user.is_authenticated:
        current_user.end_sessions()
        db.session.add(AuditEvent(action="logout", actor_id=current_user.id))
        db.session.commit()
    logout_user()
    session.clear()
    flash(_("You have been logged out."), "info")
    return redirect(url_for("staff.auth.login"))


@bp.before_app_request
def enforce_session_lifetime():
    """End idle and overlong staff sessions before any view runs."""
    if not request.path.startswith("/staff") or not current_user.is_authenticated:
        return None
    now = clock.now()
    config = current_app.config
    expired = session_expired(
        now,
        login_at=datetime.fromtimestamp(session.get("login_at", 0), UTC),
        seen_at=datetime.fromtimestamp(session.get("seen_at", 0), UTC),
        idle=timedelta(minutes=config["SESSION_IDLE_MINUTES"]),
        maximum=timedelta(hours=config["SESSION_MAX_HOURS"]),
    )
    if expired:
        logout_user()
        session.clear()
        flash(_("Your session has ended. Please log in again."), "info")
        return redirect(url_for("staff.auth.login", next=request.path))
    session["seen_at"] = now.timestamp()
    return None
