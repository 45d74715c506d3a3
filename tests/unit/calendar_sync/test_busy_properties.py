"""Over many random outside calendars, no offered slot overlaps a busy (opaque, not
cancelled) event instance: recurrences, excluded and moved instances, all-day events and
other time zones included. Expected instances are worked out here, independently."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Event

from intake.availability import engine
from intake.calendar_sync import busy

OFFICE = ZoneInfo("Europe/Berlin")
ZONES = ["Europe/Berlin", "UTC", "America/New_York", "Asia/Kolkata", "Europe/London"]
NOW = datetime(2026, 10, 19, 6, tzinfo=UTC)  # the week before summer time ends (25 October)
FIRST, LAST = date(2026, 10, 19), date(2026, 11, 15)
WINDOWS = tuple(engine.WeeklyWindow(d, time(8), time(18)) for d in range(5))
RULES = engine.BookingRules(
    slot_length=timedelta(minutes=30), min_notice=timedelta(0), horizon=timedelta(days=30)
)


@dataclass(frozen=True)
class Spec:
    day: int
    minute: int
    length: int
    zone: str
    all_day: bool
    transparent: bool
    status: str
    count: int
    excluded: int | None
    moved: int | None
    moved_by: int


specs = st.builds(
    Spec,
    day=st.integers(0, 20),
    minute=st.integers(6 * 4, 21 * 4).map(lambda q: q * 15),  # no local time in a DST gap
    length=st.integers(1, 16).map(lambda q: q * 15),
    zone=st.sampled_from(ZONES),
    all_day=st.booleans(),
    transparent=st.booleans(),
    status=st.sampled_from(["CONFIRMED", "TENTATIVE", "CANCELLED", None]),
    count=st.integers(1, 4),
    excluded=st.none() | st.integers(0, 3),
    moved=st.none() | st.integers(0, 3),
    moved_by=st.integers(-48, 48).map(lambda q: q * 30),
)


def starts(spec: Spec) -> list[datetime | date]:
    """Each instance's start before moves and exclusions, in the event's own zone."""
    first = FIRST + timedelta(days=spec.day)
    if spec.all_day:
        return [first + timedelta(weeks=k) for k in range(spec.count)]
    clock = time(spec.minute // 60, spec.minute % 60)
    zone = ZoneInfo(spec.zone)
    return [datetime.combine(first + timedelta(weeks=k), clock, zone) for k in range(spec.count)]


def component(spec: Spec, uid: str) -> list[Event]:
    begins = starts(spec)
    main = Event()
    main.add("uid", uid)
    main.add("dtstamp", NOW)
    main.add("dtstart", begins[0])
    main.add("dtend", _end(spec, begins[0]))
    if spec.transparent:
        main.add("transp", "TRANSPARENT")
    if spec.status:
        main.add("status", spec.status)
    if spec.count > 1:
        main.add("rrule", {"freq": "weekly", "count": spec.count})
    if spec.excluded is not None and spec.excluded < spec.count:
        main.add("exdate", begins[spec.excluded])
    events = [main]
    if spec.moved is not None and spec.moved < spec.count and spec.moved != spec.excluded:
        moved = Event()
        moved.add("uid", uid)
        moved.add("dtstamp", NOW)
        moved.add("recurrence-id", begins[spec.moved])
        new_start = _shift(spec, begins[spec.moved])
        moved.add("dtstart", new_start)
        moved.add("dtend", _end(spec, new_start))
        if spec.transparent:
            moved.add("transp", "TRANSPARENT")
        if spec.status:
            moved.add("status", spec.status)
        events.append(moved)
    return events


def _end(spec: Spec, start):
    return start + (timedelta(days=1) if spec.all_day else timedelta(minutes=spec.length))


def _shift(spec: Spec, start):
    if spec.all_day:
        return start + timedelta(days=spec.moved_by // 720)
    return start + timedelta(minutes=spec.moved_by)


def expected_busy(spec: Spec) -> list[tuple[datetime, datetime]]:
    """Instances that must block, as UTC spans; all-day ones block the office's local day."""
    if spec.transparent or spec.status == "CANCELLED":
        return []
    spans = []
    for index, start in enumerate(starts(spec)):
        if index == spec.excluded:
            continue
        if index == spec.moved:
            start = _shift(spec, start)
        end = _end(spec, start)
        if spec.all_day:
            start = datetime.combine(start, time(), OFFICE)
            end = datetime.combine(end, time(), OFFICE)
        spans.append((start.astimezone(UTC), end.astimezone(UTC)))
    return spans


def calendar_text(all_specs: list[Spec]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//tests//random//EN")
    calendar.add("version", "2.0")
    for number, spec in enumerate(all_specs):
        for event in component(spec, f"event-{number}"):
            calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


@settings(max_examples=120, deadline=None)
@given(st.lists(specs, max_size=6))
def test_no_offered_slot_overlaps_a_busy_instance(all_specs):
    window_start = datetime.combine(FIRST, time(), OFFICE).astimezone(UTC)
    window_end = datetime.combine(LAST + timedelta(days=1), time(), OFFICE).astimezone(UTC)
    # One object per event, as a CalDAV server stores them.
    texts = [calendar_text([spec]) for spec in all_specs]
    read = busy.busy_in_calendars(texts, window_start, window_end, OFFICE)
    counsellor = engine.CounsellorTime(
        counsellor_id=1,
        languages=frozenset({"de"}),
        windows=WINDOWS,
        absences=tuple(engine.Interval(a, b) for a, b in read),
    )
    slots = engine.free_slots(counsellor, first_day=FIRST, last_day=LAST, rules=RULES, now=NOW)
    must_block = [span for spec in all_specs for span in expected_busy(spec)]
    for slot in slots:
        for start, end in must_block:
            assert not (slot.start < end and start < slot.end), (slot, start, end)


@settings(max_examples=60, deadline=None)
@given(st.lists(specs, max_size=4))
def test_free_and_cancelled_events_never_block(all_specs):
    """The other half: what is transparent or cancelled leaves every slot offered."""
    quiet = [
        Spec(**{**spec.__dict__, "transparent": True})
        if index % 2
        else Spec(**{**spec.__dict__, "status": "CANCELLED"})
        for index, spec in enumerate(all_specs)
    ]
    window_start = datetime.combine(FIRST, time(), OFFICE).astimezone(UTC)
    window_end = datetime.combine(LAST + timedelta(days=1), time(), OFFICE).astimezone(UTC)
    assert (
        busy.busy_in_calendars(
            [calendar_text([spec]) for spec in quiet], window_start, window_end, OFFICE
        )
        == []
    )
