"""Rules for staff input on availability, as plain functions: order, overlap, past days."""

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import TypeVar

from intake.availability.engine import WeeklyWindow

_Ordered = TypeVar("_Ordered", date, time, datetime)


def in_order(first: _Ordered | None, last: _Ordered | None, *, strict: bool = True) -> bool:
    """`last` comes after `first` (or on it, when not strict); a missing value breaks no order."""
    if first is None or last is None:
        return True
    return last > first if strict else last >= first


def validity_overlaps(a: WeeklyWindow, b: WeeklyWindow) -> bool:
    """The two inclusive validity ranges share at least one day; an open end reaches forever."""
    return in_order(a.valid_from, b.valid_until, strict=False) and in_order(
        b.valid_from, a.valid_until, strict=False
    )


def windows_overlap(a: WeeklyWindow, b: WeeklyWindow) -> bool:
    """Same weekday, times share a minute and validity shares a day.

    Times are half-open [start, end): 09:00–12:00 and 12:00–14:00 touch but do not overlap.
    """
    same_time = a.start < b.end and b.start < a.end
    return a.weekday == b.weekday and same_time and validity_overlaps(a, b)


def overlapping_windows(new: WeeklyWindow, existing: Iterable[WeeklyWindow]) -> list[WeeklyWindow]:
    """The existing windows of the same person that `new` would overlap, in the given order."""
    return [window for window in existing if windows_overlap(new, window)]


def is_past(day: date, today: date) -> bool:
    """A closure cannot be added for a day before today (today itself is allowed)."""
    return day < today


PAST_DAYS = 366
FUTURE_DAYS = 3 * 366


def within_range(day: date, today: date, *, past_days: int = PAST_DAYS) -> bool:
    """Staff dates lie between a year ago (or today) and three years ahead."""
    return today - timedelta(days=past_days) <= day <= today + timedelta(days=FUTURE_DAYS)


def range_labels(today: date, *, past_days: int = PAST_DAYS) -> dict[str, str]:
    first = today - timedelta(days=past_days)
    return {"first": first.isoformat(), "last": (today + timedelta(days=FUTURE_DAYS)).isoformat()}
