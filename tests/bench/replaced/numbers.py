"""Former intake/reports/numbers.py, kept only for bench_hand_written.py: a fiftieth of
Babel's time per number, but under 5 % of the report page, and 0.35 came out as 0,3 where
Babel writes 0,4 (Python rounds the binary float, Babel the decimal one).

Numbers in the report's tables as Babel writes them in the page's language, but quickly:
a year by week is over a thousand cells, and Babel's formatter costs about 20 µs a cell. The
fast way (Python's grouping with the locale's symbols) is used only for a language where it
gives exactly what Babel gives; any other falls back to Babel."""

from functools import cache

from babel import Locale, numbers
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup

from intake.reports.tables import SUPPRESSED

SAMPLES = (0, 7, 999, 1000, 1234, 98765, 1234567)


def figure_number(value) -> str | Markup:
    """A table cell: a dash for nothing, "held back" for a suppressed cell, else the number
    (one decimal for measures such as rates and hours)."""
    if value is None:
        return "–"
    if value is SUPPRESSED:
        return Markup('<span class="held-back">%s</span>') % _("held back")
    return formatted(value, str(get_locale() or "en"))


def formatted(value: int | float, language: str) -> str:
    symbols = _symbols(language)
    if symbols is None:
        return _babel(value, language)
    text = f"{value:,.1f}" if isinstance(value, float) else f"{value:,d}"
    return text.translate(symbols)


def _babel(value: int | float, language: str) -> str:
    pattern = "#,##0.0" if isinstance(value, float) else None
    return numbers.format_decimal(value, pattern, locale=language)


@cache
def _symbols(language: str) -> dict | None:
    """The translation of Python's "," and "." into the locale's group and decimal signs,
    or None when that would not write numbers as Babel does (other digits, no grouping of
    four-digit numbers, a different minus)."""
    locale = Locale.parse(language)
    table = str.maketrans(
        {",": numbers.get_group_symbol(locale), ".": numbers.get_decimal_symbol(locale)}
    )
    samples = [*SAMPLES, *(n + 0.5 for n in SAMPLES)]
    fits = all(
        (f"{n:,.1f}" if isinstance(n, float) else f"{n:,d}").translate(table) == _babel(n, language)
        for n in samples
    )
    return table if fits else None
