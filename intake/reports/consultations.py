"""Consultations held in a period, read for the report: what was done, where people were
referred, how long they waited in the office after arriving, and how many were seen a day.

Each figure is one plain statement over the period's appointments (by start, in the report
index); the few values per appointment are grouped by bucket or office day here."""

from collections import Counter, defaultdict
from datetime import date

from sqlalchemy import func, select

from intake.extensions import db
from intake.models import (
    Appointment,
    AppointmentStatus,
    Consultation,
    ConsultationOutcome,
    ReferralService,
)
from intake.reports.spans import Span

HELD = Appointment.status == AppointmentStatus.COMPLETED
NOT_RECORDED = "not_recorded"


def _held_in(span: Span):
    return select(Appointment.id).where(HELD, span.holds(Appointment.starts_at))


def by_outcome(span: Span) -> dict[str, int]:
    """Outcome code → consultations held with it (one may have several), and how many
    were held with nothing recorded (NOT_RECORDED)."""
    held = _held_in(span).subquery()
    rows = db.session.execute(
        select(ConsultationOutcome.outcome, func.count())
        .where(ConsultationOutcome.appointment_id.in_(select(held.c.id)))
        .group_by(ConsultationOutcome.outcome)
    )
    counts = dict(rows.all())
    recorded = select(Consultation.appointment_id).where(Consultation.appointment_id == held.c.id)
    missing = db.session.scalar(select(func.count()).select_from(held).where(~recorded.exists()))
    return {**counts, NOT_RECORDED: missing or 0}


def by_referral(span: Span) -> dict[str, int]:
    """Referral service name → consultations held that referred the person there."""
    rows = db.session.execute(
        select(ReferralService.name, func.count())
        .join(Consultation, Consultation.referral_id == ReferralService.id)
        .join(Appointment, Appointment.id == Consultation.appointment_id)
        .where(HELD, span.holds(Appointment.starts_at))
        .group_by(ReferralService.name)
    )
    return dict(rows.all())


def office_waits(span: Span) -> dict[int, list[float]]:
    """Bucket index → minutes each checked-in person waited from arrival to the start of
    their appointment (0 when they came late), for appointments held or still active."""
    rows = db.session.execute(
        select(Appointment.starts_at, Appointment.arrived_at).where(
            Appointment.arrived_at.is_not(None),
            Appointment.status != AppointmentStatus.CANCELLED,
            span.holds(Appointment.starts_at),
        )
    )
    waits: dict[int, list[float]] = defaultdict(list)
    for starts_at, arrived_at in rows:
        index = _bucket_of(span, starts_at)
        waits[index].append(max((starts_at - arrived_at).total_seconds() / 60, 0.0))
    return waits


def seen_per_day(span: Span, tz) -> dict[date, tuple[int, int]]:
    """Office day → (people seen in a consultation held, of them checked in at reception):
    each person (case) counted once a day."""
    rows = db.session.execute(
        select(Appointment.case_id, Appointment.starts_at, Appointment.arrived_at).where(
            HELD, span.holds(Appointment.starts_at)
        )
    )
    people: dict[date, set[int]] = defaultdict(set)
    checked_in: Counter = Counter()
    for case_id, starts_at, arrived_at in rows:
        day = starts_at.astimezone(tz).date()
        if case_id in people[day]:
            continue
        people[day].add(case_id)
        checked_in[day] += arrived_at is not None
    return {day: (len(ids), checked_in[day]) for day, ids in people.items()}


def _bucket_of(span: Span, instant) -> int:
    return next(i for i, bucket in enumerate(span.buckets) if bucket.start <= instant < bucket.end)
