"""A staff member's own account: name, second factor and password; a lead's factor reset."""

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user

from intake.accounts import enrolment, passwords
from intake.accounts import second_factor as factor
from intake.accounts import services as accounts
from intake.auth.decorators import role_required
from intake.auth.forms import CodeForm, NameForm, PasswordChangeForm
from intake.core import clock
from intake.core.database import begin_write
from intake.core.domain import unit_of_work
from intake.core.forms import keeps_typed_data
from intake.extensions import db, limiter
from intake.models import Role, User
from intake.models.audit import record

bp = Blueprint("my_account", __name__, url_prefix="/account")


@bp.route("/second-factor", methods=["GET", "POST"])
@limiter.limit("5 per hour", methods=["POST"])
def second_factor():
    """How the account's factor stands; POST mails the link that sets it up (or anew)."""
    user = current_user._get_current_object()
    if request.method == "POST":
        with unit_of_work():
            enrolment.send_link(user, now=clock.now(), actor_id=user.id)
        message = _("We have sent a link to %(email)s. Open it in this browser.", email=user.email)
        flash(message, "info")
        return redirect(url_for(".second_factor"), 303)
    return render_template("auth/second_factor.html", user=user, now=clock.now())


@bp.route("/second-factor/<token>", methods=["GET", "POST"])
@keeps_typed_data
def enrol(token: str):
    """From the mailed link, logged in as its account: scan the QR code, confirm with one
    code, keep the ten recovery codes. A mail scanner opening the link changes nothing."""
    user = current_user._get_current_object()
    if not enrolment.link_is_valid(user, token, now=clock.now()):
        flash(_("This link is no longer valid."), "error")
        return render_template("auth/second_factor.html", user=user, now=clock.now()), 404
    # The secret waits in this session until a code confirms it: GET changes nothing stored.
    secret = session.setdefault("enrol_secret", factor.new_secret())
    form = CodeForm()
    if form.validate_on_submit():
        begin_write()
        codes = enrolment.enrol(user, token, secret, form.code.data, now=clock.now())
        if codes is not None:
            session.pop("enrol_secret", None)
            session["factor"] = "totp"
            db.session.commit()
            return render_template("auth/recovery_codes.html", codes=codes)
        db.session.rollback()
        form.code.errors.append(_("This code is not correct."))
    uri = factor.provisioning_uri(user, secret)
    page = render_template(
        "auth/enrol.html", form=form, qr=factor.qr_svg(uri), secret=secret, token=token
    )
    return page, 422 if form.errors else 200


@bp.route("/password", methods=["GET", "POST"])
@keeps_typed_data
def password():
    """Current password and a new one; every other session of the account ends."""
    user = current_user._get_current_object()
    form = PasswordChangeForm()
    if form.validate_on_submit():
        if not user.check_password(form.current.data):
            form.current.errors.append(_("This is not your current password."))
        elif refused := passwords.refusal(
            form.new.data, email=user.email, name=user.name, current=form.current.data.__eq__
        ):
            form.new.errors.append(str(refused))
        else:
            user.set_password(form.new.data)
            record("password_changed", actor_id=user.id, obj=user)
            db.session.commit()
            login_user(user)  # this browser carries on with the new session token
            flash(_("Your password has been changed. Other sessions have ended."), "info")
            return redirect(url_for("staff.inbox.index"))
    return _account_page(form=form)


@bp.post("/name")
@keeps_typed_data
def name():
    """Correct how one's own name is written."""
    user = current_user._get_current_object()
    form = NameForm()
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            accounts.rename(user, form.name.data, actor=user)
        if not work.failed:
            flash(_("Your name is saved."), "info")
            return redirect(url_for(".password"), code=303)
    return _account_page(name_form=form)


def _account_page(*, form=None, name_form=None):
    """My account: name, second factor (a visible way to set it up) and password."""
    user = current_user._get_current_object()
    page = render_template(
        "auth/password.html",
        form=form or PasswordChangeForm(formdata=None),
        name_form=name_form or NameForm(formdata=None, data={"name": user.name}),
    )
    failed = (form is not None and form.errors) or (name_form is not None and name_form.errors)
    return page, 422 if failed else 200


@bp.post("/<int:user_id>/reset-second-factor")
@role_required(Role.LEAD)
def reset_second_factor(user_id: int):
    """A colleague lost their phone and codes: they enrol again at their next login."""
    user = db.get_or_404(User, user_id)
    if user.id == current_user.id:
        abort(403)
    factor.reset(user)
    user.end_sessions()
    record("second_factor_reset", actor_id=current_user.id, obj=user)
    enrolment.send_link(user, now=clock.now(), actor_id=current_user.id)
    db.session.commit()
    flash(_("The second factor has been reset. A link to set it up again is on its way."), "info")
    return redirect(url_for("staff.team.index"))
