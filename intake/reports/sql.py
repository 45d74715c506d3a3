"""SQL building blocks that give the same answer on SQLite and PostgreSQL."""

from datetime import datetime

from sqlalchemy import Boolean, Float, and_, case, literal
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


class total_seconds(FunctionElement):  # noqa: N801  (reads like the SQL function it is)
    """The sum of the seconds from `start` to `end` over the rows, as a floating-point number:
    PostgreSQL adds the intervals and converts once, not once per row."""

    type = Float()
    inherit_cache = True
    name = "total_seconds"


@compiles(total_seconds)
def _total_sqlite(element, compiler, **kw) -> str:
    start, end = (compiler.process(argument, **kw) for argument in element.clauses)
    return f"sum((julianday({end}) - julianday({start})) * 86400.0)"


@compiles(total_seconds, "postgresql")
def _total_postgresql(element, compiler, **kw) -> str:
    start, end = (compiler.process(argument, **kw) for argument in element.clauses)
    return f"EXTRACT(EPOCH FROM sum({end} - {start}))"


class likely(FunctionElement):  # noqa: N801  (reads like the SQL function it is)
    """A condition that holds for most rows. SQLite cannot see bound values and takes every
    range for a narrow one, so it would read a year through the date index and sort it;
    told the range is wide (SQLite's own likely()), it reads an index in its grouping order
    instead. Other databases get the bare condition."""

    type = Boolean()
    inherit_cache = True
    name = "likely"


@compiles(likely)
def _likely(element, compiler, **kw) -> str:
    return compiler.process(element.clauses, **kw)


@compiles(likely, "sqlite")
def _likely_sqlite(element, compiler, **kw) -> str:
    return f"likely({compiler.process(element.clauses, **kw)})"


def at_nearest_rank(rank: ColumnElement, size: ColumnElement, percent: int) -> ColumnElement:
    """True for the one row at the nearest rank ceil(percent/100 * n): its value is the
    percentile. Integer arithmetic, identical on both databases."""
    return and_(rank * 100 >= size * percent, (rank - 1) * 100 < size * percent)
