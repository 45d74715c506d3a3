"""Benchmark: the full report for one year over 100,000 cases and 150,000 appointments, and
the CSV of its biggest table, on SQLite and (with TEST_DATABASE_URL) PostgreSQL.

Targets: under 150 ms on PostgreSQL, under 250 ms on SQLite (median of the repetitions).
"""

import os
import random
import secrets
import sys
import tempfile
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from dataset import analyze, median_ms  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import create_engine, insert, make_url, select, text  # noqa: E402

from intake import create_app  # noqa: E402
from intake.extensions import db  # noqa: E402
from intake.models import (  # noqa: E402
    Appointment,
    Case,
    CaseTopic,
    OfficeSettings,
    ReferralService,
    Role,
    StaffLanguage,
    User,
    WorkingHours,
)
from intake.reports.report import build_report  # noqa: E402
from intake.reports.report_periods import Period  # noqa: E402

BERLIN = ZoneInfo("Europe/Berlin")
SEED = 20261201
CASES, APPOINTMENTS, COUNSELLORS = 100_000, 150_000, 12
YEAR = Period(date(2026, 1, 1), date(2026, 12, 31), "week")
FIRST = datetime(2026, 1, 1, tzinfo=BERLIN).astimezone(UTC)
REPETITIONS = 15
LIMITS_MS = {"sqlite": 250, "postgresql": 150}
CHANNELS = ("web", "web", "web", "phone", "phone", "walk_in", "email")
LANGUAGES = ("de", "de", "ar", "uk", "ru", "fa", "tr", "vi", "fr", "en", "ps", "ku")
STATUSES = ("closed", "closed", "closed", "scheduled", "referred", "declined", "cancelled", "new")
TOPICS = ("work", "housing", "residence", "language_courses", "school", "health", "family")
OUTCOMES = ("completed", "completed", "completed", "no_show", "cancelled")


def fill(rng: random.Random) -> None:
    """Core inserts in batches: the data set in seconds, not the ORM's minutes."""
    db.session.add(OfficeSettings(id=1))
    db.session.add_all(ReferralService(name=f"Dienst {n}") for n in range(8))
    users = [
        User(
            email=f"c{n}@example.org",
            name=f"Counsellor {n}",
            role=Role.COUNSELLOR,
            password_hash="x",
            languages=[StaffLanguage(language="de"), StaffLanguage(language=LANGUAGES[2 + n % 10])],
        )
        for n in range(COUNSELLORS)
    ]
    db.session.add_all(users)
    db.session.flush()
    db.session.add_all(
        WorkingHours(user_id=user.id, weekday=weekday, start_time=start, end_time=end)
        for user in users
        for weekday in range(5)
        for start, end in ((time(8), time(12)), (time(13), time(16)))
    )
    db.session.commit()
    _cases(rng)
    _appointments(rng, [user.id for user in users])


def _cases(rng: random.Random) -> None:
    seconds = int(timedelta(days=365).total_seconds())
    rows = []
    for n in range(CASES):
        created = FIRST + timedelta(seconds=rng.randrange(seconds))
        status = rng.choice(STATUSES)
        rows.append(
            {
                "reference": f"B{n:07d}",
                "locale": "de",
                "talk_language": rng.choice(LANGUAGES),
                "interpreter_language": rng.choice((None,) * 8 + ("dgs", "ar", "fa")),
                "mode": rng.choice(("in_person", "in_person", "phone", "video")),
                "channel": rng.choice(CHANNELS),
                "status": status,
                "version": 1,
                "callback_requested": rng.random() < 0.1,
                "consent_at": created,
                "referral_id": rng.randrange(1, 9) if status == "referred" else None,
                "decline_reason": "not_our_task" if status == "declined" else None,
                "created_at": created,
                "updated_at": created,
            }
        )
    _batched(Case, rows)
    ids = db.session.scalars(select(Case.id)).all()
    topics = [
        {"case_id": i, "topic": topic}
        for i in ids
        for topic in rng.sample(TOPICS, rng.choice((1, 1, 2)))
    ]
    _batched(CaseTopic, topics)


def _appointments(rng: random.Random, user_ids: list[int]) -> None:
    cases = db.session.execute(select(Case.id, Case.created_at)).all()
    rows = []
    for n in range(APPOINTMENTS):
        case_id, created = rng.choice(cases)
        start = created + timedelta(days=rng.randrange(1, 40), minutes=15 * rng.randrange(96))
        status = rng.choice(OUTCOMES)
        rows.append(
            {
                "case_id": case_id,
                "counsellor_id": rng.choice(user_ids),
                "starts_at": start,
                "ends_at": start + timedelta(minutes=45),
                "mode": "in_person",
                "status": status,
                "cancelled_by": rng.choice(("requester", "office"))
                if status == "cancelled"
                else None,
                "ical_uid": f"b{n}@bench",
                "ical_sequence": 0,
                "created_at": created,
                "updated_at": created,
            }
        )
    _batched(Appointment, rows)


def _batched(model, rows: list[dict], size: int = 10_000) -> None:
    for start in range(0, len(rows), size):
        db.session.execute(insert(model.__table__), rows[start : start + size])
    db.session.commit()


def measure(name: str, url: str) -> bool:
    app = create_app("testing", DATABASE_URL=url)
    with app.app_context():
        upgrade()
        fill(random.Random(SEED))
        analyze()
        db.session.remove()
    client = app.test_client()
    _lead(app)
    login = {"email": "lead@example.org", "password": "bench password 2026"}
    assert client.post("/staff/login", data=login).status_code == 302
    ok = True
    with app.test_request_context(headers={"Accept-Language": "de"}):
        report_ms, report_min = median_ms(lambda: build_report(YEAR, BERLIN), REPETITIONS)
    query = "from=2026-01-01&to=2026-12-31&by=week"

    def page(path: str):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)

    page_ms, page_min = median_ms(lambda: page(f"/staff/reports?{query}"), REPETITIONS)
    csv_ms, csv_min = median_ms(
        lambda: page(f"/staff/reports/appointments.csv?{query}"), REPETITIONS
    )
    limit = LIMITS_MS[name]
    for what, median, low in (
        ("full report, 13 tables (queries + assembly)", report_ms, report_min),
        ("full report page GET /staff/reports (with SVG charts)", page_ms, page_min),
        ("CSV of the biggest table (appointments by week)", csv_ms, csv_min),
    ):
        verdict = "ok" if median < limit else f"OVER {limit} ms"
        print(f"{name}: {what}: median {median:.1f} ms (min {low:.1f}) - {verdict}", flush=True)
        ok = ok and (median < limit or "page" in what)
    return ok


def _lead(app) -> None:
    with app.app_context():
        user = User(email="lead@example.org", name="Lead", role=Role.LEAD, takes_appointments=False)
        user.set_password("bench password 2026")
        db.session.add(user)
        db.session.commit()
        db.session.remove()


def main() -> None:
    print(f"data set: {CASES:,} cases, {APPOINTMENTS:,} appointments, report for {YEAR.first.year}")
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs", flush=True)
    path = Path(tempfile.mkdtemp(prefix="intake-bench-reports-")) / "bench.sqlite"
    ok = measure("sqlite", f"sqlite:///{path}")
    base = os.environ.get("TEST_DATABASE_URL")
    if base:
        name = f"intake_bench_{secrets.token_hex(4)}"
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            ok = (
                measure("postgresql", make_url(base).set(database=name).render_as_string(False))
                and ok
            )
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    else:
        print("postgresql: skipped (set TEST_DATABASE_URL)")
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
