"""URL rules: an id in a path is a number the database can hold."""

from werkzeug.routing import IntegerConverter

# The largest id a table holds (PostgreSQL's integer); a larger one in a path is no row.
LARGEST_ID = 2**31 - 1


class DatabaseId(IntegerConverter):
    """`<int:...>` in every route: a number no id column can hold matches no route (404),
    instead of reaching the database and overflowing there (500)."""

    def __init__(self, map, fixed_digits=0, min=None, max=LARGEST_ID, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)
