"""The restore drill, on both databases: data of every kind, a backup as the README says
(`flask backup` for SQLite, `pg_dump -Fc` for PostgreSQL), the database dropped, the backup
restored into a fresh one, `flask db upgrade`, and the app serves the same cases,
appointments, outbox, report figures, manage links and calendar feeds."""

import os
import re
import secrets
import shutil
import subprocess
import sys
from datetime import date, time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, select, text

from intake import create_app
from intake.core.clock import office_tz
from intake.extensions import db
from intake.models import (
    Appointment,
    Case,
    CaseNote,
    Closure,
    OfficeSettings,
    OutboxMessage,
    ReferralService,
    User,
    WorkingHours,
)
from intake.reports.report import build_table
from intake.reports.report_periods import Period
from tests.conftest import PASSWORD, IsolatedClient, _in_ci, migrate_database
from tests.helpers import NOW, TUESDAY_10, book_by_api, manage_path

ROOT = Path(__file__).resolve().parents[2]
FLASK = [sys.executable, "-m", "flask", "--app", "wsgi"]
NOVEMBER = Period(date(2026, 11, 1), date(2026, 11, 30), "month")


class Drill:
    """Fresh databases of one kind: made, dropped, and the commands to back up and restore."""

    def __init__(self, kind: str, folder: Path):
        self.kind, self.folder = kind, folder
        self.base = os.environ.get("TEST_DATABASE_URL")
        if kind == "postgresql" and not self.base:
            if _in_ci():
                pytest.fail("CI=true needs TEST_DATABASE_URL for the PostgreSQL restore drill")
            pytest.skip("TEST_DATABASE_URL is not set: PostgreSQL restore drill skipped")
        if kind == "postgresql" and not (shutil.which("pg_dump") and shutil.which("pg_restore")):
            if _in_ci():
                pytest.fail("CI=true needs pg_dump and pg_restore (postgresql-client)")
            pytest.skip("pg_dump/pg_restore not installed: PostgreSQL restore drill skipped")
        self.made: list[str] = []

    def new_url(self, name: str) -> str:
        if self.kind == "sqlite":
            return f"sqlite:///{self.folder / f'{name}.sqlite'}"
        database = f"intake_drill_{name}_{secrets.token_hex(3)}"
        self._admin(f'CREATE DATABASE "{database}"')
        self.made.append(database)
        return make_url(self.base).set(database=database).render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        if self.kind == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(make_url(url).database + suffix).unlink(missing_ok=True)
        else:
            self._admin(f'DROP DATABASE "{make_url(url).database}" WITH (FORCE)')

    def back_up(self, url: str) -> Path:
        target = self.folder / ("backup.sqlite" if self.kind == "sqlite" else "backup.dump")
        if self.kind == "sqlite":
            flask(url, "backup", str(target))
        else:
            run(["pg_dump", "-Fc", "--no-owner", "-f", str(target), libpq(url)])
        return target

    def restore(self, backup: Path, url: str) -> None:
        if self.kind == "sqlite":
            Path(make_url(url).database).write_bytes(backup.read_bytes())
        else:
            run(["pg_restore", "--no-owner", "--exit-on-error", "-d", libpq(url), str(backup)])

    def clean_up(self) -> None:
        for database in self.made:
            self._admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')

    def _admin(self, statement: str) -> None:
        engine = create_engine(self.base, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(statement))
        engine.dispose()


def libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def run(command: list[str], env: dict | None = None) -> str:
    done = subprocess.run(  # noqa: S603  (our own commands, no shell)
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def flask(url: str, *args: str) -> str:
    env = {**os.environ, "INTAKE_ENV": "testing", "DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    return run([*FLASK, *args], env=env)


@pytest.fixture(params=["sqlite", "postgresql"])
def drill(request, tmp_path):
    drill = Drill(request.param, tmp_path)
    yield drill
    drill.clean_up()


def app_on(url: str):
    app = create_app("testing", DATABASE_URL=url)
    app.test_client_class = IsolatedClient
    return app


def fill(app) -> dict:
    """An office with every kind of row: staff, hours, settings, a closure, a referral
    service, requests with appointments (one confirmed), a note, mail sent and queued, a
    calendar feed. Returns the secrets a person holds: manage links and the feed address."""
    client = app.test_client()
    db.session.add(
        OfficeSettings(
            id=1, slot_minutes=60, buffer_minutes=0, min_notice_hours=24, horizon_days=56
        )
    )
    counsellor = User(
        email="a@example.org",
        name="Amal",
        role="counsellor",
        is_active_account=True,
        takes_appointments=True,
    )
    counsellor.set_password(PASSWORD)
    counsellor.set_languages(["de", "ar"])
    db.session.add(counsellor)
    db.session.flush()
    db.session.add_all(
        [
            WorkingHours(user_id=counsellor.id, weekday=day, start_time=time(9), end_time=time(12))
            for day in range(4)
        ]
        + [
            Closure(day=date(2026, 11, 26), public_note="Teamtag"),
            ReferralService(name="Ausländerbehörde Dresden", address="Theaterstraße 13"),
        ]
    )
    db.session.commit()
    first = book_by_api(client, name="Olha", email="o@example.org", language="uk")
    second = book_by_api(client, name="Karim", email="k@example.org", start=TUESDAY_10)
    assert client.post("/staff/login", data={"email": counsellor.email, "password": PASSWORD})
    case = db.session.scalar(select(Case).where(Case.reference == first["reference"]))
    confirm = f"/staff/cases/{case.id}/confirm"
    assert client.post(confirm, data={"version": case.version}).status_code == 303
    assert client.post(f"/staff/cases/{case.id}/notes", data={"body": "Pass mitbringen"})
    page = client.post("/staff/feed").get_data(as_text=True)
    feed = re.search(r"https?://[^\s\"<]+/staff/feed/[^\s\"<]+\.ics", page).group(0)
    sent = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).first()
    sent.status = "sent"
    db.session.commit()
    return {
        "manage": [manage_path(first), manage_path(second)],
        "feed": "/" + feed.split("/", 3)[3],
    }


def what_it_serves(app, held: dict) -> dict:
    """What people and the office see: rows as the app reads them, figures, pages."""
    client = app.test_client()
    with app.test_request_context(headers={"Accept-Language": "en"}):
        report = {
            key: (table.total.values, [row.values for row in table.rows])
            for key in ("requests", "appointments")
            for table in [build_table(key, NOVEMBER, office_tz())]
        }
    cases = db.session.scalars(select(Case).order_by(Case.reference)).all()
    manage_pages = [client.get(path, headers={"Accept-Language": "de"}) for path in held["manage"]]
    feed = client.get(held["feed"])
    return {
        "cases": [(c.reference, c.status, c.name, c.version, c.topic_codes) for c in cases],
        "appointments": sorted(
            (a.case.reference, a.starts_at.isoformat(), a.status, a.ical_uid, a.ical_sequence)
            for a in db.session.scalars(select(Appointment))
        ),
        "outbox": sorted(
            (m.kind, m.recipient, str(m.status), m.subject)
            for m in db.session.scalars(select(OutboxMessage))
        ),
        "notes": db.session.scalars(select(CaseNote.body)).all(),
        "report": report,
        "manage": [
            (page.status_code, ref in page.get_data(as_text=True))
            for page, ref in zip(manage_pages, [c.reference for c in cases], strict=True)
        ],
        "feed": (feed.status_code, sorted(re.findall(r"UID:(\S+)", feed.get_data(as_text=True)))),
    }


def test_a_backup_restored_into_a_fresh_database_serves_the_same_office(drill, monkeypatch):
    monkeypatch.setattr("intake.core.clock.now", lambda: NOW)
    original = drill.new_url("original")
    migrate_database(original)
    app = app_on(original)
    with app.app_context():
        held = fill(app)
        before = what_it_serves(app, held)
        db.session.remove()
        db.engine.dispose()
    assert before["manage"] == [(200, True), (200, True)]
    assert before["feed"][0] == 200
    assert len(before["feed"][1]) == 2
    assert {status for _, _, status, _ in before["outbox"]} >= {"sent", "queued"}

    backup = drill.back_up(original)
    drill.drop(original)
    restored = drill.new_url("restored")
    drill.restore(backup, restored)
    flask(restored, "db", "upgrade")

    app = app_on(restored)
    with app.app_context():
        after = what_it_serves(app, held)
        db.session.remove()
        db.engine.dispose()
    assert after == before


def test_flask_backup_refuses_to_overwrite_and_names_pg_dump_for_postgresql(tmp_path):
    url = f"sqlite:///{tmp_path / 'intake.sqlite'}"
    migrate_database(url)
    target = tmp_path / "copy.sqlite"
    target.write_text("keep me")
    env = {**os.environ, "INTAKE_ENV": "testing", "DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(  # noqa: S603
        [*FLASK, "backup", str(target)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode != 0
    assert "exists already" in done.stderr
    assert target.read_text() == "keep me"
    env["DATABASE_URL"] = "postgresql+psycopg://nobody@127.0.0.1:1/none"
    done = subprocess.run(  # noqa: S603
        [*FLASK, "backup", str(tmp_path / "new.sqlite")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode != 0
    assert "pg_dump -Fc" in done.stderr
