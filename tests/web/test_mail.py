"""E-mail through a real SMTP server: queued with the change, sent once, never lost."""

from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from intake.core import clock
from intake.mail import reminders, sender
from intake.models import OutboxMessage
from tests.helpers import book_by_api, manage_path
from tests.smtp import SMTPServer, free_port


@pytest.fixture
def smtp():
    server = SMTPServer(free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mail_app(make_app, smtp, office):
    app = make_app(
        MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port, PUBLIC_URL="https://termine.example"
    )
    with app.app_context():
        yield app


NOUR = {
    "topics": ["health"],
    "language": "ar",
    "name": "Nour",
    "email": "nour@example.org",
    "description": "SECRET-TOPIC-TEXT",
}


def book(app, **changes) -> dict:
    return book_by_api(app.test_client(), accept_language="ar", **(NOUR | changes))


def send(app):
    return sender.send_due(clock.now() + timedelta(seconds=1))


def requester_mails(smtp):
    return [m for m in smtp.messages if m["To"] == "nour@example.org"]


def calendar_of(message):
    part = next(p for p in message.iter_attachments() if p.get_content_type() == "text/calendar")
    return part, Calendar.from_ical(part.get_content())


def test_booking_sends_a_message_with_a_parseable_ics_in_arabic(mail_app, smtp):
    created = book(mail_app)
    assert send(mail_app) == 2  # the requester and the counsellor's notice
    [message] = requester_mails(smtp)
    assert created["reference"] in message["Subject"]
    body = message.get_body(("plain",)).get_content()
    assert created["manage_url"].split("/r/")[1] in body
    assert "https://termine.example/ar/r/" in body
    assert "SECRET-TOPIC-TEXT" not in message.as_string()
    part, calendar = calendar_of(message)
    assert part.get_param("method") == "REQUEST"
    [event] = calendar.walk("VEVENT")
    assert event["DTSTART"].dt.isoformat() == "2026-11-17T09:00:00+01:00"
    assert str(event["DTSTART"].params["TZID"]) == "Europe/Berlin"
    assert calendar.walk("VTIMEZONE")


def test_counsellor_notice_carries_no_personal_data(mail_app, smtp):
    book(mail_app)
    send(mail_app)
    notices = [m for m in smtp.messages if m["To"] != "nour@example.org"]
    assert notices
    for notice in notices:
        text = notice.get_body(("plain",)).get_content()
        assert "Nour" not in text
        assert "nour@example.org" not in text
        assert "/staff/" in text


def test_cancel_sends_method_cancel_with_the_same_uid_and_higher_sequence(mail_app, smtp):
    created = book(mail_app)
    send(mail_app)
    manage = manage_path(created)
    assert mail_app.test_client().post(manage + "/cancel").status_code == 303
    send(mail_app)
    first, second = requester_mails(smtp)
    _, booked = calendar_of(first)
    part, cancelled = calendar_of(second)
    [event_1], [event_2] = booked.walk("VEVENT"), cancelled.walk("VEVENT")
    assert part.get_param("method") == "CANCEL"
    assert str(cancelled["METHOD"]) == "CANCEL"
    assert event_2["UID"] == event_1["UID"]
    assert int(event_2["SEQUENCE"]) > int(event_1["SEQUENCE"])
    assert str(event_2["STATUS"]) == "CANCELLED"


def test_move_updates_the_same_event(mail_app, smtp):
    created = book(mail_app)
    manage = manage_path(created)
    mail_app.test_client().post(manage + "/move", data={"start": "2026-11-19T10:00:00+01:00"})
    send(mail_app)
    first, second = requester_mails(smtp)
    [event_1] = calendar_of(first)[1].walk("VEVENT")
    [event_2] = calendar_of(second)[1].walk("VEVENT")
    assert event_2["UID"] == event_1["UID"]
    assert int(event_2["SEQUENCE"]) == int(event_1["SEQUENCE"]) + 1
    assert event_2["DTSTART"].dt.isoformat() == "2026-11-19T10:00:00+01:00"


def test_server_down_keeps_the_booking_and_the_message_then_delivers_once(mail_app, smtp, db):
    smtp.stop()
    book(mail_app)
    assert send(mail_app) == 0
    queued = db.session.scalars(select(OutboxMessage)).all()
    assert queued
    assert {(m.status, m.attempts) for m in queued} == {("queued", 1)}
    smtp.start()
    assert send(mail_app) == 0, "not before the backoff"
    later = clock.now() + timedelta(hours=1)
    assert sender.send_due(later) == len(queued)
    assert sender.send_due(later + timedelta(hours=1)) == 0
    assert len(requester_mails(smtp)) == 1


def test_request_without_email_queues_no_requester_message(mail_app, smtp, db):
    book(mail_app, email=None, phone="+49 351 1234567", contact_channel="phone")
    recipients = db.session.scalars(select(OutboxMessage.recipient)).all()
    assert "nour@example.org" not in recipients


def test_reminders_are_sent_once_and_not_for_cancelled_appointments(
    mail_app, smtp, db, monkeypatch
):
    first = book(mail_app)
    book(mail_app, email="other@example.org", start="2026-11-17T10:00:00+01:00", name="Other")
    manage = manage_path(first)
    mail_app.test_client().post(manage + "/cancel")
    day_before = clock.now().replace(day=16, hour=17)
    assert reminders.queue_reminders(day_before) == 1
    assert reminders.queue_reminders(day_before) == 0
    kinds = db.session.scalars(
        select(OutboxMessage.recipient).where(OutboxMessage.kind == "reminder")
    ).all()
    assert kinds == ["other@example.org"]


def test_a_flood_of_requests_sends_one_notice_per_counsellor(mail_app, db):
    for number in range(3):
        book(mail_app, start=None, preferred_times="any", email=f"p{number}@example.org")
    notices = db.session.scalar(
        select(func.count()).select_from(OutboxMessage).where(OutboxMessage.kind == "staff_notice")
    )
    assert notices == 2  # two counsellors, one notice each


def test_no_mail_server_writes_to_the_log_instead(make_app, office, caplog):
    app = make_app(MAIL_SERVER="")
    with app.app_context():
        book(app)
        with caplog.at_level("INFO"):
            assert sender.send_due(clock.now() + timedelta(seconds=1)) >= 1
    assert "not sent, no MAIL_SERVER" in caplog.text


def test_send_mail_command_sends_what_is_due(mail_app, smtp):
    book(mail_app)
    result = mail_app.test_cli_runner().invoke(args=["send-mail"])
    assert "sent 2 message(s)" in result.output
    assert len(smtp.messages) == 2
