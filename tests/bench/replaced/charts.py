"""Former intake/reports/charts.py (SVG written as Python strings), kept only for
bench_hand_written.py: the report page took no less time with it than with the Jinja
template (templates/reports/_chart.svg) that replaced it.

Charts as small server-side SVG: no JavaScript, readable in greyscale and in print.

Series differ by pattern and line style, never by colour alone, and every bar or line
carries its number as a direct label. The table beside each chart holds the same numbers.
"""

from flask_babel import gettext as _
from markupsafe import Markup, escape

from intake.reports.tables import SUPPRESSED, Table

WIDTH, LABEL_WIDTH, ROW, GAP = 720, 230, 18, 6
# (fill, pattern) per series: solid dark, diagonal hatch, dots, light solid, cross-hatch.
PATTERNS = (
    '<rect width="6" height="6" fill="#222"/>',
    (
        '<rect width="6" height="6" fill="#fff"/>'
        '<path d="M0,6 L6,0" stroke="#222" stroke-width="1.5"/>'
    ),
    '<rect width="6" height="6" fill="#fff"/><circle cx="3" cy="3" r="1.3" fill="#222"/>',
    '<rect width="6" height="6" fill="#bbb"/>',
    '<rect width="6" height="6" fill="#fff"/><path d="M0,0 L6,6 M0,6 L6,0" stroke="#222"/>',
)


def render(table: Table) -> Markup:
    drawing = {"stacked": _stacked, "line": _line, "capacity": _capacity}.get(table.chart, _bars)
    return drawing(table)


def _number(value) -> str:
    if value is SUPPRESSED:
        return _("held back")
    if value is None:
        return "–"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _svg(table: Table, height: int, body: str, legend: str = "") -> Markup:
    title_id = f"chart-{table.key}-title"
    title = escape(_("Chart: %(title)s. The table below holds the numbers.", title=table.title))
    defs = "".join(
        f'<pattern id="p-{table.key}-{i}" width="6" height="6" patternUnits="userSpaceOnUse">'
        f"{pattern}</pattern>"
        for i, pattern in enumerate(PATTERNS)
    )
    # Every piece of text inside went through escape() or is a number.
    return Markup(  # noqa: S704
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{title_id}" xmlns="http://www.w3.org/2000/svg" '
        f'font-family="sans-serif" font-size="12">'
        f'<title id="{title_id}">{title}</title><defs>{defs}</defs>{legend}{body}</svg>'
    )


def _value(value) -> float:
    return value if isinstance(value, int | float) and value is not True else 0


def _label(x: float, y: float, text: str, anchor: str = "start") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}">{escape(text)}</text>'


def _legend(table: Table, keys: list[str], y: int = 14) -> str:
    parts, x = [], LABEL_WIDTH
    for i, key in enumerate(keys):
        title = table.column(key).title
        parts.append(
            f'<rect x="{x}" y="{y - 10}" width="12" height="12" fill="url(#p-{table.key}-{i})" '
            f'stroke="#222"/>' + _label(x + 16, y, title)
        )
        x += 24 + 7 * len(title)
    return "".join(parts)


def _rows(table: Table):
    return list(table.rows)


def _bars(table: Table) -> Markup:
    """One bar per row for the first column, its number at the bar's end."""
    key = table.columns[0].key
    rows = _rows(table)
    top = max([_value(row.values.get(key)) for row in rows] + [1])
    scale = (WIDTH - LABEL_WIDTH - 90) / top
    body = []
    for i, row in enumerate(rows):
        y = 8 + i * (ROW + GAP)
        length = _value(row.values.get(key)) * scale
        body.append(_label(LABEL_WIDTH - 8, y + 13, row.label[:38], "end"))
        body.append(
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{ROW}" '
            f'fill="url(#p-{table.key}-0)" stroke="#222"/>'
        )
        body.append(_label(LABEL_WIDTH + length + 6, y + 13, _number(row.values.get(key))))
    return _svg(table, 16 + len(rows) * (ROW + GAP), "".join(body))


def _stacked(table: Table) -> Markup:
    """One stacked bar per row over the count columns that are parts (or all counts)."""
    keys = [c.key for c in table.columns if c.kind == "count" and c.part_of] or [
        c.key for c in table.columns if c.kind == "count"
    ]
    rows = _rows(table)
    sums = [sum(_value(row.values.get(k)) for k in keys) for row in rows]
    scale = (WIDTH - LABEL_WIDTH - 90) / max([*sums, 1])
    body = []
    for i, row in enumerate(rows):
        y = 30 + i * (ROW + GAP)
        x = LABEL_WIDTH
        body.append(_label(LABEL_WIDTH - 8, y + 13, row.label[:38], "end"))
        for series, key in enumerate(keys):
            length = _value(row.values.get(key)) * scale
            body.append(
                f'<rect x="{x:.1f}" y="{y}" width="{length:.1f}" height="{ROW}" '
                f'fill="url(#p-{table.key}-{series})" stroke="#222"/>'
            )
            x += length
        shown = [_number(row.values.get(key)) for key in keys]
        body.append(_label(x + 6, y + 13, " / ".join(shown) if sums[i] else "0"))
    height = 38 + len(rows) * (ROW + GAP)
    return _svg(table, height, "".join(body), _legend(table, keys))


def _line(table: Table) -> Markup:
    """Median (solid, circles) and 90th percentile (dashed, squares) over the periods."""
    rows = _rows(table)
    height, left, right, top_y, bottom = 260, 60, WIDTH - 90, 30, 200
    top = max([_value(row.values.get(k)) for row in rows for k in ("median", "p90")] + [1])
    step = (right - left) / max(len(rows) - 1, 1)

    def point(i: int, value: float) -> tuple[float, float]:
        return left + i * step, bottom - (bottom - top_y) * value / top

    body = [
        f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#222"/>',
        _label(left - 6, bottom + 4, "0", "end"),
        _label(left - 6, top_y + 4, f"{top:g}", "end"),
        _label(left - 6, top_y - 12, table.unit, "end"),
    ]
    for key, dash, marker in (("median", "", "circle"), ("p90", "6,4", "square")):
        points = [
            (i, row.values.get(key))
            for i, row in enumerate(rows)
            if isinstance(row.values.get(key), int | float)
        ]
        coords = [point(i, value) for i, value in points]
        if len(coords) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
            body.append(
                f'<polyline points="{path}" fill="none" stroke="#222" stroke-width="2" '
                f'stroke-dasharray="{dash or "none"}"/>'
            )
        body.extend(_marker(marker, x, y) for x, y in coords)
        if coords:
            x, y = coords[-1]
            body.append(_label(x + 8, y + 4, _number(points[-1][1])))
    first, last = (rows[0].label, rows[-1].label) if rows else ("", "")
    body.append(_label(left, bottom + 20, first))
    body.append(_label(right, bottom + 20, last, "end"))
    legend = _line_legend(table)
    return _svg(table, height, "".join(body), legend)


def _marker(kind: str, x: float, y: float) -> str:
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="#222"/>'
    return (
        f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" '
        'fill="#fff" stroke="#222"/>'
    )


def _line_legend(table: Table) -> str:
    return (
        '<line x1="60" y1="10" x2="90" y2="10" stroke="#222" stroke-width="2"/>'
        + _marker("circle", 75, 10)
        + _label(96, 14, table.column("median").title)
        + '<line x1="360" y1="10" x2="390" y2="10" stroke="#222" stroke-width="2" '
        'stroke-dasharray="6,4"/>'
        + _marker("square", 375, 10)
        + _label(396, 14, table.column("p90").title)
    )


def _capacity(table: Table) -> Markup:
    """Per week: bookable hours as a hatched bar, booked hours as a dark bar over it."""
    rows = _rows(table)
    scale = (WIDTH - LABEL_WIDTH - 90) / max([_value(r.values.get("bookable")) for r in rows] + [1])
    body = []
    for i, row in enumerate(rows):
        y = 30 + i * (ROW + GAP)
        bookable = _value(row.values.get("bookable")) * scale
        booked = min(_value(row.values.get("booked")) * scale, WIDTH - LABEL_WIDTH - 90)
        body.append(_label(LABEL_WIDTH - 8, y + 13, row.label[:38], "end"))
        body.append(
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{bookable:.1f}" height="{ROW}" '
            f'fill="url(#p-{table.key}-1)" stroke="#222"/>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{booked:.1f}" height="{ROW - 8}" '
            f'fill="url(#p-{table.key}-0)"/>'
        )
        rate = row.values.get("utilisation")
        text = f"{_number(row.values.get('booked'))} / {_number(row.values.get('bookable'))}"
        if rate is not None:
            text += f" ({_number(rate)} %)"
        body.append(_label(LABEL_WIDTH + max(bookable, booked) + 6, y + 13, text))
    return _svg(
        table,
        38 + len(rows) * (ROW + GAP),
        "".join(body),
        _legend(table, ["booked", "bookable"]),
    )
