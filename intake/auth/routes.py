"""Staff login (password, then the second factor), the unlock link, and logout."""

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
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select

from intake.accounts import second_factor
from intake.auth import providers, sessions, throttle
from intake.auth.decorators import open_to_anonymous
from intake.auth.forms import CodeForm, LoginForm
from intake.auth.rules import safe_next, session_expired
from intake.core import clock
from intake.core.database import begin_write
from intake.core.forms import keeps_typed_data
from intake.core.links import absolute_url
from intake.extensions import db, limiter, login_manager
from intake.mail.staff_unlock import queue_staff_unlock
from intake.models import User
from intake.models.audit import record

bp = Blueprint("auth", __name__)

login_manager.login_view = "staff.auth.login"
login_manager.login_message = None
login_manager.session_protection = "strong"
PENDING_MINUTES = 5


@login_manager.user_loader
def load_user(session_token: str) -> User | None:
    return db.session.scalar(
        select(User).where(User.session_token == session_token, User.is_active_account)
    )


def _limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _failed(response) -> bool:
    return response.status_code != 302


@bp.route("/login", methods=["GET", "POST"])
@open_to_anonymous
@keeps_typed_data
@limiter.limit(_limit, methods=["POST"], deduct_when=_failed)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("staff.inbox.index"))
    form = LoginForm(next=request.args.get("next", ""))
    form.email.label.text = providers.login_label() or form.email.label.text
    if form.validate_on_submit():
        email = form.email.data
        attempt = providers.check_password(email, form.password.data, now=clock.now())
        user, outcome = attempt.user, attempt.outcome
        if throttle.account_budget_spent(email) and not _may_pass(user):
            # The same answer for a right and a wrong password: no oracle for a guesser.
            outcome = "account_throttled" if outcome == "ok" else outcome
            _send_unlock(user)
        if outcome == "ok":
            return _password_accepted(user, safe_next(form.next.data))
        throttle.count_failure(email)
        _write_now()
        throttle.record_failure(email, user, f"{outcome} source={attempt.source}")
        db.session.commit()
        if outcome == providers.Outcome.UNAVAILABLE:
            return providers.unavailable_response()
        flash(_("E-mail or password is not correct."), "error")
        if throttle.account_budget_spent(email):
            flash(str(PAUSED))
    return render_template("auth/login.html", form=form)


PAUSED = _l(
    "After many failed attempts, logging in to this account needs the link we e-mail to "
    "the account's address. Open the link in this browser, then log in again."
)


def _may_pass(user: User | None) -> bool:
    """With a spent budget only the browser that opened the e-mailed unlock link gets on."""
    return user is not None and session.get("unlocked_user") == user.id


def _send_unlock(user: User | None) -> None:
    if user is None or not user.is_active:
        return
    url = absolute_url("staff.auth.unlock", token=throttle.unlock_token(user))
    queue_staff_unlock(user, url, now=clock.now())


@bp.get("/login/unlock/<token>")
@open_to_anonymous
@limiter.limit(_limit)
def unlock(token: str):
    """Marks only this browser: a mail scanner opening the link unlocks nothing elsewhere."""
    user_id = throttle.unlocked_user_id(token, lambda user_id: db.session.get(User, user_id))
    if user_id is None:
        flash(_("This link is no longer valid."), "error")
    else:
        session["unlocked_user"] = user_id
        flash(_("Please log in now."), "info")
    return redirect(url_for(".login"))


def _password_accepted(user: User, target: str | None):
    if not user.has_second_factor:
        return _start_session(user, target, factor="password")
    unlocked = session.get("unlocked_user")
    session.clear()
    if unlocked is not None:
        session["unlocked_user"] = unlocked
    session["pending_user"] = user.id
    session["pending_at"] = clock.now().timestamp()
    session["pending_next"] = target or ""
    return redirect(url_for(".second_step"))


def _pending_user() -> User | None:
    started = session.get("pending_at", 0)
    if clock.now().timestamp() - started > PENDING_MINUTES * 60:
        return None
    user = db.session.get(User, session.get("pending_user", 0))
    return user if user is not None and user.is_active else None


@bp.route("/login/code", methods=["GET", "POST"])
@open_to_anonymous
@keeps_typed_data
@limiter.limit(_limit, methods=["POST"], deduct_when=_failed)
def second_step():
    user = _pending_user()
    if user is None:
        session.clear()
        return redirect(url_for(".login"))
    form = CodeForm()
    if form.validate_on_submit():
        factor, outcome = _check_code(user, form.code.data)
        if factor is not None:
            return _start_session(user, session.get("pending_next") or None, factor=factor)
        throttle.count_wrong_code(user)
        throttle.record_failure(user.email, user, outcome)
        db.session.commit()
        form.code.errors.append(_("This code is not correct."))
        if throttle.code_budget_spent(user):
            flash(str(PAUSED))
    return render_template("auth/code.html", form=form), 422 if form.errors else 200


def _check_code(user: User, code: str) -> tuple[str | None, str]:
    """(the factor used or None, the outcome); once the account's code budget is spent a
    right code is answered like a wrong one, except in the browser the unlock link opened."""
    if throttle.code_budget_spent(user) and not _may_pass(user):
        _send_unlock(user)
        return None, "code_throttled"
    begin_write()  # the used time step is claimed in this transaction, one login at a time
    factor = second_factor.verify(user, code, now=clock.now())
    return factor, "ok" if factor else "wrong_code"


def _write_now() -> None:
    """The login's writes in a transaction of their own, opened after the password check:
    on SQLite a read transaction begun before the slow hash could no longer write once a
    worker had committed meanwhile ("database is locked" at once, a 503)."""
    if not (db.session.new or db.session.dirty or db.session.deleted):
        begin_write()


def _start_session(user: User, target: str | None, *, factor: str):
    _write_now()
    unlocked = session.get("unlocked_user")
    session.clear()
    login_user(user)
    now = clock.now()
    session["login_at"] = session["seen_at"] = now.timestamp()
    session["factor"] = factor
    if unlocked is not None:
        user.end_sessions()  # an unlock link works once
        login_user(user)
    user.last_login_at = now
    detail = f"factor={factor} source={user.account_source}"
    record("login", actor_id=user.id, obj=user, detail=detail)
    db.session.commit()
    return redirect(target or url_for("staff.inbox.index"))


@bp.post("/logout")
@open_to_anonymous
def logout():
    if current_user.is_authenticated:
        current_user.end_sessions()
        record("logout", actor_id=current_user.id)
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


bp.before_app_request(sessions.recheck_signed_in_account)

ENROLMENT_OPEN = frozenset(
    {
        "staff.my_account.second_factor",
        "staff.my_account.enrol",
        "staff.auth.logout",
        "staff.my_account.password",
        "static",
    }
)


@bp.before_app_request
def enforce_second_factor():
    """While the office requires a second factor, an account without one can only enrol:
    a password alone opens no case."""
    if not request.path.startswith("/staff") or not current_user.is_authenticated:
        return None
    if request.endpoint in ENROLMENT_OPEN or current_user.has_second_factor:
        return None
    if not providers.second_factor_required(current_user):
        return None
    flash(_("The office requires a second factor. Please set it up now."), "info")
    return redirect(url_for("staff.my_account.second_factor"))
