"""Property tests: the slot engine against a brute-force scan of random calendars."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from intake.availability.engine import (
    BERLIN,
    BookingRules,
    Closure,
    CounsellorTime,
    Interval,
    Slot,
    WeeklyWindow,
    free_slots,
    is_bookable,
    open_slots,
)

# Plain weeks, both DST changes of 2026 and autumn 2027, and the week of Buß- und Bettag.
FIRST_DAYS = [
    date(2026, 6, 8),
    date(2026, 3, 28),
    date(2026, 10, 24),
    date(2026, 11, 17),
    date(2027, 10, 30),
]
SPAN_DAYS = 3
STEP = timedelta(minutes=5)
PROPERTY_SETTINGS = settings(deadline=None, max_examples=150, derandomize=True)


@dataclass(frozen=True)
class Scenario:
    counsellor: CounsellorTime
    days: list[date]
    closures: list[Closure]
    holidays: frozenset[date]
    rules: BookingRules
    now: datetime


def as_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def local_to_utc(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=BERLIN).astimezone(UTC)


def midnight(day: date) -> datetime:
    return local_to_utc(day, time(0))


def clock_at(minutes: int) -> time:
    return time(minutes // 60, minutes % 60)


@st.composite
def windows(draw, days: list[date]) -> WeeklyWindow:
    weekday = draw(st.sampled_from(days)).weekday()
    # Window bounds sit on the 5-minute grid and end by 23:55, so no stretch crosses midnight.
    # Office hours are likelier, so windows meet the bookings drawn below.
    start = draw(st.integers(72, 216) | st.integers(0, 286)) * 5
    end = draw(st.integers(start // 5 + 1, 287)) * 5
    # Mostly open-ended, as most timetables are; otherwise too little working time is left.
    valid_from = draw(st.sampled_from([None, None, None, *days]))
    valid_until = draw(st.sampled_from([None, None, None, *days]))
    return WeeklyWindow(weekday, clock_at(start), clock_at(end), valid_from, valid_until)


@st.composite
def intervals(draw, origin: datetime, longest_minutes: int) -> Interval:
    start = origin + timedelta(
        days=draw(st.integers(0, SPAN_DAYS)),
        minutes=draw(st.integers(0, 1439)),
        seconds=draw(st.integers(0, 59)),
    )
    end = start + timedelta(minutes=draw(st.integers(1, longest_minutes)))
    zone = draw(st.sampled_from([UTC, BERLIN]))
    return Interval(start.astimezone(zone), end.astimezone(zone))


@st.composite
def bookings(draw, days: list[date]) -> Interval:
    day = draw(st.sampled_from(days))
    minute = draw(st.integers(6 * 60, 20 * 60))
    start = midnight(day) + timedelta(minutes=minute, seconds=draw(st.just(0) | st.integers(0, 59)))
    end = start + timedelta(minutes=draw(st.sampled_from([30, 60]) | st.integers(1, 180)))
    return Interval(start.astimezone(BERLIN), end)


@st.composite
def closures(draw, days: list[date]) -> Closure:
    day = draw(st.sampled_from(days))
    if draw(st.booleans()):
        return Closure(day)
    start = draw(st.integers(0, 1438))
    return Closure(day, clock_at(start), clock_at(draw(st.integers(start + 1, 1439))))


@st.composite
def counsellors(draw, days: list[date], counsellor_id: int = 1) -> CounsellorTime:
    origin = midnight(days[0]) - timedelta(hours=12)
    return CounsellorTime(
        counsellor_id=counsellor_id,
        languages=frozenset(draw(st.sets(st.sampled_from(["de", "en", "ar"]), min_size=1))),
        windows=tuple(draw(st.lists(windows(days), min_size=2, max_size=6))),
        absences=tuple(draw(st.lists(intervals(origin, 16 * 60), max_size=2))),
        busy=tuple(draw(st.lists(bookings(days) | intervals(origin, 180), max_size=10))),
    )


@st.composite
def office_moments(draw, days: list[date]) -> datetime:
    """An instant in office hours on one of the days, often on the 5-minute grid."""
    minutes = draw(st.integers(72, 240).map(lambda step: step * 5) | st.integers(6 * 60, 20 * 60))
    return midnight(draw(st.sampled_from(days))) + timedelta(
        minutes=minutes, seconds=draw(st.just(0) | st.integers(0, 59))
    )


@st.composite
def booking_rules(draw, days: list[date], now: datetime) -> BookingRules:
    # Notice and horizon often end in office hours, where they cut through working time.
    notice_end, horizon_end = sorted(draw(st.lists(office_moments(days), min_size=2, max_size=2)))
    if draw(st.booleans()):
        notice_end = None
    if draw(st.booleans()):
        horizon_end = None
    notice = draw(st.sampled_from([timedelta(0), timedelta(hours=24)]))
    if notice_end is not None and notice_end > now:
        notice = notice_end - now
    horizon = timedelta(weeks=8)
    if horizon_end is not None and horizon_end > now:
        horizon = horizon_end - now
    return BookingRules(
        slot_length=timedelta(minutes=draw(st.sampled_from([15, 20, 30, 45, 60, 90]))),
        buffer=timedelta(minutes=draw(st.sampled_from([0, 5, 10, 15]))),
        min_notice=notice,
        horizon=horizon,
    )


@st.composite
def scenarios(draw) -> Scenario:
    first = draw(st.sampled_from(FIRST_DAYS))
    days = [first + timedelta(days=offset) for offset in range(SPAN_DAYS)]
    # Days and minutes drawn apart: one wide integer range would cluster near midnight.
    now = midnight(first) + timedelta(
        days=draw(st.integers(-2, 1)),
        minutes=draw(st.integers(0, 1439)),
        seconds=draw(st.just(0) | st.integers(0, 59)),
    )
    return Scenario(
        counsellor=draw(counsellors(days)),
        days=days,
        closures=draw(st.lists(closures(days), max_size=2)),
        holidays=frozenset(draw(st.sets(st.sampled_from(days), max_size=1))),
        rules=draw(booking_rules(days, now)),
        now=now.astimezone(draw(st.sampled_from([UTC, BERLIN]))),
    )


def slots_of(scenario: Scenario) -> list[Slot]:
    return free_slots(
        scenario.counsellor,
        first_day=scenario.days[0],
        last_day=scenario.days[-1],
        closures=scenario.closures,
        holidays=scenario.holidays,
        rules=scenario.rules,
        now=scenario.now,
    )


def closed_days(scenario: Scenario) -> set[date]:
    whole = {closure.day for closure in scenario.closures if closure.start is None}
    return whole | set(scenario.holidays)


def blocked_spans(scenario: Scenario) -> list[tuple[datetime, datetime]]:
    """Everything that must stay free of slots, in UTC."""
    buffer = scenario.rules.buffer
    person = scenario.counsellor
    # UTC before any arithmetic: adding to a Europe/Berlin datetime moves the wall clock.
    spans = [(as_utc(a.start), as_utc(a.end)) for a in person.absences]
    spans += [(as_utc(b.start) - buffer, as_utc(b.end) + buffer) for b in person.busy]
    spans += [(midnight(day), midnight(day + timedelta(days=1))) for day in closed_days(scenario)]
    spans += [
        (local_to_utc(c.day, c.start), local_to_utc(c.day, c.end))
        for c in scenario.closures
        if c.start is not None and c.end is not None
    ]
    return spans


def in_a_window(scenario: Scenario, cell: datetime) -> bool:
    """Whether the 5-minute cell starting at `cell` lies in one of that local day's windows."""
    day = cell.astimezone(BERLIN).date()
    return any(
        window.weekday == day.weekday()
        and (window.valid_from is None or window.valid_from <= day)
        and (window.valid_until is None or day <= window.valid_until)
        and local_to_utc(day, window.start) <= cell
        and cell + STEP <= local_to_utc(day, window.end)
        for window in scenario.counsellor.windows
    )


def overlaps_any(spans: list[tuple[datetime, datetime]], start: datetime, end: datetime) -> bool:
    return any(low < end and start < high for low, high in spans)


def free_cells(scenario: Scenario) -> list[datetime]:
    """Brute force: every 5-minute cell that is working time, unblocked and past the notice."""
    blocked = blocked_spans(scenario)
    earliest = as_utc(scenario.now) + scenario.rules.min_notice
    cell = midnight(scenario.days[0])
    end = midnight(scenario.days[-1] + timedelta(days=1))
    found = []
    while cell < end:
        if (
            cell >= earliest
            and in_a_window(scenario, cell)
            and not overlaps_any(blocked, cell, cell + STEP)
        ):
            found.append(cell)
        cell += STEP
    return found


def stretches(cells: list[datetime]) -> list[tuple[datetime, datetime]]:
    runs: list[tuple[datetime, datetime]] = []
    for cell in cells:
        if runs and runs[-1][1] == cell:
            runs[-1] = (runs[-1][0], cell + STEP)
        else:
            runs.append((cell, cell + STEP))
    return runs


def utc_span(slot: Slot) -> tuple[datetime, datetime]:
    return slot.start.astimezone(UTC), slot.end.astimezone(UTC)


@PROPERTY_SETTINGS
@given(scenarios())
def test_every_slot_obeys_every_rule(scenario):
    rules = scenario.rules
    blocked = blocked_spans(scenario)
    now = as_utc(scenario.now)

    for slot in slots_of(scenario):
        start, end = utc_span(slot)
        assert end - start == rules.slot_length
        assert now + rules.min_notice <= start <= now + rules.horizon
        assert not overlaps_any(blocked, start, end)
        assert slot.start.date() in scenario.days
        assert slot.start.tzinfo is BERLIN
        assert (slot.start.minute % 5, slot.start.second, slot.start.microsecond) == (0, 0, 0)
        # Overlapping or touching windows form one stretch, so the check is against their union.
        cells = [start + STEP * index for index in range(rules.slot_length // STEP)]
        assert all(in_a_window(scenario, cell) for cell in cells)


@PROPERTY_SETTINGS
@given(scenarios())
def test_slots_of_one_counsellor_are_sorted_and_never_overlap(scenario):
    spans = [utc_span(slot) for slot in slots_of(scenario)]

    assert all(earlier[1] <= later[0] for earlier, later in zip(spans, spans[1:], strict=False))


@PROPERTY_SETTINGS
@given(scenarios())
def test_no_slot_is_lost(scenario):
    rules = scenario.rules
    last_end = as_utc(scenario.now) + rules.horizon + rules.slot_length
    starts = [utc_span(slot)[0] for slot in slots_of(scenario)]

    for low, high in stretches(free_cells(scenario)):
        bookable_end = min(high, last_end)
        if bookable_end - low >= rules.slot_length + STEP:
            assert any(low <= start < bookable_end for start in starts), (low, bookable_end)


@PROPERTY_SETTINGS
@given(scenarios())
def test_slots_are_exactly_those_laid_on_the_brute_force_stretches(scenario):
    # Grid-aligned windows, lengths and buffers make whole 5-minute cells an exact model.
    rules = scenario.rules
    latest = as_utc(scenario.now) + rules.horizon
    expected = []
    for low, high in stretches(free_cells(scenario)):
        start = low
        while start + rules.slot_length <= high and start <= latest:
            expected.append(start)
            start += rules.slot_length + rules.buffer

    assert [utc_span(slot)[0] for slot in slots_of(scenario)] == expected


@PROPERTY_SETTINGS
@given(scenarios())
def test_is_bookable_agrees_with_free_slots(scenario):
    slots = slots_of(scenario)
    starts = {utc_span(slot)[0] for slot in slots}
    options = {
        "closures": scenario.closures,
        "holidays": scenario.holidays,
        "rules": scenario.rules,
        "now": scenario.now,
    }

    for slot in slots:
        assert is_bookable(scenario.counsellor, slot.start, **options)
        nudged = as_utc(slot.start) + STEP
        assert is_bookable(scenario.counsellor, nudged, **options) == (nudged in starts)


@st.composite
def two_counsellor_scenarios(draw) -> tuple[Scenario, CounsellorTime, str | None]:
    scenario = draw(scenarios())
    other = draw(counsellors(scenario.days, counsellor_id=2))
    language = draw(st.none() | st.sampled_from(["de", "en", "ar"]))
    return scenario, other, language


@PROPERTY_SETTINGS
@given(two_counsellor_scenarios())
def test_open_slots_is_the_union_of_each_speakers_free_slots(case):
    scenario, other, language = case
    people = [scenario.counsellor, other]
    speakers = [p for p in people if language is None or language in p.languages]
    options = {
        "first_day": scenario.days[0],
        "last_day": scenario.days[-1],
        "closures": scenario.closures,
        "holidays": scenario.holidays,
        "rules": scenario.rules,
        "now": scenario.now,
    }
    expected: dict[datetime, list[int]] = defaultdict(list)
    for person in speakers:
        for slot in free_slots(person, **options):
            expected[slot.start.astimezone(UTC)].append(person.counsellor_id)

    merged = open_slots(people, language=language, **options)

    assert {utc_span(slot)[0]: list(slot.counsellor_ids) for slot in merged} == expected
    assert [utc_span(slot)[0] for slot in merged] == sorted(expected)
    languages = {p.counsellor_id: p.languages for p in people}
    for slot in merged:
        assert slot.languages == frozenset().union(*(languages[i] for i in slot.counsellor_ids))
