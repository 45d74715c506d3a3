"""Confirmed appointments appear in the counsellor's own calendar (a real CalDAV server),
written by the background worker: created with If-None-Match, moved with If-Match and the
next SEQUENCE, deleted when cancelled; a concurrent edit (412) is re-read and overwritten.
The event never names the person or their contact details."""

import re
from datetime import UTC, datetime

from icalendar import Calendar

from intake.booking import appointments as booking
from intake.booking import office_actions
from intake.calendar_sync import remote
from intake.models import Absence, WrittenEvent
from intake.models.cases import CancelledBy
from tests.helpers import NOW
from tests.web.own_calendar.conftest import connect, run_sync

TUESDAY_9 = datetime(2026, 11, 17, 8, tzinfo=UTC)
THURSDAY_10 = datetime(2026, 11, 19, 9, tzinfo=UTC)


def server_event(remote_calendar, appointment):
    response = remote_calendar.get(remote.event_href(remote_calendar.url, appointment.ical_uid))
    if response.status == 404:
        return None
    assert response.status == 200
    (found,) = Calendar.from_ical(response.raw).walk("VEVENT")
    return found


def confirmed(make_appointment, counsellor, start=TUESDAY_9):
    return make_appointment(counsellor=counsellor, start=start, status="confirmed")


def test_a_confirmed_appointment_appears_with_the_requesters_uid(
    db, office, remote_calendar, make_appointment
):
    counsellor, _ = office
    appointment = confirmed(make_appointment, counsellor)
    connect(counsellor, remote_calendar, write=True, db=db)
    assert run_sync(db).written == 1
    found = server_event(remote_calendar, appointment)
    assert str(found["UID"]) == appointment.ical_uid
    assert found["DTSTART"].dt.astimezone(UTC) == TUESDAY_9
    assert appointment.case.reference in str(found["SUMMARY"])
    assert f"/staff/cases/{appointment.case_id}" in str(found["DESCRIPTION"])


def test_the_written_event_holds_no_name_or_contact(db, office, remote_calendar, make_appointment):
    counsellor, _ = office
    appointment = confirmed(make_appointment, counsellor)
    connect(counsellor, remote_calendar, write=True, db=db)
    run_sync(db)
    text = remote_calendar.get(remote.event_href(remote_calendar.url, appointment.ical_uid)).raw
    text = text if isinstance(text, str) else text.decode()
    for personal in ("Amina", "amina@example.org", "ATTENDEE", "ORGANIZER"):
        assert personal not in text


def test_a_second_run_writes_nothing_new(db, office, remote_calendar, make_appointment):
    counsellor, _ = office
    confirmed(make_appointment, counsellor)
    connect(counsellor, remote_calendar, write=True, db=db)
    run_sync(db)
    assert run_sync(db).written == 0
    assert len(remote_calendar.hrefs()) == 1


def test_a_move_updates_the_event_with_the_next_sequence(
    db, office, remote_calendar, make_appointment
):
    counsellor, _ = office
    appointment = confirmed(make_appointment, counsellor)
    connect(counsellor, remote_calendar, write=True, db=db)
    run_sync(db)
    before = int(server_event(remote_calendar, appointment)["SEQUENCE"])
    moved = booking.move(
        appointment.case,
        THURSDAY_10,
        now=NOW,
        moved_by=CancelledBy.OFFICE_MOVE,
        status="confirmed",
        counsellor_ids=[counsellor.id],
    )
    db.session.commit()
    assert run_sync(db).written == 1
    found = server_event(remote_calendar, moved)
    assert found["DTSTART"].dt.astimezone(UTC) == THURSDAY_10
    assert int(found["SEQUENCE"]) == before + 1
    assert len(remote_calendar.hrefs()) == 1


def test_a_cancelled_appointment_is_deleted(db, office, remote_calendar, make_appointment):
    counsellor, _ = office
    appointment = confirmed(make_appointment, counsellor)
    connect(counsellor, remote_calendar, write=True, db=db)
    run_sync(db)
    office_actions.cancel_by_office(appointment, by_id=counsellor.id, now=NOW)
    db.session.commit()
    assert run_sync(db).written == 1
    assert server_event(remote_calendar, appointment) is None
    assert db.session.query(WrittenEvent).count() == 0


def test_a_concurrent_edit_is_read_again_and_overwritten(
    db, office, remote_calendar, make_appointment
):
    """Someone's calendar program changed the event after our write: our If-Match PUT gets
    412, the worker reads the event again and writes the move over it, past its SEQUENCE."""
    counsellor, _ = office
    appointment = confirmed(make_appointment, counsellor)
    connect(counsellor, remote_calendar, write=True, db=db)
    run_sync(db)
    href = remote.event_href(remote_calendar.url, appointment.ical_uid)
    edited = remote_calendar.get(href).raw
    edited = re.sub(
        r"SEQUENCE:\d+", "SEQUENCE:5", edited if isinstance(edited, str) else edited.decode()
    )
    remote_calendar.put(edited, href.rsplit("/", 1)[1].removesuffix(".ics"))
    moved = booking.move(
        appointment.case,
        THURSDAY_10,
        now=NOW,
        moved_by=CancelledBy.OFFICE_MOVE,
        status="confirmed",
        counsellor_ids=[counsellor.id],
    )
    db.session.commit()
    run_sync(db)
    found = server_event(remote_calendar, moved)
    assert found["DTSTART"].dt.astimezone(UTC) == THURSDAY_10
    assert int(found["SEQUENCE"]) == 6


def test_an_unconfirmed_appointment_and_an_absence_are_not_written(
    db, office, remote_calendar, make_appointment
):
    counsellor, _ = office
    make_appointment(counsellor=counsellor, start=TUESDAY_9, status="requested")
    db.session.add(
        Absence(user_id=counsellor.id, starts_at=THURSDAY_10, ends_at=THURSDAY_10.replace(hour=11))
    )
    db.session.commit()
    connect(counsellor, remote_calendar, write=True, db=db)
    assert run_sync(db).written == 0
    assert remote_calendar.hrefs() == []


def test_nothing_is_written_without_a_chosen_calendar(
    db, office, remote_calendar, make_appointment
):
    counsellor, _ = office
    confirmed(make_appointment, counsellor)
    connect(counsellor, remote_calendar, write=False, db=db)
    assert run_sync(db).written == 0
    assert remote_calendar.hrefs() == []
