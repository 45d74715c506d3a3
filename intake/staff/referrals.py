"""The office lead's list of services to refer people to. Entries are switched off, never
deleted, so past referrals keep their place in the reports."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from intake.auth.decorators import role_required
from intake.core import clock
from intake.core.forms import ALREADY_SAVED
from intake.extensions import db
from intake.models import ReferralService, Role
from intake.models.audit import record
from intake.models.sent_forms import first_sending
from intake.staff.forms import ReferralForm

bp = Blueprint("referrals", __name__)


@bp.route("/referrals", methods=["GET", "POST"])
@role_required(Role.LEAD)
def index():
    form = ReferralForm()
    if form.validate_on_submit():
        if not first_sending(form.form_key.data, now=clock.now()):
            flash(str(ALREADY_SAVED), "info")
            return redirect(url_for(".index"))
        service = ReferralService(**form.values())
        db.session.add(service)
        db.session.flush()
        record("referral_service_added", actor_id=current_user.id, obj=service)
        db.session.commit()
        flash(_("Service added."), "info")
        return redirect(url_for(".index"))
    services = db.session.scalars(
        select(ReferralService).order_by(ReferralService.active.desc(), ReferralService.name)
    ).all()
    page = render_template("staff/referrals.html", form=form, services=services)
    return page, 422 if form.errors else 200


@bp.route("/referrals/<int:service_id>", methods=["GET", "POST"])
@role_required(Role.LEAD)
def edit(service_id: int):
    service = db.get_or_404(ReferralService, service_id)
    form = ReferralForm(obj=service)
    if form.validate_on_submit():
        for name, value in form.values().items():
            setattr(service, name, value)
        record("referral_service_changed", actor_id=current_user.id, obj=service)
        db.session.commit()
        flash(_("Service saved."), "info")
        return redirect(url_for(".index"))
    page = render_template("staff/referral_edit.html", form=form, service=service)
    return page, 422 if form.errors else 200
