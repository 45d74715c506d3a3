"""Preferred periods: the parts of the office week in which a waiting request can come or be
called, weekday (Monday to Friday) × morning (before 12:00) or afternoon, in office time.

They are stored as a small bitmask on the case (bit 2 × weekday for the morning, the next bit
for the afternoon; Monday is weekday 0), not as a child table: the vocabulary is fixed and
tiny, the waiting list tests one bit per request and slot over thousands of requests without
a join or a second query, the inbox and the case page need no extra load, and anonymisation
erases the column with the other personal fields. NULL (or 0) means no period was named:
any time suits, as before periods existed. A weekend slot is in no period, so it goes only
to requests that named none.
"""

from collections.abc import Iterable
from datetime import datetime, time, tzinfo

from babel import dates
from babel.lists import format_list
from flask import Flask
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from intake.core.i18n import display_locale

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
# The office's day splits here; a slot starting at 11:30 is a morning slot.
NOON = time(12)
PARTS_OF_DAY = {
    # i18n: part of the day, before 12:00; a checkbox label under a weekday ("Monday: Morning")
    "morning": _l("Morning"),
    # i18n: part of the day, from 12:00; a checkbox label under a weekday ("Monday: Afternoon")
    "afternoon": _l("Afternoon"),
}
CODES = tuple(f"{day}_{part}" for day in WEEKDAYS for part in PARTS_OF_DAY)
_BITS = {code: 1 << index for index, code in enumerate(CODES)}


def to_mask(codes: Iterable[str]) -> int | None:
    """The bitmask of period codes such as "mon_morning"; None when there are none. An
    unknown code raises KeyError: the form and the API have refused it before."""
    mask = 0
    for code in codes:
        mask |= _BITS[code]
    return mask or None


def to_codes(mask: int | None) -> list[str]:
    """The period codes of a bitmask, Monday morning first."""
    return [code for code, bit in _BITS.items() if mask and mask & bit]


def period_of(moment: datetime, tz: tzinfo) -> int:
    """The bit of the period `moment` falls in, in office time; 0 at the weekend."""
    local = moment.astimezone(tz)
    if local.weekday() >= len(WEEKDAYS):
        return 0
    return 1 << (2 * local.weekday() + (local.time() >= NOON))


def allows(mask: int | None, period: int) -> bool:
    """A request that named no period takes any time; otherwise the slot's period must be
    one it named."""
    return not mask or bool(mask & period)


def part_label(code: str):
    """The label of a code's part of the day ("mon_morning": Morning), translated when shown."""
    return PARTS_OF_DAY[code.split("_", 1)[1]]


def weekday_names() -> list[str]:
    """Monday to Friday in the page's language, as Babel names them, capitalised as headings."""
    names = dates.get_day_names("wide", context="stand-alone", locale=display_locale())
    return [names[day][:1].upper() + names[day][1:] for day in range(len(WEEKDAYS))]


def in_words(mask: int | None) -> list[str]:
    """One line per weekday named, in the page's language: "Monday: Morning and Afternoon"."""
    codes = to_codes(mask)
    lines = []
    for name, day in zip(weekday_names(), WEEKDAYS, strict=True):
        parts = [str(part_label(code)) for code in codes if code.startswith(day)]
        if parts:
            lines.append(_day_in_words(name, parts))
    return lines


def _day_in_words(weekday: str, parts: list[str]) -> str:
    times = format_list(parts, locale=display_locale())
    # i18n: a weekday and the parts of it that suit a person, e.g. "Monday: Morning and Afternoon"
    return _("%(weekday)s: %(times)s", weekday=weekday, times=times)


def init_app(app: Flask) -> None:
    """Templates name periods in words (`|periods`) and build the checkboxes by weekday."""
    app.add_template_filter(in_words, "periods")
    app.add_template_global(weekday_names)
    app.add_template_global(NOON, "period_noon")
