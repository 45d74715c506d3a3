"""The "took place" page: what a consultation was about, what was done, how long it took."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from intake.cases import access, actions, consultations
from intake.core import clock
from intake.core.domain import unit_of_work
from intake.core.forms import has_repeated_values
from intake.extensions import db
from intake.models import Appointment, Case, ReferralService
from intake.staff.case_page import case_or_404, current_staff, render_case
from intake.staff.consultation_forms import OutcomeForm


def took_place(appointment: Appointment):
    """GET shows the questions (topics as the request named them, the booked length); POST
    records the appointment as held with the answers."""
    case = case_or_404(appointment.case_id, attending=True)
    form = OutcomeForm()
    form.referral.choices = [(0, _("No referral"))] + [(s.id, s.name) for s in _services()]
    if not consultations.may_record(appointment, now=clock.now()):
        flash(_("This can only be recorded after the appointment's time."), "error")
        if request.method == "GET":
            return redirect(url_for("staff.cases.show", case_id=case.id), code=303)
        return render_case(case, status=409)
    if request.method == "GET":
        _defaults(form, case, appointment)
        return _render(form, case, appointment)
    if has_repeated_values(form, multi=("topics", "outcomes")):
        abort(400)
    if not form.validate():
        return _render(form, case, appointment), 422
    with unit_of_work(form) as work:
        actions.expect_version(case, form.version.data)
        done = consultations.WhatWasDone(
            topics=tuple(form.topics.data),
            outcomes=tuple(form.outcomes.data),
            minutes=form.minutes.data,
            referral_id=form.referral.data or None,
        )
        consultations.record_consultation(appointment, done, by=current_staff(), now=clock.now())
    if work.failed:
        if work.error.field not in form:
            flash(str(work.error.message), "error")
        form.version.data = case.version
        return _render(form, case, appointment), work.error.status
    flash(_("Recorded: the appointment took place."), "info")
    if not access.may_see(current_staff(), case):
        return redirect(url_for("staff.inbox.index"), code=303)
    return redirect(url_for("staff.cases.show", case_id=case.id), code=303)


def _services() -> list[ReferralService]:
    query = select(ReferralService).where(ReferralService.active)
    return list(db.session.scalars(query.order_by(ReferralService.name)))


def _defaults(form: OutcomeForm, case: Case, appointment: Appointment) -> None:
    form.version.data = case.version
    form.topics.data = case.topic_codes
    length = appointment.ends_at - appointment.starts_at
    form.minutes.data = int(length.total_seconds() // 60)


def _render(form: OutcomeForm, case: Case, appointment: Appointment):
    return render_template("staff/consultation.html", form=form, case=case, appointment=appointment)
