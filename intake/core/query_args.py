"""Numbers from the query string as the database can take them: an id too large for any
row (2**70) is no id, rather than an overflow in the database."""

from flask import request

from intake.core.routing import LARGEST_ID


def database_id(name: str) -> int | None:
    """The query parameter `name` as a row id; None when absent, not a number or too large."""
    value = request.args.get(name, type=int)
    return value if value is not None and 0 < value <= LARGEST_ID else None
