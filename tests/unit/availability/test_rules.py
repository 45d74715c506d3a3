"""Unit tests for the availability input rules: order, overlap, local time, past days."""

from datetime import UTC, date, datetime, time

import pytest

from intake.availability.engine import BERLIN, local_to_utc
from intake.availability.engine import WeeklyWindow as Window
from intake.availability.rules import (
    in_order,
    is_past,
    overlapping_windows,
    validity_overlaps,
    windows_overlap,
)

TUESDAY_MORNING = Window(1, time(9), time(12))


def window(start: int, end: int, weekday: int = 1, **validity: date) -> Window:
    return Window(weekday, time(start), time(end), **validity)


@pytest.mark.parametrize(
    ("other", "overlaps"),
    [
        (window(9, 12), True),
        (window(11, 13), True),
        (window(8, 10), True),
        (window(10, 11), True),
        (window(8, 13), True),
        (window(12, 14), False),
        (window(7, 9), False),
        (window(9, 12, weekday=2), False),
    ],
)
def test_windows_overlap_when_they_share_a_weekday_and_a_minute(other, overlaps):
    assert windows_overlap(TUESDAY_MORNING, other) is overlaps
    assert windows_overlap(other, TUESDAY_MORNING) is overlaps


@pytest.mark.parametrize(
    ("a", "b", "overlaps"),
    [
        ({}, {}, True),
        ({"valid_until": date(2026, 12, 31)}, {"valid_from": date(2027, 1, 1)}, False),
        ({"valid_until": date(2027, 1, 1)}, {"valid_from": date(2027, 1, 1)}, True),
        ({"valid_from": date(2027, 1, 1)}, {}, True),
        ({"valid_until": date(2026, 12, 31)}, {}, True),
        (
            {"valid_from": date(2027, 1, 1), "valid_until": date(2027, 3, 31)},
            {"valid_from": date(2027, 4, 1), "valid_until": date(2027, 6, 30)},
            False,
        ),
        (
            {"valid_from": date(2027, 1, 1), "valid_until": date(2027, 6, 30)},
            {"valid_from": date(2027, 3, 1), "valid_until": date(2027, 3, 31)},
            True,
        ),
    ],
)
def test_validity_ranges_are_inclusive_and_open_ends_reach_forever(a, b, overlaps):
    assert validity_overlaps(window(9, 12, **a), window(9, 12, **b)) is overlaps
    assert validity_overlaps(window(9, 12, **b), window(9, 12, **a)) is overlaps


def test_a_timetable_change_on_the_same_weekday_does_not_overlap():
    old = window(9, 12, valid_until=date(2026, 12, 31))
    new = window(10, 15, valid_from=date(2027, 1, 1))
    assert not windows_overlap(old, new)


def test_overlapping_windows_lists_every_clash_in_order():
    existing = [window(8, 10), window(10, 11, weekday=3), window(11, 13), window(13, 14)]
    assert overlapping_windows(window(9, 12), existing) == [window(8, 10), window(11, 13)]
    assert overlapping_windows(window(9, 12), []) == []


@pytest.mark.parametrize(
    ("first", "last", "strict", "expected"),
    [
        (time(9), time(10), True, True),
        (time(9), time(9), True, False),
        (time(9), time(9), False, True),
        (time(10), time(9), False, False),
        (date(2027, 1, 2), date(2027, 1, 1), False, False),
        (None, time(9), True, True),
        (time(9), None, True, True),
    ],
)
def test_in_order_compares_only_what_is_given(first, last, strict, expected):
    assert in_order(first, last, strict=strict) is expected


@pytest.mark.parametrize(
    ("day", "clock", "expected"),
    [
        (date(2026, 11, 24), time(15), datetime(2026, 11, 24, 14, tzinfo=UTC)),
        (date(2026, 7, 1), time(8), datetime(2026, 7, 1, 6, tzinfo=UTC)),
        # Spring forward: 02:30 does not exist and is read with the winter offset.
        (date(2026, 3, 29), time(2, 30), datetime(2026, 3, 29, 1, 30, tzinfo=UTC)),
        # Fall back: 02:30 happens twice; the first (summer time) counts.
        (date(2026, 10, 25), time(2, 30), datetime(2026, 10, 25, 0, 30, tzinfo=UTC)),
    ],
)
def test_local_to_utc_reads_berlin_wall_clock_times(day, clock, expected):
    assert local_to_utc(day, clock, BERLIN) == expected


def test_an_absence_across_midnight_keeps_its_order_in_utc():
    start = local_to_utc(date(2026, 11, 24), time(15), BERLIN)
    end = local_to_utc(date(2026, 11, 25), time(10), BERLIN)
    assert (start, end) == (
        datetime(2026, 11, 24, 14, tzinfo=UTC),
        datetime(2026, 11, 25, 9, tzinfo=UTC),
    )
    assert in_order(start, end)


@pytest.mark.parametrize(
    ("day", "past"),
    [(date(2026, 11, 19), True), (date(2026, 11, 20), False), (date(2026, 11, 21), False)],
)
def test_only_days_before_today_are_past(day, past):
    assert is_past(day, today=date(2026, 11, 20)) is past
