"""Unit tests for the slot engine, one rule at a time, on fixed dates."""

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest

from intake.availability.engine import (
    BERLIN,
    BookingRules,
    Closure,
    CounsellorTime,
    Interval,
    OpenSlot,
    Slot,
    WeeklyWindow,
    free_slots,
    is_bookable,
    open_slots,
    saxony_holidays,
)

MONDAY = date(2026, 6, 8)
TUESDAY = MONDAY + timedelta(days=1)
WEDNESDAY = MONDAY + timedelta(days=2)
SUNDAY = MONDAY + timedelta(days=6)
LONG_AGO = datetime(2026, 1, 1, 8, 0, tzinfo=BERLIN)
NO_LIMITS = BookingRules(min_notice=timedelta(0), horizon=timedelta(weeks=200))


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=BERLIN)


def every_day(start: time, end: time, **validity: date) -> tuple[WeeklyWindow, ...]:
    return tuple(WeeklyWindow(weekday, start, end, **validity) for weekday in range(7))


def counsellor(
    windows: tuple[WeeklyWindow, ...],
    *,
    counsellor_id: int = 1,
    languages: frozenset[str] = frozenset({"de"}),
    absences: tuple[Interval, ...] = (),
    busy: tuple[Interval, ...] = (),
) -> CounsellorTime:
    return CounsellorTime(counsellor_id, languages, windows, absences, busy)


def slots_between(person: CounsellorTime, first: date, last: date, **kwargs) -> list[Slot]:
    kwargs.setdefault("rules", NO_LIMITS)
    kwargs.setdefault("now", LONG_AGO)
    return free_slots(person, first_day=first, last_day=last, **kwargs)


def starts_on(slots: list[Slot], day: date) -> list[time]:
    return [slot.start.timetz().replace(tzinfo=None) for slot in slots if slot.start.date() == day]


def clock(*values: str) -> list[time]:
    return [time.fromisoformat(value) for value in values]


def test_plain_week_yields_half_hour_slots_on_working_days_only():
    windows = tuple(WeeklyWindow(day, time(9), time(11)) for day in (0, 2))
    now = local(MONDAY - timedelta(days=7), 12)
    slots = slots_between(counsellor(windows), MONDAY, SUNDAY, rules=BookingRules(), now=now)

    assert [slot.start for slot in slots] == [
        local(day, hour, minute)
        for day in (MONDAY, WEDNESDAY)
        for hour in (9, 10)
        for minute in (0, 30)
    ]
    assert all(slot.end - slot.start == timedelta(minutes=30) for slot in slots)
    assert all(slot.start.tzinfo is BERLIN and slot.counsellor_id == 1 for slot in slots)


def test_slots_follow_a_custom_slot_length_and_stop_when_the_next_would_not_fit():
    person = counsellor((WeeklyWindow(0, time(9), time(11)),))
    rules = replace(NO_LIMITS, slot_length=timedelta(minutes=45))

    slots = slots_between(person, MONDAY, MONDAY, rules=rules)

    assert starts_on(slots, MONDAY) == clock("09:00", "09:45")


def test_saxony_holidays_names_buss_und_bettag_and_reformationstag():
    found = saxony_holidays([2026])

    assert found[date(2026, 11, 18)] == "Buß- und Bettag"
    assert found[date(2026, 10, 31)] == "Reformationstag"
    assert date(2026, 1, 6) not in found  # Heilige Drei Könige is not a holiday in Saxony
    assert list(found) == sorted(found)


def test_slot_is_hidden_on_buss_und_bettag():
    buss_und_bettag = date(2026, 11, 18)
    person = counsellor(every_day(time(9), time(12)))

    slots = slots_between(
        person,
        buss_und_bettag - timedelta(days=1),
        buss_und_bettag + timedelta(days=1),
        holidays=saxony_holidays([2026]),
    )

    assert starts_on(slots, buss_und_bettag) == []
    assert len(starts_on(slots, buss_und_bettag - timedelta(days=1))) == 6
    assert len(starts_on(slots, buss_und_bettag + timedelta(days=1))) == 6


def test_slot_is_hidden_on_reformation_day():
    reformation_day = date(2025, 10, 31)  # a Friday
    person = counsellor(every_day(time(9), time(12)))

    slots = slots_between(
        person,
        reformation_day - timedelta(days=1),
        reformation_day,
        holidays=saxony_holidays([2025]),
        now=local(date(2025, 10, 1), 8),
    )

    assert starts_on(slots, reformation_day) == []
    assert len(starts_on(slots, reformation_day - timedelta(days=1))) == 6


def test_closure_with_a_time_range_removes_only_that_range():
    person = counsellor(every_day(time(9), time(12)))
    closure = Closure(TUESDAY, time(10), time(11))

    slots = slots_between(person, MONDAY, TUESDAY, closures=[closure])

    assert starts_on(slots, TUESDAY) == clock("09:00", "09:30", "11:00", "11:30")
    assert len(starts_on(slots, MONDAY)) == 6


def test_whole_day_closure_removes_the_day():
    person = counsellor(every_day(time(9), time(12)))

    slots = slots_between(person, MONDAY, WEDNESDAY, closures=[Closure(TUESDAY)])

    assert starts_on(slots, TUESDAY) == []
    assert len(starts_on(slots, MONDAY)) == len(starts_on(slots, WEDNESDAY)) == 6


def test_absence_across_midnight_removes_end_of_one_day_and_start_of_the_next():
    absence = Interval(local(TUESDAY, 15), local(WEDNESDAY, 10))
    person = counsellor(
        every_day(time(13), time(17)) + every_day(time(8), time(12)), absences=(absence,)
    )

    slots = slots_between(person, TUESDAY, WEDNESDAY)

    assert starts_on(slots, TUESDAY) == clock(
        "08:00",
        "08:30",
        "09:00",
        "09:30",
        "10:00",
        "10:30",
        "11:00",
        "11:30",
        "13:00",
        "13:30",
        "14:00",
        "14:30",
    )
    assert starts_on(slots, WEDNESDAY)[0] == time(10)
    assert starts_on(slots, WEDNESDAY)[-1] == time(16, 30)


def test_absence_given_in_utc_is_removed_at_the_same_instant():
    absence = Interval(
        datetime(2026, 6, 8, 8, 0, tzinfo=UTC), datetime(2026, 6, 8, 9, 0, tzinfo=UTC)
    )
    person = counsellor((WeeklyWindow(0, time(9), time(12)),), absences=(absence,))

    slots = slots_between(person, MONDAY, MONDAY)

    assert starts_on(slots, MONDAY) == clock("09:00", "09:30", "11:00", "11:30")


def test_odd_absence_end_rounds_the_next_slot_up_to_five_minutes():
    absence = Interval(local(MONDAY, 8), local(MONDAY, 9, 7) + timedelta(seconds=1))
    person = counsellor((WeeklyWindow(0, time(9), time(11)),), absences=(absence,))

    slots = slots_between(person, MONDAY, MONDAY)

    assert starts_on(slots, MONDAY) == clock("09:10", "09:40", "10:10")
    assert all(slot.start.second == slot.start.microsecond == 0 for slot in slots)


def test_timetable_change_applies_from_its_valid_from_day():
    change = WEDNESDAY
    old = every_day(time(9), time(10), valid_until=change - timedelta(days=1))
    new = every_day(time(14), time(15), valid_from=change)

    slots = slots_between(counsellor(old + new), MONDAY, date(2026, 6, 11))

    assert starts_on(slots, TUESDAY) == clock("09:00", "09:30")
    assert starts_on(slots, WEDNESDAY) == clock("14:00", "14:30")
    assert starts_on(slots, date(2026, 6, 11)) == clock("14:00", "14:30")


def test_overlapping_windows_merge_without_overlapping_slots():
    windows = (WeeklyWindow(0, time(9), time(10, 15)), WeeklyWindow(0, time(10), time(11)))

    slots = slots_between(counsellor(windows), MONDAY, MONDAY)

    assert starts_on(slots, MONDAY) == clock("09:00", "09:30", "10:00", "10:30")


def test_adjacent_windows_form_one_stretch():
    windows = (WeeklyWindow(0, time(9), time(10)), WeeklyWindow(0, time(10), time(11)))
    rules = replace(NO_LIMITS, buffer=timedelta(minutes=10))

    slots = slots_between(counsellor(windows), MONDAY, MONDAY, rules=rules)

    assert starts_on(slots, MONDAY) == clock("09:00", "09:40", "10:20")


def test_booking_ending_just_after_opening_delays_the_first_slot():
    busy = Interval(local(MONDAY, 8, 30), local(MONDAY, 9, 3))
    person = counsellor((WeeklyWindow(0, time(9), time(11)),), busy=(busy,))

    slots = slots_between(person, MONDAY, MONDAY)

    assert starts_on(slots, MONDAY) == clock("09:05", "09:35", "10:05")


def test_closure_overlapping_an_absence_and_a_booking_removes_all_three():
    absence = Interval(local(MONDAY, 9), local(MONDAY, 9, 30))
    busy = Interval(local(MONDAY, 10, 30), local(MONDAY, 11))
    person = counsellor((WeeklyWindow(0, time(9), time(12)),), absences=(absence,), busy=(busy,))

    slots = slots_between(person, MONDAY, MONDAY, closures=[Closure(MONDAY, time(9, 15), time(10))])

    assert starts_on(slots, MONDAY) == clock("10:00", "11:00", "11:30")


def test_busy_appointment_is_removed():
    busy = Interval(local(MONDAY, 10), local(MONDAY, 10, 30))
    person = counsellor((WeeklyWindow(0, time(9), time(12)),), busy=(busy,))

    slots = slots_between(person, MONDAY, MONDAY)

    assert starts_on(slots, MONDAY) == clock("09:00", "09:30", "10:30", "11:00", "11:30")


def test_buffer_is_kept_free_around_busy_appointments_and_between_slots():
    busy = Interval(local(MONDAY, 10), local(MONDAY, 10, 30))
    person = counsellor((WeeklyWindow(0, time(9), time(12)),), busy=(busy,))
    rules = replace(NO_LIMITS, buffer=timedelta(minutes=10))

    slots = slots_between(person, MONDAY, MONDAY, rules=rules)

    # Busy 10:00-10:30 blocks 09:50-10:40; new slots are laid 30 + 10 minutes apart.
    assert starts_on(slots, MONDAY) == clock("09:00", "10:40", "11:20")


def test_minimum_notice_hides_early_slots_and_rounds_to_the_grid():
    person = counsellor(every_day(time(8), time(10)))
    now = local(MONDAY, 8, 7) + timedelta(seconds=13)

    slots = slots_between(person, MONDAY, WEDNESDAY, rules=BookingRules(), now=now)

    assert starts_on(slots, MONDAY) == []
    assert starts_on(slots, TUESDAY) == clock("08:10", "08:40", "09:10")
    assert starts_on(slots, WEDNESDAY) == clock("08:00", "08:30", "09:00", "09:30")


def test_slot_exactly_at_the_notice_boundary_is_offered():
    person = counsellor(every_day(time(8), time(10)))

    slots = slots_between(person, MONDAY, TUESDAY, rules=BookingRules(), now=local(MONDAY, 9))

    assert starts_on(slots, TUESDAY) == clock("09:00", "09:30")


def test_horizon_is_the_last_allowed_start():
    person = counsellor(every_day(time(8), time(10)))
    rules = BookingRules(min_notice=timedelta(0), horizon=timedelta(days=2))

    slots = slots_between(person, MONDAY, SUNDAY, rules=rules, now=local(MONDAY, 9))

    assert slots[0].start == local(MONDAY, 9)
    assert slots[-1].start == local(WEDNESDAY, 9)
    assert starts_on(slots, date(2026, 6, 11)) == []


def test_slot_starting_just_after_the_horizon_is_hidden():
    person = counsellor(every_day(time(8), time(10)))
    rules = BookingRules(min_notice=timedelta(0), horizon=timedelta(days=2, minutes=-5))

    slots = slots_between(person, MONDAY, SUNDAY, rules=rules, now=local(MONDAY, 9))

    assert slots[-1].start == local(WEDNESDAY, 8, 30)


DST_CHANGES = [
    pytest.param(date(2026, 3, 29), "+01:00", "+02:00", id="spring-2026"),
    pytest.param(date(2026, 10, 25), "+02:00", "+01:00", id="autumn-2026"),
    pytest.param(date(2027, 3, 28), "+01:00", "+02:00", id="spring-2027"),
    pytest.param(date(2027, 10, 31), "+02:00", "+01:00", id="autumn-2027"),
]


def offset(moment: datetime) -> str:
    return moment.isoformat()[-6:]


@pytest.mark.parametrize(("sunday", "before", "after"), DST_CHANGES)
def test_nine_oclock_window_stays_at_nine_local_across_a_dst_change(sunday, before, after):
    friday, monday = sunday - timedelta(days=2), sunday + timedelta(days=1)
    person = counsellor(tuple(WeeklyWindow(day, time(9), time(9, 30)) for day in (4, 6, 0)))

    # No holidays passed: Good Friday and Easter Monday 2027 fall on these very days.
    slots = slots_between(person, friday, monday)

    assert [slot.start.date() for slot in slots] == [friday, sunday, monday]
    assert all(slot.start.time() == time(9) for slot in slots)
    assert [offset(slot.start) for slot in slots] == [before, after, after]
    assert [slot.end - slot.start for slot in slots] == [timedelta(minutes=30)] * 3


def exists_locally(moment: datetime) -> bool:
    """A wall-clock reading that survives a round trip through UTC is a real local time."""
    wall = moment.replace(tzinfo=None)
    return (
        wall.replace(tzinfo=BERLIN).astimezone(UTC).astimezone(BERLIN).replace(tzinfo=None) == wall
    )


@pytest.mark.parametrize("sunday", [date(2026, 3, 29), date(2027, 3, 28)])
def test_night_window_on_spring_forward_never_yields_a_nonexistent_time(sunday):
    person = counsellor((WeeklyWindow(6, time(1, 30), time(4)),))

    slots = slots_between(person, sunday, sunday)

    # 01:30 CET to 04:00 CEST is 90 real minutes.
    assert [slot.start.strftime("%H:%M%z") for slot in slots] == [
        "01:30+0100",
        "03:00+0200",
        "03:30+0200",
    ]
    assert all(exists_locally(slot.start) and exists_locally(slot.end) for slot in slots)
    assert all(
        slot.end.astimezone(UTC) - slot.start.astimezone(UTC) == timedelta(minutes=30)
        for slot in slots
    )


@pytest.mark.parametrize("sunday", [date(2026, 10, 25), date(2027, 10, 31)])
def test_night_window_on_fall_back_yields_the_repeated_hour_twice(sunday):
    person = counsellor((WeeklyWindow(6, time(1, 30), time(4)),))

    slots = slots_between(person, sunday, sunday)

    assert [slot.start.strftime("%H:%M%z") for slot in slots] == [
        "01:30+0200",
        "02:00+0200",
        "02:30+0200",
        "02:00+0100",
        "02:30+0100",
        "03:00+0100",
        "03:30+0100",
    ]
    instants = [slot.start.astimezone(UTC) for slot in slots]
    assert instants == sorted(set(instants))


def test_ambiguous_window_start_resolves_to_its_first_occurrence():
    sunday = date(2026, 10, 25)
    person = counsellor((WeeklyWindow(6, time(2, 30), time(3)),))

    slots = slots_between(person, sunday, sunday)

    # 02:30 CEST (first occurrence) to 03:00 CET is 90 real minutes.
    assert len(slots) == 3
    assert slots[0].start.strftime("%H:%M%z") == "02:30+0200"


def test_open_slots_merges_counsellors_free_at_the_same_time():
    window = (WeeklyWindow(0, time(9), time(10)),)
    german = counsellor(window, counsellor_id=7, languages=frozenset({"de"}))
    busy = (Interval(local(MONDAY, 9, 30), local(MONDAY, 10)),)
    arabic = counsellor(window, counsellor_id=3, languages=frozenset({"ar", "en"}), busy=busy)

    slots = open_slots(
        [german, arabic], first_day=MONDAY, last_day=MONDAY, rules=NO_LIMITS, now=LONG_AGO
    )

    assert slots == [
        OpenSlot(local(MONDAY, 9), local(MONDAY, 9, 30), (3, 7), frozenset({"de", "ar", "en"})),
        OpenSlot(local(MONDAY, 9, 30), local(MONDAY, 10), (7,), frozenset({"de"})),
    ]


def test_open_slots_language_filter_keeps_only_speakers():
    window = (WeeklyWindow(0, time(9), time(10)),)
    german = counsellor(window, counsellor_id=7, languages=frozenset({"de"}))
    arabic = counsellor(window, counsellor_id=3, languages=frozenset({"ar", "en"}))

    def with_language(language: str) -> list[OpenSlot]:
        return open_slots(
            [german, arabic],
            first_day=MONDAY,
            last_day=MONDAY,
            rules=NO_LIMITS,
            now=LONG_AGO,
            language=language,
        )

    assert {slot.counsellor_ids for slot in with_language("ar")} == {(3,)}
    assert {slot.languages for slot in with_language("ar")} == {frozenset({"ar", "en"})}
    assert {slot.counsellor_ids for slot in with_language("de")} == {(7,)}
    assert with_language("uk") == []


@pytest.fixture
def bookable_person() -> CounsellorTime:
    busy = (Interval(local(MONDAY, 10), local(MONDAY, 10, 30)),)
    return counsellor(every_day(time(9), time(12)), busy=busy)


def check(person: CounsellorTime, start: datetime, **kwargs) -> bool:
    return is_bookable(person, start, rules=NO_LIMITS, now=LONG_AGO, **kwargs)


def test_is_bookable_is_true_for_a_listed_slot(bookable_person):
    listed = slots_between(bookable_person, MONDAY, MONDAY)

    assert all(check(bookable_person, slot.start) for slot in listed)
    assert check(bookable_person, local(MONDAY, 9).astimezone(UTC))


def test_is_bookable_is_false_off_the_grid(bookable_person):
    assert not check(bookable_person, local(MONDAY, 9, 15))
    assert not check(bookable_person, local(MONDAY, 9) + timedelta(seconds=1))


def test_is_bookable_is_false_for_a_busy_time(bookable_person):
    assert not check(bookable_person, local(MONDAY, 10))


def test_is_bookable_is_false_on_a_holiday(bookable_person):
    buss_und_bettag = date(2026, 11, 18)

    assert check(bookable_person, local(buss_und_bettag, 9))
    assert not check(bookable_person, local(buss_und_bettag, 9), holidays=saxony_holidays([2026]))


def test_is_bookable_respects_notice_and_closures(bookable_person):
    assert not is_bookable(bookable_person, local(TUESDAY, 9), now=local(MONDAY, 10))
    assert not check(bookable_person, local(TUESDAY, 9), closures=[Closure(TUESDAY)])


def test_naive_now_is_rejected():
    with pytest.raises(ValueError, match="timezone-aware"):
        free_slots(counsellor(()), first_day=MONDAY, last_day=MONDAY, now=datetime(2026, 6, 1))


@pytest.mark.parametrize(
    "build",
    [
        lambda: WeeklyWindow(7, time(9), time(10)),
        lambda: WeeklyWindow(0, time(10), time(9)),
        lambda: Interval(datetime(2026, 6, 1, 9), datetime(2026, 6, 1, 10)),
        lambda: Closure(MONDAY, time(9), None),
        lambda: BookingRules(slot_length=timedelta(0)),
        lambda: BookingRules(buffer=timedelta(minutes=-5)),
    ],
    ids=["weekday", "window-order", "naive-interval", "half-closure", "slot-length", "buffer"],
)
def test_invalid_values_are_rejected_on_construction(build):
    with pytest.raises(ValueError):  # noqa: PT011 - each case has its own message
        build()


def test_interval_in_the_repeated_autumn_hour_is_ordered_by_real_time():
    first = datetime(2026, 10, 25, 2, 50, tzinfo=BERLIN)
    second = datetime(2026, 10, 25, 2, 10, fold=1, tzinfo=BERLIN)

    assert Interval(first, second).end.astimezone(UTC) - first.astimezone(UTC) == timedelta(
        minutes=20
    )
