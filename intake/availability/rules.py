"""Rules for staff input on availability, as plain functions: order, overlap, local time, past."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import TypeVar
from zoneinfo import ZoneInfo

_Ordered = TypeVar("_Ordered", date, time, datetime)


@dataclass(frozen=True, slots=True)
class Window:
    """A weekly working-hours window in local time; validity dates are inclusive, None is open."""

    weekday: int
    start: time
    end: time
    valid_from: date | None = None
    valid_until: date | None = None


def in_order(first: _Ordered | None, last: _Ordered | None, *, strict: bool = True) -> bool:
    """`last` comes after `first` (or on it, when not strict); a missing value breaks no order."""
    if first is None or last is None:
        return True
    return last > first if strict else last >= first


def validity_overlaps(a: Window, b: Window) -> bool:
    """The two inclusive validity ranges share at least one day; an open end reaches forever."""
    return in_order(a.valid_from, b.valid_until, strict=False) and in_order(
        b.valid_from, a.valid_until, strict=False
    )


def windows_overlap(a: Window, b: Window) -> bool:
    """Same weekday, times share a minute and validity shares a day.

    Times are half-open [start, end): 09:00–12:00 and 12:00–14:00 touch but do not overlap.
    """
    same_time = a.start < b.end and b.start < a.end
    return a.weekday == b.weekday and same_time and validity_overlaps(a, b)


def overlapping_windows(new: Window, existing: Iterable[Window]) -> list[Window]:
    """The existing windows of the same person that `new` would overlap, in the given order."""
    return [window for window in existing if windows_overlap(new, window)]


def local_to_utc(day: date, clock: time, tz: ZoneInfo) -> datetime:
    """A wall-clock time in `tz` as UTC.

    In the repeated autumn hour the first occurrence counts; a time skipped in spring is read
    with the offset before the change, as the slot engine does.
    """
    return datetime.combine(day, clock.replace(fold=0), tzinfo=tz).astimezone(UTC)


def is_past(day: date, today: date) -> bool:
    """A closure cannot be added for a day before today (today itself is allowed)."""
    return day < today
