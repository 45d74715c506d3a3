"""Waiting time from request to first appointment held: median and 90th percentile.

Both databases compute the same percentile definition, the nearest rank: the smallest wait
w such that at least p % of the waits are <= w, that is the wait at rank ceil(p/100 * n) in
ascending order, with the rank computed in integers, so SQLite and PostgreSQL agree to the
second. A case counts in the week or month of its first appointment held, when its wait
ended. The case keeps that instant and the wait itself (Case.first_held_at, first_wait), so
no appointment is read.

PostgreSQL sorts each bucket's waits into an array (an ordered aggregate; ROLLUP adds the
whole period) and picks the ranks from it, in one pass. SQLite has no ordered aggregate: it
counts the people per bucket in the index, then picks each rank with ORDER BY wait OFFSET
rank - 1; a bucket sorts only its own waits, and the whole period's are walked in the
wait's index in order, never sorted.
"""

from sqlalchemy import Float, Integer, and_, cast, func, select, type_coerce
from sqlalchemy.dialects.postgresql import ARRAY, aggregate_order_by

from intake.extensions import db
from intake.models import Case
from intake.reports.spans import WHOLE, Span, count_in, on_postgresql
from intake.reports.sql import likely

PERCENTILES = (50, 90)


def waits_by_bucket(span: Span) -> tuple[dict[int, tuple], tuple | None]:
    """bucket index → (people, median seconds, 90th percentile seconds), and the same for
    the whole period (None when nobody was seen)."""
    found = _sorted_into_arrays(span) if on_postgresql() else _picked_by_offset(span)
    return found, found.pop(WHOLE, None)


def _sorted_into_arrays(span: Span) -> dict[int, tuple]:
    bucket = span.table
    inside = and_(Case.first_held_at >= bucket.c.starts, Case.first_held_at < bucket.c.ends)
    ordered = func.array_agg(aggregate_order_by(Case.first_wait, Case.first_wait))
    groups = (
        select(bucket.c.number, func.count().label("n"), ordered.label("waits"))
        .join_from(bucket, Case, inside)
        .group_by(func.rollup(bucket.c.number))
        .subquery()
    )
    picked = [
        type_coerce(groups.c.waits, ARRAY(Float))[cast(nearest_rank(groups.c.n, p), Integer)]
        for p in PERCENTILES
    ]
    query = select(func.coalesce(groups.c.number, WHOLE), groups.c.n, *picked)
    return {number: (n, *values) for number, n, *values in db.session.execute(query)}


def _picked_by_offset(span: Span) -> dict[int, tuple]:
    sizes = {number: n for number, n in _sizes(span) if n}
    picks = [
        (number, _wait_at(_inside(span, number), nearest_rank(n, p)))
        for number, n in sizes.items()
        for p in PERCENTILES
    ]
    found: dict[int, tuple] = {number: (n,) for number, n in sizes.items()}
    if picks:
        row = db.session.execute(select(*[pick for _number, pick in picks])).one()
        for (number, _pick), wait in zip(picks, row, strict=True):
            found[number] += (wait,)
    return found


def nearest_rank(size, percent: int):
    """ceil(percent/100 * size), in integers: of a count, or in SQL of a count column."""
    return (size * percent + 99) // 100


def _sizes(span: Span):
    bucket = span.table_and_whole
    return db.session.execute(select(bucket.c.number, count_in(bucket, Case.first_held_at)))


def _inside(span: Span, number: int):
    """The waits that ended in the bucket; the whole period's as a wide range, so that
    SQLite walks the wait's index in order instead of sorting the period's waits."""
    if number == WHOLE:
        return and_(likely(Case.first_held_at >= span.start), likely(Case.first_held_at < span.end))
    bucket = span.buckets[number]
    return and_(Case.first_held_at >= bucket.start, Case.first_held_at < bucket.end)


def _wait_at(inside, rank: int):
    """The wait at `rank` (from 1) in ascending order among the waits `inside`."""
    query = select(Case.first_wait).where(inside).order_by(Case.first_wait)
    return query.limit(1).offset(rank - 1).scalar_subquery()
