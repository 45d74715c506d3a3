"""The office lead's team page and staff accounts: create, change, deactivate, reset; and the
set-password page a new colleague reaches from the link in their e-mail."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from intake.accounts import passwords
from intake.accounts import services as accounts
from intake.auth.decorators import open_to_anonymous, role_required
from intake.calendar_sync import status as calendar_status
from intake.cases import cover, leavers
from intake.core import clock
from intake.core.domain import unit_of_work
from intake.extensions import db
from intake.models import Role, User
from intake.staff import directory_accounts
from intake.staff.forms import EditAccountForm, NewAccountForm, SetPasswordForm

bp = Blueprint("team", __name__)


@bp.get("/team")
@role_required(Role.LEAD)
def index():
    staff = db.session.scalars(select(User).order_by(User.name)).all()
    left = leavers.cases_to_hand_over(leavers.leavers_with_cases(now=clock.now()))
    calendars = calendar_status.of_users([member.id for member in staff], now=clock.now())
    away = cover.away_these_two_weeks(clock.office_today())
    return render_template(
        "staff/team.html", staff=staff, cases_of_leavers=left, calendars=calendars, away=away
    )


@bp.route("/team/new", methods=["GET", "POST"])
@role_required(Role.LEAD)
def create():
    form = NewAccountForm()
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            accounts.create_account(
                email=form.email.data,
                name=form.name.data,
                role=form.role.data,
                languages=form.language_codes(),
                actor_id=current_user.id,
                now=clock.now(),
                **form.flags(),
            )
        if not work.failed:
            flash(_("Account created. A link to choose a password is on its way."), "info")
            return redirect(url_for("staff.team.index"))
    return render_template("staff/account_new.html", form=form), 422 if form.errors else 200


@bp.route("/team/<int:user_id>", methods=["GET", "POST"])
@role_required(Role.LEAD)
def edit(user_id: int):
    user = db.get_or_404(User, user_id)
    if user.is_directory_account:
        return directory_accounts.edit(user)
    form = EditAccountForm(obj=user)
    if not form.is_submitted():
        form.languages.data = ", ".join(user.language_codes)
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            if form.name.data:
                accounts.rename(user, form.name.data, actor=current_user)
            accounts.update_account(
                user,
                actor=current_user,
                role=form.role.data,
                languages=form.language_codes(),
                **form.flags(),
            )
        if not work.failed:
            flash(_("Account saved."), "info")
            return redirect(url_for("staff.team.index"))
    page = render_template("staff/account_edit.html", form=form, member=user)
    return page, 422 if form.errors else 200


def _act(user_id: int, action, message: str, **kwargs):
    user = db.get_or_404(User, user_id)
    with unit_of_work() as work:
        action(user, actor=current_user, **kwargs)
    flash(str(work.error.message) if work.failed else message, "error" if work.failed else "info")
    return redirect(url_for("staff.team.index"))


@bp.post("/team/<int:user_id>/deactivate")
@role_required(Role.LEAD)
def deactivate(user_id: int):
    return _act(user_id, accounts.deactivate, _("Account deactivated; its sessions have ended."))


@bp.post("/team/<int:user_id>/activate")
@role_required(Role.LEAD)
def activate(user_id: int):
    return _act(user_id, accounts.activate, _("Account activated."))


@bp.post("/team/<int:user_id>/reset-password")
@role_required(Role.LEAD)
def reset_password(user_id: int):
    message = _("Password reset. A link to choose a new one is on its way.")
    return _act(user_id, accounts.reset_password, message, now=clock.now())


@bp.route("/set-password/<token>", methods=["GET", "POST"])
@open_to_anonymous
def set_password(token: str):
    """Reached from the e-mailed link; the signed token is the only authentication."""
    user = accounts.user_for_token(token)
    if user is None:
        abort(404)
    form = SetPasswordForm()
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            accounts.choose_password(user, form.password.data)
        if not work.failed:
            flash(_("Your password is set. Please log in."), "info")
            return redirect(url_for("staff.auth.login"))
    page = render_template(
        "staff/set_password.html",
        form=form,
        member=user,
        min_length=passwords.MIN_LENGTH,
    )
    return page, 422 if form.errors else 200
