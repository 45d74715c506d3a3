"""SQL building blocks that give the same answer on SQLite and PostgreSQL."""

from datetime import datetime

from sqlalchemy import Float, case, literal
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement, FunctionElement


def bucket_of(column: ColumnElement, bounds: list[datetime]) -> ColumnElement:
    """The index i of the bucket [bounds[i], bounds[i + 1]) holding `column`, as a balanced
    CASE tree over precomputed UTC boundaries of local weeks or months: a handful of
    comparisons per row and no time-zone support needed in the database. Rows outside
    [bounds[0], bounds[-1]) must be filtered out by the caller."""

    def node(low: int, high: int) -> ColumnElement:
        if high - low == 1:
            return literal(low)
        middle = (low + high) // 2
        return case((column < bounds[middle], node(low, middle)), else_=node(middle, high))

    return node(0, len(bounds) - 1)


class seconds_between(FunctionElement):  # noqa: N801  (reads like the SQL function it is)
    """Seconds from `start` to `end` as a floating-point number."""

    type = Float()
    inherit_cache = True
    name = "seconds_between"


@compiles(seconds_between)
def _seconds_sqlite(element, compiler, **kw) -> str:
    start, end = (compiler.process(argument, **kw) for argument in element.clauses)
    return f"((julianday({end}) - julianday({start})) * 86400.0)"


@compiles(seconds_between, "postgresql")
def _seconds_postgresql(element, compiler, **kw) -> str:
    start, end = (compiler.process(argument, **kw) for argument in element.clauses)
    return f"EXTRACT(EPOCH FROM ({end} - {start}))"


def nearest_rank(rank: ColumnElement, size: ColumnElement, percent: int) -> ColumnElement:
    """True for the rows at or above the nearest rank ceil(percent/100 * n): the percentile
    is then the smallest such value. Integer arithmetic, identical on both databases."""
    return rank * 100 >= size * percent
