"""The charts say what the tables beside them say, in the page's language, and what people
typed into a row's name stays text."""

import pytest
from flask_babel import force_locale

from intake import create_app
from intake.reports import charts
from intake.reports.tables import SUPPRESSED, Column, Row, Table
from tests.same_markup import markup_events


@pytest.fixture(scope="module")
def app():
    return create_app("testing", DATABASE_URL="sqlite://")


def drawn(app, table: Table, language: str = "en") -> list[tuple]:
    with app.test_request_context(), force_locale(language):
        return markup_events(charts.render(table))


def texts(events: list[tuple]) -> list[str]:
    return [events[i + 1][1] for i, event in enumerate(events) if event[:2] == ("start", "text")]


def shapes(events: list[tuple], tag: str) -> list[dict]:
    return [dict(event[2]) for event in events if event[:2] == ("empty", tag)]


def bars_table(*rows: tuple[str, object]) -> Table:
    rows = [Row(label, {"requests": value}) for label, value in rows]
    return Table("topics", "By topic", "Topic", [Column("requests", "Requests")], rows)


def test_each_bar_carries_its_label_and_number_and_the_longest_fills_the_width(app):
    events = drawn(app, bars_table(("Work", 40), ("Housing", 10), ("School", 0)))
    assert texts(events) == ["Work", "40", "Housing", "10", "School", "0"]
    widths = [bar["width"] for bar in shapes(events, "rect") if "stroke" in bar]
    assert widths == ["400.0", "100.0", "0.0"]


def test_a_held_back_bar_says_so_in_the_page_language(app):
    events = drawn(app, bars_table(("Work", 40), ("Housing", SUPPRESSED)), "de")
    assert texts(events)[-2:] == ["Housing", "zurückgehalten"]


def test_a_row_name_with_markup_stays_text(app):
    name = '<script>alert("x")</script>'
    events = drawn(app, bars_table((name, 3)))
    assert name in texts(events)
    assert not [event for event in events if event[1:2] == ("script",)]


def test_a_stacked_bar_has_one_part_per_series_and_a_legend(app):
    columns = [
        Column("requests", "Requests"),
        Column("web", "Online", part_of="requests"),
        Column("phone", "By phone", part_of="requests"),
    ]
    rows = [Row("W1", {"requests": 5, "web": 3, "phone": 2}), Row("W2", {"requests": 0})]
    table = Table("channels", "By channel", "Week", columns, rows, chart="stacked")
    events = drawn(app, table)
    assert texts(events) == ["Online", "By phone", "W1", "3 / 2", "W2", "0"]
    fills = [rect["fill"] for rect in shapes(events, "rect") if rect.get("height") == "18"]
    assert fills == ["url(#p-channels-0)", "url(#p-channels-1)"] * 2


def test_a_line_chart_has_a_point_per_period_with_a_value(app):
    columns = [Column("median", "Median", "measure"), Column("p90", "90 %", "measure")]
    rows = [Row(f"W{n}", {"median": n, "p90": 2 * n if n != 2 else None}) for n in range(1, 5)]
    table = Table("waiting", "Waiting", "Week", columns, rows, chart="line", unit="days")
    events = drawn(app, table)
    lines = shapes(events, "polyline")
    assert [len(line["points"].split()) for line in lines] == [4, 3]
    markers = [circle for circle in shapes(events, "circle") if circle["r"] == "3.5"]
    assert len(markers) == 1 + 4  # the legend's, then one per period
    assert {"W1", "W4", "days", "8"} <= set(texts(events))
