"""Booking a start time with a free counsellor; the database settles every race.

Shared by the requester's use cases and the office's: each calls `book` or `move` and
leaves the commit to its caller.
"""

import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from uuid import uuid4
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError

from intake.availability import engine
from intake.availability import services as availability
from intake.booking.errors import BookingError, NotChangeable, SlotNotBookable, SlotTaken
from intake.core.clock import office_tz
from intake.extensions import db
from intake.mail import staff_notices
from intake.models import (
    ACTIVE_APPOINTMENT_STATUSES,
    Appointment,
    AppointmentStatus,
    CancelledBy,
    Case,
    Mode,
    OfficeSettings,
)

ALTERNATIVES = 3
ALTERNATIVES_SEARCH_DAYS = 21


def active_appointment(case: Case) -> Appointment | None:
    return next((a for a in case.appointments if a.status in ACTIVE_APPOINTMENT_STATUSES), None)


def new_ical_uid() -> str:
    return f"{uuid4()}@intake"


def is_free(counsellor_id: int, start: datetime, *, now: datetime) -> bool:
    """`start` is one of this counsellor's own bookable slots right now."""
    day = _DayAtOffice.load(start, OfficeSettings.current())
    return any(
        c.counsellor_id == counsellor_id and day._bookable(c, start, now) for c in day.counsellors
    )


def book(
    case: Case,
    start: datetime,
    *,
    now: datetime,
    ical_uid: str | None = None,
    sequence: int = 0,
    counsellor_ids: list[int] | None = None,
    status: str | None = None,
    prefer: int | None = None,
) -> Appointment:
    """Give `case` the start with the first free counsellor (`prefer` first when free, then
    speakers of the requester's language, or only those in `counsellor_ids`); the unique
    index settles races. A counsellor who does not speak the language is booked only with
    interpreting flagged on the appointment, never silently.
    Raises SlotTaken (with alternatives) or SlotNotBookable."""
    settings = OfficeSettings.current()
    day = _DayAtOffice.load(start, settings)
    candidates = day.free_counsellors(start, case.talk_language, case.mode, now=now)
    if counsellor_ids is not None:
        candidates = [c for c in candidates if c.counsellor_id in counsellor_ids]
    candidates.sort(key=lambda c: c.counsellor_id != prefer)
    if not candidates:
        raise day.why_unavailable(start, now=now)
    if status is None:
        status = (
            AppointmentStatus.CONFIRMED
            if settings.confirm_automatically
            else AppointmentStatus.REQUESTED
        )
    for counsellor in candidates:
        counsellor_id = counsellor.counsellor_id
        appointment = Appointment(
            case_id=case.id,
            counsellor_id=counsellor_id,
            interpreter_language=interpreting_for(case, counsellor.languages),
            starts_at=start,
            ends_at=start + timedelta(minutes=settings.slot_minutes),
            mode=case.mode,
            status=status,
            ical_uid=ical_uid or new_ical_uid(),
            ical_sequence=sequence,
            # The unguessable part of a video room link: nothing about the person in it.
            room_token=secrets.token_urlsafe(18) if case.mode == Mode.VIDEO else None,
        )
        try:
            with db.session.begin_nested():
                db.session.add(appointment)
        except IntegrityError:
            continue
        case.counsellor_id = counsellor_id
        return appointment
    raise SlotTaken(alternatives=alternatives_near(start, now=now))


def interpreting_for(case: Case, counsellor_languages) -> str | None:
    """The language an interpreter is needed for: the one asked for, or the requester's
    language when the counsellor does not speak it."""
    if case.interpreter_language:
        return case.interpreter_language
    return None if case.talk_language in counsellor_languages else case.talk_language


def give_to(appointment: Appointment, counsellor_id: int, *, now: datetime) -> bool:
    """Hand a booked time to the colleague who now holds its case, when they are free then
    and offer its mode; for the requester nothing changes (time, place and calendar event
    stay). False: the time stays with its counsellor. The unique index settles a race."""
    case = appointment.case
    day = _DayAtOffice.load(appointment.starts_at, OfficeSettings.current())
    start = appointment.starts_at
    free = day.free_counsellors(start, case.talk_language, appointment.mode, now=now)
    colleague = next((c for c in free if c.counsellor_id == counsellor_id), None)
    if colleague is None:
        return False
    try:
        with db.session.begin_nested():
            appointment.counsellor_id = counsellor_id
            appointment.interpreter_language = interpreting_for(case, colleague.languages)
    except IntegrityError:
        return False
    return True


def move(
    case: Case, start: datetime, *, now: datetime, moved_by: CancelledBy, **booking
) -> Appointment:
    """Release the current appointment as moved (`moved_by` says by whom: the report counts
    moves apart from cancellations) and book `start`, with the same counsellor when they
    are free then; when the counsellor changes, both are told (no personal data). The
    calendar event keeps its UID, so the requester's calendar updates the event."""
    old = active_appointment(case)
    if old is not None and old.starts_at <= now:
        raise NotChangeable()
    if old is not None and old.starts_at == start:
        raise NotChangeable()
    uid, sequence = None, 0
    if old is not None:
        uid, sequence = old.ical_uid, old.ical_sequence + 1
        old.status = AppointmentStatus.CANCELLED
        old.cancelled_by = moved_by
        old.ical_uid = f"{uuid4()}@intake-moved"
        db.session.flush()
        booking.setdefault("prefer", old.counsellor_id)
    new = book(case, start, now=now, ical_uid=uid, sequence=sequence, **booking)
    case.callback_requested = False
    if old is not None and old.counsellor_id != new.counsellor_id:
        staff_notices.queue_counsellor_change(old, new, now=now)
    return new


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
        tz = office_tz()
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
            counsellor,
            start,
            closures=self.closures,
            holidays=self.holidays,
            rules=self.rules,
            now=now,
            tz=self.tz,
        )

    def free_counsellors(
        self, start: datetime, language: str, mode: str, *, now: datetime
    ) -> list[engine.CounsellorTime]:
        """Free at `start` and offering `mode`: speakers of the language first, then the
        least busy."""
        free = [c for c in self.counsellors if mode in c.modes and self._bookable(c, start, now)]
        free.sort(key=lambda c: (language not in c.languages, len(c.busy), c.counsellor_id))
        return free

    def why_unavailable(self, start: datetime, *, now: datetime) -> BookingError:
        """Taken when it is otherwise a bookable time of the office; not bookable when never."""
        if any(self._bookable(replace(c, busy=()), start, now) for c in self.counsellors):
            return SlotTaken(alternatives=alternatives_near(start, now=now))
        return SlotNotBookable()


def alternatives_near(start: datetime, *, now: datetime) -> list[engine.OpenSlot]:
    """The free times closest to the one that was wanted."""
    tz = office_tz()
    day = start.astimezone(tz).date()
    found = availability.open_slots(
        max(day - timedelta(days=3), now.astimezone(tz).date()),
        day + timedelta(days=ALTERNATIVES_SEARCH_DAYS),
        now=now,
    )
    found.sort(key=lambda slot: abs(slot.start - start))
    return sorted(found[:ALTERNATIVES], key=lambda slot: slot.start)
