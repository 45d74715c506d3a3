"""Benchmark: four places that wrote by hand what Flask, Babel and Jinja do, each against the
library's own way, on the page it serves and on the piece alone. Both ways run in this one
process, interleaved (the order alternates every round), and medians are compared, so a
machine loaded by others slows both alike. Before timing, each page is checked to read the
same either way.

- Flask internals: `IntakeFlask` (tests/bench/replaced/framework.py: remembered coroutine
  checks, one session serializer per key) against Flask itself, on the landing page and the
  intake form, called as gunicorn calls the app (one WSGI call per request), production
  settings on PostgreSQL and Redis (bench_load's set-up).
- Report numbers and charts: the former hand-written ones (tests/bench/replaced/) against
  Babel's `format_decimal` and the Jinja template reports/_chart.svg, on the year-by-week
  report over 100,000 cases (bench_reports' data set; on PostgreSQL when TEST_DATABASE_URL
  names one), with its queries and with its tables ready.
- Calendar entries: `intake.staff.calendar_entries` against Jinja macros
  (tests/reference/entries.html), the lead's week of 10 counsellors (dataset.py).

A piece is worth keeping by hand only where its page gains more than 15 %. Sections can be
run alone: `bench_hand_written.py calendar reports framework`.
"""

import io
import os
import random
import re
import secrets
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import bench_load  # noqa: E402
import bench_reports  # noqa: E402
import dataset  # noqa: E402
from flask import Flask  # noqa: E402
from flask_babel import get_locale  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from replaced import charts as hand_charts  # noqa: E402
from replaced import numbers as hand_numbers  # noqa: E402
from replaced.framework import IntakeFlask  # noqa: E402
from sqlalchemy import create_engine, make_url, text  # noqa: E402
from werkzeug.test import EnvironBuilder  # noqa: E402

import intake  # noqa: E402
from intake.extensions import db  # noqa: E402
from intake.reports import charts, numbers  # noqa: E402
from intake.reports import report as report_module  # noqa: E402
from intake.staff import calendar, calendar_entries  # noqa: E402
from tests.reference.entries import TemplateEntries  # noqa: E402
from tests.same_markup import markup_events  # noqa: E402

WORTH_KEEPING = 0.15


def interleaved(ways: dict, repetitions: int) -> dict[str, float]:
    """Median milliseconds of each way, run in turns, the order reversed every round."""
    names = list(ways)
    for name in names:  # warm-up: templates compiled, caches filled
        ways[name]()
    timings = {name: [] for name in names}
    for round_number in range(repetitions):
        for name in names if round_number % 2 == 0 else reversed(names):
            started = time.perf_counter()
            ways[name]()
            timings[name].append((time.perf_counter() - started) * 1000)
    return {name: statistics.median(found) for name, found in timings.items()}


def report(title: str, medians: dict[str, float], hand: str, library: str) -> None:
    gain = 1 - medians[hand] / medians[library]
    verdict = "keep by hand" if gain > WORTH_KEEPING else "library"
    print(
        f"| {title} | {medians[library]:.3f} | {medians[hand]:.3f} | {gain:+.1%} | {verdict} |",
        flush=True,
    )


def _page_events(page: str) -> list[tuple]:
    """A page as a browser reads it, less the CSRF token (signed with the time)."""
    return markup_events(re.sub(r'name="csrf_token" value="[^"]*"', "", page))


# --- Flask internals ------------------------------------------------------------------------


def _app_of(flask_class) -> Flask:
    """The intake app in production settings, built on `flask_class` (IntakeFlask or Flask)."""
    original = intake.Flask
    intake.Flask = flask_class
    try:
        return intake.create_app()
    finally:
        intake.Flask = original


def _wsgi_get(app: Flask, path: str):
    """A GET as gunicorn hands it over: one environ, one WSGI call, the body read."""
    environ = EnvironBuilder(path=path, headers={"Accept-Language": "de"}).get_environ()

    def get():
        answer = app(dict(environ, **{"wsgi.input": io.BytesIO()}), lambda *args: None)
        body = b"".join(answer)
        getattr(answer, "close", lambda: None)()
        assert body

    return get


def framework() -> None:
    """The demo office on PostgreSQL with Redis (bench_load's set-up, production settings),
    where the landing page and the empty form come from the availability cache."""
    name, url = bench_load.create_database()
    try:
        bench_load.seed(url)
        os.environ.update(bench_load.environment(url, 8000))
        apps = {"hand": _app_of(IntakeFlask), "library": _app_of(Flask)}
        assert type(apps["library"]) is Flask
        assert isinstance(apps["hand"], IntakeFlask)
        for path, repetitions in (("/de/", 3000), ("/de/request", 2000)):
            ways = {name: _wsgi_get(app, path) for name, app in apps.items()}
            medians = interleaved(ways, repetitions)
            report(f"GET {path} (Flask internals)", medians, "hand", "library")
    finally:
        with create_engine(bench_load.BASE_URL, isolation_level="AUTOCOMMIT").connect() as db_:
            db_.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


# --- Report numbers and charts --------------------------------------------------------------


def reports_app(url: str):
    app = intake.create_app("testing", DATABASE_URL=url)
    with app.app_context():
        upgrade()
        bench_reports.fill(random.Random(bench_reports.SEED))
        dataset.analyze()
        db.session.remove()
    bench_reports._lead(app)
    return app


def reports() -> None:
    """On PostgreSQL, the production database, when TEST_DATABASE_URL names one; else SQLite."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        path = Path(tempfile.mkdtemp(prefix="intake-bench-hand-")) / "reports.sqlite"
        print("| (report pages on SQLite: set TEST_DATABASE_URL for PostgreSQL) | | | | |")
        report_pieces(reports_app(f"sqlite:///{path}"))
        return
    name = f"intake_bench_{secrets.token_hex(4)}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        app = reports_app(make_url(base).set(database=name).render_as_string(False))
        report_pieces(app)
        with app.app_context():
            db.engine.dispose()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _hand_formatted(value, pattern=None) -> str:
    """The former hand-written formatter, called where numbers.py calls Babel's."""
    return hand_numbers.formatted(value, str(get_locale()))


def report_pieces(app) -> None:
    """The report page with each piece by hand or by the library, the other one as today."""
    client = app.test_client()
    login = {"email": "lead@example.org", "password": "bench password 2026"}
    assert client.post("/staff/login", data=login).status_code == 302
    path = "/staff/reports?from=2026-01-01&to=2026-12-31"
    library_numbers, library_render = numbers.format_decimal, charts.render

    def page(numbers_by_hand: bool, charts_by_hand: bool, query: str = "&by=week"):
        def get():
            numbers.format_decimal = _hand_formatted if numbers_by_hand else library_numbers
            charts.render = hand_charts.render if charts_by_hand else library_render
            try:
                response = client.get(path + query, headers={"Accept-Language": "de"})
            finally:
                numbers.format_decimal, charts.render = library_numbers, library_render
            assert response.status_code == 200
            return response.get_data(as_text=True)

        return get

    ways = {
        "all by hand": page(True, True),
        "numbers by Babel": page(False, True),
        "charts by Jinja": page(True, False),
    }
    for query in ("&by=week", "&by=week&publish=y", "&by=month&publish=y"):  # same either way
        by_hand = _page_events(page(True, True, query)())
        assert by_hand == _page_events(page(False, True, query)())
        assert by_hand == _page_events(page(True, False, query)())
    medians = interleaved(ways, 15)
    report("report page, year by week: numbers", medians, "all by hand", "numbers by Babel")
    report("report page, year by week: charts", medians, "all by hand", "charts by Jinja")
    with app.test_request_context(headers={"Accept-Language": "de"}):
        app.preprocess_request()
        tables = bench_reports.build_report(bench_reports.YEAR, bench_reports.BERLIN)
    queries, report_module.build_report = report_module.build_report, lambda *a, **k: tables
    try:  # the same page with its tables ready: what is left is writing it
        medians = interleaved(ways, 15)
    finally:
        report_module.build_report = queries
    report("report page, tables ready: numbers", medians, "all by hand", "numbers by Babel")
    report("report page, tables ready: charts", medians, "all by hand", "charts by Jinja")
    with app.test_request_context(headers={"Accept-Language": "de"}):
        app.preprocess_request()
        tables = bench_reports.build_report(bench_reports.YEAR, bench_reports.BERLIN)
        cells = [
            value for table in tables for row in table.all_rows for value in row.values.values()
        ]
        figures = [value for value in cells if isinstance(value, int | float)]
        medians = interleaved(
            {
                "hand": lambda: [_hand_formatted(value) for value in figures],
                "library": lambda: [
                    library_numbers(value, "#,##0.0" if isinstance(value, float) else None)
                    for value in figures
                ],
            },
            50,
        )
        report(f"the {len(figures)} numbers alone", medians, "hand", "library")
        medians = interleaved(
            {
                "hand": lambda: [hand_charts.render(table) for table in tables],
                "library": lambda: [library_render(table) for table in tables],
            },
            50,
        )
        report(f"the {len(tables)} charts alone", medians, "hand", "library")


# --- Calendar entries -----------------------------------------------------------------------


def calendar_entries_page() -> None:
    app = dataset.build_app()
    with app.app_context():
        from bench_calendar import PASSWORD, prepare

        db.session.remove()
    prepare(app)
    from intake.core import clock

    clock.now = lambda: dataset.NOW
    client = app.test_client()
    client.post("/staff/login", data={"email": "lead@example.org", "password": PASSWORD})
    year, week, _ = (dataset.FIRST_DAY + timedelta(days=14)).isocalendar()
    hand_writer = calendar_entries.EntryWriter

    def page(path: str, writer):
        def get():
            calendar.EntryWriter = writer
            try:
                response = client.get(path, headers={"Accept-Language": "de"})
            finally:
                calendar.EntryWriter = hand_writer
            assert response.status_code == 200
            return response.get_data(as_text=True)

        return get

    for path in (
        f"/staff/calendar?week={year}-W{week:02d}&user=all",
        f"/staff/calendar/print?week={year}-W{week:02d}&user=all",
    ):
        ways = {"hand": page(path, hand_writer), "library": page(path, TemplateEntries)}
        assert _page_events(ways["hand"]()) == _page_events(ways["library"]())
        report(
            f"GET {path.split('?')[0]}, 10 counsellors", interleaved(ways, 30), "hand", "library"
        )


def main() -> None:
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs", flush=True)
    print("\n| page or piece | library ms (median) | hand-written ms (median) | gain | verdict |")
    print("|---|---:|---:|---:|---|", flush=True)
    sections = {
        "calendar": calendar_entries_page,
        "reports": reports,
        "framework": framework,
    }
    for name in sys.argv[1:] or sections:  # e.g. `bench_hand_written.py reports`
        sections[name]()


if __name__ == "__main__":
    main()
