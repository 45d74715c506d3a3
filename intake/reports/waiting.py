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


def waits_by_bucket(span: Span) -> dict[int, tuple[int, float, float]]:
    """bucket index → (people, median seconds, 90th percentile seconds)."""
    first_held = (
        select(Appointment.case_id, func.min(Appointment.starts_at).label("held_at"))
        .where(Appointment.status == "completed", Appointment.starts_at < span.end)
        .group_by(Appointment.case_id)
        .subquery()
    )
    waits = (
        select(
            span.bucket(first_held.c.held_at),
            seconds_between(Case.created_at, first_held.c.held_at).label("wait"),
        )
        .select_from(first_held)
        .join(Case, Case.id == first_held.c.case_id)
        .where(span.holds(first_held.c.held_at))
        .subquery()
    )
    ranked = select(
        waits.c.bucket,
        waits.c.wait,
        func.row_number().over(partition_by=waits.c.bucket, order_by=waits.c.wait).label("rank"),
        func.count().over(partition_by=waits.c.bucket).label("size"),
    ).subquery()
    columns = [
        func.min(_at_or_above(ranked, percent)).label(f"p{percent}") for percent in PERCENTILES
    ]
    query = select(ranked.c.bucket, func.max(ranked.c.size), *columns).group_by(ranked.c.bucket)
    return {bucket: (size, *values) for bucket, size, *values in db.session.execute(query)}


def _at_or_above(ranked, percent: int):
    return case((nearest_rank(ranked.c.rank, ranked.c.size, percent), ranked.c.wait))
