"""Busy time out of iCalendar data: pure functions, no Flask, no network.

An event blocks when it is opaque and not cancelled. Recurring events are expanded with their
overridden and excluded instances (recurring-ical-events). An all-day event blocks the whole
local day of the office; a floating time is office time; any other time is read in the zone
its TZID names."""

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import recurring_ical_events
from icalendar import Calendar, Component

Span = tuple[datetime, datetime]


def blocks(event: Component) -> bool:
    """Transparent ("free") and cancelled events leave the time free."""
    transparency = str(event.get("TRANSP", "OPAQUE")).upper()
    status = str(event.get("STATUS", "CONFIRMED")).upper()
    return transparency != "TRANSPARENT" and status != "CANCELLED"


def busy_in_calendars(
    texts: Iterable[bytes | str], start: datetime, end: datetime, tz: ZoneInfo
) -> list[Span]:
    """Busy spans in UTC of every event instance in [start, end), merged."""
    spans: list[Span] = []
    for text in texts:
        spans.extend(_busy_in_one(Calendar.from_ical(text), start, end, tz))
    return merge(spans)


def _busy_in_one(calendar: Calendar, start: datetime, end: datetime, tz: ZoneInfo) -> list[Span]:
    instances = recurring_ical_events.of(calendar, components=["VEVENT"]).between(start, end)
    spans = [_span(event, tz) for event in instances if blocks(event)]
    return [(a, b) for a, b in spans if b > a and b > start and a < end]


def _span(event: Component, tz: ZoneInfo) -> Span:
    begin = event["DTSTART"].dt
    finish = event["DTEND"].dt if "DTEND" in event else None
    if finish is None and "DURATION" in event:
        finish = begin + event["DURATION"].dt
    if not isinstance(begin, datetime):
        # An all-day event: its local days, DTEND exclusive (one day without DTEND).
        finish = finish if finish is not None and finish > begin else begin + timedelta(days=1)
        return _local_midnight(begin, tz), _local_midnight(finish, tz)
    finish = finish if finish is not None else begin
    return _utc(begin, tz), _utc(finish, tz)


def _local_midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(), tzinfo=tz).astimezone(UTC)


def _utc(moment: datetime, tz: ZoneInfo) -> datetime:
    """Floating times are office time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return moment.astimezone(UTC)


def busy_in_free_busy(text: bytes | str, tz: ZoneInfo) -> list[Span]:
    """The busy periods of a VFREEBUSY answer (free-busy REPORT); FBTYPE=FREE is free.
    Servers give an all-day event as whole UTC days: those block the office's local days."""
    spans: list[Span] = []
    for component in Calendar.from_ical(text).walk("VFREEBUSY"):
        periods = component.get("FREEBUSY", [])
        for period in periods if isinstance(periods, list) else [periods]:
            if str(period.params.get("FBTYPE", "BUSY")).upper() != "FREE":
                spans.append(_local_days(*_period(period.dt), tz))
    return merge(spans)


def _local_days(start: datetime, end: datetime, tz: ZoneInfo) -> Span:
    whole_days = start.time() == end.time() == time() and (end - start) % timedelta(
        days=1
    ) == timedelta(0)
    if not whole_days:
        return start, end
    return _local_midnight(start.date(), tz), _local_midnight(end.date(), tz)


def _period(value) -> Span:
    begin, finish = value
    if isinstance(finish, timedelta):
        finish = begin + finish
    return begin.astimezone(UTC), finish.astimezone(UTC)


def merge(spans: Iterable[Span]) -> list[Span]:
    """Sorted union of half-open spans; touching spans join."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
