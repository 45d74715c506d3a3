"""The requester's own changes through the manage link: withdraw, or pick another time."""

from datetime import datetime

from sqlalchemy import update

from intake.booking import appointments
from intake.booking.errors import NotChangeable
from intake.extensions import db
from intake.mail import requester_messages
from intake.models import (
    Appointment,
    AppointmentStatus,
    CancelledBy,
    Case,
    CaseStatus,
    OfferStatus,
    SlotOffer,
)
from intake.models.audit import record

# Once the office has closed, declined or referred a request, or it was withdrawn, the
# manage link shows it but changes nothing.
CHANGEABLE_STATUSES = frozenset(
    {CaseStatus.NEW, CaseStatus.SCHEDULED, CaseStatus.WAITING, CaseStatus.IN_PROGRESS}
)


def requester_may_change(case: Case, *, now: datetime) -> bool:
    """The one rule for the manage page's buttons and for the use cases behind them: an
    open request whose appointment has not started yet."""
    if case.status not in CHANGEABLE_STATUSES or case.anonymised_at is not None:
        return False
    appointment = appointments.active_appointment(case)
    return appointment is None or appointment.starts_at > now


def _ensure_changeable(case: Case, *, now: datetime) -> Appointment | None:
    if not requester_may_change(case, now=now):
        raise NotChangeable()
    return appointments.active_appointment(case)


def cancel_by_requester(case: Case, *, now: datetime) -> Appointment | None:
    """The requester withdraws: the slot is freed and the case ends as cancelled."""
    appointment = _ensure_changeable(case, now=now)
    if appointment is not None:
        appointment.status = AppointmentStatus.CANCELLED
        appointment.cancelled_by = CancelledBy.REQUESTER
        appointment.ical_sequence += 1
    case.status = CaseStatus.CANCELLED
    _withdraw_offers(case)
    record("request_cancelled", obj=case)
    if appointment is not None:
        requester_messages.queue_for_requester("cancelled", case, appointment, now=now)
    return appointment


def move_by_requester(case: Case, start: datetime, *, now: datetime) -> Appointment:
    """The requester picks another time; the current one is never offered as "another"."""
    current = _ensure_changeable(case, now=now)
    if current is not None and current.starts_at == start:
        raise NotChangeable()
    new = appointments.move(case, start, now=now, moved_by=CancelledBy.REQUESTER_MOVE)
    _withdraw_offers(case)
    if case.status == CaseStatus.WAITING:
        case.status = CaseStatus.NEW  # the office looks at the new time
    record("request_moved", obj=case)
    requester_messages.queue_for_requester("moved", case, new, now=now)
    return new


def _withdraw_offers(case: Case) -> None:
    """Times offered to the requester lapse once they cancel or choose a time themselves."""
    db.session.execute(
        update(SlotOffer)
        .where(SlotOffer.case_id == case.id, SlotOffer.status == OfferStatus.OPEN)
        .values(status=OfferStatus.WITHDRAWN)
    )
