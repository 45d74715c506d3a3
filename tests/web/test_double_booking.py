"""No double booking, ever: many people reach for one slot at once, one of them gets it."""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, time, timedelta
from threading import Barrier

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from intake.models import Appointment, AuditEvent, Case, OfficeSettings, WorkingHours
from tests.helpers import count, request_body

TUESDAY_9_UTC = datetime(2026, 11, 17, 8, tzinfo=UTC)


@pytest.fixture
def one_counsellor(db, make_user, frozen_now):
    db.session.add(OfficeSettings(id=1, slot_minutes=60, buffer_minutes=0, min_notice_hours=24))
    counsellor = make_user("only@example.org", languages=("de",))
    db.session.add(
        WorkingHours(user_id=counsellor.id, weekday=1, start_time=time(9), end_time=time(12))
    )
    db.session.commit()
    return counsellor


def book(app, barrier: Barrier, number: int):
    client = app.test_client()
    barrier.wait()
    response = client.post(
        "/api/v1/requests",
        json=request_body(name=f"Person {number}", email=f"p{number}@example.org"),
        headers={"Accept-Language": "en"},
    )
    return response.status_code, response.get_json()


@pytest.mark.parametrize("people", [2, 30])
def test_concurrent_bookings_of_one_slot_give_it_to_exactly_one(app, db, one_counsellor, people):
    barrier = Barrier(people)
    with ThreadPoolExecutor(max_workers=people) as pool:
        results = list(pool.map(lambda n: book(app, barrier, n), range(people)))
    codes = sorted(code for code, _ in results)
    assert codes == [201] + [409] * (people - 1)
    losers = [body for code, body in results if code == 409]
    assert all("just taken" in body["error"]["message"] for body in losers)
    assert all(body["alternatives"] for body in losers)
    db.session.expire_all()
    assert count(db, Appointment) == 1
    assert count(db, Case) == 1, "no half-written case"
    assert count(db, AuditEvent) == 1


def test_database_refuses_a_second_active_appointment_at_the_same_start(
    db, one_counsellor, make_appointment
):
    make_appointment(counsellor=one_counsellor, start=TUESDAY_9_UTC)
    with pytest.raises(IntegrityError):
        make_appointment(counsellor=one_counsellor, start=TUESDAY_9_UTC)
    db.session.rollback()
    assert count(db, Appointment) == 1


def test_database_refuses_an_overlapping_appointment_with_another_start(
    db, one_counsellor, make_case, make_appointment
):
    case = make_case(counsellor=one_counsellor)
    make_appointment(counsellor=one_counsellor, case=case, start=TUESDAY_9_UTC)
    with pytest.raises(IntegrityError):
        make_appointment(
            counsellor=one_counsellor, case=case, start=TUESDAY_9_UTC + timedelta(minutes=15)
        )
    db.session.rollback()
    assert count(db, Appointment) == 1


def test_cancelled_appointments_do_not_block_the_time(
    db, one_counsellor, make_case, make_appointment
):
    case = make_case(counsellor=one_counsellor)
    make_appointment(counsellor=one_counsellor, case=case, start=TUESDAY_9_UTC, status="cancelled")
    later = TUESDAY_9_UTC + timedelta(minutes=15)
    make_appointment(counsellor=one_counsellor, case=case, start=later)
    stored = db.session.execute(
        select(Appointment.starts_at, Appointment.status).order_by(Appointment.starts_at)
    ).all()
    assert [(start.astimezone(UTC), status) for start, status in stored] == [
        (TUESDAY_9_UTC, "cancelled"),
        (later, "requested"),
    ]
