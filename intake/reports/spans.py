"""A period prepared for querying: its UTC span, its buckets as rows to count in, and the
switches that pick a statement per database."""

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from zoneinfo import ZoneInfo

from sqlalchemy import Integer, and_, func, literal, select, text, union_all

from intake.extensions import db
from intake.models.types import UTCDateTime
from intake.reports.report_periods import Bucket, Period

_INSTANT = UTCDateTime()
WHOLE = -1  # the number of the whole span among the buckets


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

    def holds(self, column):
        return and_(column >= self.start, column < self.end)

    @cached_property
    def table(self):
        """The buckets as rows (number, starts, ends) to count in, one cell at a time. A
        union of selects, not VALUES: SQLAlchemy caches the compiled statement (it does not
        for VALUES)."""
        return self._table(self._spans)

    @cached_property
    def table_and_whole(self):
        """The same, and the whole span as one more row, numbered WHOLE."""
        return self._table([*self._spans, (WHOLE, self.start, self.end)])

    @property
    def _spans(self) -> list[tuple]:
        return [(number, bucket.start, bucket.end) for number, bucket in enumerate(self.buckets)]

    @staticmethod
    def _table(spans: list[tuple]):
        rows = [
            select(
                literal(number, Integer).label("number"),
                literal(start, _INSTANT).label("starts"),
                literal(end, _INSTANT).label("ends"),
            )
            for number, start, end in spans
        ]
        return union_all(*rows).cte("bucket")


def on_postgresql() -> bool:
    """Where the fastest statement differs: PostgreSQL hashes and sorts fast, SQLite looks
    up in indexes fast and sorts slowly."""
    return db.session.get_bind().dialect.name == "postgresql"


def plan_for_the_period() -> None:
    """Have PostgreSQL plan each report statement for its own period, until the transaction
    ends. psycopg prepares a statement it has run five times, and PostgreSQL then may plan
    it once for any parameters: such a generic plan cannot know how much of the data the
    period covers and can be ten times slower (it sorts a year of requests that an index
    gives in order). SQLite plans every statement anew."""
    if on_postgresql():
        db.session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))


def count_in(bucket, instant, *conditions):
    """How many rows meet `conditions` with `instant` in the bucket: a correlated count."""
    inside = and_(instant >= bucket.c.starts, instant < bucket.c.ends)
    return select(func.count()).where(*conditions, inside).scalar_subquery()
