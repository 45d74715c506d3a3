"""The report's figures, aggregated in SQL; Python only arranges the aggregated rows.

Every query filters by UTC instants of local midnights and buckets by precomputed UTC
boundaries of local weeks or months, so an appointment at 00:30 on a Monday (office time)
counts in that week on SQLite and PostgreSQL alike. No query reads a personal column, so
the figures stay the same after a case is anonymised.

Counts per bucket are counted in indexes that start with the category and end with the
time (channel, created_at), one lookup per cell, rather than by sorting a year of rows.
Where the two databases need different statements for the same figure (on_postgresql), the
tests run both against the same hand-computed figures.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from zoneinfo import ZoneInfo

from sqlalchemy import Integer, String, and_, cast, func, literal, select, text, union_all

from intake.extensions import db
from intake.models import Case, CaseTopic
from intake.models.types import UTCDateTime
from intake.reports.periods import Bucket, Period
from intake.reports.sql import likely

_INSTANT = UTCDateTime()
WHOLE = -1  # the number of the whole span among the buckets
# The categories of a request, in the order of the index ix_case_figures: grouped in that
# order, a year of requests is read from the index without sorting.
FIGURE_COLUMNS = (
    Case.status,
    Case.mode,
    Case.talk_language,
    Case.interpreter_language,
    Case.callback_requested,
    Case.referral_id,
    Case.decline_reason,
)
# figure → (the category counted, which requests count)
FIGURES = {
    "outcomes": ("status", None),
    "modes": ("mode", None),
    "languages": ("talk_language", None),
    "interpreting": ("interpreter_language", None),
    "callbacks": ("talk_language", lambda groups: groups.c.callback_requested.is_(True)),
    "referrals": ("referral_id", lambda groups: groups.c.status == "referred"),
    "declines": ("decline_reason", lambda groups: groups.c.status == "declined"),
}


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


def figures(span: Span) -> dict[str, dict[object, int]]:
    """figure → category → requests received in the period, for every one-way table, from
    one statement: the requests are grouped once by all categories at the same time, then
    each figure adds those groups up."""
    groups = _grouped_in_index_order(span).cte("groups")
    parts = []
    for name, (key, condition) in FIGURES.items():
        code = cast(groups.c[key], String)
        total = cast(func.sum(groups.c.n), Integer)  # PostgreSQL's sum of counts is numeric
        part = select(literal(name), code, total).group_by(groups.c[key])
        parts.append(part.where(condition(groups)) if condition else part)
    found: dict[str, dict[object, int]] = {name: {} for name in FIGURES}
    for name, code, n in db.session.execute(union_all(*parts)):
        found[name][code] = n
    return found


def _grouped_in_index_order(span: Span):
    """The period's requests counted by all categories, read from ix_case_figures in its
    order, so that the groups come one after the other and nothing is sorted or hashed.
    SQLite, told the range is wide, reads the index so by itself; PostgreSQL would hash a
    scan of the table, unless the rows come from a subquery ordered like the index."""
    inside = (likely(Case.created_at >= span.start), likely(Case.created_at < span.end))
    if not on_postgresql():
        query = select(*FIGURE_COLUMNS, func.count().label("n")).where(*inside)
        return query.group_by(*FIGURE_COLUMNS)
    rows = select(*FIGURE_COLUMNS).where(*inside).order_by(*FIGURE_COLUMNS).subquery()
    return select(*rows.c, func.count().label("n")).group_by(*rows.c)


def requests_by_bucket_and_channel(span: Span, channels) -> dict[tuple[int, str], int]:
    bucket = span.table
    counts = [count_in(bucket, Case.created_at, Case.channel == code) for code in channels]
    rows = db.session.execute(select(bucket.c.number, *counts))
    return {(row[0], code): n for row in rows for code, n in zip(channels, row[1:], strict=True)}


def topics(span: Span, codes) -> dict[str, int]:
    """Requests naming each of the topics `codes`, read from the topics alone (each keeps
    its request's arrival): one index lookup per topic, nothing grouped."""
    counts = [
        select(func.count()).where(CaseTopic.topic == code, span.holds(CaseTopic.created_at))
        for code in codes
    ]
    row = db.session.execute(select(*[count.scalar_subquery() for count in counts])).one()
    return dict(zip(codes, row, strict=True))


def pivot(rows: dict[tuple, int]) -> dict[object, dict[str, int]]:
    table: dict[object, dict[str, int]] = defaultdict(dict)
    for (key, kind), n in rows.items():
        table[key][kind] = n
    return table
