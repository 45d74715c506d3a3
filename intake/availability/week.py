"""One ISO week of counsellors' time for the staff calendar: appointments, absences,
closures, holidays and free bookable slots, laid out by local day and hour."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from intake.availability import engine
from intake.availability import services as availability
from intake.core.clock import office_tz
from intake.extensions import db
from intake.models import (
    ACTIVE_APPOINTMENT_STATUSES,
    Absence,
    Appointment,
    AppointmentStatus,
    Case,
    Closure,
    User,
)

FIRST_HOUR, LAST_HOUR = 8, 17
WEEKDAYS = 5
# The week shows what is booked and what happened: held and missed appointments stay in it.
SHOWN_APPOINTMENT_STATUSES = (
    *ACTIVE_APPOINTMENT_STATUSES,
    AppointmentStatus.COMPLETED,
    AppointmentStatus.NO_SHOW,
)

# A week further from today than this is a typing error (and years like 0001 or 9999 would
# overflow the time-zone arithmetic of the week's days).
YEARS_AROUND = 100


class BadWeek(ValueError):
    """The week parameter is not an ISO week such as 2026-W47."""


def parse_week(value: str | None, today: date) -> date:
    """The Monday of ISO week `value` ("2026-W47"); this week's Monday when empty."""
    if not value:
        return today - timedelta(days=today.weekday())
    year, sep, week = value.strip().upper().partition("-W")
    if not (sep and year.isdigit() and week.isdigit() and len(year) == 4):
        raise BadWeek(value)
    if abs(int(year) - today.year) > YEARS_AROUND:
        raise BadWeek(value)
    try:
        return date.fromisocalendar(int(year), int(week), 1)
    except ValueError as error:
        raise BadWeek(value) from error


def week_label(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass(frozen=True, slots=True)
class Entry:
    """One thing in the calendar; start and end are local times (None for a whole day)."""

    kind: str  # appointment, absence, closure, holiday, free
    day: date
    counsellor_id: int | None = None
    start: datetime | None = None
    end: datetime | None = None
    label: str = ""
    reason: str = ""
    appointment_id: int | None = None
    case_id: int | None = None
    reference: str = ""
    mode: str = ""
    status: str = ""
    interpreter_language: str | None = None

    @property
    def all_day(self) -> bool:
        return self.start is None


@dataclass
class WeekView:
    monday: date
    days: list[date]
    people: list[User]
    hours: list[int]
    office: dict[date, list[Entry]] = field(default_factory=dict)
    all_day: dict[tuple[date, int], list[Entry]] = field(default_factory=dict)
    cells: dict[tuple[date, int, int], list[Entry]] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return week_label(self.monday)

    @property
    def previous(self) -> str:
        return week_label(self.monday - timedelta(days=7))

    @property
    def next(self) -> str:
        return week_label(self.monday + timedelta(days=7))

    def day_entries(self, day: date, person_id: int) -> list[Entry]:
        """Everything on a day for one person, office-wide first, then by time: the list view."""
        timed = [e for hour in self.hours for e in self.cells.get((day, person_id, hour), ())]
        return self.office.get(day, []) + self.all_day.get((day, person_id), []) + timed


def build_week(monday: date, people: list[User], *, now: datetime) -> WeekView:
    """The week of `people` (Monday to Friday, weekend days only when something is on them)."""
    tz = office_tz()
    sunday = monday + timedelta(days=6)
    ids = [person.id for person in people]
    start, end = _utc_span(monday, sunday, tz)
    office = _office_entries(monday, sunday)
    all_day: dict = defaultdict(list)
    cells: dict = defaultdict(list)
    for entry in _appointments(ids, start, end, tz) + _free(ids, monday, sunday, now, tz):
        cells[(entry.day, entry.counsellor_id, entry.start.hour)].append(entry)
    for entry in _absences(ids, start, end, tz):
        if entry.all_day:
            all_day[(entry.day, entry.counsellor_id)].append(entry)
        else:
            cells[(entry.day, entry.counsellor_id, entry.start.hour)].append(entry)
    for items in cells.values():
        items.sort(key=lambda e: (e.start, e.kind))
    busy_days = {key[0] for key in cells} | set(office) | {key[0] for key in all_day}
    days = [monday + timedelta(days=n) for n in range(7)]
    days = [d for d in days if d.weekday() < WEEKDAYS or d in busy_days]
    hours = {h for (_, _, h) in cells} | set(range(FIRST_HOUR, LAST_HOUR + 1))
    return WeekView(
        monday, days, people, list(range(min(hours), max(hours) + 1)), office, all_day, cells
    )


def _utc_span(first: date, last: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    return (
        engine.local_to_utc(first, time(0), tz),
        engine.local_to_utc(last + timedelta(days=1), time(0), tz),
    )


def _appointments(ids, start, end, tz) -> list[Entry]:
    rows = db.session.execute(
        select(
            Appointment.id,
            Appointment.counsellor_id,
            Appointment.starts_at,
            Appointment.ends_at,
            Appointment.mode,
            Appointment.status,
            Case.id,
            Case.reference,
            # Interpreting booked for this appointment, else what the requester asked for.
            func.coalesce(Appointment.interpreter_language, Case.interpreter_language),
        )
        .join(Case, Case.id == Appointment.case_id)
        .where(
            Appointment.counsellor_id.in_(ids),
            Appointment.status.in_(SHOWN_APPOINTMENT_STATUSES),
            Appointment.starts_at < end,
            Appointment.starts_at >= start,
        )
    )
    entries = []
    for a_id, person, starts, ends, mode, status, case_id, reference, interpreter in rows:
        local = starts.astimezone(tz)
        entries.append(
            Entry(
                "appointment",
                local.date(),
                person,
                local,
                ends.astimezone(tz),
                appointment_id=a_id,
                case_id=case_id,
                reference=reference,
                mode=mode,
                status=status,
                interpreter_language=interpreter,
            )
        )
    return entries


def _absences(ids, start, end, tz) -> list[Entry]:
    """Absences cut into local days; a day fully covered becomes a whole-day entry, and the
    two parts of a night (evening and next morning) stay one block on the first day."""
    rows = db.session.execute(
        select(Absence.user_id, Absence.starts_at, Absence.ends_at).where(
            Absence.user_id.in_(ids), Absence.starts_at < end, Absence.ends_at > start
        )
    )
    entries = []
    for person, starts, ends in rows:
        pieces: list[Entry] = []
        day = max(starts, start).astimezone(tz).date()
        while (day_start := engine.local_to_utc(day, time(0), tz)) < min(ends, end):
            day_end = engine.local_to_utc(day + timedelta(days=1), time(0), tz)
            piece = (max(starts, day_start), min(ends, day_end))
            if piece == (day_start, day_end):
                pieces.append(Entry("absence", day, person))
            else:
                local = (piece[0].astimezone(tz), piece[1].astimezone(tz))
                pieces.append(_joined(pieces, Entry("absence", day, person, *local)))
            day += timedelta(days=1)
        entries += pieces
    return entries


def _joined(pieces: list[Entry], piece: Entry) -> Entry:
    """A morning piece that continues last evening's piece replaces it as one block."""
    if pieces and not pieces[-1].all_day and pieces[-1].end == piece.start:
        evening = pieces.pop()
        return Entry("absence", evening.day, evening.counsellor_id, evening.start, piece.end)
    return piece


def _office_entries(first: date, last: date) -> dict[date, list[Entry]]:
    """Holidays by their German name and closures with their reason and note."""
    found: dict[date, list[Entry]] = defaultdict(list)
    for day, name in availability.holidays_between(first, last).items():
        if first <= day <= last:
            found[day].append(Entry("holiday", day, label=name))
    closures = db.session.scalars(
        select(Closure).where(Closure.day.between(first, last)).order_by(Closure.start_time)
    )
    tz = office_tz()
    for closure in closures:
        span = (None, None)
        if closure.start_time and closure.end_time:
            span = (
                datetime.combine(closure.day, closure.start_time, tzinfo=tz),
                datetime.combine(closure.day, closure.end_time, tzinfo=tz),
            )
        found[closure.day].append(
            Entry(
                "closure",
                closure.day,
                None,
                *span,
                label=closure.public_note,
                reason=closure.reason,
            )
        )
    return dict(found)


def _free(ids, first: date, last: date, now: datetime, tz) -> list[Entry]:
    """Free bookable slots by the engine's rules (minimum notice and horizon included)."""
    entries = []
    counsellors = availability.counsellor_times(first, last, counsellor_ids=ids)
    for slot in availability.free_slots_of(counsellors, first, last, now=now, tz=tz):
        entries.append(Entry("free", slot.start.date(), slot.counsellor_id, slot.start, slot.end))
    return entries


def everyone_who_counsels() -> list[User]:
    """Everyone active who takes appointments, by name: the lead's "all" view."""
    query = (
        select(User)
        .where(User.is_active_account, User.takes_appointments)
        .order_by(User.name, User.id)
    )
    return list(db.session.scalars(query))
