"""The report's figures, aggregated in SQL; Python only arranges the aggregated rows.

Every query filters by UTC instants of local midnights and buckets by precomputed UTC
boundaries of local weeks or months, so an appointment at 00:30 on a Monday (office time)
counts in that week on SQLite and PostgreSQL alike. No query reads a personal column, so
the figures stay the same after a case is anonymised.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, select

from intake.extensions import db
from intake.models import Appointment, Case, CaseTopic
from intake.reports.periods import Bucket, Period
from intake.reports.sql import bucket_of, seconds_between


@dataclass(frozen=True)
class Span:
    """A period prepared for querying: its UTC span and its buckets."""

    period: Period
    grain: str
    start: datetime
    end: datetime
    buckets: list[Bucket]

    @classmethod
    def of(cls, period: Period, tz: ZoneInfo, grain: str | None = None) -> "Span":
        """`grain` "week" or "month" (the period's own by default); "whole": one bucket."""
        grain = grain or period.grain
        start, end = period.utc_span(tz)
        if grain == "whole":
            return cls(period, grain, start, end, [Bucket(period.first, start, end)])
        return cls(period, grain, start, end, period.buckets(tz, grain))

    @property
    def bounds(self) -> list:
        return [bucket.start for bucket in self.buckets] + [self.end]

    def holds(self, column):
        return and_(column >= self.start, column < self.end)

    def bucket(self, column):
        return bucket_of(column, self.bounds).label("bucket")


def cases_by(span: Span, column) -> dict[object, int]:
    """Requests received in the period, counted by one of their columns."""
    query = select(column, func.count()).where(span.holds(Case.created_at)).group_by(column)
    return dict(db.session.execute(query).all())


def requests_by_bucket_and_channel(span: Span) -> dict[tuple[int, str], int]:
    bucket = span.bucket(Case.created_at)
    query = (
        select(bucket, Case.channel, func.count())
        .where(span.holds(Case.created_at))
        .group_by(bucket, Case.channel)
    )
    return {(index, channel): n for index, channel, n in db.session.execute(query)}


def topics(span: Span) -> dict[str, int]:
    query = (
        select(CaseTopic.topic, func.count())
        .join(Case, Case.id == CaseTopic.case_id)
        .where(span.holds(Case.created_at))
        .group_by(CaseTopic.topic)
    )
    return dict(db.session.execute(query).all())


def appointment_outcomes(span: Span, *by) -> dict[tuple, int]:
    """Appointments starting in the period, by the `by` columns and by what became of them:
    completed, no_show, cancelled_requester, cancelled_office (or requested, confirmed)."""
    outcome = _appointment_outcome()
    query = (
        select(*by, outcome, func.count())
        .where(span.holds(Appointment.starts_at))
        .group_by(*by, outcome)
    )
    return {tuple(keys): n for *keys, n in db.session.execute(query)}


def _appointment_outcome():
    return case(
        (
            Appointment.status == "cancelled",
            case(
                (Appointment.cancelled_by == "requester", "cancelled_requester"),
                else_="cancelled_office",
            ),
        ),
        else_=Appointment.status,
    ).label("outcome")


def referrals(span: Span) -> list[tuple[int | None, int]]:
    query = (
        select(Case.referral_id, func.count())
        .where(span.holds(Case.created_at), Case.status == "referred")
        .group_by(Case.referral_id)
    )
    return db.session.execute(query).all()


def declines(span: Span) -> list[tuple[str | None, int]]:
    query = (
        select(Case.decline_reason, func.count())
        .where(span.holds(Case.created_at), Case.status == "declined")
        .group_by(Case.decline_reason)
    )
    return db.session.execute(query).all()


def callbacks_by_language(span: Span) -> dict[str, int]:
    """Requests that found no fitting slot and asked to be called back, by language."""
    query = (
        select(Case.talk_language, func.count())
        .where(span.holds(Case.created_at), Case.callback_requested.is_(True))
        .group_by(Case.talk_language)
    )
    return dict(db.session.execute(query).all())


def booked_minutes_by_week(span: Span) -> dict[int, float]:
    """Minutes of appointments not cancelled, by the week they start in."""
    bucket = span.bucket(Appointment.starts_at)
    seconds = func.sum(seconds_between(Appointment.starts_at, Appointment.ends_at))
    query = (
        select(bucket, seconds)
        .where(span.holds(Appointment.starts_at), Appointment.status != "cancelled")
        .group_by(bucket)
    )
    return {index: total / 60 for index, total in db.session.execute(query)}


def pivot(rows: dict[tuple, int]) -> dict[object, dict[str, int]]:
    table: dict[object, dict[str, int]] = defaultdict(dict)
    for (key, column), n in rows.items():
        table[key][column] = n
    return table
