"""Benchmark: the inbox and a case page with 10 counsellors, 20,000 cases and 30,000
appointments, through the test client, on SQLite and (when reachable) PostgreSQL.

PostgreSQL: BENCH_DATABASE_URL or TEST_DATABASE_URL (a server URL; a fresh database is
created and dropped), else postgresql+psycopg://postgres@127.0.0.1:5432/postgres.
"""

import os
import random
import secrets
import tempfile
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from uuid import uuid4

from dataset import BERLIN, analyze, median_ms
from flask_migrate import upgrade
from sqlalchemy import create_engine, event, insert, make_url, select, text
from werkzeug.security import generate_password_hash

from intake import create_app
from intake.core import clock
from intake.extensions import db
from intake.models import Appointment, Case, CaseNote, CaseTopic, Role, StaffLanguage, User

SEED = 20261201
COUNSELLORS, CASES, APPOINTMENTS = 10, 20_000, 30_000
NOW = datetime(2026, 12, 1, 8, tzinfo=UTC)
REPETITIONS = 30
PASSWORD = "bench-password-2026"
STATUSES = ["new"] * 3 + ["scheduled"] * 2 + ["in_progress"] * 2 + ["closed"] * 2 + ["waiting"]
TOPICS = ("work", "housing", "residence", "family", "health")
LANGUAGES = ("ar", "uk", "ru", "fa", "tr", "vi", "fr", "en")


def fill(rng: random.Random) -> None:
    hashed = generate_password_hash(PASSWORD)
    users = [
        User(
            email=f"c{n}@example.org",
            name=f"Counsellor {n}",
            role=Role.COUNSELLOR,
            password_hash=hashed,
            takes_appointments=True,
            languages=[
                StaffLanguage(language="de"),
                StaffLanguage(language=LANGUAGES[n % len(LANGUAGES)]),
            ],
        )
        for n in range(COUNSELLORS)
    ]
    db.session.add_all(users)
    db.session.flush()
    ids = [user.id for user in users]
    cases = []
    for n in range(CASES):
        created = NOW - timedelta(minutes=rng.randrange(60 * 24 * 365))
        status = rng.choice(STATUSES)
        cases.append(
            {
                "reference": f"EB-{n:06d}",
                "form_key": uuid4().hex,
                "locale": "de",
                "talk_language": rng.choice(("de", *LANGUAGES)),
                "mode": "in_person",
                "name": f"Person {n}",
                "email": "p@example.org",
                "consent_at": created,
                "status": status,
                "callback_requested": False,
                "channel": "web",
                "version": 1,
                "counsellor_id": None if status == "new" and n % 2 else rng.choice(ids),
                "created_at": created,
                "updated_at": created,
            }
        )
    db.session.execute(insert(Case), cases)
    case_ids = db.session.scalars(select(Case.id).order_by(Case.id)).all()
    db.session.execute(
        insert(CaseTopic),
        [{"case_id": case_id, "topic": rng.choice(TOPICS)} for case_id in case_ids],
    )
    slots = [
        (
            user_id,
            datetime.combine(
                NOW.date() + timedelta(days=day), time(hour, minute), tzinfo=BERLIN
            ).astimezone(UTC),
        )
        for user_id in ids
        for day in range(-300, 120)
        for hour in (8, 9, 10, 11, 13, 14, 15)
        for minute in (0, 30)
    ]
    chosen = rng.sample(slots, APPOINTMENTS)
    owners = [*case_ids, *rng.sample(case_ids, APPOINTMENTS - len(case_ids))]
    db.session.execute(
        insert(Appointment),
        [
            {
                "case_id": case_id,
                "counsellor_id": user_id,
                "starts_at": start,
                "ends_at": start + timedelta(minutes=30),
                "mode": "in_person",
                "status": "completed" if start < NOW else rng.choice(("requested", "confirmed")),
                "ical_uid": f"{uuid4()}@bench",
                "ical_sequence": 0,
                "created_at": NOW,
                "updated_at": NOW,
            }
            for case_id, (user_id, start) in zip(owners, chosen, strict=True)
        ],
    )
    db.session.execute(
        insert(CaseNote),
        [
            {"case_id": case_ids[0], "author_id": ids[0], "body": f"note {n}", "created_at": NOW}
            for n in range(20)
        ],
    )
    db.session.commit()


class StatementCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, _connection, _cursor, statement, *_args) -> None:
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            self.count += 1


def measure(label: str, url: str) -> None:
    app = create_app("testing", DATABASE_URL=url)
    with app.app_context():
        upgrade()
        fill(random.Random(SEED))
        analyze()
        case_id = db.session.scalar(select(Case.id).order_by(Case.id))
        holder = db.session.get(Case, case_id).counsellor_id or 1
        email = db.session.get(User, holder).email
        engine = db.engine
        db.session.remove()
    clock.now = lambda: NOW
    client = app.test_client()
    assert (
        client.post("/staff/login", data={"email": email, "password": PASSWORD}).status_code == 302
    )
    counter = StatementCounter()
    event.listen(engine, "before_cursor_execute", counter)
    for name, path in (
        ("inbox (unassigned)", "/staff/"),
        ("inbox (all open)", "/staff/?tab=all"),
        ("case page", f"/staff/cases/{case_id}"),
    ):
        counter.count = 0
        assert client.get(path).status_code == 200
        statements = counter.count
        median, fastest = median_ms(lambda path=path: client.get(path), REPETITIONS)
        print(
            f"{label:10} {name:20} median {median:6.1f} ms (min {fastest:5.1f}), "
            f"{statements} SQL statements"
        )
    with app.app_context():
        db.engine.dispose()


def postgresql_server() -> str:
    return os.environ.get("BENCH_DATABASE_URL") or os.environ.get(
        "TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    )


def main() -> None:
    sqlite = Path(tempfile.mkdtemp(prefix="intake-bench-")) / "workspace.sqlite"
    measure("SQLite", f"sqlite:///{sqlite}")
    server = postgresql_server()
    name = f"intake_bench_{secrets.token_hex(4)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # noqa: BLE001  (no server: say so and stop)
        print(f"PostgreSQL not reachable ({type(error).__name__}): PostgreSQL run skipped")
        return
    try:
        measure("PostgreSQL", make_url(server).set(database=name).render_as_string(False))
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
