"""The background read of counsellors' calendars (`flask sync-calendars`): busy time stored
for the slot engine, the connection's state for the pages, a mail to the lead once a
connection has failed for CALENDAR_STALE_MINUTES, and confirmed appointments written."""

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.orm import selectinload

from intake.calendar_sync import busy, mirror, passwords, remote, stale_notice, writes
from intake.core.clock import office_tz
from intake.extensions import db
from intake.models import CalendarBusy, CalendarConnection, ConnectionKind, OfficeSettings

log = logging.getLogger(__name__)


@dataclass
class SyncRun:
    read: int = 0
    failed: list[int] = field(default_factory=list)
    written: int = 0


def account_of(connection: CalendarConnection) -> remote.Account:
    password = passwords.decrypt(connection.password_encrypted)
    return remote.Account(connection.url, connection.username, password)


def window(now: datetime) -> tuple[datetime, datetime]:
    """The busy time slots can need: from a day ago to the end of the booking horizon."""
    horizon = timedelta(days=OfficeSettings.current().horizon_days)
    return now - timedelta(days=1), now + horizon + timedelta(days=2)


def sync_all(*, now: datetime) -> SyncRun:
    """Read every connected calendar once; each connection commits on its own, so one
    failing server delays nobody else."""
    run = SyncRun()
    ids = db.session.scalars(select(CalendarConnection.id).order_by(CalendarConnection.id))
    for connection_id in list(ids):
        connection = db.session.get(
            CalendarConnection, connection_id, options=[selectinload(CalendarConnection.calendars)]
        )
        if connection is None:
            continue
        if sync_connection(connection, now=now):
            run.read += 1
            run.written += writes.write_appointments(connection, account_of(connection), now=now)
        else:
            run.failed.append(connection_id)
        db.session.commit()
    return run


def sync_connection(connection: CalendarConnection, *, now: datetime) -> bool:
    """Read the connection's busy time and store it; on failure keep the last known busy
    time, note since when it fails and why (a code, never the server's words)."""
    start, end = window(now)
    try:
        spans = read_busy(connection, start, end)
    except remote.CalendarError as failure:
        _failed(connection, failure.code, now=now)
        return False
    except passwords.KeyMissing:
        _failed(connection, "key_missing", now=now)
        return False
    store_busy(connection.user_id, spans)
    connection.last_read_at = now
    connection.failing_since = connection.last_error = connection.lead_told_at = None
    return True


def read_busy(connection: CalendarConnection, start: datetime, end: datetime) -> list[busy.Span]:
    account, tz = account_of(connection), office_tz()
    if connection.kind == ConnectionKind.ICS:
        text = remote.read_subscription(account)
        try:
            return busy.busy_in_calendars([text], start, end, tz)
        except ValueError as failure:
            raise remote.CalendarError("bad_data") from failure
    spans: list[busy.Span] = []
    for source in connection.calendars:
        if source.busy:
            spans.extend(mirror.busy_of_calendar(account, source, start, end, tz))
    return busy.merge(spans)


def store_busy(user_id: int, spans: list[busy.Span]) -> bool:
    """Replace the counsellor's busy time when it changed (a change wakes the slot cache;
    an unchanged read writes nothing). Returns whether it changed."""
    stored = db.session.execute(
        select(CalendarBusy.starts_at, CalendarBusy.ends_at)
        .where(CalendarBusy.user_id == user_id)
        .order_by(CalendarBusy.starts_at)
    ).all()
    if [tuple(row) for row in stored] == spans:
        return False
    db.session.execute(delete(CalendarBusy).where(CalendarBusy.user_id == user_id))
    db.session.add_all(CalendarBusy(user_id=user_id, starts_at=a, ends_at=b) for a, b in spans)
    return True


def _failed(connection: CalendarConnection, code: str, *, now: datetime) -> None:
    connection.failing_since = connection.failing_since or now
    connection.last_error = code
    log.warning("calendar of staff %s: %s", connection.user_id, code)
    stale = timedelta(minutes=current_app.config["CALENDAR_STALE_MINUTES"])
    if connection.lead_told_at is None and now - connection.failing_since >= stale:
        stale_notice.queue_for_leads(connection, now=now)
        connection.lead_told_at = now
