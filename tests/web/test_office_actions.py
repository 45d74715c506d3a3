"""Counsellors' booking actions: confirm, propose another time, cancel; each tells the requester."""

import re
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from sqlalchemy import select

from intake.booking import office_actions as booking
from intake.booking.errors import NotChangeable
from intake.core.domain import unit_of_work
from intake.extensions import db as _db
from intake.models import Appointment, AuditEvent, OutboxMessage
from tests.helpers import NOW, book_by_api


@pytest.fixture
def appointment(client, db, office):
    book_by_api(
        client,
        accept_language="uk-UA,uk;q=0.9",
        language="uk",
        name="Olha",
        email="o@example.org",
    )
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


def confirm_in_own_session(app, barrier: Barrier, appointment_id: int, counsellor_id: int):
    """One counsellor's request: its own app context and session, released by the barrier
    together with the other one, the confirmation run as a view runs it."""
    with app.app_context():
        appointment = _db.session.get(Appointment, appointment_id)
        barrier.wait(timeout=30)
        with unit_of_work() as work:
            booking.confirm_appointment(appointment, by_id=counsellor_id, now=NOW)
        _db.session.remove()
    return work.error


def test_of_two_confirmations_at_the_same_moment_only_one_succeeds(app, db, appointment, office):
    appointment_id, sequence = appointment.id, appointment.ical_sequence
    counsellor_ids = [counsellor.id for counsellor in office]
    db.session.commit()  # the test holds no transaction while the two run
    barrier = Barrier(2)
    with ThreadPoolExecutor(max_workers=2) as pool:
        errors = list(
            pool.map(
                lambda by_id: confirm_in_own_session(app, barrier, appointment_id, by_id),
                counsellor_ids,
            )
        )
    assert errors.count(None) == 1, f"exactly one confirmation succeeds: {errors}"
    assert any(isinstance(error, NotChangeable) for error in errors)
    db.session.expire_all()
    assert len(messages(db, "confirmed")) == 1, "the requester hears it once"
    confirmed = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "appointment_confirmed")
    ).all()
    assert len(confirmed) == 1
    stored = db.session.get(Appointment, appointment_id)
    assert stored.status == "confirmed"
    assert stored.ical_sequence == sequence + 1


def test_office_cancellation_sends_method_cancel(db, appointment, office):
    booking.cancel_by_office(appointment, by_id=office[0].id, now=NOW)
    db.session.commit()
    [message] = messages(db, "cancelled")
    assert message.ics_method == "CANCEL"
    with pytest.raises(NotChangeable):
        booking.cancel_by_office(appointment, by_id=office[0].id, now=NOW)
