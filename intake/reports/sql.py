"""SQL building blocks that give the same answer on SQLite and PostgreSQL."""

from sqlalchemy import Boolean, Float
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement


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
