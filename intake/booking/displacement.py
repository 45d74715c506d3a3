"""Booked appointments in the way of a closure, an absence or shorter working hours: find
them, suggest other times, and move or cancel each as the office decides. Nothing is saved
until every affected appointment has a decision, so none is dropped silently."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from intake.availability import engine
from intake.availability import services as availability
from intake.booking import appointments, office_actions
from intake.core.clock import office_tz
from intake.core.domain import DomainError
from intake.extensions import db
from intake.mail import requester_messages
from intake.models import ACTIVE_APPOINTMENT_STATUSES, Appointment, CancelledBy, WorkingHours
from intake.models.audit import record

SUGGESTIONS = 3
SEARCH_DAYS = 21


class UndecidedAppointment(DomainError):
    field = "decisions"
    status = 422
    message = _l("Please decide for every appointment: move it or cancel it.")


@dataclass(frozen=True)
class Decision:
    """Move to `start`, or cancel with the office's `message` to the requester."""

    action: str  # "move" or "cancel"
    start: datetime | None = None
    message: str = ""


def _active(query):
    return db.session.scalars(
        query.where(Appointment.status.in_(ACTIVE_APPOINTMENT_STATUSES))
        .options(selectinload(Appointment.case), selectinload(Appointment.counsellor))
        .order_by(Appointment.starts_at, Appointment.id)
    ).all()


def in_span(start: datetime, end: datetime, *, counsellor_id: int | None = None, now: datetime):
    """Active future appointments overlapping [start, end), of one counsellor or all."""
    query = select(Appointment).where(
        Appointment.starts_at < end, Appointment.ends_at > start, Appointment.ends_at > now
    )
    if counsellor_id is not None:
        query = query.where(Appointment.counsellor_id == counsellor_id)
    return _active(query)


def closure_span(day: date, start: time | None, end: time | None) -> tuple[datetime, datetime]:
    tz = office_tz()
    if start is None or end is None:
        return engine.local_to_utc(day, time(0), tz), engine.local_to_utc(
            day + timedelta(days=1), time(0), tz
        )
    return engine.local_to_utc(day, start, tz), engine.local_to_utc(day, end, tz)


def outside_hours(user_id: int, remaining: Iterable[engine.WeeklyWindow], *, now: datetime):
    """Future appointments of the counsellor no longer inside any of the `remaining` weekly
    windows: what deleting or shortening working hours would strand."""
    tz = office_tz()
    windows = list(remaining)
    found = []
    for appointment in _active(
        select(Appointment).where(Appointment.counsellor_id == user_id, Appointment.starts_at > now)
    ):
        start, end = appointment.starts_at.astimezone(tz), appointment.ends_at.astimezone(tz)
        if not any(_inside(w, start, end) for w in windows):
            found.append(appointment)
    return found


def _inside(window: engine.WeeklyWindow, start: datetime, end: datetime) -> bool:
    day = start.date()
    if window.weekday != day.weekday() or end.date() != day:
        return False
    if window.valid_from and day < window.valid_from:
        return False
    if window.valid_until and day > window.valid_until:
        return False
    return window.start <= start.time() and end.time() <= window.end


def remaining_windows(user_id: int, without_id: int) -> list[engine.WeeklyWindow]:
    rows = db.session.scalars(
        select(WorkingHours).where(WorkingHours.user_id == user_id, WorkingHours.id != without_id)
    )
    return [
        engine.WeeklyWindow(r.weekday, r.start_time, r.end_time, r.valid_from, r.valid_until)
        for r in rows
    ]


def suggestions(
    appointments: list[Appointment], change: Callable[[], None], *, now: datetime
) -> dict[int, list[engine.OpenSlot]]:
    """Free times near each appointment as if `change` (adding the closure, absence or
    removing the hours) were saved already; the change is undone afterwards."""
    found = {}
    with db.session.begin_nested() as trial:
        change()
        db.session.flush()
        for appointment in appointments:
            found[appointment.id] = _near(appointment, now=now)
        trial.rollback()
    return found


def _near(appointment: Appointment, *, now: datetime) -> list[engine.OpenSlot]:
    tz = office_tz()
    day = appointment.starts_at.astimezone(tz).date()
    today = now.astimezone(tz).date()
    free = availability.open_slots(
        max(day - timedelta(days=3), today),
        day + timedelta(days=SEARCH_DAYS),
        now=now,
        mode=appointment.mode,
    )
    free.sort(key=lambda slot: abs(slot.start - appointment.starts_at))
    return sorted(free[:SUGGESTIONS], key=lambda slot: slot.start)


def resolve(
    appointments: list[Appointment], decisions: dict[int, Decision], *, by_id: int, now: datetime
) -> None:
    """Move or cancel every affected appointment, each with the requester's mail and .ics
    (the updated event with the same UID and a higher SEQUENCE, or a CANCEL). The change
    itself must be in the session already, so a move cannot land in the closed time."""
    missing = [a for a in appointments if a.id not in decisions]
    if missing:
        raise UndecidedAppointment()
    db.session.flush()
    for appointment in appointments:
        decision = decisions[appointment.id]
        if decision.action == "move" and decision.start is not None:
            _move(appointment, decision, by_id=by_id, now=now)
        else:
            office_actions.cancel_by_office(
                appointment, by_id=by_id, now=now, note=decision.message
            )


def _move(appointment: Appointment, decision: Decision, *, by_id: int, now: datetime) -> None:
    """The office moves the appointment; the requester's event keeps its UID (SEQUENCE + 1)
    and they may still move or cancel it through their link."""
    case = appointment.case
    new = appointments.move(
        case,
        decision.start,
        now=now,
        moved_by=CancelledBy.OFFICE_MOVE,
        status=appointment.status,
    )
    record("appointment_moved_by_office", actor_id=by_id, obj=new)
    requester_messages.queue_for_requester("moved", case, new, now=now, note=decision.message)


def read_decisions(form, appointments: list[Appointment]) -> dict[int, Decision]:
    """Decisions from a posted form: choice-<id> is "cancel" or the ISO start to move to;
    message-<id> is the optional word to the requester. Unreadable ones are left out, so
    `resolve` refuses them."""
    found = {}
    for appointment in appointments:
        choice = form.get(f"choice-{appointment.id}")
        message = (form.get(f"message-{appointment.id}") or "").strip()[:1000]
        if choice == "cancel":
            found[appointment.id] = Decision("cancel", message=message)
        elif (start := _parse(choice)) is not None:
            found[appointment.id] = Decision("move", start=start, message=message)
    return found


def _parse(value: str | None) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value or "")
    except ValueError:
        return None
    return moment if moment.tzinfo is not None and 2000 < moment.year < 2100 else None
