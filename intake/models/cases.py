"""Requests for a first consultation (cases) and their appointments.

Over 300 lines because it is one aggregate: the case with its topics, notes, appointments and
offers, tied together by relationships, each table with the indexes its queries need written
beside it.
"""

import enum
from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intake.core.vocabulary import Mode
from intake.extensions import db
from intake.models.staff import User
from intake.models.types import UTCDateTime, utcnow


class CaseStatus(enum.StrEnum):
    NEW = "new"
    SCHEDULED = "scheduled"
    IN_PROGRESS = "in_progress"
    WAITING = "waiting"
    REFERRED = "referred"
    DECLINED = "declined"
    CANCELLED = "cancelled"
    CLOSED = "closed"


class Channel(enum.StrEnum):
    """How a request reached the office."""

    WEB = "web"
    PHONE = "phone"
    WALK_IN = "walk_in"
    EMAIL = "email"


class AppointmentStatus(enum.StrEnum):
    REQUESTED = "requested"
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"
    COMPLETED = "completed"
    NO_SHOW = "no_show"


ACTIVE_APPOINTMENT_STATUSES = (AppointmentStatus.REQUESTED, AppointmentStatus.CONFIRMED)


class CancelledBy(enum.StrEnum):
    """Why a cancelled appointment row ended: a cancellation by either side, or the old time
    of a move (the report counts moves apart from cancellations)."""

    REQUESTER = "requester"
    OFFICE = "office"
    REQUESTER_MOVE = "requester_move"
    OFFICE_MOVE = "office_move"


MOVES = (CancelledBy.REQUESTER_MOVE, CancelledBy.OFFICE_MOVE)


class OfferStatus(enum.StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    TAKEN = "taken"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"


class OfferKind(enum.StrEnum):
    PROPOSAL = "proposal"  # a counsellor proposes another time
    WAITLIST = "waitlist"  # a freed slot offered to someone waiting


class Case(db.Model):
    """One person's request and what the office does with it; personal data is nullable
    because it is erased after the retention period while the statistics stay."""

    __tablename__ = "case"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    manage_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    form_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(20), default=CaseStatus.NEW)
    locale: Mapped[str] = mapped_column(String(12))
    talk_language: Mapped[str] = mapped_column(String(12))
    interpreter_language: Mapped[str | None] = mapped_column(String(12))
    mode: Mapped[str] = mapped_column(String(20), default=Mode.IN_PERSON)
    callback_requested: Mapped[bool] = mapped_column(default=False)
    channel: Mapped[str] = mapped_column(String(10), default=Channel.WEB)
    # Optimistic locking: a staff action made on an outdated page changes nothing.
    version: Mapped[int] = mapped_column(default=1)
    referral_id: Mapped[int | None] = mapped_column(
        ForeignKey("referral_service.id", ondelete="SET NULL")
    )
    decline_reason: Mapped[str | None] = mapped_column(String(40))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Personal data (erased on anonymisation).
    name: Mapped[str | None] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(32))
    contact_channel: Mapped[str | None] = mapped_column(String(10))
    accessibility_needs: Mapped[str | None] = mapped_column(String(500))
    preferred_times: Mapped[str | None] = mapped_column(String(500))
    # Weekday × morning/afternoon as a bitmask (intake.core.preferred_periods); NULL: any time.
    preferred_periods: Mapped[int | None] = mapped_column(SmallInteger)
    description: Mapped[str | None] = mapped_column(Text)
    consent_at: Mapped[datetime] = mapped_column(UTCDateTime())
    counsellor_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_user.id", ondelete="SET NULL"), index=True
    )
    # Keyed hashes of the normalised phone number and e-mail address, to recognise a
    # returning person (intake.cases.returning); erased with the personal data.
    phone_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    email_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    # Closed as a duplicate of that case; or the same person as that (earlier) case. No
    # foreign key: cases are anonymised, never deleted, and SQLite keeps its triggers.
    duplicate_of_id: Mapped[int | None]
    same_person_as_id: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Start of the first appointment held (completed), and the seconds from the request to
    # it: database triggers keep both (migration i12_speed) whatever writes the appointment,
    # for the report's waiting times; the ORM never sets them.
    first_held_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    first_wait: Mapped[float | None] = mapped_column(Float)

    counsellor: Mapped[User | None] = relationship()
    referral: Mapped["ReferralService | None"] = relationship()
    topics: Mapped[list["CaseTopic"]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseTopic.topic"
    )
    appointments: Mapped[list["Appointment"]] = relationship(
        back_populates="case", order_by="Appointment.starts_at"
    )
    notes: Mapped[list["CaseNote"]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseNote.created_at"
    )

    __mapper_args__ = {"version_id_col": version}
    # Reports read a year of requests from this index alone (no table lookups).
    __table_args__ = (
        # The inbox: its tab counts and lists, by status and holder, oldest first.
        Index("ix_case_inbox", "status", "counsellor_id", "created_at"),
        Index(
            "ix_case_report",
            "created_at",
            "channel",
            "status",
            "talk_language",
            "interpreter_language",
            "mode",
            "callback_requested",
            "referral_id",
            "decline_reason",
            "id",
        ),
        # Waits until the first appointment held: by when it was held, and in their order
        # (SQLite walks the second for the whole period's percentiles).
        Index("ix_case_first_held", "first_held_at", "first_wait"),
        Index("ix_case_first_wait", "first_wait", "first_held_at"),
        # The report's one-way tables: grouped in this order, a year is read without sorting.
        Index(
            "ix_case_figures",
            "status",
            "mode",
            "talk_language",
            "interpreter_language",
            "callback_requested",
            "referral_id",
            "decline_reason",
            "created_at",
        ),
        # Requests per channel and week or month: one index lookup per cell.
        Index("ix_case_channel", "channel", "created_at"),
    )

    @property
    def topic_codes(self) -> list[str]:
        return [entry.topic for entry in self.topics]


class CaseTopic(db.Model):
    __tablename__ = "case_topic"

    case_id: Mapped[int] = mapped_column(
        ForeignKey("case.id", ondelete="CASCADE"), primary_key=True
    )
    topic: Mapped[str] = mapped_column(String(32), primary_key=True)
    # When the request arrived (its case's created_at), for the report's topic counts.
    # Database triggers set it (migration i12_speed); the ORM never does.
    created_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    case: Mapped[Case] = relationship(back_populates="topics")

    __table_args__ = (Index("ix_case_topic_created", "topic", "created_at"),)


class CaseNote(db.Model):
    __tablename__ = "case_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The once-only key of the form that sent it: the same form sent again stores nothing.
    form_key: Mapped[str | None] = mapped_column(String(64), unique=True)

    case: Mapped[Case] = relationship(back_populates="notes")
    author: Mapped[User | None] = relationship()


class Appointment(db.Model):
    """A time with a counsellor. The partial unique index is the database's own guarantee
    that one counsellor never holds two active appointments starting at the same time."""

    __tablename__ = "appointment"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    counsellor_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    mode: Mapped[str] = mapped_column(String(20), default=Mode.IN_PERSON)
    status: Mapped[str] = mapped_column(String(20), default=AppointmentStatus.REQUESTED)
    # The language the office must book an interpreter for (vocabulary.SIGN_LANGUAGE for DGS).
    interpreter_language: Mapped[str | None] = mapped_column(String(12))
    ical_uid: Mapped[str] = mapped_column(String(100), unique=True)
    ical_sequence: Mapped[int] = mapped_column(default=0)
    reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Unguessable part of a video room link; nothing about the person.
    room_token: Mapped[str | None] = mapped_column(String(64))
    # CancelledBy: who cancelled it, or who moved it to another time.
    cancelled_by: Mapped[str | None] = mapped_column(String(20))
    # When reception checked the person in (arrival at the office).
    arrived_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    case: Mapped[Case] = relationship(back_populates="appointments")
    counsellor: Mapped[User] = relationship()
    # What was recorded when it took place (intake.models.consultations).
    consultation: Mapped["Consultation | None"] = relationship(  # noqa: F821
        cascade="all, delete-orphan", uselist=False
    )

    __table_args__ = (
        Index(
            "uq_appointment_active_slot",
            "counsellor_id",
            "starts_at",
            unique=True,
            postgresql_where=db.text("status IN ('requested', 'confirmed')"),
            sqlite_where=db.text("status IN ('requested', 'confirmed')"),
        ),
        Index("ix_appointment_starts_at", "starts_at"),
        # A counsellor's appointments by time (the inbox's day and week, calendars).
        Index("ix_appointment_counsellor_starts", "counsellor_id", "starts_at"),
        Index("uq_appointment_room_token", "room_token", unique=True),
        # Reports: outcomes by period and counsellor, and each case's first appointment held.
        Index(
            "ix_appointment_report",
            "starts_at",
            "status",
            "cancelled_by",
            "counsellor_id",
            "ends_at",
            "case_id",
        ),
        Index("ix_appointment_first_held", "case_id", "status", "starts_at"),
        # Appointments per counsellor, kind and week or month: one index lookup per cell
        # (SQLite; PostgreSQL hashes one pass over ix_appointment_report).
        Index("ix_appointment_kinds", "counsellor_id", "status", "starts_at", "cancelled_by"),
    )

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_APPOINTMENT_STATUSES

    def video_room_url(self) -> str | None:
        """The room of a video consultation, from the office's template such as
        `https://meet.example.org/intake-{token}`; None for other modes or without a template."""
        from intake.models.availability import OfficeSettings

        template = OfficeSettings.current().video_room_template
        if self.mode != Mode.VIDEO or not self.room_token or not template:
            return None
        return template.replace("{token}", self.room_token)


class ReferralService(db.Model):
    """A service the office refers people to; names stay in German, as people will meet them."""

    __tablename__ = "referral_service"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    url: Mapped[str] = mapped_column(String(300), default="")
    note: Mapped[str] = mapped_column(String(500), default="")
    active: Mapped[bool] = mapped_column(default=True)


class SlotOffer(db.Model):
    """A time offered to a requester: a counsellor's proposal or a freed slot for someone on
    the waiting list. It holds no slot; accepting books it through the same double-booking
    protection as every other booking, so of two people accepting one slot, one wins."""

    __tablename__ = "slot_offer"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    counsellor_id: Mapped[int] = mapped_column(
        ForeignKey("staff_user.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20), default=OfferKind.PROPOSAL)
    status: Mapped[str] = mapped_column(String(20), default=OfferStatus.OPEN, index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The requester's calendar event this offer continues (a proposal moves the event).
    ical_uid: Mapped[str | None] = mapped_column(String(100))
    ical_sequence: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_user.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    case: Mapped[Case] = relationship()
    counsellor: Mapped[User] = relationship(foreign_keys=[counsellor_id])

    __table_args__ = (
        # A freed slot is offered to one waiting request once, however many runs overlap.
        Index(
            "uq_slot_offer_waitlist",
            "case_id",
            "counsellor_id",
            "starts_at",
            unique=True,
            postgresql_where=db.text("kind = 'waitlist'"),
            sqlite_where=db.text("kind = 'waitlist'"),
        ),
    )


class FreeSlotSeen(db.Model):
    """When the matching first saw a counsellor's slot free. A slot counts as freed for a
    waiting request only when it became free after the request started waiting; a slot
    that is booked again is forgotten, so freeing it once more is news again."""

    __tablename__ = "free_slot_seen"

    counsellor_id: Mapped[int] = mapped_column(
        ForeignKey("staff_user.id", ondelete="CASCADE"), primary_key=True
    )
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), primary_key=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
