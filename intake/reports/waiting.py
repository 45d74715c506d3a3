"""Waiting time from request to first appointment held: median and 90th percentile.

Both databases compute the same percentile definition, the nearest rank: the smallest wait
w such that at least p % of the waits are <= w (rank ceil(p/100 * n) in ascending order),
by window functions, so SQLite and PostgreSQL agree to the second. A case counts in the
week or month of its first appointment held, when its wait ended; that instant is kept on
the case itself (Case.first_held_at), so no appointment is read here.
"""

from sqlalchemy import case, func, literal, select, union_all

from intake.extensions import db
from intake.models import Case
from intake.reports.queries import Span
from intake.reports.sql import at_nearest_rank, seconds_between

PERCENTILES = (50, 90)
WHOLE = -1  # the bucket number of the whole period


def waits_by_bucket(span: Span) -> tuple[dict[int, tuple], tuple | None]:
    """bucket index → (people, median seconds, 90th percentile seconds), and the same for
    the whole period, from one statement that reads the waits once and keeps only the rows
    at the percentiles' ranks."""
    waits = (
        select(span.bucket(Case.first_held_at), _wait().label("wait"))
        .where(span.holds(Case.first_held_at))
        .cte("waits")
    )
    ranked = union_all(_ranked(waits, waits.c.bucket), _ranked(waits, None)).subquery()
    picked = [func.min(case((at_nearest_rank(ranked.c.rank, ranked.c.size, p), ranked.c.wait)))
              for p in PERCENTILES]  # fmt: skip
    query = (
        select(ranked.c.bucket, func.max(ranked.c.size), *picked)
        .where(_at_any_percentile(ranked))
        .group_by(ranked.c.bucket)
    )
    rows = {bucket: (size, *values) for bucket, size, *values in db.session.execute(query)}
    return rows, rows.pop(WHOLE, None)


def _wait():
    return seconds_between(Case.created_at, Case.first_held_at)


def _ranked(waits, partition):
    """Each wait with its rank within `partition` (a bucket, or None: the whole period) and
    the partition's size; both windows share one sort."""
    window = {"partition_by": partition, "order_by": waits.c.wait}
    bucket = waits.c.bucket if partition is not None else literal(WHOLE)
    return select(
        bucket.label("bucket"),
        waits.c.wait,
        func.row_number().over(**window).label("rank"),
        func.count().over(**window, rows=(None, None)).label("size"),
    )


def _at_any_percentile(ranked):
    from sqlalchemy import or_

    return or_(*[at_nearest_rank(ranked.c.rank, ranked.c.size, p) for p in PERCENTILES])
