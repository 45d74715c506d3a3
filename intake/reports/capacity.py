"""Capacity: counsellors' bookable hours per week against the hours booked.

Bookable hours come from the slot engine's own rules (weekly hours minus holidays,
closures and absences), so the report and the booking form never disagree.
"""

from bisect import bisect_right
from collections import defaultdict
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from intake.availability import engine, services
from intake.extensions import db
from intake.models import Absence, StaffLanguage, User
from intake.reports.spans import Span


def bookable_minutes_by_week(span: Span, tz: ZoneInfo) -> dict[int, float]:
    """bucket index → bookable minutes of everyone active who takes appointments."""
    first, last = span.period.first, span.period.last
    closures = services.closures_between(first, last)
    holidays = services.holidays_between(first, last)
    starts = [bucket.start for bucket in span.buckets]
    minutes: dict[int, float] = defaultdict(float)
    times = engine.working_time(
        _counsellors(span),
        first_day=first,
        last_day=last,
        closures=closures,
        holidays=holidays,
        tz=tz,
    )
    for spans in times.values():
        for start, end in spans:
            minutes[_bucket_index(starts, start)] += (end - start).total_seconds() / 60
    return minutes


def _bucket_index(starts: list, instant) -> int:
    return bisect_right(starts, instant) - 1


def _counsellors(span: Span) -> list[engine.CounsellorTime]:
    ids = list(
        db.session.scalars(
            select(User.id).where(User.is_active_account, User.takes_appointments).order_by(User.id)
        )
    )
    windows = services.weekly_windows(ids)
    absences: dict[int, list[engine.Interval]] = defaultdict(list)
    rows = db.session.execute(
        select(Absence.user_id, Absence.starts_at, Absence.ends_at).where(
            Absence.user_id.in_(ids), Absence.starts_at < span.end, Absence.ends_at > span.start
        )
    )
    for user_id, starts_at, ends_at in rows:
        absences[user_id].append(engine.Interval(starts_at, ends_at))
    return [
        engine.CounsellorTime(
            counsellor_id=user_id,
            languages=frozenset(),
            windows=tuple(windows[user_id]),
            absences=tuple(absences[user_id]),
        )
        for user_id in ids
    ]


def speakers_by_language() -> dict[str, int]:
    """How many active staff who take appointments speak each language."""
    query = (
        select(StaffLanguage.language, func.count())
        .join(User, User.id == StaffLanguage.user_id)
        .where(User.is_active_account, User.takes_appointments)
        .group_by(StaffLanguage.language)
    )
    return dict(db.session.execute(query).all())
