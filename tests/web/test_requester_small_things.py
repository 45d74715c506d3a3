"""What requesters receive, the small things: follow-up wording, the call-back mail, the
mail's language header, feeds by date, no cancel after the start, topic boxes, the API's
locale field and a too-short phone number."""

from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from intake.mail.sender import build_email
from intake.models import Appointment, Case, Closure, OutboxMessage
from tests.helpers import NOW, book_by_api, manage_path, request_body

THURSDAY_10 = datetime(2026, 11, 19, 9, tzinfo=UTC)  # 10:00 in Dresden
ENGLISH = {"Accept-Language": "en"}


def newest_mail(db) -> OutboxMessage:
    """The newest message to the requester (staff notices go to the counsellors)."""
    query = select(OutboxMessage).where(OutboxMessage.recipient == "amina@example.org")
    return db.session.scalars(query.order_by(OutboxMessage.id.desc())).first()


def test_a_follow_ups_mail_and_calendar_file_say_follow_up(
    client, auth, db, office, make_case, make_appointment
):
    case = make_case(counsellor=office[0], status="in_progress", locale="en")
    make_appointment(
        counsellor=office[0], case=case, start=NOW - timedelta(days=7), status="completed"
    )
    auth.login(office[0].email)
    db.session.refresh(case)
    answer = client.post(
        f"/staff/cases/{case.id}/follow-up",
        data={"version": case.version, "start": THURSDAY_10.isoformat()},
        headers=ENGLISH,
    )
    assert answer.status_code == 303
    mail = newest_mail(db)
    assert mail.kind == "follow_up"
    assert "follow-up" in mail.subject.lower()
    assert "follow-up appointment is booked" in mail.body_text
    [event] = Calendar.from_ical(mail.ics).walk("VEVENT")
    assert str(event["SUMMARY"]).startswith("Follow-up appointment")
    assert "First consultation" not in mail.ics


def test_a_first_booking_still_says_first_consultation(client, db, office):
    book_by_api(client, accept_language="en", locale="en")
    assert "SUMMARY:First consultation" in newest_mail(db).ics


def test_a_call_back_mail_says_the_office_will_call_and_repeats_the_times(client, db, office):
    book_by_api(client, locale="en", start=None, preferred_periods=["mon_morning", "wed_afternoon"])
    text = newest_mail(db).body_text
    assert "We will call you" in text
    assert "Monday: Morning" in text
    assert "Wednesday: Afternoon" in text


def test_a_booked_request_mail_does_not_promise_a_call(client, db, office):
    book_by_api(client, locale="en")
    assert "We will call you" not in newest_mail(db).body_text


def test_mails_carry_their_language_in_content_language(client, db, office):
    book_by_api(client, locale="ar")
    assert build_email(newest_mail(db))["Content-Language"] == "ar"


def test_the_closures_feed_answers_if_modified_since_with_304(client, db, office):
    first = client.get("/closures.ics")
    assert first.status_code == 200
    modified = first.headers["Last-Modified"]
    again = client.get("/closures.ics", headers={"If-Modified-Since": modified})
    assert again.status_code == 304
    assert again.data == b""
    db.session.add(Closure(day=NOW.date() + timedelta(days=3), reason="team_day"))
    db.session.commit()
    changed = client.get("/closures.ics", headers={"If-Modified-Since": modified})
    assert changed.status_code == 200
    assert "BEGIN:VEVENT" in changed.text


def test_an_etag_decides_before_the_date(client, db, office):
    first = client.get("/closures.ics")
    stale = client.get(
        "/closures.ics",
        headers={"If-None-Match": '"other"', "If-Modified-Since": first.headers["Last-Modified"]},
    )
    assert stale.status_code == 200


@pytest.fixture
def started(client, db, office, monkeypatch):
    """A booked request whose appointment began five minutes ago."""
    answer = book_by_api(client, locale="en")
    appointment = db.session.scalar(select(Appointment))
    moment = appointment.starts_at + timedelta(minutes=5)
    monkeypatch.setattr("intake.core.clock.now", lambda: moment)
    return answer


def test_the_manage_page_offers_no_cancel_once_the_appointment_has_started(client, db, started):
    page = client.get(manage_path(started)).text
    assert "/cancel" not in page
    assert "Choose another time" not in page
    token_path = manage_path(started)
    client.post(f"{token_path}/cancel")
    assert db.session.scalar(select(Case.status)) != "cancelled"


def test_the_manage_page_offers_cancel_before_the_start(client, db, office):
    answer = book_by_api(client, locale="en")
    assert "/cancel" in client.get(manage_path(answer)).text


def test_topic_boxes_carry_no_required_each_and_the_group_error_is_announced(client, office):
    form = client.get("/en/request").text
    boxes = [tag for tag in form.split("<input") if 'name="topics"' in tag]
    assert boxes
    assert not any("required" in tag.split(">")[0] for tag in boxes)
    answer = client.post("/en/request", data={"name": "Amina", "consent": "y"})
    assert answer.status_code == 422
    fieldset = answer.text[answer.text.index('id="topics"') - 60 :][:400]
    assert 'aria-describedby="topics-hint topics-error"' in fieldset
    assert 'id="topics-error"' in answer.text
    assert "Please choose at least one topic." in answer.text


def test_the_api_takes_the_language_from_the_body(client, db, office):
    answer = client.post(
        "/api/v1/requests", json=request_body(locale="uk"), headers={"Accept-Language": "de"}
    )
    assert answer.status_code == 201
    assert "/uk/r/" in answer.json["manage_url"]
    assert db.session.scalar(select(Case.locale)) == "uk"
    assert newest_mail(db).locale == "uk"


def test_the_api_falls_back_to_accept_language(client, db, office):
    answer = client.post("/api/v1/requests", json=request_body(), headers={"Accept-Language": "ar"})
    assert "/ar/r/" in answer.json["manage_url"]


def test_an_unknown_locale_is_refused_and_nothing_is_stored(client, db, office):
    answer = client.post("/api/v1/requests", json=request_body(locale="xx"), headers=ENGLISH)
    assert answer.status_code == 422
    assert "locale" in answer.json["error"]["fields"]
    assert db.session.scalar(select(Case.id)) is None


def test_the_openapi_description_documents_the_locale_field(client):
    schema = client.get("/api/v1/openapi.json").json
    assert "locale" in str(schema)
    assert "Accept-Language" in str(schema)


@pytest.mark.parametrize("typed", ["12", "0351", "+49 30 12"])
def test_a_too_short_phone_number_is_called_too_short(client, db, office, typed):
    answer = client.post(
        "/api/v1/requests", json=request_body(email=None, phone=typed), headers=ENGLISH
    )
    assert answer.status_code == 422
    [message] = answer.json["error"]["fields"]["phone"]
    assert "too short" in message
    assert "wrong type" not in message
