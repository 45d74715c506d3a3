"""Counsellors' time: weekly working hours, absences, office closures and office settings."""

import enum
from datetime import date, datetime, time

from flask import current_app, g, has_request_context
from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intake.extensions import db
from intake.models.staff import User
from intake.models.types import UTCDateTime


class WorkingHours(db.Model):
    """One weekly window in local time, e.g. Tuesday 09:00–12:00, valid over a date range."""

    __tablename__ = "working_hours"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_range"),
        CheckConstraint("end_time > start_time", name="end_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("staff_user.id", ondelete="CASCADE"), index=True
    )
    weekday: Mapped[int]
    start_time: Mapped[time]
    end_time: Mapped[time]
    valid_from: Mapped[date | None]
    valid_until: Mapped[date | None]

    user: Mapped[User] = relationship()


class Absence(db.Model):
    """A counsellor is away: holiday, illness, training. Stored in UTC."""

    __tablename__ = "absence"
    __table_args__ = (CheckConstraint("ends_at > starts_at", name="end_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("staff_user.id", ondelete="CASCADE"), index=True
    )
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    note: Mapped[str] = mapped_column(String(200), default="")
    # Covers the absent counsellor's cases, inbox and calendar while the absence lasts.
    deputy_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_user.id", ondelete="SET NULL"), index=True
    )

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    deputy: Mapped[User | None] = relationship(foreign_keys=[deputy_id])


class ClosureReason(enum.StrEnum):
    """Why the office is closed; shown translated, the optional note stays in German."""

    TEAM_DAY = "team_day"
    TRAINING = "training"
    PUBLIC_HOLIDAY = "public_holiday"
    OTHER = "other"


class Closure(db.Model):
    """The whole office is closed on a day, or part of it (local times): a reason from a fixed
    list (translated on every page) and an optional public note in the office's language."""

    __tablename__ = "closure"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(index=True)
    start_time: Mapped[time | None]
    end_time: Mapped[time | None]
    reason: Mapped[str] = mapped_column(String(20), default=ClosureReason.OTHER)
    public_note: Mapped[str] = mapped_column(String(500), default="")
    # The same note written for readers of other languages: {"ar": "…", "uk": "…"}.
    public_notes: Mapped[dict] = mapped_column(JSON, default=dict)

    def note_for(self, lang: str, office_language: str) -> str:
        """The note in the reader's language; the office's own note only for its own
        language (an Arabic page never shows a German sentence); "" when there is none."""
        if lang == office_language:
            return self.public_note
        return (self.public_notes or {}).get(lang, "")


class OfficeSettings(db.Model):
    """The office's booking rules; a single row."""

    __tablename__ = "office_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    slot_minutes: Mapped[int] = mapped_column(default=45)
    buffer_minutes: Mapped[int] = mapped_column(default=15)
    min_notice_hours: Mapped[int] = mapped_column(default=24)
    horizon_days: Mapped[int] = mapped_column(default=56)
    confirm_automatically: Mapped[bool] = mapped_column(default=False)
    feed_shows_topic: Mapped[bool] = mapped_column(default=False)
    # e.g. https://meet.example.org/intake-{token}; empty: no video links are sent.
    video_room_template: Mapped[str] = mapped_column(String(200), default="")
    # Personal data is anonymised this long after a case closes / a request ends unanswered.
    retention_closed_days: Mapped[int] = mapped_column(default=183)
    retention_unanswered_days: Mapped[int] = mapped_column(default=30)
    audit_retention_days: Mapped[int] = mapped_column(default=730)
    small_cell_threshold: Mapped[int] = mapped_column(default=5)
    require_second_factor: Mapped[bool] = mapped_column(default=lambda: second_factor_default())
    offer_valid_hours: Mapped[int] = mapped_column(default=24)
    # Whether staff signing in with the city's directory need intake's second factor too
    # (the city may enforce one of its own); local accounts always need one then.
    directory_second_factor: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The lead's office-wide calendar feed; None: no feed (revoked or never made).
    office_feed_token_hash: Mapped[str | None] = mapped_column(String(64))
    # The commissioner's title as the office writes it in each language (German: its name).
    commissioner_titles: Mapped[dict] = mapped_column(JSON, default=dict)

    @classmethod
    def current(cls) -> "OfficeSettings":
        """The settings row, or unsaved defaults when the office has not set any yet.

        Kept for the rest of the request: a booking asks three times, and the session holds
        an unchanged row only weakly, so each ask was another query."""
        if not has_request_context():
            return db.session.get(cls, 1) or cls._defaults()
        if "office_settings" not in g:
            g.office_settings = db.session.get(cls, 1) or cls._defaults()
        return g.office_settings

    @classmethod
    def _defaults(cls) -> "OfficeSettings":
        return cls(
            id=1,
            slot_minutes=45,
            buffer_minutes=15,
            min_notice_hours=24,
            horizon_days=56,
            confirm_automatically=False,
            feed_shows_topic=False,
            video_room_template="",
            retention_closed_days=183,
            retention_unanswered_days=30,
            audit_retention_days=730,
            small_cell_threshold=5,
            require_second_factor=second_factor_default(),
            offer_valid_hours=24,
            directory_second_factor=False,
            office_feed_token_hash=None,
            commissioner_titles={},
        )


def second_factor_default() -> bool:
    """On in production until the office decides otherwise (config SECOND_FACTOR_DEFAULT)."""
    return bool(current_app.config.get("SECOND_FACTOR_DEFAULT", False))
