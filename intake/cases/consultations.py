"""Recording a consultation as held: what it was about, what was done, how long it took."""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l

from intake.cases import actions
from intake.cases.errors import NotAllowedNow
from intake.core.domain import DomainError
from intake.core.vocabulary import TOPICS
from intake.extensions import db
from intake.models import (
    Appointment,
    AppointmentStatus,
    Consultation,
    ConsultationOutcome,
    ConsultationTopic,
    Outcome,
    ReferralService,
    User,
)
from intake.models.audit import record

SHORTEST, LONGEST = 5, 480


class NothingFurtherAlone(DomainError):
    field = "outcomes"
    status = 422
    message = _l("“Nothing further” cannot be combined with another answer.")


class ReferralNeeded(DomainError):
    field = "referral"
    status = 422
    message = _l("Please choose the service the person was referred to.")


class AlreadyRecorded(DomainError):
    status = 409
    message = _l("What was done in this consultation has already been recorded.")


@dataclass(frozen=True)
class WhatWasDone:
    topics: tuple[str, ...]
    outcomes: tuple[str, ...]
    minutes: int
    referral_id: int | None = None


def may_record(appointment: Appointment, *, now: datetime) -> bool:
    """The one rule for the page's link and the use case: after its start, active or held
    without a record yet."""
    if appointment.starts_at > now or appointment.consultation is not None:
        return False
    return appointment.is_active or appointment.status == AppointmentStatus.COMPLETED


def record_consultation(
    appointment: Appointment, done: WhatWasDone, *, by: User, now: datetime
) -> Consultation:
    """ "Took place", with its topics (the topic list), what was done (a referral names an
    active service from the referral list; "nothing further" stands alone) and its length.
    An appointment already marked held (recorded on the spot) gets its record once."""
    if appointment.consultation is not None:
        raise AlreadyRecorded()
    referral = _checked(done)
    if appointment.status != AppointmentStatus.COMPLETED:
        actions.record_outcome(appointment, AppointmentStatus.COMPLETED, by=by, now=now)
    elif appointment.starts_at > now:
        raise NotAllowedNow()
    consultation = Consultation(
        appointment_id=appointment.id,
        minutes=done.minutes,
        referral_id=referral.id if referral else None,
        recorded_at=now,
        topics=[ConsultationTopic(topic=topic) for topic in dict.fromkeys(done.topics)],
        outcomes=[ConsultationOutcome(outcome=code) for code in dict.fromkeys(done.outcomes)],
    )
    appointment.consultation = consultation
    record("consultation_outcome", actor_id=by.id, obj=appointment)
    return consultation


def _checked(done: WhatWasDone) -> ReferralService | None:
    if not done.topics or any(topic not in TOPICS for topic in done.topics):
        raise NotAllowedNow(field="topics")
    if not done.outcomes or any(code not in set(Outcome) for code in done.outcomes):
        raise NotAllowedNow(field="outcomes")
    if Outcome.NOTHING_FURTHER in done.outcomes and len(set(done.outcomes)) > 1:
        raise NothingFurtherAlone()
    if not SHORTEST <= done.minutes <= LONGEST:
        raise NotAllowedNow(field="minutes")
    if Outcome.REFERRAL not in done.outcomes:
        return None
    referral = db.session.get(ReferralService, done.referral_id) if done.referral_id else None
    if referral is None or not referral.active:
        raise ReferralNeeded()
    return referral
