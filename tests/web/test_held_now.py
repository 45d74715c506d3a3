"""Recording a consultation happening now or held earlier today: no slot and no minimum
notice, but never a double booking, never tomorrow, and only one's own."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from intake.models import Appointment, AuditEvent, Case
from tests.helpers import NOW, count


def new_person(counsellor, **changes) -> dict:
    data = {
        "channel": "walk_in",
        "counsellor": counsellor.id,
        "start": "09:00",
        "minutes": "30",
        "topics": ["housing"],
        "talk_language": "de",
        "interpreter_language": "",
        "name": "Nour",
        "phone": "0176 1234567",
        "consent": "y",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def amal(client, auth, office):
    auth.login(office[0].email)
    return office[0]


def test_the_page_offers_now_and_the_usual_length(client, amal):
    page = client.get("/staff/consultations/now?channel=phone").get_data(as_text=True)
    assert 'value="09:00"' in page  # Monday 09:00 in Dresden, the frozen now
    assert 'value="60"' in page
    assert '<option selected value="phone">' in page


def test_a_person_at_the_door_is_recorded_as_held_without_any_free_slot(client, db, amal):
    response = client.post("/staff/consultations/now", data=new_person(amal))
    assert response.status_code == 303
    case = db.session.scalar(select(Case))
    assert response.headers["Location"] == f"/staff/cases/{case.id}"
    [held] = case.appointments
    assert (held.status, held.counsellor_id, held.mode) == ("completed", amal.id, "in_person")
    assert (held.starts_at, held.ends_at - held.starts_at) == (NOW, timedelta(minutes=30))
    assert (case.channel, case.status, case.counsellor_id) == ("walk_in", "in_progress", amal.id)
    assert (case.name, case.phone, case.topic_codes) == ("Nour", "+491761234567", ["housing"])
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.case_id == case.id))


def test_an_existing_case_is_found_by_its_reference(client, db, amal, make_case):
    case = make_case(counsellor=amal, status="in_progress")
    data = {
        "channel": "phone",
        "counsellor": amal.id,
        "start": "08:30",
        "minutes": "20",
        "reference": case.reference.lower().replace("-", " "),
    }
    assert client.post("/staff/consultations/now", data=data).status_code == 303
    db.session.expire_all()
    [held] = db.session.get(Case, case.id).appointments
    assert (held.status, held.mode) == ("completed", "phone")
    assert count(db, Case) == 1


def test_a_counsellor_already_booked_at_that_start_gets_a_clear_refusal(
    client, db, amal, make_appointment
):
    make_appointment(counsellor=amal, start=NOW, status="confirmed")
    response = client.post("/staff/consultations/now", data=new_person(amal))
    assert response.status_code == 409
    assert "hat zu dieser Zeit bereits einen Termin" in response.get_data(as_text=True)
    assert count(db, Appointment) == 1
    assert count(db, Case) == 1  # the new person's case was not kept either


def test_an_overlapping_appointment_is_refused_by_the_database_too(
    client, db, amal, make_appointment
):
    make_appointment(counsellor=amal, start=NOW + timedelta(minutes=15), status="requested")
    response = client.post("/staff/consultations/now", data=new_person(amal))
    assert response.status_code == 409
    assert count(db, Appointment) == 1


@pytest.mark.parametrize(
    "changes",
    [
        {"start": "09:30"},  # later than now
        {"minutes": "0"},
        {"minutes": "900"},
        {"start": "25:00"},
        {"topics": None},
        {"consent": None},
        {"channel": "web"},
        {"phone": "12"},
        {"reference": "EB-XXXX-XX"},
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(client, db, amal, changes):
    response = client.post("/staff/consultations/now", data=new_person(amal, **changes))
    assert response.status_code in (409, 422)
    assert 'class="error"' in response.get_data(as_text=True)
    assert count(db, Case) == 0
    assert count(db, Appointment) == 0


def test_a_counsellor_cannot_record_a_consultation_for_a_colleague(client, db, amal, office):
    response = client.post("/staff/consultations/now", data=new_person(office[1]))
    assert response.status_code == 422
    assert count(db, Appointment) == 0


def test_the_lead_records_for_a_counsellor(client, auth, db, office):
    auth.login_as("lead")
    data = new_person(office[1], start="08:15", channel="phone")
    assert client.post("/staff/consultations/now", data=data).status_code == 303
    held = db.session.scalar(select(Appointment))
    assert (held.counsellor_id, held.status, held.mode) == (office[1].id, "completed", "phone")


def test_the_inbox_and_the_walk_in_page_lead_to_it(client, amal):
    for page in ("/staff/", "/staff/requests/new"):
        assert "/staff/consultations/now" in client.get(page).get_data(as_text=True)


def test_an_erased_case_is_not_reopened_by_recording_a_consultation(client, db, amal, make_case):
    case = make_case(counsellor=amal, status="closed", name=None, anonymised_at=NOW)
    data = {"channel": "walk_in", "counsellor": amal.id, "start": "08:30", "minutes": "20"}
    response = client.post("/staff/consultations/now", data={**data, "reference": case.reference})
    assert response.status_code == 409
    db.session.expire_all()
    assert db.session.get(Case, case.id).status == "closed"
    assert count(db, Appointment) == 0
