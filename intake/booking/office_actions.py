"""What the office does with a booked time: confirm it or cancel it."""

from datetime import datetime

from sqlalchemy import update

from intake.booking.errors import NotChangeable
from intake.extensions import db
from intake.mail import requester_messages
from intake.models import (
    ACTIVE_APPOINTMENT_STATUSES,
    Appointment,
    AppointmentStatus,
    CancelledBy,
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


def confirm_appointment(
    appointment: Appointment, *, by_id: int, now: datetime, note: str = ""
) -> None:
    """A counsellor confirms a requested appointment; of two confirming at once, one wins."""
    _transition(appointment, allowed=[AppointmentStatus.REQUESTED], to=AppointmentStatus.CONFIRMED)
    case = appointment.case
    case.status = CaseStatus.SCHEDULED
    # Confirming does not take the case from the colleague it was handed to.
    case.counsellor_id = case.counsellor_id or appointment.counsellor_id
    record("appointment_confirmed", actor_id=by_id, obj=appointment)
    requester_messages.queue_for_requester("confirmed", case, appointment, now=now, note=note)


def cancel_by_office(
    appointment: Appointment, *, by_id: int, now: datetime, note: str = "", notify: bool = True
) -> None:
    """A counsellor cancels; the requester gets METHOD:CANCEL for the same event (with the
    cancellation mail, or inside the referral or decline mail when `notify` is False)."""
    _transition(appointment, allowed=ACTIVE_APPOINTMENT_STATUSES, to=AppointmentStatus.CANCELLED)
    appointment.cancelled_by = CancelledBy.OFFICE
    record("appointment_cancelled", actor_id=by_id, obj=appointment)
    if notify:
        requester_messages.queue_for_requester(
            "cancelled", appointment.case, appointment, now=now, note=note
        )
