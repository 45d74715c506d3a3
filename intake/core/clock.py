"""The one place that reads the wall clock and knows the office's time zone.

Tests freeze `now` by replacing it (monkeypatch `intake.core.clock.now`); everything else,
column defaults and session limits included, calls it through this module.
"""

from datetime import UTC, date, datetime
from functools import cache
from zoneinfo import ZoneInfo

from flask import current_app


def now() -> datetime:
    return datetime.now(UTC)


def utcnow() -> datetime:
    """`now` looked up at call time, for column defaults (a frozen clock reaches them too)."""
    return now()


@cache
def _zone(key: str) -> ZoneInfo:
    return ZoneInfo(key)


def office_tz() -> ZoneInfo:
    return _zone(current_app.config["TIMEZONE"])


def office_now() -> datetime:
    return now().astimezone(office_tz())


def office_today() -> date:
    return office_now().date()
