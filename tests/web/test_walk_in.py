"""Phone and walk-in intake: the same rules and booking as the public form, a channel, and a
printable confirmation in the person's language with the manage link as text and QR code."""

from sqlalchemy import select

from intake.core import preferred_periods
from intake.models import Appointment, Case
from tests.helpers import TUESDAY_9, book_by_api, count


def walk_in(**changes) -> dict:
    data = {
        "channel": "walk_in",
        "topics": "work",
        "talk_language": "ar",
        "interpreter_language": "",
        "mode": "in_person",
        "start": TUESDAY_9,
        "name": "Yusuf",
        "phone": "0351 1234567",
        "contact_channel": "phone",
        "consent": "y",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_a_walk_in_request_is_booked_and_stored_with_its_channel(client, auth, db, office):
    auth.login(office[0].email)
    response = client.post("/staff/requests/new", data=walk_in())
    assert response.status_code == 303
    case = db.session.scalar(select(Case))
    assert (case.channel, case.locale, case.talk_language) == ("walk_in", "ar", "ar")
    [appointment] = case.appointments
    assert appointment.counsellor_id == office[0].id  # the Arabic speaker
    assert (appointment.status, case.status) == ("confirmed", "scheduled"), (
        "agreed with the person at the door: the paper must not say 'waiting for confirmation'"
    )
    page = client.get(response.headers["Location"])
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'dir="rtl"' in text
    assert case.reference in text
    assert "/ar/r/" in text
    assert "<svg" in text  # the QR code, drawn on the server


def test_a_walk_in_for_a_taken_time_is_refused_with_alternatives(client, auth, db, office):
    book_by_api(client, language="ar", email="first@example.org")
    book_by_api(client, language="ru", email="second@example.org")  # both counsellors busy
    auth.login(office[0].email)
    response = client.post("/staff/requests/new", data=walk_in(), headers={"Accept-Language": "en"})
    assert response.status_code == 409
    text = response.get_data(as_text=True)
    assert "just taken" in text
    assert 'value="Yusuf"' in text  # what was typed stays
    assert count(db, Case) == 2
    assert count(db, Appointment) == 2


def test_a_walk_in_without_consent_is_refused_and_stores_nothing(client, auth, db, office):
    auth.login(office[0].email)
    response = client.post("/staff/requests/new", data=walk_in(consent=None))
    assert response.status_code == 422
    assert count(db, Case) == 0


def test_the_same_value_twice_is_refused(client, auth, db, office):
    auth.login(office[0].email)
    data = walk_in()
    data["channel"] = ["phone", "email"]
    assert client.post("/staff/requests/new", data=data).status_code == 400
    assert count(db, Case) == 0


def test_a_phone_request_without_a_time_is_a_call_back(client, auth, db, office):
    auth.login(office[0].email)
    data = walk_in(channel="phone", start="callback", preferred_times="vormittags")
    assert client.post("/staff/requests/new", data=data).status_code == 303
    case = db.session.scalar(select(Case))
    assert (case.channel, case.callback_requested, case.appointments) == ("phone", True, [])


def test_a_call_back_taken_on_the_phone_keeps_the_ticked_periods(client, auth, db, office):
    auth.login(office[0].email)
    data = walk_in(channel="phone", start="callback", preferred_periods=["wed_afternoon"])
    assert client.post("/staff/requests/new", data=data).status_code == 303
    case = db.session.scalar(select(Case))
    assert preferred_periods.to_codes(case.preferred_periods) == ["wed_afternoon"]


def test_a_call_back_without_periods_or_times_is_refused_keeping_the_form(client, auth, db, office):
    auth.login(office[0].email)
    response = client.post(
        "/staff/requests/new",
        data=walk_in(start="callback", consent=None, preferred_periods=["fri_morning"]),
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 422
    assert 'checked id="preferred_periods-8"' in response.get_data(as_text=True)
    assert count(db, Case) == 0


def test_the_recorder_prints_the_confirmation_even_when_a_colleague_holds_the_case(
    client, auth, db, office, make_user
):
    auth.login(office[1].email)  # speaks Russian; the Arabic speaker gets the booking
    response = client.post("/staff/requests/new", data=walk_in())
    case = db.session.scalar(select(Case))
    assert case.counsellor_id == office[0].id
    assert client.get(response.headers["Location"]).status_code == 200
    auth.logout()
    auth.login(make_user().email)
    assert client.get(response.headers["Location"]).status_code == 404


def test_the_walk_in_form_asks_the_counsellor_about_the_person_not_the_person(client, auth, office):
    auth.login(office[0].email)
    page = client.get("/staff/requests/new", headers={"Accept-Language": "en"})
    text = page.get_data(as_text=True)
    staff_voice = [
        "Name of the person",
        "Does the person need an interpreter?",
        "How does the person want to talk with us?",
        "How should we contact the person?",
        "Which times suit the person?",
    ]
    requester_voice = [
        "Your name",
        "Do you need an interpreter?",
        "How would you like to talk with us?",
        "How should we contact you?",
    ]
    assert [label for label in staff_voice if label not in text] == []
    assert [label for label in requester_voice if label in text] == []
    # The public form keeps speaking to the requester.
    public = client.get("/en/request").get_data(as_text=True)
    assert "Your name" in public
    assert "Name of the person" not in public


def test_the_confirmations_staff_controls_are_in_the_staffs_language(client, auth, db, office):
    auth.login(office[0].email)
    english = {"Accept-Language": "en"}
    response = client.post("/staff/requests/new", data=walk_in(), headers=english)
    text = client.get(response.headers["Location"], headers=english).text
    assert '<html lang="ar" dir="rtl">' in text  # the confirmation: the person's language
    assert '<p class="no-print" lang="en" dir="ltr"><a href=' in text
    assert ">Back to the case</a>" in text
    assert "print function (Ctrl+P)" in text
