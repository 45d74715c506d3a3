"""The slot picker's pages: a fortnight of free times at a time, never before today."""

from collections import defaultdict
from datetime import date, datetime, timedelta

from intake.availability import cache, engine
from intake.core.clock import office_tz

DAYS_SHOWN = 14
MAX_DAYS_AHEAD = 366


def first_shown_day(requested: str | None, *, today: date) -> date:
    """The first day of the fortnight shown; never before today, never past a year ahead."""
    try:
        day = date.fromisoformat(requested) if requested else today
    except ValueError:
        day = today
    return min(max(day, today), today + timedelta(days=MAX_DAYS_AHEAD))


def slots_by_day(
    first_day: date,
    *,
    now: datetime,
    exclude: datetime | None = None,
    counsellor_ids: list[int] | None = None,
    mode: str | None = None,
) -> dict[date, list[engine.OpenSlot]]:
    """Free slots per local day; `exclude` leaves out a start (the time already booked),
    `mode` keeps only counsellors who offer it."""
    grouped: dict[date, list[engine.OpenSlot]] = defaultdict(list)
    tz = office_tz()
    last_day = first_day + timedelta(days=DAYS_SHOWN - 1)
    found = cache.open_slots(first_day, last_day, now=now, counsellor_ids=counsellor_ids, mode=mode)
    for slot in found:
        if exclude is not None and slot.start == exclude:
            continue
        grouped[slot.start.astimezone(tz).date()].append(slot)
    return dict(grouped)


def slot_page(
    requested_from: str | None,
    *,
    today: date,
    now: datetime,
    exclude: datetime | None = None,
    counsellor_ids: list[int] | None = None,
    mode: str | None = None,
) -> dict:
    """A fortnight of free slots and the days the earlier/later buttons lead to."""
    first_day = first_shown_day(requested_from, today=today)
    return {
        "days": slots_by_day(
            first_day, now=now, exclude=exclude, counsellor_ids=counsellor_ids, mode=mode
        ),
        "first_day": first_day,
        "earlier": first_day - timedelta(days=DAYS_SHOWN) if first_day > today else None,
        "later": first_day + timedelta(days=DAYS_SHOWN),
    }
