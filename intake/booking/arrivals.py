"""Arrival check-in: reception marks that the person with a reference is at the office."""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from intake.core.clock import office_tz
from intake.core.domain import DomainError
from intake.extensions import db
from intake.models import ACTIVE_APPOINTMENT_STATUSES, Appointment, AppointmentStatus, Case
from intake.models.audit import record

# Typed or scanned: spaces, dashes and lower case are forgiven ("eb 7k3m q9").
_NOT_REFERENCE = re.compile(r"[^A-Z0-9]")


class NoAppointmentToday(DomainError):
    field = "reference"
    status = 422
    message = _l("No appointment today for this reference. Please check the number.")


def normalised(text: str) -> str:
    """EB-7K3M-Q9 from any way of writing it (also without "EB"); "" when it cannot be one."""
    plain = _NOT_REFERENCE.sub("", (text or "").upper()[:40])
    if len(plain) == 8 and plain.startswith("EB"):
        plain = plain[2:]
    if len(plain) != 6:
        return ""
    return f"EB-{plain[:4]}-{plain[4:]}"


def appointment_today(reference: str, *, now: datetime) -> Appointment | None:
    """The appointment of this reference today (office time) that the person comes for: an
    active one, or one already held today (so a second scan finds it too)."""
    tz = office_tz()
    day = now.astimezone(tz).date()
    start = datetime.combine(day, datetime.min.time(), tz)
    end = start + timedelta(days=1)
    statuses = [*ACTIVE_APPOINTMENT_STATUSES, AppointmentStatus.COMPLETED]
    query = (
        select(Appointment)
        .join(Case, Case.id == Appointment.case_id)
        .where(
            Case.reference == normalised(reference),
            Appointment.starts_at >= start,
            Appointment.starts_at < end,
            Appointment.status.in_(statuses),
        )
        .order_by(Appointment.starts_at)
    )
    return db.session.scalars(query).first()


@dataclass(frozen=True)
class CheckIn:
    appointment: Appointment
    first: bool  # False: checked in before (or already held), nothing changed


def check_in(reference: str, *, by_id: int, now: datetime) -> CheckIn:
    """Mark the person as arrived at `now`. Idempotent: a second check-in (a second scan,
    two receptionists at once) keeps the first arrival time and writes nothing; a
    consultation already held is left as it is."""
    appointment = appointment_today(reference, now=now)
    if appointment is None:
        raise NoAppointmentToday()
    changed = db.session.execute(
        update(Appointment)
        .where(
            Appointment.id == appointment.id,
            Appointment.arrived_at.is_(None),
            Appointment.status.in_(ACTIVE_APPOINTMENT_STATUSES),
        )
        .values(arrived_at=now)
    ).rowcount
    db.session.refresh(appointment)
    if changed:
        record("arrival_checked_in", actor_id=by_id, obj=appointment)
    return CheckIn(appointment, first=bool(changed))
