"""What a counsellor records about a consultation held: its topics, what was done, how long."""

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intake.extensions import db
from intake.models.cases import ReferralService
from intake.models.types import UTCDateTime, utcnow


class Outcome(enum.StrEnum):
    """What was done (several may apply; "nothing further" stands alone)."""

    INFORMATION = "information"
    APPLICATION = "application"
    REFERRAL = "referral"
    FOLLOW_UP = "follow_up"
    NOTHING_FURTHER = "nothing_further"


class Consultation(db.Model):
    """One appointment held, as recorded with "took place"; statistics only, no content."""

    __tablename__ = "consultation"

    appointment_id: Mapped[int] = mapped_column(
        ForeignKey("appointment.id", ondelete="CASCADE"), primary_key=True
    )
    minutes: Mapped[int]
    referral_id: Mapped[int | None] = mapped_column(
        ForeignKey("referral_service.id", ondelete="SET NULL")
    )
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    referral: Mapped[ReferralService | None] = relationship()
    topics: Mapped[list["ConsultationTopic"]] = relationship(
        cascade="all, delete-orphan", order_by="ConsultationTopic.topic"
    )
    outcomes: Mapped[list["ConsultationOutcome"]] = relationship(
        cascade="all, delete-orphan", order_by="ConsultationOutcome.outcome"
    )

    @property
    def topic_codes(self) -> list[str]:
        return [entry.topic for entry in self.topics]

    @property
    def outcome_codes(self) -> list[str]:
        return [entry.outcome for entry in self.outcomes]


class ConsultationTopic(db.Model):
    __tablename__ = "consultation_topic"

    appointment_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.appointment_id", ondelete="CASCADE"), primary_key=True
    )
    topic: Mapped[str] = mapped_column(String(32), primary_key=True)


class ConsultationOutcome(db.Model):
    __tablename__ = "consultation_outcome"

    appointment_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.appointment_id", ondelete="CASCADE"), primary_key=True
    )
    outcome: Mapped[str] = mapped_column(String(20), primary_key=True)
