"""Preferred periods: codes to bitmask and back, and which period a slot start falls in,
in office time (DST included)."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from intake.core import preferred_periods

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY_MORNING = preferred_periods.to_mask(["mon_morning"])
MONDAY_AFTERNOON = preferred_periods.to_mask(["mon_afternoon"])


def local(*parts) -> datetime:
    return datetime(*parts, tzinfo=BERLIN)


def test_codes_survive_the_round_trip_through_the_bitmask():
    codes = ["mon_morning", "thu_afternoon", "fri_morning"]
    assert preferred_periods.to_codes(preferred_periods.to_mask(codes)) == codes


def test_no_codes_store_nothing_and_an_unknown_code_is_refused():
    assert preferred_periods.to_mask([]) is None
    assert preferred_periods.to_codes(None) == []
    with pytest.raises(KeyError):
        preferred_periods.to_mask(["sat_morning"])


def test_ten_periods_fit_a_small_integer_column():
    assert len(preferred_periods.CODES) == 10
    assert preferred_periods.to_mask(preferred_periods.CODES) < 2**15


@pytest.mark.parametrize(
    ("start", "mask"),
    [
        (local(2026, 11, 16, 9, 0), MONDAY_MORNING),
        (local(2026, 11, 16, 11, 30), MONDAY_MORNING),  # starts before noon: a morning slot
        (local(2026, 11, 16, 11, 59, 59), MONDAY_MORNING),
        (local(2026, 11, 16, 12, 0), MONDAY_AFTERNOON),
        (local(2026, 11, 16, 17, 0), MONDAY_AFTERNOON),
    ],
)
def test_a_slot_start_falls_in_the_morning_before_noon_office_time(start, mask):
    assert preferred_periods.period_of(start, BERLIN) == mask
    assert preferred_periods.period_of(start.astimezone(UTC), BERLIN) == mask


def test_the_same_utc_hour_is_morning_in_winter_and_afternoon_in_summer():
    winter = datetime(2027, 3, 22, 10, 30, tzinfo=UTC)  # Monday 11:30 CET
    summer = datetime(2027, 3, 29, 10, 30, tzinfo=UTC)  # Monday 12:30 CEST, after the change
    assert preferred_periods.period_of(winter, BERLIN) == MONDAY_MORNING
    assert preferred_periods.period_of(summer, BERLIN) == MONDAY_AFTERNOON


def test_a_weekend_slot_is_in_no_period():
    assert preferred_periods.period_of(local(2026, 11, 21, 10, 0), BERLIN) == 0


@pytest.mark.parametrize(
    ("mask", "period", "allowed"),
    [
        (None, MONDAY_MORNING, True),  # named nothing: any time
        (0, 0, True),
        (MONDAY_MORNING, MONDAY_MORNING, True),
        (MONDAY_MORNING, MONDAY_AFTERNOON, False),
        (MONDAY_MORNING | MONDAY_AFTERNOON, MONDAY_AFTERNOON, True),
        (MONDAY_MORNING, 0, False),  # a weekend slot for someone who named weekdays
    ],
)
def test_a_request_allows_only_the_periods_it_named(mask, period, allowed):
    assert preferred_periods.allows(mask, period) is allowed
