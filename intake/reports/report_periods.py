"""Report periods in office time: presets, and the UTC boundaries of local weeks and months."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l

GRAINS = ("week", "month")
PRESETS = {
    "this_month": _l("This month"),
    "last_month": _l("Last month"),
    "this_quarter": _l("This quarter"),
    "last_quarter": _l("Last quarter"),
    "this_year": _l("This year"),
    "last_year": _l("Last year"),
}
MAX_DAYS = 3 * 366


@dataclass(frozen=True)
class Bucket:
    """One week or month of the report: its first local day and its UTC span [start, end)."""

    first_day: date
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Period:
    """Local days first..last (inclusive), shown by week or by month."""

    first: date
    last: date
    grain: str = "month"

    def utc_span(self, tz: ZoneInfo) -> tuple[datetime, datetime]:
        return local_midnight(self.first, tz), local_midnight(self.last + timedelta(days=1), tz)

    def buckets(self, tz: ZoneInfo, grain: str | None = None) -> list[Bucket]:
        """The weeks (from Monday) or months touching the period, clipped to it, so that
        every bucket's span is the local days it covers turned into UTC at local midnight."""
        step = _next_week if (grain or self.grain) == "week" else _next_month
        buckets, day = [], self.first
        while day <= self.last:
            following = min(step(day), self.last + timedelta(days=1))
            buckets.append(Bucket(day, local_midnight(day, tz), local_midnight(following, tz)))
            day = following
        return buckets


def local_midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(), tzinfo=tz).astimezone(UTC)


def _next_week(day: date) -> date:
    return day + timedelta(days=7 - day.weekday())


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def preset(name: str, today: date) -> tuple[date, date]:
    """First and last day of a named period around `today` (local)."""
    month = today.replace(day=1)
    quarter = _quarter_start(today)
    spans = {
        "this_month": (month, _next_month(month) - timedelta(days=1)),
        "last_month": (_month_before(month), month - timedelta(days=1)),
        "this_quarter": (quarter, _quarter_after(quarter) - timedelta(days=1)),
        "last_quarter": (_quarter_start(quarter - timedelta(days=1)), quarter - timedelta(days=1)),
        "this_year": (date(today.year, 1, 1), date(today.year, 12, 31)),
        "last_year": (date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)),
    }
    return spans[name]


def _month_before(day: date) -> date:
    return (day - timedelta(days=1)).replace(day=1)


def _quarter_after(day: date) -> date:
    return _next_month(_next_month(_next_month(day)))
