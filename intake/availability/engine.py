"""Slot engine: weekly hours minus absences, closures, holidays and bookings, laid out as slots.

One module of about 500 lines on purpose: it is the pure core (no Flask, no database) that the
property tests compare with a brute-force oracle, and its three parts (the plain data it takes,
half-open interval arithmetic, the day-by-day layout into slots) are read and changed together;
nothing outside it uses its private helpers.
"""

from bisect import bisect_right
from collections.abc import Container, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from operator import itemgetter
from typing import Self
from zoneinfo import ZoneInfo

from holidays import country_holidays

BERLIN = ZoneInfo("Europe/Berlin")

_GRID = timedelta(minutes=5)
_ONE_DAY = timedelta(days=1)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

_Span = tuple[datetime, datetime]

ALL_MODES = frozenset({"in_person", "phone", "video"})


def _is_aware(value: datetime) -> bool:
    return value.tzinfo is not None and value.utcoffset() is not None


@dataclass(frozen=True, slots=True)
class WeeklyWindow:
    """One weekly working-hours window in local wall-clock time; valid dates are inclusive."""

    weekday: int
    start: time
    end: time
    valid_from: date | None = None
    valid_until: date | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise ValueError(f"weekday must be 0..6, got {self.weekday}")
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ValueError("window times are local wall-clock times without tzinfo")
        if self.end <= self.start:
            raise ValueError("window end must be after its start on the same day")


@dataclass(frozen=True, slots=True)
class Interval:
    """A half-open span [start, end) between two aware datetimes."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        if not (_is_aware(self.start) and _is_aware(self.end)):
            raise ValueError("interval bounds must be timezone-aware")
        # Compared in UTC: same-zone comparison ignores fold and misorders the repeated hour.
        if self.end.astimezone(UTC) < self.start.astimezone(UTC):
            raise ValueError("interval end must not be before its start")


@dataclass(frozen=True, slots=True)
class Closure:
    """Office closure on a local day: the whole day, or local [start, end) when both are set."""

    day: date
    start: time | None = None
    end: time | None = None

    def __post_init__(self) -> None:
        if (self.start is None) != (self.end is None):
            raise ValueError("a closure needs both start and end, or neither for a whole day")
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise ValueError("closure end must be after its start")


@dataclass(frozen=True, slots=True)
class CounsellorTime:
    """Everything the engine needs to know about one counsellor's time."""

    counsellor_id: int
    languages: frozenset[str]
    windows: tuple[WeeklyWindow, ...]
    absences: tuple[Interval, ...] = ()
    busy: tuple[Interval, ...] = ()
    modes: frozenset[str] = ALL_MODES


@dataclass(frozen=True, slots=True)
class BookingRules:
    """Slot length, buffer around bookings, and the booking window relative to now."""

    slot_length: timedelta = timedelta(minutes=30)
    buffer: timedelta = timedelta(0)
    min_notice: timedelta = timedelta(hours=24)
    horizon: timedelta = timedelta(weeks=8)

    def __post_init__(self) -> None:
        if self.slot_length <= timedelta(0):
            raise ValueError("slot_length must be positive")
        if self.buffer < timedelta(0):
            raise ValueError("buffer must not be negative")


@dataclass(frozen=True, slots=True)
class Slot:
    """One bookable slot of one counsellor, in the requested time zone."""

    start: datetime
    end: datetime
    counsellor_id: int


@dataclass(frozen=True, slots=True)
class OpenSlot:
    """One bookable time as the public sees it, with every counsellor free then."""

    start: datetime
    end: datetime
    counsellor_ids: tuple[int, ...]
    languages: frozenset[str]


# One shared default: BookingRules is frozen, so sharing is safe, and no call sits in a signature.
_DEFAULT_RULES = BookingRules()


def saxony_holidays(years: Iterable[int]) -> dict[date, str]:
    """Public holidays in Saxony (holidays.country_holidays("DE", subdiv="SN")), German names."""
    # language is explicit because the library otherwise follows the process locale.
    found = country_holidays("DE", subdiv="SN", years=sorted(set(years)), language="de")
    return dict(sorted(found.items()))


def free_slots(
    counsellor: CounsellorTime,
    *,
    first_day: date,
    last_day: date,
    closures: Iterable[Closure] = (),
    holidays: Container[date] = frozenset(),
    rules: BookingRules = _DEFAULT_RULES,
    now: datetime,
    tz: ZoneInfo = BERLIN,
) -> list[Slot]:
    """Bookable slots of one counsellor on local days first_day..last_day (inclusive), by start.

    Free time is the weekly windows minus holidays, closures, absences and busy intervals
    widened by rules.buffer. Each free stretch is clipped to the booking window, its start
    rounded up to the local 5-minute grid, and slots are laid from there every
    slot_length + buffer while they fit. A slot starts in [now + min_notice, now + horizon].
    """
    calendar = _Calendar.build(first_day, last_day, closures, holidays, rules, now, tz)
    length = rules.slot_length
    return [
        Slot(start.astimezone(tz), (start + length).astimezone(tz), counsellor.counsellor_id)
        for start in _counsellor_starts(counsellor, calendar)
    ]


def open_slots(
    counsellors: Iterable[CounsellorTime],
    *,
    first_day: date,
    last_day: date,
    closures: Iterable[Closure] = (),
    holidays: Container[date] = frozenset(),
    rules: BookingRules = _DEFAULT_RULES,
    now: datetime,
    tz: ZoneInfo = BERLIN,
    language: str | None = None,
    mode: str | None = None,
) -> list[OpenSlot]:
    """Slots merged across counsellors by identical (start, end), sorted by start.

    Each counsellor's slots follow the rules of free_slots. When language (or mode) is given
    only counsellors speaking it (or offering it) count; languages is the union over the
    counsellors listed.
    """
    calendar = _Calendar.build(first_day, last_day, closures, holidays, rules, now, tz)
    by_start: dict[datetime, list[CounsellorTime]] = {}
    for counsellor in counsellors:
        if language is not None and language not in counsellor.languages:
            continue
        if mode is not None and mode not in counsellor.modes:
            continue
        for start in _counsellor_starts(counsellor, calendar):
            by_start.setdefault(start, []).append(counsellor)
    return [
        _open_slot(start, group, calendar)
        for start, group in sorted(by_start.items(), key=itemgetter(0))
    ]


def is_bookable(
    counsellor: CounsellorTime,
    start: datetime,
    *,
    closures: Iterable[Closure] = (),
    holidays: Container[date] = frozenset(),
    rules: BookingRules = _DEFAULT_RULES,
    now: datetime,
    tz: ZoneInfo = BERLIN,
) -> bool:
    """True when `start` is exactly the start of one of the counsellor's free slots.

    Same rules as free_slots; booking uses it to re-check a chosen slot just before saving.
    """
    wanted = _to_utc(start, "start")
    day = wanted.astimezone(tz).date()
    # Neighbouring days too, so a zone whose midnight shifts cannot hide the slot's day.
    calendar = _Calendar.build(day - _ONE_DAY, day + _ONE_DAY, closures, holidays, rules, now, tz)
    return wanted in _counsellor_starts(counsellor, calendar)


@dataclass(slots=True)
class _Calendar:
    """What all counsellors share in one query, computed once. Times are UTC."""

    tz: ZoneInfo
    rules: BookingRules
    earliest: datetime
    latest_end: datetime
    days: list[date]
    partial_closures: dict[date, list[_Span]]
    _utc: dict[tuple[date, time], datetime] = field(default_factory=dict)
    _hours: dict[tuple[WeeklyWindow, ...], int] = field(default_factory=dict)
    _work: dict[tuple[int, date], list[_Span]] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        first_day: date,
        last_day: date,
        closures: Iterable[Closure],
        holidays: Container[date],
        rules: BookingRules,
        now: datetime,
        tz: ZoneInfo,
    ) -> Self:
        now_utc = _to_utc(now, "now")
        earliest = now_utc + rules.min_notice
        # A slot ending here starts exactly at the horizon, the last start allowed.
        latest_end = now_utc + rules.horizon + rules.slot_length
        # One spare day each side: local dates of instants are only nearly monotonic.
        first = max(first_day, earliest.astimezone(tz).date() - _ONE_DAY)
        last = min(last_day, latest_end.astimezone(tz).date() + _ONE_DAY)
        whole_days, partial = _sort_closures(closures, first, last, tz)
        days = [day for day in _date_range(first, last) if day not in whole_days]
        days = [day for day in days if day not in holidays]
        return cls(tz, rules, earliest, latest_end, days, partial)

    def to_utc(self, day: date, clock: time) -> datetime:
        key = (day, clock)
        found = self._utc.get(key)
        if found is None:
            found = self._utc[key] = local_to_utc(day, clock, self.tz)
        return found

    def hours(self, windows: Iterable[WeeklyWindow]) -> int:
        """A number for these weekly windows, the same for everyone who works these hours."""
        return self._hours.setdefault(tuple(windows), len(self._hours))

    def working_spans(self, hours: int, windows: list[WeeklyWindow], day: date) -> list[_Span]:
        """The day's working spans of the windows numbered `hours` (see hours()), worked out
        once per query for everyone who works them. The list is shared: do not change it."""
        key = (hours, day)
        found = self._work.get(key)
        if found is None:
            applying = [window for window in windows if _applies(window, day)]
            found = _working_spans(applying, day, self) if applying else []
            self._work[key] = found
        return found

    def bounds(self) -> _Span:
        """UTC span that can hold any slot of this query."""
        if not self.days:
            return self.earliest, self.earliest
        start = self.to_utc(self.days[0], time(0))
        end = self.to_utc(self.days[-1] + _ONE_DAY, time(0))
        return max(start, self.earliest), min(end, self.latest_end)


def local_to_utc(day: date, clock: time, tz: ZoneInfo) -> datetime:
    """A wall-clock time in `tz` as UTC: an ambiguous time is its first occurrence, a skipped
    one is read with the offset before the change."""
    return datetime.combine(day, clock.replace(fold=0), tzinfo=tz).astimezone(UTC)


def _to_utc(value: datetime, what: str) -> datetime:
    if not _is_aware(value):
        raise ValueError(f"{what} must be timezone-aware")
    return value.astimezone(UTC)


def _date_range(first: date, last: date) -> list[date]:
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


def _sort_closures(
    closures: Iterable[Closure], first: date, last: date, tz: ZoneInfo
) -> tuple[set[date], dict[date, list[_Span]]]:
    whole_days: set[date] = set()
    partial: dict[date, list[_Span]] = {}
    for closure in closures:
        if not first <= closure.day <= last:
            continue
        if closure.start is None or closure.end is None:
            whole_days.add(closure.day)
            continue
        span = (
            local_to_utc(closure.day, closure.start, tz),
            local_to_utc(closure.day, closure.end, tz),
        )
        partial.setdefault(closure.day, []).append(span)
    return whole_days, partial


def _merge(spans: Iterable[_Span]) -> list[_Span]:
    """Sorted union; touching spans join, empty ones vanish."""
    merged: list[_Span] = []
    for start, end in sorted(spans):
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _subtract(spans: list[_Span], holes: list[_Span]) -> list[_Span]:
    """Parts of sorted disjoint spans not covered by sorted disjoint holes."""
    free: list[_Span] = []
    for start, end in spans:
        for hole_start, hole_end in holes:
            if hole_end <= start:
                continue
            if hole_start >= end:
                break
            if hole_start > start:
                free.append((start, hole_start))
            start = hole_end
            if start >= end:
                break
        if start < end:
            free.append((start, end))
    return free


def _ceil_to_grid(instant: datetime, tz: ZoneInfo) -> datetime:
    # The grid is the local clock's; offsets elsewhere need not be whole hours.
    wall = instant + instant.astimezone(tz).utcoffset()
    excess = (wall - _EPOCH) % _GRID
    return instant + (_GRID - excess) if excess else instant


class _Timeline:
    """A counsellor's absences and buffered bookings as one sorted union, searchable by time."""

    __slots__ = ("ends", "spans")

    def __init__(self, counsellor: CounsellorTime, buffer: timedelta, bounds: _Span) -> None:
        low, high = bounds
        spans = [(a.start.astimezone(UTC), a.end.astimezone(UTC)) for a in counsellor.absences]
        spans += [
            (b.start.astimezone(UTC) - buffer, b.end.astimezone(UTC) + buffer)
            for b in counsellor.busy
        ]
        # Dropping what cannot matter keeps the sort small for one-day queries.
        self.spans = _merge(span for span in spans if span[1] > low and span[0] < high)
        self.ends = [end for _, end in self.spans]

    def within(self, low: datetime, high: datetime) -> list[_Span]:
        # Merged spans are disjoint, so ends ascend and bisect finds the first overlap.
        index = bisect_right(self.ends, low)
        found = []
        while index < len(self.spans) and self.spans[index][0] < high:
            found.append(self.spans[index])
            index += 1
        return found


def _windows_by_weekday(windows: Iterable[WeeklyWindow]) -> list[list[WeeklyWindow]]:
    by_weekday: list[list[WeeklyWindow]] = [[] for _ in range(7)]
    for window in windows:
        by_weekday[window.weekday].append(window)
    return by_weekday


def _applies(window: WeeklyWindow, day: date) -> bool:
    if window.valid_from is not None and day < window.valid_from:
        return False
    return window.valid_until is None or day <= window.valid_until


def _counsellor_starts(counsellor: CounsellorTime, calendar: _Calendar) -> list[datetime]:
    """UTC starts of the counsellor's slots over the calendar's days, ascending."""
    if not calendar.days:
        return []
    by_weekday = _windows_by_weekday(counsellor.windows)
    timeline = _Timeline(counsellor, calendar.rules.buffer, calendar.bounds())
    starts: list[datetime] = []
    for day in calendar.days:
        windows = [w for w in by_weekday[day.weekday()] if _applies(w, day)]
        if windows:
            starts.extend(_day_starts(windows, day, timeline, calendar))
    starts.sort()
    return starts


def _working_spans(windows: list[WeeklyWindow], day: date, calendar: _Calendar) -> list[_Span]:
    """The day's windows in UTC, clipped to the booking window and merged."""
    earliest, latest_end = calendar.earliest, calendar.latest_end
    spans = (
        (max(calendar.to_utc(day, w.start), earliest), min(calendar.to_utc(day, w.end), latest_end))
        for w in windows
    )
    return _merge(spans)


def _day_starts(
    windows: list[WeeklyWindow], day: date, timeline: _Timeline, calendar: _Calendar
) -> list[datetime]:
    work = _working_spans(windows, day, calendar)
    if not work:
        return []
    holes = timeline.within(work[0][0], work[-1][1])
    closed = calendar.partial_closures.get(day)
    if closed:
        holes = _merge(holes + closed)
    starts: list[datetime] = []
    for start, end in _subtract(work, holes):
        starts.extend(_lay(start, end, calendar))
    return starts


def _lay(start: datetime, end: datetime, calendar: _Calendar) -> list[datetime]:
    """Consecutive slot starts in one free stretch, a buffer apart."""
    length = calendar.rules.slot_length
    step = length + calendar.rules.buffer
    slot = _ceil_to_grid(start, calendar.tz)
    starts = []
    while slot + length <= end:
        starts.append(slot)
        slot += step
    return starts


def _open_slot(start: datetime, group: list[CounsellorTime], calendar: _Calendar) -> OpenSlot:
    tz = calendar.tz
    return OpenSlot(
        start=start.astimezone(tz),
        end=(start + calendar.rules.slot_length).astimezone(tz),
        counsellor_ids=tuple(sorted(c.counsellor_id for c in group)),
        languages=frozenset().union(*(c.languages for c in group)),
    )


def working_time(
    counsellors: Iterable[CounsellorTime],
    *,
    first_day: date,
    last_day: date,
    closures: Iterable[Closure] = (),
    holidays: Container[date] = frozenset(),
    tz: ZoneInfo = BERLIN,
) -> dict[int, list[_Span]]:
    """Each counsellor's bookable working time on local days first_day..last_day, as UTC
    (start, end) pairs: weekly windows minus holidays, closures and absences, ignoring
    bookings and the booking window (capacity for reports: what could have been booked,
    booked or not). One calendar serves everyone, so local times are converted once."""
    horizon = timedelta(days=(last_day - first_day).days + 2)
    rules = BookingRules(min_notice=timedelta(0), horizon=horizon)
    start = datetime.combine(first_day - _ONE_DAY, time(), tzinfo=tz)
    calendar = _Calendar.build(first_day, last_day, closures, holidays, rules, start, tz)
    return {c.counsellor_id: _working_time(c, calendar) for c in counsellors}


def _working_time(counsellor: CounsellorTime, calendar: _Calendar) -> list[_Span]:
    if not calendar.days:
        return []
    by_weekday = _windows_by_weekday(counsellor.windows)
    hours = [calendar.hours(windows) for windows in by_weekday]
    timeline = _Timeline(replace(counsellor, busy=()), timedelta(0), calendar.bounds())
    spans: list[_Span] = []
    for day in calendar.days:
        weekday = day.weekday()
        work = calendar.working_spans(hours[weekday], by_weekday[weekday], day)
        if not work:
            continue
        holes = timeline.within(work[0][0], work[-1][1])
        closed = calendar.partial_closures.get(day)
        if closed:
            holes = _merge(holes + closed)
        spans.extend(_subtract(work, holes) if holes else work)
    return spans
