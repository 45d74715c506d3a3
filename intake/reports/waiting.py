"""Waiting time from request to first appointment held: median and 90th percentile.

Both databases compute the same percentile definition, the nearest rank: the smallest wait
w such that at least p % of the waits are <= w (rank ceil(p/100 * n) in ascending order),
by window functions, so SQLite and PostgreSQL agree to the second. A case counts in the
week or month of its first appointment held, when its wait ended.
"""

from sqlalchemy import case, func, select

from intake.extensions import db
from intake.models import Appointment, Case
from intake.reports.queries import Span
from intake.reports.sql import nearest_rank, seconds_between

PERCENTILES = (50, 90)


def waits_by_bucket(span: Span) -> tuple[dict[int, tuple], tuple | None]:
    """bucket index → (people, median seconds, 90th percentile seconds), and the same for
    the whole period, from one statement: the waits are ranked within their bucket and
    across the period at once, so they are read and sorted once."""
    first_held = (
        select(Case.created_at, func.min(Appointment.starts_at).label("held_at"))
        .join(Case, Case.id == Appointment.case_id)
        .where(Appointment.status == "completed", Appointment.starts_at < span.end)
        .group_by(Appointment.case_id, Case.created_at)
        .subquery()
    )
    waits = (
        select(
            span.bucket(first_held.c.held_at),
            seconds_between(first_held.c.created_at, first_held.c.held_at).label("wait"),
        )
        .where(span.holds(first_held.c.held_at))
        .subquery()
    )
    by_bucket = {"partition_by": waits.c.bucket, "order_by": waits.c.wait}
    ranked = select(
        waits.c.bucket,
        waits.c.wait,
        func.row_number().over(**by_bucket).label("rank"),
        func.count().over(partition_by=waits.c.bucket).label("size"),
        func.row_number().over(order_by=waits.c.wait).label("rank_all"),
        func.count().over().label("size_all"),
    ).subquery()
    columns = [func.min(_at_or_above(ranked, p, "")) for p in PERCENTILES]
    columns += [func.min(_at_or_above(ranked, p, "_all")) for p in PERCENTILES]
    query = select(
        ranked.c.bucket, func.max(ranked.c.size), func.max(ranked.c.size_all), *columns
    ).group_by(ranked.c.bucket)
    rows = db.session.execute(query).all()
    buckets = {bucket: (size, p50, p90) for bucket, size, _all, p50, p90, *_ in rows}
    if not rows:
        return buckets, None
    # Each bucket holds the smallest of its waits at or above the period-wide rank.
    whole = (rows[0][2], min(_present(r[5] for r in rows)), min(_present(r[6] for r in rows)))
    return buckets, whole


def _present(values):
    return [value for value in values if value is not None]


def _at_or_above(ranked, percent: int, scope: str):
    rank, size = ranked.c[f"rank{scope}"], ranked.c[f"size{scope}"]
    return case((nearest_rank(rank, size, percent), ranked.c.wait))
