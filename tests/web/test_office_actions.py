"""Counsellors' booking actions: confirm, propose another time, cancel; each tells the requester."""

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from intake.booking import office_actions as booking
from intake.booking.errors import NotChangeable
from intake.models import Appointment, OutboxMessage

NOW = datetime(2026, 11, 16, 8, tzinfo=UTC)


@pytest.fixture
def appointment(client, db, office):
    response = client.post(
        "/api/v1/requests",
        json={
            "topics": ["work"],
            "language": "uk",
            "name": "Olha",
            "email": "o@example.org",
            "consent": True,
            "start": "2026-11-17T09:00:00+01:00",
        },
        headers={"Accept-Language": "uk-UA,uk;q=0.9"},
    )
    assert response.status_code == 201
    return db.session.scalar(select(Appointment))


def messages(db, kind):
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind)).all()


def test_confirming_tells_the_requester_in_her_language(db, appointment, office):
    booking.confirm_appointment(appointment, by_id=office[0].id, now=NOW)
    db.session.commit()
    assert appointment.status == "confirmed"
    assert appointment.case.status == "scheduled"
    [message] = messages(db, "confirmed")
    assert re.search("[\u0400-\u04ff]{4}", message.subject), "subject in Ukrainian"
    assert appointment.case.reference in message.subject
    assert message.ics_method == "REQUEST"


def test_of_two_confirmations_only_one_succeeds(db, appointment, office):
    booking.confirm_appointment(appointment, by_id=office[0].id, now=NOW)
    db.session.commit()
    with pytest.raises(NotChangeable):
        booking.confirm_appointment(appointment, by_id=office[1].id, now=NOW)
    db.session.rollback()
    assert len(messages(db, "confirmed")) == 1


def test_office_cancellation_sends_method_cancel(db, appointment, office):
    booking.cancel_by_office(appointment, by_id=office[0].id, now=NOW)
    db.session.commit()
    [message] = messages(db, "cancelled")
    assert message.ics_method == "CANCEL"
    with pytest.raises(NotChangeable):
        booking.cancel_by_office(appointment, by_id=office[0].id, now=NOW)
