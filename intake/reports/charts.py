"""Charts as small server-side SVG: no JavaScript, readable in greyscale and in print.

Series differ by pattern and line style, never by colour alone, and every bar or line
carries its number as a direct label. The table beside each chart holds the same numbers.
This module lays a chart out (positions, lengths, texts); `templates/reports/_chart.svg`
writes it, and Jinja escapes every text. `make bench` (tests/bench/bench_hand_written.py)
measured the former hand-written SVG strings against the template on the year-by-week
report page: 1,054 ms by hand, 1,036 ms with the template (PostgreSQL; the queries are most
of it), so the template writes it.
"""

from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _
from markupsafe import Markup

from intake.reports.tables import SUPPRESSED, Table

WIDTH, LABEL_WIDTH, ROW, GAP = 720, 230, 18, 6
# The series' fills (solid, hatched, dotted, light, cross-hatched) are in the template.


@dataclass
class Part:
    """One rectangle of a bar: `x` as written, `inset` from the row's top and bottom."""

    x: str
    length: float
    pattern: int
    inset: int = 0
    outline: bool = True


@dataclass
class Bar:
    """One row: its name on the left, its parts, and its number after `end`."""

    y: int
    label: str
    parts: list[Part]
    end: float
    text: str


@dataclass
class Chart:
    """What the template draws: bars (with a legend for several series) or two lines."""

    key: str
    title: str
    height: int
    kind: str = "bars"
    bars: list[Bar] = field(default_factory=list)
    legend: list[dict] = field(default_factory=list)
    series: list[dict] = field(default_factory=list)
    axis: dict = field(default_factory=dict)
    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    row: int = ROW


def render(table: Table) -> Markup:
    """The table's chart as inline SVG, drawn as its `chart` kind says."""
    layout = {"stacked": _stacked, "line": _line, "capacity": _capacity}.get(table.chart, _bars)
    template = current_app.jinja_env.get_template("reports/_chart.svg")
    return Markup(template.render(chart=layout(table)))  # noqa: S704  (Jinja escaped it)


def _number(value) -> str:
    if value is SUPPRESSED:
        return _("held back")
    if value is None:
        return "–"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _value(value) -> float:
    return value if isinstance(value, int | float) and value is not True else 0


def _legend(table: Table, keys: list[str], y: int = 14) -> list[dict]:
    items, x = [], LABEL_WIDTH
    for key in keys:
        title = table.column(key).title
        items.append({"x": x, "y": y, "title": title})
        x += 24 + 7 * len(title)
    return items


def _top(y: int, i: int) -> int:
    return y + i * (ROW + GAP)


def _bars(table: Table) -> Chart:
    """One bar per row for the first column, its number at the bar's end."""
    key = table.columns[0].key
    top = max([_value(row.values.get(key)) for row in table.rows] + [1])
    scale = (WIDTH - LABEL_WIDTH - 90) / top
    bars = []
    for i, row in enumerate(table.rows):
        length = _value(row.values.get(key)) * scale
        part = Part(str(LABEL_WIDTH), length, 0)
        number = _number(row.values.get(key))
        bars.append(Bar(_top(8, i), row.label[:38], [part], LABEL_WIDTH + length, number))
    return Chart(table.key, table.title, 16 + len(bars) * (ROW + GAP), bars=bars)


def _stacked(table: Table) -> Chart:
    """One stacked bar per row over the count columns that are parts (or all counts)."""
    keys = [c.key for c in table.columns if c.kind == "count" and c.part_of] or [
        c.key for c in table.columns if c.kind == "count"
    ]
    sums = [sum(_value(row.values.get(k)) for k in keys) for row in table.rows]
    scale = (WIDTH - LABEL_WIDTH - 90) / max([*sums, 1])
    bars = []
    for i, row in enumerate(table.rows):
        x, parts = LABEL_WIDTH, []
        for series, key in enumerate(keys):
            length = _value(row.values.get(key)) * scale
            parts.append(Part(f"{x:.1f}", length, series))
            x += length
        shown = [_number(row.values.get(key)) for key in keys]
        text = " / ".join(shown) if sums[i] else "0"
        bars.append(Bar(_top(30, i), row.label[:38], parts, x, text))
    height = 38 + len(bars) * (ROW + GAP)
    return Chart(table.key, table.title, height, bars=bars, legend=_legend(table, keys))


def _line(table: Table) -> Chart:
    """Median (solid, circles) and 90th percentile (dashed, squares) over the periods."""
    rows = table.rows
    left, right, top_y, bottom = 60, WIDTH - 90, 30, 200
    top = max([_value(row.values.get(k)) for row in rows for k in ("median", "p90")] + [1])
    step = (right - left) / max(len(rows) - 1, 1)
    series = []
    for key, dash, marker in (("median", "none", "circle"), ("p90", "6,4", "square")):
        values = [
            (i, row.values.get(key))
            for i, row in enumerate(rows)
            if isinstance(row.values.get(key), int | float)
        ]
        points = [(left + i * step, bottom - (bottom - top_y) * v / top) for i, v in values]
        last = _number(values[-1][1]) if values else ""
        title = table.column(key).title
        series.append(
            {"title": title, "dash": dash, "marker": marker, "points": points, "last": last}
        )
    first, last = (rows[0].label, rows[-1].label) if rows else ("", "")
    axis = {
        "left": left,
        "right": right,
        "top_y": top_y,
        "bottom": bottom,
        "top": top,
        "unit": table.unit,
        "first": first,
        "last": last,
    }
    return Chart(table.key, table.title, 260, kind="line", series=series, axis=axis)


def _capacity(table: Table) -> Chart:
    """Per week: bookable hours as a hatched bar, booked hours as a dark bar over it."""
    rows = table.rows
    scale = (WIDTH - LABEL_WIDTH - 90) / max([_value(r.values.get("bookable")) for r in rows] + [1])
    bars = []
    for i, row in enumerate(rows):
        bookable = _value(row.values.get("bookable")) * scale
        booked = min(_value(row.values.get("booked")) * scale, WIDTH - LABEL_WIDTH - 90)
        parts = [
            Part(str(LABEL_WIDTH), bookable, 1),
            Part(str(LABEL_WIDTH), booked, 0, inset=4, outline=False),
        ]
        rate = row.values.get("utilisation")
        text = f"{_number(row.values.get('booked'))} / {_number(row.values.get('bookable'))}"
        if rate is not None:
            text += f" ({_number(rate)} %)"
        end = LABEL_WIDTH + max(bookable, booked)
        bars.append(Bar(_top(30, i), row.label[:38], parts, end, text))
    legend = _legend(table, ["booked", "bookable"])
    return Chart(table.key, table.title, 38 + len(bars) * (ROW + GAP), bars=bars, legend=legend)
