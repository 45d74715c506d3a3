"""Appointments in the report: what became of them, by bucket and counsellor, and the time
booked per bucket (appointments not cancelled).

PostgreSQL groups a period's appointments in one pass (hash aggregation) and returns both
figures from it. SQLite groups by sorting, about 100 ms for a year of appointments; it
counts each cell in an index that starts with the counsellor and the status and ends with
the start time instead, one lookup per cell, and sums the time booked per bucket.
"""

from collections import defaultdict
from functools import cached_property

from sqlalchemy import and_, exists, func, or_, select, true

from intake.extensions import db
from intake.models import Appointment, AppointmentStatus, CancelledBy, User
from intake.reports.spans import Span, count_in, on_postgresql
from intake.reports.sql import likely, total_seconds

_CANCELLED = Appointment.status == AppointmentStatus.CANCELLED
_BY_REQUESTER = Appointment.cancelled_by == CancelledBy.REQUESTER
_NOT_REQUESTER_OR_MOVE = Appointment.cancelled_by.not_in(
    [CancelledBy.REQUESTER, CancelledBy.REQUESTER_MOVE, CancelledBy.OFFICE_MOVE]
)
# What became of an appointment, as the report names it; requested and confirmed ones are
# not shown (they are still to come). The old time of a move is a move, not a cancellation.
KINDS = {
    "completed": Appointment.status == AppointmentStatus.COMPLETED,
    "no_show": Appointment.status == AppointmentStatus.NO_SHOW,
    "cancelled_requester": and_(_CANCELLED, _BY_REQUESTER),
    "cancelled_office": and_(
        _CANCELLED, or_(Appointment.cancelled_by.is_(None), _NOT_REQUESTER_OR_MOVE)
    ),
    "moved_requester": and_(_CANCELLED, Appointment.cancelled_by == CancelledBy.REQUESTER_MOVE),
    "moved_office": and_(_CANCELLED, Appointment.cancelled_by == CancelledBy.OFFICE_MOVE),
}


class Appointments:
    """The appointments starting in a span's buckets, each figure read when first asked for."""

    def __init__(self, span: Span):
        self.span = span

    @cached_property
    def counts(self) -> dict[tuple[int, int, str], int]:
        """(bucket, counsellor, kind) → appointments, for everyone with an appointment in
        the period (whatever its status)."""
        return self._grouped[0] if on_postgresql() else _counted(self.span)

    @cached_property
    def booked(self) -> dict[int, float]:
        """bucket → minutes of the appointments not cancelled."""
        return self._grouped[1] if on_postgresql() else _booked(self.span)

    @cached_property
    def _grouped(self) -> tuple[dict, dict]:
        return _grouped(self.span)


def _grouped(span: Span) -> tuple[dict, dict]:
    """Both figures from one pass: appointments grouped by bucket, counsellor and status."""
    bucket = span.table
    inside = and_(Appointment.starts_at >= bucket.c.starts, Appointment.starts_at < bucket.c.ends)
    by = (bucket.c.number, Appointment.counsellor_id, Appointment.status, Appointment.cancelled_by)
    seconds = total_seconds(Appointment.starts_at, Appointment.ends_at)
    query = select(*by, func.count(), seconds).join_from(bucket, Appointment, inside).group_by(*by)
    counts: dict[tuple[int, int, str], int] = defaultdict(int)
    seconds_booked: dict[int, float] = defaultdict(float)
    for number, user_id, status, cancelled_by, n, total in db.session.execute(query):
        counts[number, user_id, _kind(status, cancelled_by)] += n
        if status != AppointmentStatus.CANCELLED:
            seconds_booked[number] += total
    return counts, {number: total / 60 for number, total in seconds_booked.items()}


_CANCELLED_KINDS = {
    CancelledBy.REQUESTER: "cancelled_requester",
    CancelledBy.REQUESTER_MOVE: "moved_requester",
    CancelledBy.OFFICE_MOVE: "moved_office",
}


def _kind(status: str, cancelled_by: str | None) -> str:
    if status != AppointmentStatus.CANCELLED:
        return status
    return _CANCELLED_KINDS.get(cancelled_by, "cancelled_office")


def _counted(span: Span) -> dict[tuple[int, int, str], int]:
    bucket = span.table
    # Found once, not once per bucket: for someone with no appointment in the period (the
    # lead) the search reads all of that person's appointments.
    staff = select(User.id).where(_has_appointment_in(span)).cte("staff")
    staff = staff.prefix_with("MATERIALIZED")
    mine = Appointment.counsellor_id == staff.c.id
    counts = [count_in(bucket, Appointment.starts_at, mine, kind) for kind in KINDS.values()]
    every_cell = bucket.join(staff, true())
    rows = db.session.execute(select(bucket.c.number, staff.c.id, *counts).select_from(every_cell))
    return {
        (number, user_id, kind): n
        for number, user_id, *found in rows
        for kind, n in zip(KINDS, found, strict=True)
    }


def _has_appointment_in(span: Span):
    """Searched by person, not by date (SQLite takes every date range for a narrow one): a
    person's appointments are few, a year's are many."""
    inside = (likely(Appointment.starts_at >= span.start), likely(Appointment.starts_at < span.end))
    return exists().where(Appointment.counsellor_id == User.id, *inside)


def _booked(span: Span) -> dict[int, float]:
    bucket = span.table
    inside = and_(Appointment.starts_at >= bucket.c.starts, Appointment.starts_at < bucket.c.ends)
    seconds = (
        select(total_seconds(Appointment.starts_at, Appointment.ends_at))
        .where(~_CANCELLED, inside)
        .scalar_subquery()
    )
    rows = db.session.execute(select(bucket.c.number, seconds))
    return {number: total / 60 for number, total in rows if total is not None}
