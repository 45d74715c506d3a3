"""The outbox forgets what it no longer needs, and the sender survives a busy database."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from intake.core import clock
from intake.mail import sender
from intake.models import OutboxMessage
from tests.web.test_mail import book, mail_app, requester_mails, send, smtp  # noqa: F401

pytestmark = pytest.mark.usefixtures("mail_app")


def test_a_sent_message_keeps_only_what_delivery_debugging_needs(mail_app, smtp, db):  # noqa: F811
    created = book(mail_app)
    assert send(mail_app) == 2
    token = created["manage_url"].rsplit("/", 1)[1]
    for message in db.session.scalars(select(OutboxMessage)):
        assert message.status == "sent"
        assert message.kind
        assert message.message_id
        assert message.sent_at
        assert message.recipient_hash
        assert len(message.recipient_hash) == 64
        assert (message.recipient, message.subject, message.body_text) == ("", "", "")
        assert message.body_html is None
        assert message.ics is None
        stored = " ".join(str(v) for v in vars(message).values())
        assert token not in stored
        assert "nour@example.org" not in stored
        assert "Nour" not in stored


def test_a_message_given_up_is_scrubbed_too(mail_app, smtp, db):  # noqa: F811
    smtp.stop()
    book(mail_app)
    moment = clock.now()
    for _attempt in range(sender.MAX_ATTEMPTS):
        moment += timedelta(hours=7)
        sender.send_due(moment)
    failed = db.session.scalars(select(OutboxMessage)).all()
    assert {m.status for m in failed} == {"failed"}
    assert all(m.recipient == "" and m.body_text == "" and m.recipient_hash for m in failed)
    smtp.start()


def test_sender_survives_a_concurrent_web_writer_and_never_sends_twice(mail_app, smtp, db):  # noqa: F811
    """Between reading a message and marking it sent, the web commits a booking: on SQLite
    that used to raise "database is locked" and leave the message to be sent again."""
    book(mail_app)
    writes = []

    def web_writer():
        response = mail_app.test_client().post(
            "/api/v1/requests",
            json={
                "topics": ["work"],
                "language": "de",
                "name": "Other",
                "consent": True,
                "email": f"other{len(writes)}@example.org",
                "start": "callback",
                "preferred_times": "mornings",
            },
        )
        writes.append(response.status_code)

    def transport(email):
        sender.smtp_transport(email)
        thread = threading.Thread(target=web_writer)
        thread.start()
        thread.join()

    sent = sender.send_due(clock.now() + timedelta(seconds=1), transport=transport)
    assert sent == 2
    assert writes == [201, 201]
    assert len(requester_mails(smtp)) == 1
    later = clock.now() + timedelta(hours=1)
    sender.send_due(later)
    assert len(requester_mails(smtp)) == 1, "a message the server accepted is never resent"


def test_the_send_loop_keeps_going_after_a_database_error(mail_app, monkeypatch):  # noqa: F811
    from sqlalchemy.exc import OperationalError

    calls = []

    def flaky(now):
        calls.append(now)
        if len(calls) == 1:
            raise OperationalError("UPDATE", {}, Exception("database is locked"))
        return 0

    class Stop(Exception):
        pass

    def fake_sleep(seconds):
        if len(calls) >= 2:
            raise Stop

    monkeypatch.setattr(sender, "send_due", flaky)
    monkeypatch.setattr("intake.cli.commands.time.sleep", fake_sleep)
    result = mail_app.test_cli_runner().invoke(args=["send-mail", "--loop", "--every", "1"])
    assert isinstance(result.exception, Stop), result.output
    assert len(calls) == 2, "the loop went on after the database error"
