"""Waiting time from request to first appointment held: median and 90th percentile.

Both databases compute the same percentile definition, the nearest rank: the smallest wait
w such that at least p % of the waits are <= w, that is the wait at rank ceil(p/100 * n) in
ascending order, with the rank computed in integers, so SQLite and PostgreSQL agree to the
second. A case counts in the week or month of its first appointment held, when its wait
ended; the case keeps that instant itself (Case.first_held_at), so no appointment is read.

PostgreSQL sorts each bucket's waits into an array (an ordered aggregate, with ROLLUP for
the whole period) and picks the ranks; SQLite has no ordered aggregate and ranks the waits
with window functions. Either way one statement reads the waits once.
"""

from sqlalchemy import Float, Integer, cast, func, literal, select, tuple_, union_all
from sqlalchemy.dialects.postgresql import ARRAY, aggregate_order_by

from intake.extensions import db
from intake.models import Case
from intake.reports.queries import Span, count_in
from intake.reports.sql import seconds_between

PERCENTILES = (50, 90)
WHOLE = -1  # the bucket number of the whole period


def waits_by_bucket(span: Span) -> tuple[dict[int, tuple], tuple | None]:
    """bucket index → (people, median seconds, 90th percentile seconds), and the same for
    the whole period (None when nobody was seen)."""
    waits = (
        select(span.bucket(Case.first_held_at), _wait().label("wait"))
        .where(span.holds(Case.first_held_at))
        .cte("waits")
    )
    if db.session.get_bind().dialect.name == "postgresql":
        found = _sorted_into_arrays(waits)
    else:
        found = _ranked(waits, span)
    return found, found.pop(WHOLE, None)


def _wait():
    return cast(seconds_between(Case.created_at, Case.first_held_at), Float)


def nearest_rank(size, percent: int):
    """ceil(percent/100 * size), in integers (in SQL, or in Python for a count)."""
    return (size * percent + 99) // 100


def _sorted_into_arrays(waits) -> dict[int, tuple]:
    """Each bucket's waits (and the whole period's) sorted into an array, its ranks picked."""
    ordered = func.array_agg(aggregate_order_by(waits.c.wait, waits.c.wait), type_=ARRAY(Float))
    groups = (
        select(waits.c.bucket, func.count().label("n"), ordered.label("waits"))
        .group_by(func.rollup(waits.c.bucket))
        .subquery()
    )
    picked = [groups.c.waits[cast(nearest_rank(groups.c.n, p), Integer)] for p in PERCENTILES]
    query = select(func.coalesce(groups.c.bucket, WHOLE), groups.c.n, *picked)
    return {bucket: (n, *values) for bucket, n, *values in db.session.execute(query)}


def _ranked(waits, span: Span) -> dict[int, tuple]:
    """The sizes counted in the index first; then each wait ranked in its bucket and in the
    whole period by window functions, and only the rows at the wanted ranks read."""
    bucket = span.table(whole=WHOLE)
    sizes = dict(
        db.session.execute(select(bucket.c.number, count_in(bucket, Case.first_held_at))).all()
    )
    wanted = [(number, nearest_rank(n, p)) for number, n in sizes.items() if n for p in PERCENTILES]
    within = {"partition_by": waits.c.bucket, "order_by": waits.c.wait}
    ranked = union_all(
        select(waits.c.bucket, func.row_number().over(**within).label("rank"), waits.c.wait),
        select(literal(WHOLE), func.row_number().over(order_by=waits.c.wait), waits.c.wait),
    ).subquery()
    at = dict(
        (((number, rank), wait) for number, rank, wait in db.session.execute(
            select(ranked).where(tuple_(ranked.c.bucket, ranked.c.rank).in_(wanted))
        )) if wanted else ()
    )  # fmt: skip
    return {
        number: (n, *(at[number, nearest_rank(n, p)] for p in PERCENTILES))
        for number, n in sizes.items()
        if n
    }
