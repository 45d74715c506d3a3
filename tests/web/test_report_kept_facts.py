"""The facts the report keeps where it reads them stay right whatever writes the rows: when a
case's first appointment held began and how long the person waited for it (Case.first_held_at,
first_wait), and when a topic's request arrived (CaseTopic.created_at). Database triggers keep
them (migration i12_speed), on SQLite and PostgreSQL."""

import random
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import delete, insert, select, update

from intake.models import Appointment, Case, CaseTopic
from intake.reports.report import build_table
from intake.reports.report_periods import Period
from tests.helpers import HELD_FORM

BERLIN = ZoneInfo("Europe/Berlin")
CREATED = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)
DAY = timedelta(days=1)


def kept(db, case: Case) -> tuple:
    db.session.expire_all()
    found = db.session.get(Case, case.id)
    return found.first_held_at, found.first_wait


def waited(held: datetime | None) -> tuple:
    """What the case should keep when its first appointment held began at `held`."""
    if held is None:
        return None, None
    return held, pytest.approx((held - CREATED).total_seconds(), abs=0.01)


@pytest.fixture
def counsellor(make_user):
    return make_user("c@example.org", name="Amal")


@pytest.fixture
def request_of(make_case, counsellor):
    return make_case(created_at=CREATED, counsellor=counsellor, status="in_progress")


def test_the_staff_page_recording_an_appointment_held_ends_the_wait(
    client, auth, db, make_appointment, monkeypatch
):
    counsellor = auth.login_as(name="Amal")
    start = CREATED + 6 * DAY
    appointment = make_appointment(counsellor=counsellor, start=start, status="confirmed")
    case = appointment.case
    case.created_at = CREATED
    db.session.commit()
    assert kept(db, case) == (None, None)
    monkeypatch.setattr("intake.core.clock.now", lambda: start + timedelta(hours=2))
    response = client.post(
        f"/staff/appointments/{appointment.id}/complete",
        data={"version": case.version, **HELD_FORM},
    )
    assert response.status_code == 303
    assert kept(db, case) == waited(start)


def test_only_appointments_held_count_and_the_earliest_one_wins(
    db, request_of, counsellor, make_appointment
):
    book = make_appointment
    book(counsellor=counsellor, case=request_of, start=CREATED + 2 * DAY, status="no_show")
    book(counsellor=counsellor, case=request_of, start=CREATED + 3 * DAY, status="cancelled")
    assert kept(db, request_of) == (None, None)
    book(counsellor=counsellor, case=request_of, start=CREATED + 9 * DAY, status="completed")
    assert kept(db, request_of) == waited(CREATED + 9 * DAY)
    book(counsellor=counsellor, case=request_of, start=CREATED + 5 * DAY, status="completed")
    assert kept(db, request_of) == waited(CREATED + 5 * DAY)


def test_an_appointment_no_longer_held_moved_or_deleted_gives_way_to_the_next(
    db, request_of, counsellor, make_appointment
):
    first = make_appointment(
        counsellor=counsellor, case=request_of, start=CREATED + 5 * DAY, status="completed"
    )
    make_appointment(
        counsellor=counsellor, case=request_of, start=CREATED + 9 * DAY, status="completed"
    )
    first.status = "no_show"
    db.session.commit()
    assert kept(db, request_of) == waited(CREATED + 9 * DAY)
    first.status = "completed"
    first.starts_at, first.ends_at = CREATED + 11 * DAY, CREATED + 11 * DAY + timedelta(hours=1)
    db.session.commit()
    assert kept(db, request_of) == waited(CREATED + 9 * DAY)
    db.session.execute(delete(Appointment).where(Appointment.starts_at == CREATED + 9 * DAY))
    db.session.commit()
    assert kept(db, request_of) == waited(CREATED + 11 * DAY)
    db.session.execute(delete(Appointment))
    db.session.commit()
    assert kept(db, request_of) == (None, None)


def test_an_appointment_given_to_another_case_leaves_the_first_without_a_wait(
    db, request_of, counsellor, make_appointment, make_case
):
    appointment = make_appointment(
        counsellor=counsellor, case=request_of, start=CREATED + 4 * DAY, status="completed"
    )
    other = make_case(created_at=CREATED, counsellor=counsellor)
    appointment.case_id = other.id
    db.session.commit()
    assert kept(db, request_of) == (None, None)
    assert kept(db, other) == waited(CREATED + 4 * DAY)


def test_a_corrected_request_time_corrects_the_wait_and_the_topics(
    db, request_of, counsellor, make_appointment
):
    make_appointment(
        counsellor=counsellor, case=request_of, start=CREATED + 4 * DAY, status="completed"
    )
    db.session.execute(
        update(Case).where(Case.id == request_of.id).values(created_at=CREATED - DAY)
    )
    db.session.commit()
    assert kept(db, request_of)[1] == pytest.approx(5 * 86400, abs=0.01)
    assert set(db.session.scalars(select(CaseTopic.created_at))) == {CREATED - DAY}


def test_topics_keep_their_request_time_however_they_are_written(db, make_case):
    case = make_case(created_at=CREATED, topics=("work", "housing"))
    db.session.execute(insert(CaseTopic), [{"case_id": case.id, "topic": "health"}])
    db.session.commit()
    rows = db.session.execute(select(CaseTopic.topic, CaseTopic.created_at)).all()
    assert sorted(rows) == [("health", CREATED), ("housing", CREATED), ("work", CREATED)]


def test_the_migration_fills_in_the_facts_for_existing_requests(app, db, make_user):
    counsellor_id = make_user("c@example.org").id
    db.session.close()  # no transaction of ours may hold the tables while they change
    downgrade(revision="i13_security")
    try:
        _store_a_request_held_twice_the_old_way(db, counsellor_id)
    finally:
        upgrade()
    db.session.expire_all()
    case = db.session.scalar(select(Case))
    assert (case.first_held_at, case.first_wait) == waited(CREATED + 3 * DAY)
    assert db.session.scalar(select(CaseTopic.created_at)) == CREATED


def _store_a_request_held_twice_the_old_way(db, counsellor_id: int) -> None:
    """Rows as the schema of i13_security had them, written with plain inserts."""
    old = db.engine.connect()
    with old.begin():
        case_id = old.execute(
            insert(Case.__table__)
            .values(
                reference="B0000001",
                locale="de",
                talk_language="de",
                mode="in_person",
                channel="web",
                status="closed",
                version=1,
                callback_requested=False,
                consent_at=CREATED,
                created_at=CREATED,
                updated_at=CREATED,
            )
            .returning(Case.__table__.c.id)
        ).scalar_one()
        old.execute(insert(CaseTopic.__table__).values(case_id=case_id, topic="work"))
        for days, status in ((1, "no_show"), (3, "completed"), (8, "completed")):
            start = CREATED + days * DAY
            old.execute(
                insert(Appointment.__table__).values(
                    case_id=case_id,
                    counsellor_id=counsellor_id,
                    starts_at=start,
                    ends_at=start + timedelta(hours=1),
                    mode="in_person",
                    status=status,
                    ical_uid=f"{days}@old",
                    ical_sequence=0,
                    created_at=CREATED,
                    updated_at=CREATED,
                )
            )
    old.close()


def days(seconds: float) -> float:
    return round(seconds / 86400, 1)


def nearest_rank(waits: list[float], percent: int) -> float:
    """The textbook definition, computed by hand: the wait at rank ceil(p/100 * n)."""
    ordered = sorted(waits)
    return ordered[-(-percent * len(ordered) // 100) - 1]


def test_waiting_percentiles_are_the_nearest_ranks_in_every_week_and_overall(
    app, db, make_case, counsellor
):
    weeks = Period(date(2026, 3, 2), date(2026, 4, 5), "week")
    rng = random.Random(20261212)
    waits_by_week: dict[int, list[float]] = {week: [] for week in range(5)}  # seconds
    # Week 0 sees 1 person, week 1 ten, week 2 seventy (ceil(0.9 * 70) is where floating
    # point says 64), week 3 none, week 4 three with the same wait.
    for week, people in ((0, 1), (1, 10), (2, 70), (4, 3)):
        for n in range(people):
            held = datetime(2026, 3, 2, 9, tzinfo=BERLIN) + timedelta(days=7 * week + n % 5)
            wait = timedelta(days=8) if week == 4 else timedelta(seconds=rng.randrange(9_000_000))
            _held_case(db, make_case, counsellor, held, wait)
            waits_by_week[week].append(wait.total_seconds())
    with app.test_request_context():
        table = build_table("waiting", weeks, BERLIN)
    everyone = [w for waits in waits_by_week.values() for w in waits]
    for row, waits in zip(table.rows, waits_by_week.values(), strict=True):
        expected = [len(waits)] + [
            days(nearest_rank(waits, p)) if waits else None for p in (50, 90)
        ]
        assert [row.values[key] for key in ("people", "median", "p90")] == expected, row.label
    assert table.total.values == {
        "people": len(everyone),
        "median": days(nearest_rank(everyone, 50)),
        "p90": days(nearest_rank(everyone, 90)),
    }


def _held_case(db, make_case, counsellor, held: datetime, wait: timedelta) -> None:
    case = make_case(created_at=(held - wait).astimezone(UTC), counsellor=counsellor)
    db.session.add(
        Appointment(
            case_id=case.id,
            counsellor_id=counsellor.id,
            starts_at=held,
            ends_at=held + timedelta(minutes=1),
            status="completed",
            mode="in_person",
            ical_uid=f"{case.id}@held",
        )
    )
    db.session.commit()
