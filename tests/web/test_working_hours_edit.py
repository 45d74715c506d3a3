"""Working hours are changed in place: other times, or an end from a date. A change that
leaves booked appointments outside every window asks first, as an absence does."""

from datetime import UTC, datetime, time

import pytest
from sqlalchemy import select

from intake.models import Appointment, WorkingHours

THURSDAY_11 = datetime(2026, 11, 19, 10, tzinfo=UTC)  # 11:00 in Dresden
HOURS = {"hours-weekday": "3", "hours-start_time": "09:00", "hours-end_time": "12:00"}


@pytest.fixture
def thursday(db, office):
    """Counsellor A's Thursday window, 09:00–12:00."""
    return db.session.scalar(
        select(WorkingHours).where(WorkingHours.user_id == office[0].id, WorkingHours.weekday == 3)
    )


def test_the_edit_page_shows_the_rows_values(client, auth, office, thursday):
    auth.login(office[0].email)
    page = client.get(f"/staff/availability/hours/{thursday.id}/edit").text
    assert 'value="09:00"' in page
    assert 'value="12:00"' in page


def test_changing_the_times_keeps_the_row_and_saves_at_once(client, auth, db, office, thursday):
    auth.login(office[0].email)
    answer = client.post(
        f"/staff/availability/hours/{thursday.id}/edit",
        data={**HOURS, "hours-start_time": "08:00"},
    )
    assert answer.status_code == 302
    db.session.expire_all()
    row = db.session.get(WorkingHours, thursday.id)
    assert (row.start_time, row.end_time) == (time(8), time(12))


def test_ending_the_hours_over_a_booked_appointment_asks_first(
    client, auth, db, office, thursday, make_appointment
):
    booked = make_appointment(counsellor=office[0], start=THURSDAY_11)
    auth.login(office[0].email)
    path = f"/staff/availability/hours/{thursday.id}/edit"
    ended = {**HOURS, "hours-valid_until": "2026-11-18"}
    question = client.post(path, data=ended, headers={"Accept-Language": "en"})
    assert question.status_code == 200
    assert "Changed working hours over booked appointments" in question.text
    assert booked.case.reference in question.text
    db.session.expire_all()
    assert db.session.get(WorkingHours, thursday.id).valid_until is None
    decided = client.post(path, data={**ended, "confirm": "1", f"choice-{booked.id}": "cancel"})
    assert decided.status_code == 302
    db.session.expire_all()
    assert db.session.get(WorkingHours, thursday.id).valid_until.isoformat() == "2026-11-18"
    assert db.session.get(Appointment, booked.id).status == "cancelled"


def test_an_end_before_the_start_changes_nothing(client, auth, db, office, thursday):
    auth.login(office[0].email)
    answer = client.post(
        f"/staff/availability/hours/{thursday.id}/edit",
        data={**HOURS, "hours-end_time": "08:00"},
        headers={"Accept-Language": "en"},
    )
    assert answer.status_code == 422
    assert "The end must be after the start." in answer.text
    db.session.expire_all()
    assert db.session.get(WorkingHours, thursday.id).end_time == time(12)


def test_a_colleague_cannot_edit_anothers_hours(client, auth, db, office, thursday):
    auth.login(office[1].email)
    answer = client.post(f"/staff/availability/hours/{thursday.id}/edit", data=HOURS)
    assert answer.status_code == 404
