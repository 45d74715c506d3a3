"""Counsellors' own calendars: the connection, the busy time read from it, events written to it."""

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intake.extensions import db
from intake.models.staff import User
from intake.models.types import UTCDateTime, utcnow


class ConnectionKind(enum.StrEnum):
    CALDAV = "caldav"
    ICS = "ics"


class CalendarConnection(db.Model):
    """One counsellor's outside calendar. The password is stored encrypted
    (intake.calendar_sync.secrets) and never leaves the server again."""

    __tablename__ = "calendar_connection"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("staff_user.id", ondelete="CASCADE"), unique=True
    )
    kind: Mapped[str] = mapped_column(String(10), default=ConnectionKind.CALDAV)
    url: Mapped[str] = mapped_column(String(500))
    username: Mapped[str] = mapped_column(String(200), default="")
    password_encrypted: Mapped[str | None] = mapped_column(Text)
    # The calendar confirmed appointments are written to; None: nothing is written.
    write_url: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    failing_since: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # A code from intake.calendar_sync.errors (never the server's own words: they may hold
    # the address with a password in it).
    last_error: Mapped[str | None] = mapped_column(String(40))
    lead_told_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()
    calendars: Mapped[list["BusyCalendar"]] = relationship(
        back_populates="connection", cascade="all, delete-orphan", order_by="BusyCalendar.id"
    )


class BusyCalendar(db.Model):
    """A calendar of a connection, found by discovery; its events block slots when `busy`."""

    __tablename__ = "calendar_busy_source"
    __table_args__ = (UniqueConstraint("connection_id", "url", name="uq_busy_source_url"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    connection_id: Mapped[int] = mapped_column(
        ForeignKey("calendar_connection.id", ondelete="CASCADE"), index=True
    )
    url: Mapped[str] = mapped_column(String(500))
    name: Mapped[str] = mapped_column(String(200), default="")
    busy: Mapped[bool] = mapped_column(default=True)
    # What was read last (sync-collection, RFC 6578): the server's token, and per event
    # address its ETag and busy spans over [mirror_from, mirror_until). Times only: no title,
    # no place, nothing else of the counsellor's events is kept.
    sync_token: Mapped[str | None] = mapped_column(String(500))
    mirror: Mapped[str | None] = mapped_column(Text)
    mirror_from: Mapped[datetime | None] = mapped_column(UTCDateTime())
    mirror_until: Mapped[datetime | None] = mapped_column(UTCDateTime())

    connection: Mapped[CalendarConnection] = relationship(back_populates="calendars")


class CalendarBusy(db.Model):
    """A busy interval from a counsellor's own calendar, in UTC; slots treat it like an
    absence. Replaced as a whole by each successful read."""

    __tablename__ = "calendar_busy"
    __table_args__ = (Index("ix_calendar_busy_user_start", "user_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())


class WrittenEvent(db.Model):
    """A confirmed appointment as last written to a counsellor's calendar: the worker compares
    these rows with the appointments and writes what differs (an outbox of changes)."""

    __tablename__ = "calendar_written_event"
    __table_args__ = (UniqueConstraint("connection_id", "uid", name="uq_written_event_uid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    connection_id: Mapped[int] = mapped_column(
        ForeignKey("calendar_connection.id", ondelete="CASCADE"), index=True
    )
    uid: Mapped[str] = mapped_column(String(100))
    href: Mapped[str] = mapped_column(String(700))
    etag: Mapped[str | None] = mapped_column(String(200))
    sequence: Mapped[int] = mapped_column(default=0)
    # What the event says (times, mode, place): a change means a new SEQUENCE and a PUT.
    fingerprint: Mapped[str] = mapped_column(String(64))
    written_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
