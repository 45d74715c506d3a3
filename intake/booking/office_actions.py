"""What the office does with a booked time: confirm it, propose another, cancel it."""

from datetime import datetime

from sqlalchemy import update

from intake.booking import slots
from intake.booking.errors import NotChangeable
from intake.extensions import db
from intake.mail import content as mail
from intake.models import (
    ACTIVE_APPOINTMENT_STATUSES,
    Appointment,
    AppointmentStatus,
    CaseStatus,
)
from intake.models.audit import record


def _transition(appointment: Appointment, *, allowed, to: str) -> None:
    """Change the status only while it is still one of `allowed`: of two counsellors acting
    at once, one UPDATE matches and the other finds nothing to change."""
    changed = db.session.execute(
        update(Appointment)
        .where(Appointment.id == appointment.id, Appointment.status.in_(list(allowed)))
        .values(status=to, ical_sequence=Appointment.ical_sequence + 1)
    ).rowcount
    if changed != 1:
        raise NotChangeable()
    db.session.refresh(appointment)


def confirm_appointment(appointment: Appointment, *, by_id: int, now: datetime) -> None:
    """A counsellor confirms a requested appointment; of two confirming at once, one wins."""
    _transition(appointment, allowed=[AppointmentStatus.REQUESTED], to=AppointmentStatus.CONFIRMED)
    case = appointment.case
    case.status = CaseStatus.SCHEDULED
    case.counsellor_id = appointment.counsellor_id
    record("appointment_confirmed", actor_id=by_id, obj=appointment)
    mail.queue_for_requester("confirmed", case, appointment, now=now)


def cancel_by_office(appointment: Appointment, *, by_id: int, now: datetime) -> None:
    """A counsellor cancels; the requester gets METHOD:CANCEL for the same event."""
    _transition(appointment, allowed=ACTIVE_APPOINTMENT_STATUSES, to=AppointmentStatus.CANCELLED)
    record("appointment_cancelled", actor_id=by_id, obj=appointment)
    mail.queue_for_requester("cancelled", appointment.case, appointment, now=now)


def propose_time(appointment: Appointment, start: datetime, *, by_id: int, now: datetime):
    """A counsellor offers another time; the requester's calendar event moves (same UID)."""
    case = appointment.case
    new = slots.move(case, start, now=now)
    record("time_proposed", actor_id=by_id, obj=new)
    mail.queue_for_requester("proposed", case, new, now=now)
    return new
