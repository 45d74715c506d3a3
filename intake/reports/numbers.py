"""Numbers in the report's tables as Babel writes them in the page's language.

`make bench` (tests/bench/bench_hand_written.py) measured a hand-written formatter (Python's
grouping with the locale's signs) against Babel's: a third of Babel's time alone, but the
year-by-week report page took 1,054 ms with it and 1,060 ms with Babel (PostgreSQL; the
queries are most of it), and it rounded some halves otherwise (0.35 became 0,3, not 0,4)."""

from flask_babel import format_decimal
from flask_babel import gettext as _
from markupsafe import Markup

from intake.reports.tables import SUPPRESSED


def figure_number(value) -> str | Markup:
    """A table cell: a dash for nothing, "held back" for a suppressed cell, else the number
    (one decimal for measures such as rates and hours)."""
    if value is None:
        return "–"
    if value is SUPPRESSED:
        return Markup('<span class="held-back">%s</span>') % _("held back")
    return format_decimal(value, "#,##0.0" if isinstance(value, float) else None)
