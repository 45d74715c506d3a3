"""Appointments in the report: what became of them, by bucket and counsellor, and the time
booked per week. Counted in indexes that start with the counsellor and the status and end
with the start time, one lookup per cell, so a year of appointments is never sorted."""

from sqlalchemy import and_, exists, or_, select, true

from intake.extensions import db
from intake.models import Appointment, AppointmentStatus, User
from intake.reports.queries import Span, count_in
from intake.reports.sql import total_seconds

_CANCELLED = Appointment.status == AppointmentStatus.CANCELLED
_BY_REQUESTER = Appointment.cancelled_by == "requester"
# What became of an appointment, as the report names it; requested and confirmed ones are
# not shown (they are still to come).
KINDS = {
    "completed": Appointment.status == AppointmentStatus.COMPLETED,
    "no_show": Appointment.status == AppointmentStatus.NO_SHOW,
    "cancelled_requester": and_(_CANCELLED, _BY_REQUESTER),
    "cancelled_office": and_(_CANCELLED, or_(Appointment.cancelled_by.is_(None), ~_BY_REQUESTER)),
}


def by_counsellor(span: Span) -> dict[tuple[int, int, str], int]:
    """(bucket, counsellor, kind) → appointments starting in the bucket, for everyone with
    an appointment in the period (whatever its status)."""
    bucket = span.table()
    staff = select(User.id).where(_has_appointment_in(span)).cte("staff")
    mine = Appointment.counsellor_id == staff.c.id
    counts = [count_in(bucket, Appointment.starts_at, mine, kind) for kind in KINDS.values()]
    every_cell = bucket.join(staff, true())
    rows = db.session.execute(select(bucket.c.number, staff.c.id, *counts).select_from(every_cell))
    return {(number, user_id, kind): n
            for number, user_id, *found in rows
            for kind, n in zip(KINDS, found, strict=True)}  # fmt: skip


def _has_appointment_in(span: Span):
    return exists().where(Appointment.counsellor_id == User.id, span.holds(Appointment.starts_at))


def booked_minutes(span: Span) -> dict[int, float]:
    """bucket → minutes of appointments not cancelled that start in it."""
    bucket = span.table()
    inside = and_(Appointment.starts_at >= bucket.c.starts, Appointment.starts_at < bucket.c.ends)
    seconds = (
        select(total_seconds(Appointment.starts_at, Appointment.ends_at))
        .where(~_CANCELLED, inside)
        .scalar_subquery()
    )
    rows = db.session.execute(select(bucket.c.number, seconds))
    return {number: total / 60 for number, total in rows if total is not None}
