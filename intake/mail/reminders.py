"""Reminders the day before an appointment, at most one per appointment."""

from datetime import datetime, time, timedelta

from sqlalchemy import select, update

from intake.core.clock import office_tz
from intake.extensions import db
from intake.mail.requester_messages import queue_for_requester
from intake.models import ACTIVE_APPOINTMENT_STATUSES, Appointment


def queue_reminders(now: datetime) -> int:
    """Queue a reminder for every active appointment tomorrow (office time) that has none yet.
    Marking and queueing belong in one transaction (the caller commits), so running twice
    reminds once."""
    tz = office_tz()
    tomorrow = now.astimezone(tz).date() + timedelta(days=1)
    start = datetime.combine(tomorrow, time(), tzinfo=tz)
    end = datetime.combine(tomorrow + timedelta(days=1), time(), tzinfo=tz)
    appointments = db.session.scalars(
        select(Appointment).where(
            Appointment.status.in_(ACTIVE_APPOINTMENT_STATUSES),
            Appointment.reminder_sent_at.is_(None),
            Appointment.starts_at >= start,
            Appointment.starts_at < end,
        )
    ).all()
    queued = 0
    for appointment in appointments:
        marked = db.session.execute(
            update(Appointment)
            .where(Appointment.id == appointment.id, Appointment.reminder_sent_at.is_(None))
            .values(reminder_sent_at=now)
        ).rowcount
        if marked == 1 and queue_for_requester("reminder", appointment.case, appointment, now=now):
            queued += 1
    return queued
