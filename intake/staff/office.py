"""The office lead's administration: closure days and the office's settings."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from intake.auth.decorators import role_required
from intake.availability.forms import ClosureForm
from intake.booking import displacement
from intake.core import clock
from intake.core.forms import ALREADY_SAVED, keeps_typed_data
from intake.extensions import db
from intake.models import Closure, OfficeSettings, Role
from intake.models.audit import record
from intake.models.sent_forms import first_sending, was_sent
from intake.staff import displaced
from intake.staff.forms import SettingsForm

bp = Blueprint("office", __name__)


@bp.route("/closures", methods=["GET", "POST"])
@keeps_typed_data
@role_required(Role.LEAD)
def closures():
    today = clock.office_today()
    form = ClosureForm(today=today)
    if form.validate_on_submit():
        values = form.values()
        span = displacement.closure_span(values["day"], values["start_time"], values["end_time"])
        in_the_way = displacement.in_span(*span, now=clock.now())

        if was_sent(form.form_key.data):
            flash(str(ALREADY_SAVED), "info")
            return redirect(url_for(".closures"))

        def add_closure() -> None:
            if not first_sending(form.form_key.data, now=clock.now()):
                return
            closure = Closure(**values)
            db.session.add(closure)
            db.session.flush()
            record("closure_added", actor_id=current_user.id, obj=closure)

        question = displaced.save_with_decisions(
            in_the_way,
            add_closure,
            title=_("Closure over booked appointments"),
            back=url_for(".closures"),
        )
        if question is not None:
            return question
        flash(_("Closure day added."), "info")
        return redirect(url_for(".closures"))
    upcoming = db.session.scalars(
        select(Closure).where(Closure.day >= today).order_by(Closure.day, Closure.start_time)
    ).all()
    page = render_template("office/closures.html", form=form, closures=upcoming)
    return page, 422 if form.errors else 200


@bp.post("/closures/<int:closure_id>/delete")
@role_required(Role.LEAD)
def delete_closure(closure_id: int):
    closure = db.get_or_404(Closure, closure_id)
    record("closure_deleted", actor_id=current_user.id, obj=closure, detail=str(closure.day))
    db.session.delete(closure)
    db.session.commit()
    flash(_("Closure day deleted."), "info")
    return redirect(url_for(".closures"))


@bp.route("/settings", methods=["GET", "POST"])
@keeps_typed_data
@role_required(Role.LEAD)
def settings():
    current = OfficeSettings.current()
    form = SettingsForm(obj=current)
    if form.validate_on_submit():
        changed = form.apply_to(current)
        db.session.merge(current)
        record(
            "settings_changed",
            actor_id=current_user.id,
            obj=current,
            detail=",".join(changed)[:200],
        )
        db.session.commit()
        flash(_("Office settings saved."), "info")
        return redirect(url_for(".settings"))
    page = render_template("office/settings.html", form=form)
    return page, 422 if form.errors else 200
