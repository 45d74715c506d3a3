"""Report periods: presets and buckets in office time."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from intake.reports.report_periods import Period, preset

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("this_month", (date(2027, 1, 1), date(2027, 1, 31))),
        ("last_month", (date(2026, 12, 1), date(2026, 12, 31))),
        ("this_quarter", (date(2027, 1, 1), date(2027, 3, 31))),
        ("last_quarter", (date(2026, 10, 1), date(2026, 12, 31))),
        ("this_year", (date(2027, 1, 1), date(2027, 12, 31))),
        ("last_year", (date(2026, 1, 1), date(2026, 12, 31))),
    ],
)
def test_presets_in_january_reach_back_over_new_year(name, expected):
    assert preset(name, date(2027, 1, 14)) == expected


def test_weeks_start_on_monday_at_local_midnight_and_are_clipped_to_the_period():
    buckets = Period(date(2026, 10, 22), date(2026, 11, 3), "week").buckets(BERLIN)
    assert [b.first_day for b in buckets] == [
        date(2026, 10, 22),
        date(2026, 10, 26),
        date(2026, 11, 2),
    ]
    # The clocks went back on 25 October: Monday 26 October starts at 23:00 UTC, not 22:00.
    assert buckets[1].start == datetime(2026, 10, 25, 23, 0, tzinfo=UTC)
    assert buckets[0].start == datetime(2026, 10, 21, 22, 0, tzinfo=UTC)


def test_months_run_over_new_year():
    buckets = Period(date(2026, 12, 1), date(2027, 1, 31)).buckets(BERLIN)
    assert [b.start for b in buckets] == [
        datetime(2026, 11, 30, 23, 0, tzinfo=UTC),
        datetime(2026, 12, 31, 23, 0, tzinfo=UTC),
    ]
    assert buckets[-1].end == datetime(2027, 1, 31, 23, 0, tzinfo=UTC)
