"""A calendar connection's state as the pages say it: read some minutes ago, or failing
since a time and why."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from intake.calendar_sync import errors
from intake.extensions import db
from intake.models import CalendarConnection


@dataclass(frozen=True)
class State:
    connected: bool
    failing_since: datetime | None = None
    reason: str = ""
    minutes_since_read: int | None = None
    writes: bool = False

    @property
    def failing(self) -> bool:
        return self.failing_since is not None


def of(connection: CalendarConnection | None, *, now: datetime) -> State:
    if connection is None:
        return State(connected=False)
    minutes = None
    if connection.last_read_at is not None:
        minutes = max(0, int((now - connection.last_read_at).total_seconds() // 60))
    return State(
        connected=True,
        failing_since=connection.failing_since,
        reason=errors.message(connection.last_error) if connection.failing_since else "",
        minutes_since_read=minutes,
        writes=bool(connection.write_url),
    )


def of_users(user_ids: list[int], *, now: datetime) -> dict[int, State]:
    """Every listed user's state in one query (the lead's team page)."""
    rows = db.session.scalars(
        select(CalendarConnection).where(CalendarConnection.user_id.in_(user_ids))
    )
    found = {row.user_id: of(row, now=now) for row in rows}
    return {user_id: found.get(user_id, State(connected=False)) for user_id in user_ids}


def connection_of(user_id: int) -> CalendarConnection | None:
    return db.session.scalar(
        select(CalendarConnection).where(CalendarConnection.user_id == user_id)
    )
