"""A realistic office on a fresh SQLite file: 10 counsellors and 5,000 appointments in 90 days."""

import random
import sys
import tempfile
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from uuid import uuid4
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import insert, text  # noqa: E402

from intake import create_app  # noqa: E402
from intake.extensions import db  # noqa: E402
from intake.models import (  # noqa: E402
    Absence,
    Appointment,
    Case,
    Closure,
    OfficeSettings,
    Role,
    StaffLanguage,
    User,
    WorkingHours,
)

BERLIN = ZoneInfo("Europe/Berlin")
SEED = 20261125
FIRST_DAY = date(2027, 1, 4)  # a Monday
DAYS = 90
NOW = datetime.combine(FIRST_DAY - timedelta(days=2), time(12), tzinfo=BERLIN).astimezone(UTC)
COUNSELLORS, APPOINTMENTS, ABSENCES, CLOSURES = 10, 5_000, 20, 10
HOURS = ((time(8), time(12)), (time(13), time(16)))
LANGUAGES = ("en", "ar", "uk", "ru", "fa", "tr", "vi", "fr")


def build_app():
    """An app on a new SQLite file holding the whole data set; returns (app, path)."""
    path = Path(tempfile.mkdtemp(prefix="intake-bench-")) / "bench.sqlite"
    app = create_app("testing", DATABASE_URL=f"sqlite:///{path}")
    with app.app_context():
        upgrade()
        _fill(random.Random(SEED))
        db.session.remove()
    return app


def _fill(rng: random.Random) -> None:
    db.session.add(
        OfficeSettings(
            id=1, slot_minutes=30, buffer_minutes=0, min_notice_hours=24, horizon_days=DAYS + 7
        )
    )
    users = []
    for number in range(COUNSELLORS):
        user = User(
            email=f"c{number}@example.org",
            name=f"Counsellor {number}",
            role=Role.COUNSELLOR,
            password_hash="x",
        )
        user.languages = [
            StaffLanguage(language="de"),
            StaffLanguage(language=LANGUAGES[number % len(LANGUAGES)]),
        ]
        users.append(user)
    db.session.add_all(users)
    db.session.flush()
    db.session.add_all(
        WorkingHours(user_id=user.id, weekday=weekday, start_time=start, end_time=end)
        for user in users
        for weekday in range(4)
        for start, end in HOURS
    )
    _appointments(rng, [user.id for user in users])
    for _ in range(ABSENCES):
        start = _local(_day(rng), rng.randrange(8, 15))
        db.session.add(
            Absence(
                user_id=rng.choice(users).id,
                starts_at=start,
                ends_at=start + timedelta(hours=rng.randrange(2, 30)),
            )
        )
    for day in rng.sample(range(DAYS), CLOSURES):
        db.session.add(Closure(day=FIRST_DAY + timedelta(days=day), public_note="Teamtag"))
    db.session.commit()


def _appointments(rng: random.Random, user_ids: list[int]) -> None:
    """Distinct (counsellor, slot) pairs inside working hours, as real bookings would be."""
    working_days = [FIRST_DAY + timedelta(days=n) for n in range(DAYS)]
    slots = [
        (user_id, _local(day, hour, minute))
        for user_id in user_ids
        for day in working_days
        if day.weekday() < 4
        for hour in (8, 9, 10, 11, 13, 14, 15)
        for minute in (0, 30)
    ]
    chosen = rng.sample(slots, APPOINTMENTS)
    cases = [
        {
            "reference": f"EB-{n:06d}",
            "form_key": uuid4().hex,
            "locale": "de",
            "talk_language": "de",
            "mode": "in_person",
            "name": "Bench",
            "email": "b@example.org",
            "consent_at": NOW,
            "status": "new",
            "callback_requested": False,
            "created_at": NOW,
            "updated_at": NOW,
        }
        for n in range(APPOINTMENTS)
    ]
    db.session.execute(insert(Case), cases)
    case_ids = db.session.scalars(db.select(Case.id).order_by(Case.id)).all()
    db.session.execute(
        insert(Appointment),
        [
            {
                "case_id": case_id,
                "counsellor_id": user_id,
                "starts_at": start,
                "ends_at": start + timedelta(minutes=30),
                "mode": "in_person",
                "status": "confirmed",
                "ical_uid": f"{uuid4()}@bench",
                "ical_sequence": 0,
                "created_at": NOW,
                "updated_at": NOW,
            }
            for case_id, (user_id, start) in zip(case_ids, chosen, strict=True)
        ],
    )


def _day(rng: random.Random) -> date:
    return FIRST_DAY + timedelta(days=rng.randrange(DAYS))


def _local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=BERLIN).astimezone(UTC)


def analyze() -> None:
    """Planner statistics, as a running database has them (PostgreSQL's autovacuum; on
    SQLite the nightly `purge` runs ANALYZE) and a bulk load has not yet. VACUUM also sets
    PostgreSQL's visibility map, so covering indexes give index-only scans."""
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    else:
        db.session.execute(text("ANALYZE"))
        db.session.commit()


def median_ms(run, repetitions: int) -> tuple[float, float]:
    import statistics
    import time as wall

    timings = []
    for _ in range(repetitions):
        started = wall.perf_counter()
        run()
        timings.append((wall.perf_counter() - started) * 1000)
    return statistics.median(timings), min(timings)
