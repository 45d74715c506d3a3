"""Feeds: a counsellor's appointments and the office's closure days, as iCalendar."""

from datetime import datetime, timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from intake.calendar_files.ical import (
    closure_event,
    feed_event,
    new_calendar,
    serialise,
)
from intake.core.clock import office_tz
from intake.core.security import hash_token
from intake.core.vocabulary import MODES, SIGN_LANGUAGE, TOPICS, language_name
from intake.extensions import db
from intake.models import (
    ACTIVE_APPOINTMENT_STATUSES,
    Appointment,
    Case,
    Closure,
    OfficeSettings,
    User,
)

FEED_PAST = timedelta(weeks=4)


def counsellor_by_feed_token(token: str) -> User | None:
    if not token or len(token) > 128:
        return None
    return db.session.scalar(
        select(User).where(User.feed_token_hash == hash_token(token), User.is_active_account)
    )


def counsellor_feed(user: User, *, now: datetime) -> bytes:
    """From four weeks back to the booking horizon: time, reference and mode only (the topic
    only when the office allows it); never a description or contact data."""
    settings = OfficeSettings.current()
    show_topic = settings.feed_shows_topic
    tz = office_tz()
    appointments = db.session.scalars(
        select(Appointment)
        .where(
            Appointment.counsellor_id == user.id,
            Appointment.status.in_(ACTIVE_APPOINTMENT_STATUSES),
            Appointment.starts_at >= now - FEED_PAST,
            Appointment.starts_at <= now + timedelta(days=settings.horizon_days),
        )
        .options(selectinload(Appointment.case).selectinload(Case.topics))
        .order_by(Appointment.starts_at)
    )
    with force_locale(current_app.config["DEFAULT_LANGUAGE"]):
        calendar = new_calendar(tz.key, name=_("Appointments: %(name)s", name=user.name))
        modes = {mode: str(label) for mode, label in MODES.items()}
        topics = {topic: str(label) for topic, label in TOPICS.items()} if show_topic else None
        events = [
            feed_event(
                uid=appointment.ical_uid,
                sequence=appointment.ical_sequence,
                start=appointment.starts_at,
                end=appointment.ends_at,
                tz=tz,
                summary=_feed_summary(appointment, modes, topics),
                tentative=appointment.status != "confirmed",
                stamp=appointment.updated_at,
            )
            for appointment in appointments
        ]
    return serialise(calendar, events)


def _feed_summary(appointment: Appointment, modes: dict, topics: dict | None) -> str:
    """Reference and mode; the topics only when the office allows them in feeds."""
    case = appointment.case
    summary = f"{case.reference} · {modes[appointment.mode]}"
    if topics and case.topics:
        summary += " · " + ", ".join(topics.get(t.topic, t.topic) for t in case.topics)
    if appointment.interpreter_language:
        summary += " · " + _("interpreter: %(language)s", language=_short(appointment))
    return summary


def _short(appointment: Appointment) -> str:
    code = appointment.interpreter_language
    return "DGS" if code == SIGN_LANGUAGE else language_name(code)


def closures_feed(*, now: datetime) -> bytes:
    """Every closure day from today on, in the office's language, for anyone to subscribe."""
    tz = office_tz()
    closures = db.session.scalars(
        select(Closure).where(Closure.day >= now.astimezone(tz).date()).order_by(Closure.day)
    )
    with force_locale(current_app.config["DEFAULT_LANGUAGE"]):
        calendar = new_calendar(
            tz.key, name=_("Closure days: %(office)s", office=current_app.config["OFFICE_NAME"])
        )
        # i18n: title of a calendar entry: the office is closed on that day
        summary = _("Office closed")
        events = [
            closure_event(
                closure.day,
                closure.start_time,
                closure.end_time,
                tz=tz,
                summary=f"{summary}: {closure.public_note}" if closure.public_note else summary,
                uid=f"closure-{closure.id}@intake",
                stamp=now,
            )
            for closure in closures
        ]
    return serialise(calendar, events)
