"""Feeds: a counsellor's appointments and the office's closure days, as iCalendar."""

import hashlib
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import bindparam, func, select, text
from sqlalchemy.orm import selectinload

from intake.calendar_files.ical import (
    closure_event,
    feed_event,
    new_calendar,
    serialise,
)
from intake.core.clock import office_tz
from intake.core.security import hash_token
from intake.core.vocabulary import CLOSURE_REASONS, MODES, SIGN_LANGUAGE, TOPICS, language_name
from intake.extensions import db
from intake.models import (
    ACTIVE_APPOINTMENT_STATUSES,
    Absence,
    Appointment,
    Case,
    Closure,
    OfficeSettings,
    User,
)
from intake.models.types import UTCDateTime

FEED_PAST = timedelta(weeks=4)
# Staff book follow-ups beyond the public horizon; the feed shows what the calendar shows.
FEED_AHEAD = timedelta(days=366)
# Changes whenever what a feed writes changes shape, so clients fetch it once more.
FEED_FORMAT = "2"


def counsellor_by_feed_token(token: str) -> User | None:
    if not token or len(token) > 128:
        return None
    return db.session.scalar(
        select(User).where(User.feed_token_hash == hash_token(token), User.is_active_account)
    )


def _window(now: datetime) -> tuple[datetime, datetime]:
    return now - FEED_PAST, now + FEED_AHEAD


def _appointment_filter(counsellor_ids: list[int] | None, now: datetime) -> list:
    """The grid's rule: active appointments, here from four weeks back to a year ahead."""
    low, high = _window(now)
    # Plain comparisons, not IN: an expanding IN costs more than the poll it serves.
    requested, confirmed = ACTIVE_APPOINTMENT_STATUSES
    where = [
        (Appointment.status == requested) | (Appointment.status == confirmed),
        Appointment.starts_at >= low,
        Appointment.starts_at <= high,
    ]
    if counsellor_ids is not None:
        where.append(_one_of(Appointment.counsellor_id, counsellor_ids))
    return where


def _absence_filter(counsellor_ids: list[int] | None, now: datetime) -> list:
    low, high = _window(now)
    where = [Absence.ends_at >= low, Absence.starts_at <= high]
    if counsellor_ids is not None:
        where.append(_one_of(Absence.user_id, counsellor_ids))
    return where


def _one_of(column, values: list[int]):
    return column == values[0] if len(values) == 1 else column.in_(values)


def _feed_appointments(counsellor_ids: list[int] | None, now: datetime):
    return select(Appointment).where(*_appointment_filter(counsellor_ids, now))


def _feed_absences(counsellor_ids: list[int] | None, now: datetime):
    return select(Absence).where(*_absence_filter(counsellor_ids, now))


# One statement per kind of feed, written once: a poll answered with 304 should cost one
# indexed query. The status test matches the active-slot index's own condition word for word.
_ACTIVE = "status IN ('requested', 'confirmed')"
_APPOINTMENTS = f"FROM appointment WHERE {_ACTIVE} AND starts_at >= :low AND starts_at <= :high"
_ABSENCES = "FROM absence WHERE ends_at >= :low AND starts_at <= :high"
_TAG_SQL = """SELECT
  (SELECT count(id) {a}), (SELECT sum(id) {a}), (SELECT sum(ical_sequence) {a}),
  (SELECT max(updated_at) {a}),
  (SELECT count(id) {b}), (SELECT sum(id) {b}), (SELECT max(ends_at) {b}),
  (SELECT feed_shows_topic FROM office_settings WHERE id = 1)"""
_TAG_PARAMS = (bindparam("low", type_=UTCDateTime()), bindparam("high", type_=UTCDateTime()))
_TAG_STATEMENTS = {
    "one": text(
        _TAG_SQL.format(
            a=f"{_APPOINTMENTS} AND counsellor_id = :person", b=f"{_ABSENCES} AND user_id = :person"
        )
    ).bindparams(*_TAG_PARAMS),
    "all": text(_TAG_SQL.format(a=_APPOINTMENTS, b=_ABSENCES)).bindparams(*_TAG_PARAMS),
}


def feed_tag(counsellor_id: int | None, *, now: datetime, extra: str = "") -> str:
    """A fingerprint of what the feed would hold (one counsellor's, or everyone's for None):
    any added, cancelled, moved or changed appointment or absence changes it, and so does
    the topic setting. Answering a repeated poll with 304 then costs one query."""
    low, high = _window(now)
    values = {"low": low, "high": high}
    if counsellor_id is not None:
        values["person"] = counsellor_id
    statement = _TAG_STATEMENTS["all" if counsellor_id is None else "one"]
    row = db.session.execute(statement, values).one()
    return hashlib.sha256(repr((FEED_FORMAT, tuple(row), extra)).encode()).hexdigest()[:32]


def counsellor_feed(user: User, *, now: datetime) -> bytes:
    """The counsellor's appointments (time, reference and mode only; the topic only when the
    office allows it; never a description or contact data) and absences as busy time."""
    with force_locale(current_app.config["DEFAULT_LANGUAGE"]):
        name = _("Appointments: %(name)s", name=user.name)
        return _feed([user.id], name, now=now, with_names=False)


def office_feed(*, now: datetime) -> bytes:
    """Every counsellor's appointments and absences, each event naming the counsellor."""
    with force_locale(current_app.config["DEFAULT_LANGUAGE"]):
        name = _("Appointments: %(name)s", name=current_app.config["OFFICE_NAME"])
        return _feed(None, name, now=now, with_names=True)


def _feed(ids: list[int] | None, name: str, *, now: datetime, with_names: bool) -> bytes:
    settings = OfficeSettings.current()
    tz = office_tz()
    query = _feed_appointments(ids, now).options(
        selectinload(Appointment.case).selectinload(Case.topics)
    )
    if with_names:
        query = query.options(selectinload(Appointment.counsellor))
    appointments = db.session.scalars(query.order_by(Appointment.starts_at))
    calendar = new_calendar(tz.key, name=name)
    modes = {mode: str(label) for mode, label in MODES.items()}
    topics = (
        {topic: str(label) for topic, label in TOPICS.items()}
        if settings.feed_shows_topic
        else None
    )
    events = [
        feed_event(
            uid=appointment.ical_uid,
            sequence=appointment.ical_sequence,
            start=appointment.starts_at,
            end=appointment.ends_at,
            tz=tz,
            summary=_feed_summary(appointment, modes, topics, with_names),
            tentative=appointment.status != "confirmed",
            stamp=appointment.updated_at,
        )
        for appointment in appointments
    ]
    events += _absence_events(ids, now=now, tz=tz, with_names=with_names)
    return serialise(calendar, events)


def _absence_events(ids, *, now, tz, with_names: bool) -> list:
    """Absences as plain busy time: no note, nothing about why."""
    query = _feed_absences(ids, now)
    if with_names:
        query = query.options(selectinload(Absence.user))
    away = _("Not available")
    return [
        feed_event(
            uid=f"absence-{absence.id}@intake",
            sequence=0,
            start=absence.starts_at,
            end=absence.ends_at,
            tz=tz,
            summary=f"{away} · {absence.user.name}" if with_names else away,
            tentative=False,
            stamp=absence.starts_at,
        )
        for absence in db.session.scalars(query.order_by(Absence.starts_at))
    ]


def _feed_summary(
    appointment: Appointment, modes: dict, topics: dict | None, with_names: bool = False
) -> str:
    """Reference and mode (and the counsellor, in the office feed); the topics only when the
    office allows them in feeds."""
    case = appointment.case
    summary = f"{case.reference} · {modes[appointment.mode]}"
    if with_names:
        summary += f" · {appointment.counsellor.name}"
    if topics and case.topics:
        summary += " · " + ", ".join(topics.get(t.topic, t.topic) for t in case.topics)
    if appointment.interpreter_language:
        summary += " · " + _("interpreter: %(language)s", language=_short(appointment))
    return summary


def _short(appointment: Appointment) -> str:
    code = appointment.interpreter_language
    return "DGS" if code == SIGN_LANGUAGE else language_name(code)


def office_feed_settings_token() -> str | None:
    return OfficeSettings.current().office_feed_token_hash


def office_feed_token_valid(token: str) -> bool:
    stored = office_feed_settings_token()
    return bool(token) and len(token) <= 128 and stored is not None and stored == hash_token(token)


def closures_tag(*, now: datetime) -> str:
    today = now.astimezone(office_tz()).date()
    row = db.session.execute(
        select(func.count(Closure.id), func.sum(Closure.id), func.max(Closure.id)).where(
            Closure.day >= today
        )
    ).one()
    return hashlib.sha256(repr((FEED_FORMAT, today, tuple(row))).encode()).hexdigest()[:32]


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
        closed = _("Office closed")
        reasons = {code: str(label) for code, label in CLOSURE_REASONS.items()}
        events = [
            closure_event(
                closure.day,
                closure.start_time,
                closure.end_time,
                tz=tz,
                summary=_closure_summary(closed, reasons, closure),
                uid=f"closure-{closure.id}@intake",
                stamp=now,
            )
            for closure in closures
        ]
    return serialise(calendar, events)


def _closure_summary(closed: str, reasons: dict[str, str], closure: Closure) -> str:
    summary = f"{closed}: {reasons.get(closure.reason, reasons['other'])}"
    return f"{summary} ({closure.public_note})" if closure.public_note else summary
