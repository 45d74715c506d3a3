"""The booking use cases: request, cancel, move. Called alike by the form, the API and staff.

Each function changes the session and leaves the commit to its caller, so a use case and
the audit rows (and later the e-mails) it causes are written in one transaction.
"""

import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from uuid import uuid4
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from intake.availability import engine
from intake.availability import services as availability
from intake.booking.errors import BookingError, NotChangeable, SlotNotBookable, SlotTaken
from intake.booking.tokens import hash_token, manage_token_for, new_reference
from intake.extensions import db
from intake.mail import content as mail
from intake.models import (
    ACTIVE_APPOINTMENT_STATUSES,
    Appointment,
    AppointmentStatus,
    Case,
    CaseStatus,
    CaseTopic,
    OfficeSettings,
)
from intake.models.audit import record

ALTERNATIVES = 3
ALTERNATIVES_SEARCH_DAYS = 21


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


def submit_request(data: IntakeData, *, now: datetime) -> Submission:
    """Store a request; with a start, book it with a free counsellor (one who speaks the
    requester's language first). Raises SlotTaken (with alternatives) or SlotNotBookable."""
    form_key = data.form_key or secrets.token_hex(16)
    token = manage_token_for(form_key)
    if data.form_key and (existing := _case_by_form_key(form_key)):
        return _repeat(existing, token)
    case = _new_case(data, form_key, token, now)
    try:
        with db.session.begin_nested():
            db.session.add(case)
    except IntegrityError:
        existing = _case_by_form_key(form_key) if data.form_key else None
        if existing is None:
            raise
        return _repeat(existing, token)
    appointment = _book(case, data.start, now=now) if data.start else None
    record("request_created", obj=case)
    kind = "confirmed" if appointment and appointment.status == "confirmed" else "received"
    mail.queue_for_requester(kind, case, appointment, now=now)
    mail.queue_staff_notice(case, now=now)
    return Submission(case=case, manage_token=token, appointment=appointment)


def _case_by_form_key(form_key: str) -> Case | None:
    return db.session.scalar(select(Case).where(Case.form_key == form_key))


def _repeat(case: Case, token: str) -> Submission:
    appointment = next((a for a in case.appointments if a.is_active), None)
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
        contact_channel=data.contact_channel or ("email" if data.email else "phone"),
        accessibility_needs=data.accessibility_needs or None,
        preferred_times=data.preferred_times or None,
        description=data.description or None,
        consent_at=data.consent_at,
        created_at=now,
        topics=[CaseTopic(topic=topic) for topic in dict.fromkeys(data.topics)],
    )


def _book(
    case: Case, start: datetime, *, now: datetime, ical_uid: str | None = None, sequence: int = 0
) -> Appointment:
    """Try the free counsellors in order of preference; the unique index settles races."""
    settings = OfficeSettings.current()
    day = _DayAtOffice.load(start, settings)
    candidates = day.free_counsellors(start, case.talk_language, now=now)
    if not candidates:
        raise day.why_unavailable(start, now=now)
    status = (
        AppointmentStatus.CONFIRMED
        if settings.confirm_automatically
        else AppointmentStatus.REQUESTED
    )
    for counsellor_id in candidates:
        appointment = Appointment(
            case_id=case.id,
            counsellor_id=counsellor_id,
            starts_at=start,
            ends_at=start + timedelta(minutes=settings.slot_minutes),
            mode=case.mode,
            status=status,
            ical_uid=ical_uid or f"{uuid4()}@intake",
            ical_sequence=sequence,
        )
        try:
            with db.session.begin_nested():
                db.session.add(appointment)
        except IntegrityError:
            continue
        case.counsellor_id = counsellor_id
        return appointment
    raise SlotTaken(alternatives=alternatives_near(start, now=now))


@dataclass(frozen=True)
class _DayAtOffice:
    """Everything the engine needs to judge one start time, loaded once per booking."""

    counsellors: list[engine.CounsellorTime]
    closures: list[engine.Closure]
    holidays: dict
    rules: engine.BookingRules
    tz: ZoneInfo

    @classmethod
    def load(cls, start: datetime, settings: OfficeSettings) -> "_DayAtOffice":
        tz = availability.office_tz()
        day = start.astimezone(tz).date()
        return cls(
            counsellors=availability.counsellor_times(day, day),
            closures=availability.closures_between(day, day),
            holidays=availability.holidays_between(day, day),
            rules=availability.booking_rules(settings),
            tz=tz,
        )

    def _bookable(self, counsellor: engine.CounsellorTime, start, now) -> bool:
        return engine.is_bookable(
            counsellor, start, closures=self.closures, holidays=self.holidays,
            rules=self.rules, now=now, tz=self.tz,
        )  # fmt: skip

    def free_counsellors(self, start: datetime, language: str, *, now: datetime) -> list[int]:
        """Free at `start`: speakers of the language first, then the least busy."""
        free = [c for c in self.counsellors if self._bookable(c, start, now)]
        free.sort(key=lambda c: (language not in c.languages, len(c.busy), c.counsellor_id))
        return [counsellor.counsellor_id for counsellor in free]

    def why_unavailable(self, start: datetime, *, now: datetime) -> BookingError:
        """Taken when it is otherwise a bookable time of the office; not bookable when never."""
        if any(self._bookable(replace(c, busy=()), start, now) for c in self.counsellors):
            return SlotTaken(alternatives=alternatives_near(start, now=now))
        return SlotNotBookable()


def alternatives_near(start: datetime, *, now: datetime) -> list[engine.OpenSlot]:
    """The free times closest to the one that was wanted."""
    day = start.astimezone(availability.office_tz()).date()
    found = availability.open_slots(
        max(day - timedelta(days=3), now.astimezone(availability.office_tz()).date()),
        day + timedelta(days=ALTERNATIVES_SEARCH_DAYS),
        now=now,
    )
    found.sort(key=lambda slot: abs(slot.start - start))
    return sorted(found[:ALTERNATIVES], key=lambda slot: slot.start)


def active_appointment(case: Case) -> Appointment | None:
    return next((a for a in case.appointments if a.status in ACTIVE_APPOINTMENT_STATUSES), None)


def cancel_by_requester(case: Case, *, now: datetime) -> Appointment | None:
    """The requester withdraws: the slot is freed and the case is closed as cancelled."""
    if case.status in (CaseStatus.CANCELLED, CaseStatus.CLOSED):
        raise NotChangeable()
    appointment = active_appointment(case)
    if appointment is not None:
        if appointment.starts_at <= now:
            raise NotChangeable()
        appointment.status = AppointmentStatus.CANCELLED
        appointment.ical_sequence += 1
    case.status = CaseStatus.CANCELLED
    record("request_cancelled", obj=case)
    if appointment is not None:
        mail.queue_for_requester("cancelled", case, appointment, now=now)
    return appointment


def move_by_requester(case: Case, start: datetime, *, now: datetime) -> Appointment:
    """The requester picks another time."""
    new = _move(case, start, now=now)
    record("request_moved", obj=case)
    mail.queue_for_requester("moved", case, new, now=now)
    return new


def _move(case: Case, start: datetime, *, now: datetime) -> Appointment:
    """Cancel the current appointment and book `start`; the calendar event keeps its UID."""
    if case.status in (CaseStatus.CANCELLED, CaseStatus.CLOSED, CaseStatus.DECLINED):
        raise NotChangeable()
    old = active_appointment(case)
    if old is not None and old.starts_at <= now:
        raise NotChangeable()
    uid, sequence = None, 0
    if old is not None:
        # The requester's calendar updates the event with this UID instead of adding one.
        uid, sequence = old.ical_uid, old.ical_sequence + 1
        old.status = AppointmentStatus.CANCELLED
        old.ical_uid = f"{uuid4()}@intake-moved"
        db.session.flush()
    new = _book(case, start, now=now, ical_uid=uid, sequence=sequence)
    case.callback_requested = False
    return new


def cancel_by_office(appointment: Appointment, *, by_id: int, now: datetime) -> None:
    """A counsellor cancels; the requester gets METHOD:CANCEL for the same event."""
    if appointment.status not in ACTIVE_APPOINTMENT_STATUSES:
        raise NotChangeable()
    appointment.status = AppointmentStatus.CANCELLED
    appointment.ical_sequence += 1
    record("appointment_cancelled", actor_id=by_id, obj=appointment)
    mail.queue_for_requester("cancelled", appointment.case, appointment, now=now)


def confirm_appointment(appointment: Appointment, *, by_id: int, now: datetime) -> None:
    """A counsellor confirms a requested appointment; of two confirming at once, one wins
    (the UPDATE matches only while the appointment is still requested)."""
    changed = db.session.execute(
        update(Appointment)
        .where(Appointment.id == appointment.id, Appointment.status == AppointmentStatus.REQUESTED)
        .values(status=AppointmentStatus.CONFIRMED, ical_sequence=Appointment.ical_sequence + 1)
    ).rowcount
    if changed != 1:
        raise NotChangeable()
    db.session.refresh(appointment)
    case = appointment.case
    case.status = CaseStatus.IN_PROGRESS
    case.counsellor_id = appointment.counsellor_id
    record("appointment_confirmed", actor_id=by_id, obj=appointment)
    mail.queue_for_requester("confirmed", case, appointment, now=now)


def propose_time(appointment: Appointment, start: datetime, *, by_id: int, now: datetime):
    """A counsellor offers another time; the requester's calendar event moves (same UID)."""
    case = appointment.case
    new = _move(case, start, now=now)
    record("time_proposed", actor_id=by_id, obj=new)
    mail.queue_for_requester("proposed", case, new, now=now)
    return new
