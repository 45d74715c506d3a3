"""Confirmed appointments written to the counsellor's own calendar by the background worker.

The rows of WrittenEvent say what the calendar holds; each run compares them with the
confirmed appointments and writes the difference: a new one is PUT with If-None-Match: *, a
changed one (moved, other mode) with If-Match and the next SEQUENCE, one no longer confirmed
is DELETEd. A 412 (someone edited the event meanwhile) re-reads it and tries once more. The
event has the requester's UID, the reference, mode, place and a link to the case page; never
the person's name or contact data. Absences typed in intake are never written.
As with reading, no transaction is open while the server is asked."""

import hashlib
import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from icalendar import Calendar
from sqlalchemy import select

from intake.calendar_files import ical
from intake.calendar_sync import passwords, remote
from intake.core import vocabulary
from intake.core.clock import office_tz
from intake.core.database import begin_write
from intake.core.links import absolute_url
from intake.extensions import db
from intake.models import Appointment, AppointmentStatus, CalendarConnection, WrittenEvent

log = logging.getLogger(__name__)

# Past appointments stay in the calendar as they were; only these are kept up to date.
KEEP_PAST = timedelta(days=1)
_SEQUENCE = re.compile(rb"^SEQUENCE:\d+", re.MULTILINE)


@dataclass
class Write:
    """One change to make on the server, planned from the database."""

    uid: str
    href: str
    etag: str | None
    sequence: int = 0
    body: bytes | None = None  # None: delete
    fingerprint: str = ""
    done: bool = False


def write_appointments(connection_id: int, *, now: datetime) -> int:
    """Bring the write calendar in line with the confirmed appointments; returns writes."""
    planned = _plan(connection_id, now)
    db.session.rollback()
    if planned is None or not planned[1]:
        return 0
    account, changes = planned
    for change in changes:
        _perform(account, change, user_id=connection_id)
    begin_write()
    for change in changes:
        if change.done:
            _record(connection_id, change, now=now)
    db.session.commit()
    return sum(change.done for change in changes)


def _plan(connection_id: int, now: datetime) -> tuple[remote.Account, list[Write]] | None:
    connection = db.session.get(CalendarConnection, connection_id)
    if connection is None or not connection.write_url:
        return None
    try:
        account = remote.Account(
            connection.url, connection.username, passwords.decrypt(connection.password_encrypted)
        )
    except passwords.KeyMissing:
        return None
    wanted = {a.ical_uid: a for a in _confirmed(connection.user_id, now)}
    written = {
        event.uid: event
        for event in db.session.scalars(
            select(WrittenEvent).where(WrittenEvent.connection_id == connection.id)
        )
    }
    changes = [
        _put_of(connection, appointment, written.get(uid), now)
        for uid, appointment in wanted.items()
        if uid not in written or written[uid].fingerprint != fingerprint(appointment)
    ]
    changes += [
        Write(uid, event.href, event.etag)
        for uid, event in written.items()
        if uid not in wanted and _ended(uid, connection.user_id, now)
    ]
    return account, changes


def _put_of(connection, appointment: Appointment, event: WrittenEvent | None, now) -> Write:
    href = event.href if event else remote.event_href(connection.write_url, appointment.ical_uid)
    sequence = max(appointment.ical_sequence, event.sequence + 1 if event else 0)
    return Write(
        uid=appointment.ical_uid,
        href=href,
        etag=event.etag if event else None,
        sequence=sequence,
        body=event_body(appointment, sequence, now),
        fingerprint=fingerprint(appointment),
    )


def _confirmed(user_id: int, now: datetime) -> list[Appointment]:
    return db.session.scalars(
        select(Appointment).where(
            Appointment.counsellor_id == user_id,
            Appointment.status == AppointmentStatus.CONFIRMED,
            Appointment.ends_at > now - KEEP_PAST,
        )
    ).all()


def _ended(uid: str, user_id: int, now: datetime) -> bool:
    """The event must go: its appointment was cancelled, moved to a colleague or back to
    unconfirmed. What took place (completed, no-show) or lies in the past stays."""
    appointment = db.session.scalar(select(Appointment).where(Appointment.ical_uid == uid))
    if appointment is None or appointment.counsellor_id != user_id:
        return True
    if appointment.status in (AppointmentStatus.COMPLETED, AppointmentStatus.NO_SHOW):
        return False
    return appointment.ends_at > now - KEEP_PAST


def _perform(account: remote.Account, change: Write, *, user_id: int) -> None:
    """One write; a failure is logged (a code only) and retried at the next run."""
    try:
        if change.body is None:
            _delete(account, change)
        else:
            _put(account, change)
    except remote.CalendarError as failure:
        log.warning("calendar write for connection %s: %s", user_id, failure.code)
        return
    change.done = True


def _put(account: remote.Account, change: Write) -> None:
    try:
        change.etag = remote.put_event(account, change.href, change.body, etag=change.etag)
    except remote.Conflict:
        etag, text = remote.read_event(account, change.href)
        change.sequence = max(change.sequence, _sequence_of(text) + 1)
        change.body = _SEQUENCE.sub(b"SEQUENCE:%d" % change.sequence, change.body)
        change.etag = remote.put_event(account, change.href, change.body, etag=etag)


def _delete(account: remote.Account, change: Write) -> None:
    try:
        remote.delete_event(account, change.href, etag=change.etag)
    except remote.Conflict:
        etag, _text = remote.read_event(account, change.href)
        if etag is not None:
            remote.delete_event(account, change.href, etag=etag)


def _record(connection_id: int, change: Write, *, now: datetime) -> None:
    event = db.session.scalar(
        select(WrittenEvent).where(
            WrittenEvent.connection_id == connection_id, WrittenEvent.uid == change.uid
        )
    )
    if change.body is None:
        if event is not None:
            db.session.delete(event)
        return
    if event is None:
        event = WrittenEvent(connection_id=connection_id, uid=change.uid, href=change.href)
    event.etag, event.sequence, event.written_at = change.etag, change.sequence, now
    event.fingerprint = change.fingerprint
    db.session.add(event)


def _sequence_of(text: str | None) -> int:
    if not text:
        return 0
    events = Calendar.from_ical(text).walk("VEVENT")
    return max((int(event.get("SEQUENCE", 0)) for event in events), default=0)


def fingerprint(appointment: Appointment) -> str:
    """What the written event says; a change of any of it is a change of the event."""
    parts = [
        appointment.starts_at.isoformat(),
        appointment.ends_at.isoformat(),
        appointment.mode,
        appointment.case.reference,
        appointment.video_room_url() or "",
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def event_body(appointment: Appointment, sequence: int, now: datetime) -> bytes:
    """The event as stored in the counsellor's calendar, in the office's language."""
    with force_locale(current_app.config["DEFAULT_LANGUAGE"]):
        text = ical.EventText(
            summary=_("Consultation %(reference)s", reference=appointment.case.reference),
            description=_description(appointment),
            location=_place(appointment),
        )
        calendar = ical.new_calendar(current_app.config["TIMEZONE"])
    event = ical.appointment_event(
        uid=appointment.ical_uid,
        sequence=sequence,
        start=appointment.starts_at,
        end=appointment.ends_at,
        tz=office_tz(),
        text=text,
        stamp=now,
    )
    return ical.serialise(calendar, [event])


def _description(appointment: Appointment) -> str:
    case_url = absolute_url("staff.cases.show", case_id=appointment.case_id)
    lines = [
        _("Reference number: %(reference)s", reference=appointment.case.reference),
        str(vocabulary.MODES[appointment.mode]),
        _("Case page: %(url)s", url=case_url),
    ]
    return "\n".join(lines)


def _place(appointment: Appointment) -> str:
    config = current_app.config
    if appointment.mode == "in_person":
        office = (config["OFFICE_NAME"], config["OFFICE_STREET"], config["OFFICE_POSTCODE_CITY"])
        return ", ".join(office)
    room = appointment.video_room_url()
    mode = str(vocabulary.MODES[appointment.mode])
    return f"{mode}: {room}" if room else mode
