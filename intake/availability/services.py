"""Load counsellors' time from the database into the slot engine's plain data."""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from sqlalchemy import literal, select, union_all
from sqlalchemy.orm import joinedload

from intake.availability import engine
from intake.core.clock import office_tz
from intake.extensions import db
from intake.models import (
    ACTIVE_APPOINTMENT_STATUSES,
    Absence,
    Appointment,
    CalendarBusy,
    Closure,
    OfficeSettings,
    User,
    WorkingHours,
)


def booking_rules(settings: OfficeSettings) -> engine.BookingRules:
    return engine.BookingRules(
        slot_length=timedelta(minutes=settings.slot_minutes),
        buffer=timedelta(minutes=settings.buffer_minutes),
        min_notice=timedelta(hours=settings.min_notice_hours),
        horizon=timedelta(days=settings.horizon_days),
    )


def _utc_bounds(first_day: date, last_day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """UTC instants around the local days, one day wider on each side for buffers."""
    start = datetime.combine(first_day - timedelta(days=1), time(), tzinfo=tz).astimezone(UTC)
    end = datetime.combine(last_day + timedelta(days=2), time(), tzinfo=tz).astimezone(UTC)
    return start, end


def counsellor_times(
    first_day: date, last_day: date, *, counsellor_ids: list[int] | None = None
) -> list[engine.CounsellorTime]:
    """Hours, absences and active appointments around these days of everyone active who
    takes appointments (counsellors, and a lead who counsels too)."""
    start, end = _utc_bounds(first_day, last_day, office_tz())
    query = (
        select(User)
        .where(User.is_active_account, User.takes_appointments)
        .options(joinedload(User.languages))
        .order_by(User.id)
    )
    if counsellor_ids is not None:
        query = query.where(User.id.in_(counsellor_ids))
    users = db.session.scalars(query).unique().all()
    ids = [user.id for user in users]
    windows, (absences, busy) = weekly_windows(ids), _blocked(ids, start, end)
    return [
        engine.CounsellorTime(
            counsellor_id=user.id,
            languages=frozenset(user.language_codes),
            windows=tuple(windows[user.id]),
            absences=tuple(absences[user.id]),
            busy=tuple(busy[user.id]),
            modes=user.modes,
        )
        for user in users
    ]


def weekly_windows(ids: list[int]) -> dict[int, list[engine.WeeklyWindow]]:
    """Each counsellor's weekly working-hours windows, by counsellor id."""
    rows = db.session.execute(
        select(
            WorkingHours.user_id,
            WorkingHours.weekday,
            WorkingHours.start_time,
            WorkingHours.end_time,
            WorkingHours.valid_from,
            WorkingHours.valid_until,
        ).where(WorkingHours.user_id.in_(ids))
    )
    result: dict[int, list[engine.WeeklyWindow]] = defaultdict(list)
    for user_id, *window in rows:
        result[user_id].append(engine.WeeklyWindow(*window))
    return result


def _blocked(ids, start, end) -> tuple[dict, dict]:
    """Absences, busy time from the counsellors' own calendars (read by the background
    sync, treated like absences) and active appointments around the days, in one round
    trip."""
    absences = select(
        Absence.user_id.label("user_id"),
        Absence.starts_at,
        Absence.ends_at,
        literal("absence").label("kind"),
    ).where(Absence.user_id.in_(ids), Absence.starts_at < end, Absence.ends_at > start)
    appointments = select(
        Appointment.counsellor_id,
        Appointment.starts_at,
        Appointment.ends_at,
        literal("busy"),
    ).where(
        Appointment.counsellor_id.in_(ids),
        Appointment.status.in_(ACTIVE_APPOINTMENT_STATUSES),
        Appointment.starts_at < end,
        Appointment.ends_at > start,
    )
    calendars = select(
        CalendarBusy.user_id, CalendarBusy.starts_at, CalendarBusy.ends_at, literal("absence")
    ).where(
        CalendarBusy.user_id.in_(ids), CalendarBusy.starts_at < end, CalendarBusy.ends_at > start
    )
    result: dict[str, dict[int, list[engine.Interval]]] = {
        "absence": defaultdict(list),
        "busy": defaultdict(list),
    }
    for user_id, starts_at, ends_at, kind in db.session.execute(
        union_all(absences, calendars, appointments)
    ):
        result[kind][user_id].append(engine.Interval(starts_at, ends_at))
    return result["absence"], result["busy"]


def closures_between(first_day: date, last_day: date) -> list[engine.Closure]:
    rows = db.session.execute(
        select(Closure.day, Closure.start_time, Closure.end_time).where(
            Closure.day.between(first_day, last_day)
        )
    )
    return [engine.Closure(day, start, end) for day, start, end in rows]


def holidays_between(first_day: date, last_day: date) -> dict[date, str]:
    return _holidays_of_years(first_day.year, last_day.year)


@cache
def _holidays_of_years(first_year: int, last_year: int) -> dict[date, str]:
    """Holidays are fixed by law; computed once per process, not on every request."""
    return engine.saxony_holidays(range(first_year, last_year + 1))


def open_slots(
    first_day: date,
    last_day: date,
    *,
    now: datetime,
    language: str | None = None,
    mode: str | None = None,
    counsellor_ids: list[int] | None = None,
) -> list[engine.OpenSlot]:
    """What the public may book on these local days, merged across counsellors (or only
    these counsellors' own free times, for the staff slot picker)."""
    return engine.open_slots(
        counsellor_times(first_day, last_day, counsellor_ids=counsellor_ids),
        first_day=first_day,
        last_day=last_day,
        closures=closures_between(first_day, last_day),
        holidays=holidays_between(first_day, last_day),
        rules=booking_rules(OfficeSettings.current()),
        now=now,
        tz=office_tz(),
        language=language,
        mode=mode,
    )


def free_slots_of(
    counsellors: Iterable[engine.CounsellorTime],
    first_day: date,
    last_day: date,
    *,
    now: datetime,
    tz: ZoneInfo | None = None,
) -> Iterator[engine.Slot]:
    """Each counsellor's own free slots on these local days by the office's booking rules
    (minimum notice and horizon included): the calendar's free times, the waiting list's."""
    closures = closures_between(first_day, last_day)
    holidays = holidays_between(first_day, last_day)
    rules = booking_rules(OfficeSettings.current())
    for counsellor in counsellors:
        yield from engine.free_slots(
            counsellor,
            first_day=first_day,
            last_day=last_day,
            closures=closures,
            holidays=holidays,
            rules=rules,
            now=now.astimezone(UTC),
            tz=tz or office_tz(),
        )


def upcoming_closures(today: date, *, days: int = 60) -> list[Closure]:
    """Closure notices for the public, soonest first."""
    return db.session.scalars(
        select(Closure)
        .where(Closure.day.between(today, today + timedelta(days=days)))
        .order_by(Closure.day, Closure.start_time)
    ).all()
