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

from sqlalchemy import Integer, String, cast, func, literal, select, union_all

from intake.extensions import db
from intake.models import Case, CaseTopic
from intake.reports.spans import Span, count_in, on_postgresql
from intake.reports.sql import likely

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
