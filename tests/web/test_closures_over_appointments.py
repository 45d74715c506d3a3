"""A closure, an absence or shorter hours over booked appointments: the office decides for
each one first, the requesters hear of it with a calendar file, and nothing is lost."""

import re
from datetime import UTC, datetime

import pytest
from icalendar import Calendar
from sqlalchemy import select

from intake.models import Absence, Appointment, Closure, OutboxMessage, WorkingHours
from tests.helpers import count

THURSDAY_9 = datetime(2026, 11, 19, 8, tzinfo=UTC)
THURSDAY_10 = datetime(2026, 11, 19, 9, tzinfo=UTC)
CLOSURE = {"day": "2026-11-19", "reason": "team_day", "public_note": "Teamtag"}


@pytest.fixture
def booked(office, make_appointment, make_case):
    arabic = make_case(counsellor=office[0], locale="ar", email="nour@example.org")
    return [
        make_appointment(counsellor=office[0], start=THURSDAY_9, case=arabic, minutes=60),
        make_appointment(counsellor=office[1], start=THURSDAY_10, minutes=60),
    ]


def first_suggestion(page: str, appointment) -> str:
    values = re.findall(rf'name="choice-{appointment.id}" value="([^"]+)"', page)
    return next(value for value in values if value != "cancel")


def mail_to(db, case, kind):
    return db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.case_id == case.id, OutboxMessage.kind == kind)
    )


def test_a_closure_over_booked_appointments_asks_first_and_saves_nothing(client, auth, booked, db):
    auth.login_as("lead")
    response = client.post("/staff/closures", data=CLOSURE)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for appointment in booked:
        assert appointment.case.reference in page
        assert f'name="choice-{appointment.id}" value="cancel"' in page
    assert count(db, Closure) == 0
    assert all(a.is_active for a in db.session.scalars(select(Appointment)))


def test_an_undecided_appointment_saves_nothing_and_says_so(client, auth, booked, db):
    auth.login_as("lead")
    data = {**CLOSURE, "confirm": "1", f"choice-{booked[0].id}": "cancel"}
    response = client.post("/staff/closures", data=data)
    assert response.status_code == 422
    assert 'role="alert"' in response.get_data(as_text=True)
    assert count(db, Closure) == 0
    assert count(db, OutboxMessage) == 0


def test_a_time_that_is_not_a_time_counts_as_undecided(client, auth, booked, db):
    auth.login_as("lead")
    data = {
        **CLOSURE,
        "confirm": "1",
        f"choice-{booked[0].id}": "cancel",
        f"choice-{booked[1].id}": "9999-99-99",
    }
    assert client.post("/staff/closures", data=data).status_code == 422
    assert count(db, Closure) == 0


def test_moved_and_cancelled_requesters_get_mail_with_the_right_calendar_file(
    client, auth, booked, db
):
    auth.login_as("lead")
    uids = [appointment.ical_uid for appointment in booked]
    page = client.post("/staff/closures", data=CLOSURE).get_data(as_text=True)
    new_time = first_suggestion(page, booked[0])
    data = {
        **CLOSURE,
        "confirm": "1",
        f"choice-{booked[0].id}": new_time,
        f"message-{booked[0].id}": "Wir haben Teamtag.",
        f"choice-{booked[1].id}": "cancel",
        f"message-{booked[1].id}": "Bitte rufen Sie uns an.",
    }
    assert client.post("/staff/closures", data=data).status_code == 302
    assert count(db, Closure) == 1
    moved_case, cancelled_case = booked[0].case, booked[1].case
    db.session.expire_all()
    [active] = [
        a for a in db.session.get(type(moved_case), moved_case.id).appointments if a.is_active
    ]
    assert active.starts_at == datetime.fromisoformat(new_time)
    assert active.ical_uid == uids[0]
    moved = mail_to(db, moved_case, "moved")
    [event] = Calendar.from_ical(moved.ics).walk("VEVENT")
    assert (str(event["UID"]), int(event["SEQUENCE"])) == (uids[0], 1)
    assert moved.ics_method == "REQUEST"
    assert "Wir haben Teamtag." in moved.body_text
    assert moved.subject != "Your appointment has been moved: " + moved_case.reference  # Arabic
    cancelled = mail_to(db, cancelled_case, "cancelled")
    assert cancelled.ics_method == "CANCEL"
    [event] = Calendar.from_ical(cancelled.ics).walk("VEVENT")
    assert (str(event["UID"]), int(event["SEQUENCE"])) == (uids[1], 1)
    assert "Bitte rufen Sie uns an." in cancelled.body_text
    assert not db.session.get(Appointment, booked[1].id).is_active


def test_a_closure_on_a_free_day_is_saved_at_once(client, auth, office, db):
    auth.login_as("lead")
    assert client.post("/staff/closures", data=CLOSURE).status_code == 302
    assert count(db, Closure) == 1


def test_an_absence_over_an_appointment_asks_and_then_cancels_it(client, auth, booked, db):
    auth.login(booked[0].counsellor.email)
    absence = {
        "absence-start_date": "2026-11-19",
        "absence-start_time": "08:00",
        "absence-end_date": "2026-11-19",
        "absence-end_time": "13:00",
    }
    page = client.post("/staff/availability/absences", data=absence).get_data(as_text=True)
    assert booked[0].case.reference in page
    assert booked[1].case.reference not in page  # a colleague's appointment is not in the way
    assert count(db, Absence) == 0
    data = {**absence, "confirm": "1", f"choice-{booked[0].id}": "cancel"}
    assert client.post("/staff/availability/absences", data=data).status_code == 302
    assert count(db, Absence) == 1
    assert mail_to(db, booked[0].case, "cancelled").ics_method == "CANCEL"


def test_shorter_hours_over_an_appointment_ask_before_the_hours_go(client, auth, booked, db):
    auth.login(booked[0].counsellor.email)
    thursday = db.session.scalar(
        select(WorkingHours.id).where(
            WorkingHours.user_id == booked[0].counsellor_id, WorkingHours.weekday == 3
        )
    )
    path = f"/staff/availability/hours/{thursday}/delete"
    page = client.post(path).get_data(as_text=True)
    assert booked[0].case.reference in page
    assert db.session.get(WorkingHours, thursday) is not None
    new_time = first_suggestion(page, booked[0])
    assert (
        client.post(path, data={"confirm": "1", f"choice-{booked[0].id}": new_time}).status_code
        == 302
    )
    db.session.expire_all()
    assert db.session.get(WorkingHours, thursday) is None
    assert mail_to(db, booked[0].case, "moved") is not None
