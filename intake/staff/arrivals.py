"""Reception: any staff member checks a person in by typing or scanning their reference (the
QR code on the confirmation opens /staff/arrivals/<reference>, behind the staff login)."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from intake.booking import arrivals
from intake.core import clock
from intake.core.domain import unit_of_work
from intake.core.forms import has_repeated_values, keeps_typed_data
from intake.core.i18n import format_time
from intake.models import Appointment
from intake.staff.case_page import current_staff
from intake.staff.consultation_forms import ArrivalForm

bp = Blueprint("arrivals", __name__)


@bp.route("/arrivals", methods=["GET", "POST"])
@keeps_typed_data
def index():
    form = ArrivalForm()
    if request.method == "GET":
        return _render(form)
    if has_repeated_values(form):
        abort(400)
    if not form.validate():
        return _render(form), 422
    now = clock.now()
    with unit_of_work(form) as work:
        done = arrivals.check_in(form.reference.data, by_id=current_staff().id, now=now)
    if work.failed:
        return _render(form), work.error.status
    flash(_arrived(done), "info")
    return redirect(url_for(".index"), code=303)


@bp.get("/arrivals/<reference>")
def show(reference: str):
    """The address in the QR code: shows the appointment and asks to confirm (a GET never
    checks anyone in: a link preview or a second scan changes nothing)."""
    appointment = arrivals.appointment_today(reference, now=clock.now())
    form = ArrivalForm(formdata=None, data={"reference": arrivals.normalised(reference)})
    if appointment is None:
        form.reference.errors = [str(arrivals.NoAppointmentToday.message)]
        return _render(form), 404
    return _render(form, found=appointment)


def _arrived(done: arrivals.CheckIn) -> str:
    appointment = done.appointment
    values = {
        "reference": appointment.case.reference,
        "time": format_time(appointment.starts_at, "short"),
        "name": appointment.counsellor.name,
        "since": format_time(appointment.arrived_at, "short") if appointment.arrived_at else "",
    }
    if appointment.arrived_at is None:
        return _("%(reference)s: this consultation has already been held.", **values)
    if not done.first:
        return _(
            "%(reference)s was already checked in: waiting since %(since)s "
            "(%(time)s with %(name)s).",
            **values,
        )
    return _(
        "Checked in: %(reference)s, %(time)s with %(name)s. Waiting since %(since)s.", **values
    )


def _render(form: ArrivalForm, *, found: Appointment | None = None):
    return render_template("staff/arrivals.html", form=form, found=found)
