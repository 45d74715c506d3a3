"""No double booking, ever: many people reach for one slot at once, one of them gets it."""

from concurrent.futures import ThreadPoolExecutor
from datetime import time
from threading import Barrier

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from intake.models import Appointment, AuditEvent, Case, OfficeSettings, WorkingHours

TUESDAY_9 = "2026-11-17T09:00:00+01:00"


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
        json={
            "topics": ["work"],
            "language": "de",
            "name": f"Person {number}",
            "email": f"p{number}@example.org",
            "consent": True,
            "start": TUESDAY_9,
        },
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
    assert db.session.scalar(select(func.count()).select_from(Appointment)) == 1
    assert db.session.scalar(select(func.count()).select_from(Case)) == 1, "no half-written case"
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 1


def test_database_refuses_a_second_active_appointment_at_the_same_start(db, one_counsellor):
    from datetime import UTC, datetime, timedelta

    start = datetime(2026, 11, 17, 8, tzinfo=UTC)
    for number in range(2):
        case = Case(
            reference=f"EB-TEST-0{number}", locale="de", talk_language="de", consent_at=start
        )
        db.session.add(case)
        db.session.flush()
        db.session.add(
            Appointment(
                case_id=case.id,
                counsellor_id=one_counsellor.id,
                starts_at=start,
                ends_at=start + timedelta(hours=1),
                ical_uid=f"uid-{number}",
            )
        )
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_database_refuses_an_overlapping_appointment_with_another_start(db, one_counsellor):
    from datetime import UTC, datetime, timedelta

    start = datetime(2026, 11, 17, 8, tzinfo=UTC)
    case = Case(reference="EB-OVER-01", locale="de", talk_language="de", consent_at=start)
    db.session.add(case)
    db.session.flush()
    for number, offset in enumerate((0, 15)):
        db.session.add(
            Appointment(case_id=case.id, counsellor_id=one_counsellor.id,
                        starts_at=start + timedelta(minutes=offset),
                        ends_at=start + timedelta(minutes=offset + 60),
                        ical_uid=f"over-{number}")
        )  # fmt: skip
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_cancelled_appointments_do_not_block_the_time(db, one_counsellor):
    from datetime import UTC, datetime, timedelta

    start = datetime(2026, 11, 17, 8, tzinfo=UTC)
    case = Case(reference="EB-OVER-02", locale="de", talk_language="de", consent_at=start)
    db.session.add(case)
    db.session.flush()
    db.session.add_all([
        Appointment(case_id=case.id, counsellor_id=one_counsellor.id, starts_at=start,
                    ends_at=start + timedelta(hours=1), ical_uid="c-1", status="cancelled"),
        Appointment(case_id=case.id, counsellor_id=one_counsellor.id,
                    starts_at=start + timedelta(minutes=15),
                    ends_at=start + timedelta(minutes=75), ical_uid="c-2"),
    ])  # fmt: skip
    db.session.commit()
