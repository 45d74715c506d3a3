"""Cover for an absent colleague: whose cases a deputy may see and act on right now.

An absence may name a deputy. From its start to its end (read from the clock, so cover
begins and ends by itself, with no job to run) the deputy sees the absent counsellor's
cases, inbox and calendar as if they were their own.
"""

from datetime import date, datetime, time, timedelta

from flask import g, has_request_context
from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from intake.availability.engine import local_to_utc
from intake.core import clock
from intake.extensions import db
from intake.models import Absence, User


def covered_ids_query(deputy: User, now: datetime | None = None) -> Select:
    """Ids of the counsellors `deputy` covers at `now` (default: the clock), as a subquery."""
    now = now or clock.now()
    return select(Absence.user_id).where(
        Absence.deputy_id == deputy.id,
        Absence.starts_at <= now,
        Absence.ends_at > now,
    )


def covered_ids(deputy: User, now: datetime | None = None) -> set[int]:
    """The counsellors `deputy` covers now, read once per request (a list of cases asks
    for each row)."""
    if now is not None or not has_request_context():
        return set(db.session.scalars(covered_ids_query(deputy, now)))
    cache = g.setdefault("covered_ids", {})
    if deputy.id not in cache:
        cache[deputy.id] = set(db.session.scalars(covered_ids_query(deputy)))
    return cache[deputy.id]


def covered_colleagues(deputy: User, now: datetime | None = None) -> list[User]:
    """The absent colleagues `deputy` covers now, by name."""
    query = select(User).where(User.id.in_(covered_ids_query(deputy, now))).order_by(User.name)
    return list(db.session.scalars(query))


def covers(deputy: User, counsellor_id: int | None, now: datetime | None = None) -> bool:
    """`deputy` covers the counsellor `counsellor_id` at `now`."""
    if counsellor_id is None or counsellor_id == deputy.id:
        return False
    return counsellor_id in covered_ids(deputy, now)


def deputy_detail(counsellor_id: int) -> str:
    """The audit detail of an access made as deputy: a code with an id, never a name."""
    return f"deputy_for={counsellor_id}"


def away_these_two_weeks(today: date) -> list[Absence]:
    """Absences overlapping this week and next (Monday to Sunday, office time), by start,
    with who is away and who covers."""
    monday = today - timedelta(days=today.weekday())
    zone = clock.office_tz()
    start = local_to_utc(monday, time(0), zone)
    end = local_to_utc(monday + timedelta(days=14), time(0), zone)
    query = (
        select(Absence)
        .where(Absence.starts_at < end, Absence.ends_at > start)
        .options(selectinload(Absence.user), selectinload(Absence.deputy))
        .order_by(Absence.starts_at, Absence.id)
    )
    return list(db.session.scalars(query))
