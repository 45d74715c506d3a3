"""Requesting: a person (or staff on their behalf) submits a request, with a slot or a call-back.

The function changes the session and leaves the commit to its caller, so the request, its
audit row and its e-mails are written in one transaction.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from intake.booking import appointments
from intake.booking.references import new_reference
from intake.core import contacts, preferred_periods
from intake.core.security import hash_token, manage_token_for
from intake.extensions import db
from intake.mail import requester_messages, staff_notices
from intake.models import Appointment, AppointmentStatus, Case, CaseStatus, CaseTopic, Channel
from intake.models.audit import record


@dataclass(frozen=True)
class IntakeData:
    """What a requester submitted, already validated for shape."""

    locale: str
    topics: list[str]
    talk_language: str
    mode: str
    name: str
    consent_at: datetime
    start: datetime | None = None
    interpreter_language: str | None = None
    email: str | None = None
    phone: str | None = None
    contact_channel: str | None = None
    accessibility_needs: str | None = None
    preferred_times: str | None = None
    preferred_periods: tuple[str, ...] = ()  # codes such as "mon_morning" (core.periods)
    description: str | None = None
    form_key: str | None = None


@dataclass
class Submission:
    case: Case
    manage_token: str
    appointment: Appointment | None = None
    repeated: bool = False


def find_by_token(token: str) -> Case | None:
    """The case behind a manage link; None alike for unknown, cancelled and anonymised ones,
    so that a link gives away nothing once the request is withdrawn."""
    if not token or len(token) > 128:
        return None
    return db.session.scalar(
        select(Case).where(
            Case.manage_token_hash == hash_token(token),
            Case.anonymised_at.is_(None),
            Case.status != CaseStatus.CANCELLED,
        )
    )


def submit_request(
    data: IntakeData, *, now: datetime, channel: str = Channel.WEB, agreed: bool = False
) -> Submission:
    """Store a request; with a start, book it with a free counsellor (one who speaks the
    requester's language first). `agreed`: the office recorded it with the person (on the
    phone, at the door), so the time is confirmed at once. Raises SlotTaken (with
    alternatives) or SlotNotBookable."""
    form_key = data.form_key or secrets.token_hex(16)
    token = manage_token_for(form_key)
    if data.form_key and (existing := _case_by_form_key(form_key)):
        return _repeat(existing, token)
    case = _new_case(data, form_key, token, now)
    case.channel = channel
    if data.form_key:
        if existing := _add_once(case):
            return _repeat(existing, token)
    else:  # a new random key: nothing to race with, no savepoint
        db.session.add(case)
        db.session.flush()  # the audit row and the mails below need the case's id
    appointment = None
    if data.start:
        status = AppointmentStatus.CONFIRMED if agreed else None
        appointment = appointments.book(case, data.start, now=now, status=status)
        if agreed:
            case.status = CaseStatus.SCHEDULED
    record("request_created", obj=case)
    kind = "confirmed" if appointment and appointment.status == "confirmed" else "received"
    requester_messages.queue_for_requester(kind, case, appointment, now=now)
    interpreting = appointment.interpreter_language if appointment else case.interpreter_language
    staff_notices.queue_staff_notice(case, now=now, interpreting=interpreting)
    return Submission(case=case, manage_token=token, appointment=appointment)


def _add_once(case: Case) -> Case | None:
    """Add the case unless the same form got there first (a double click, two tabs): the
    unique form key decides, inside a savepoint so the transaction stays usable. Returns the
    case stored before, if any."""
    try:
        with db.session.begin_nested():
            db.session.add(case)
    except IntegrityError:
        if existing := _case_by_form_key(case.form_key):
            return existing
        raise
    return None


def _case_by_form_key(form_key: str) -> Case | None:
    return db.session.scalar(select(Case).where(Case.form_key == form_key))


def _repeat(case: Case, token: str) -> Submission:
    appointment = appointments.active_appointment(case)
    return Submission(case=case, manage_token=token, appointment=appointment, repeated=True)


def _new_case(data: IntakeData, form_key: str, token: str, now: datetime) -> Case:
    return Case(
        reference=new_reference(),
        manage_token_hash=hash_token(token),
        form_key=form_key,
        status=CaseStatus.NEW,
        locale=data.locale,
        talk_language=data.talk_language,
        interpreter_language=data.interpreter_language or None,
        mode=data.mode,
        callback_requested=data.start is None,
        name=data.name,
        email=data.email or None,
        phone=data.phone or None,
        **contacts.contact_hashes(data.phone, data.email),
        contact_channel=data.contact_channel or ("email" if data.email else "phone"),
        accessibility_needs=data.accessibility_needs or None,
        preferred_times=data.preferred_times or None,
        preferred_periods=preferred_periods.to_mask(data.preferred_periods),
        description=data.description or None,
        consent_at=data.consent_at,
        created_at=now,
        topics=[CaseTopic(topic=topic) for topic in dict.fromkeys(data.topics)],
    )
