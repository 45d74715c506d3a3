"""The background read of counsellors' calendars (`flask sync-calendars`): busy time stored
for the slot engine, the connection's state for the pages, a mail to the lead once a
connection has failed for CALENDAR_STALE_MINUTES, and confirmed appointments written.

Each connection goes in three steps: read what is stored, talk to the server with no
transaction open, then write the outcome in one short write transaction. A slow server
never holds a database lock that bookings wait for."""

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select

from intake.calendar_sync import busy, mirror, passwords, remote, stale_notice, writes
from intake.core.clock import office_tz
from intake.core.database import begin_write
from intake.extensions import db
from intake.models import (
    BusyCalendar,
    CalendarBusy,
    CalendarConnection,
    ConnectionKind,
    OfficeSettings,
)

log = logging.getLogger(__name__)


@dataclass
class SyncRun:
    read: int = 0
    failed: list[int] = field(default_factory=list)
    written: int = 0


@dataclass
class Source:
    """A busy calendar as read from the database; mirror.py updates it in memory."""

    id: int
    url: str
    sync_token: str | None
    mirror: str | None
    mirror_from: datetime | None
    mirror_until: datetime | None


@dataclass
class Snapshot:
    """What the server exchange needs, loaded before it; no database row is held."""

    connection_id: int
    user_id: int
    kind: str
    account: remote.Account
    sources: list[Source]
    key_missing: bool = False


def window(now: datetime) -> tuple[datetime, datetime]:
    """The busy time slots can need: from a day ago to the end of the booking horizon."""
    horizon = timedelta(days=OfficeSettings.current().horizon_days)
    return now - timedelta(days=1), now + horizon + timedelta(days=2)


def sync_all(*, now: datetime) -> SyncRun:
    """Read every connected calendar once, then write its appointments; each connection
    commits on its own, so one failing server delays nobody else."""
    run = SyncRun()
    ids = list(db.session.scalars(select(CalendarConnection.id).order_by(CalendarConnection.id)))
    for connection_id in ids:
        if sync_connection(connection_id, now=now):
            run.read += 1
            run.written += writes.write_appointments(connection_id, now=now)
        else:
            run.failed.append(connection_id)
    return run


def sync_connection(connection_id: int, *, now: datetime) -> bool:
    """Read the connection's busy time and store it; on failure keep the last known busy
    time, note since when it fails and why (a code, never the server's words)."""
    start, end = window(now)
    snapshot = _snapshot(connection_id)
    db.session.rollback()  # no transaction stays open while the server is asked
    if snapshot is None:
        return False
    try:
        if snapshot.key_missing:
            raise remote.CalendarError("key_missing")
        spans, failure = read_busy(snapshot, start, end), None
    except remote.CalendarError as error:
        spans, failure = [], error.code
    begin_write()
    connection = db.session.get(CalendarConnection, connection_id)
    if connection is not None:
        if failure:
            _failed(connection, failure, now=now)
        else:
            _succeeded(connection, snapshot, spans, now=now)
    db.session.commit()
    return connection is not None and failure is None


def _snapshot(connection_id: int) -> Snapshot | None:
    connection = db.session.get(CalendarConnection, connection_id)
    if connection is None:
        return None
    key_missing = False
    try:
        account = account_of(connection)
    except passwords.KeyMissing:
        account, key_missing = remote.Account(connection.url, connection.username, ""), True
    sources = [
        Source(c.id, c.url, c.sync_token, c.mirror, c.mirror_from, c.mirror_until)
        for c in connection.calendars
        if c.busy
    ]
    return Snapshot(
        connection.id, connection.user_id, connection.kind, account, sources, key_missing
    )


def account_of(connection: CalendarConnection) -> remote.Account:
    password = passwords.decrypt(connection.password_encrypted)
    return remote.Account(connection.url, connection.username, password)


def read_busy(snapshot: Snapshot, start: datetime, end: datetime) -> list[busy.Span]:
    """Network only: the busy spans of every busy calendar of the connection."""
    account, tz = snapshot.account, office_tz()
    if snapshot.kind == ConnectionKind.ICS:
        text = remote.read_subscription(account)
        try:
            return busy.busy_in_calendars([text], start, end, tz)
        except ValueError as failure:
            raise remote.CalendarError("bad_data") from failure
    spans: list[busy.Span] = []
    for source in snapshot.sources:
        spans.extend(mirror.busy_of_calendar(account, source, start, end, tz))
    return busy.merge(spans)


def _succeeded(connection, snapshot: Snapshot, spans: list[busy.Span], *, now) -> None:
    for source in snapshot.sources:
        row = db.session.get(BusyCalendar, source.id)
        if row is not None:
            row.sync_token, row.mirror = source.sync_token, source.mirror
            row.mirror_from, row.mirror_until = source.mirror_from, source.mirror_until
    store_busy(connection.user_id, spans)
    connection.last_read_at = now
    connection.failing_since = connection.last_error = connection.lead_told_at = None


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
