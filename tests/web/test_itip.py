"""Every calendar file we send follows iTIP (RFC 5546), by our restriction table and by
libical's own check: the requester is the ATTENDEE of a REQUEST, and a time the office has
not confirmed yet is TENTATIVE."""

import json
import os
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from icalendar import Calendar
from sqlalchemy import select

from intake.booking import office_actions
from intake.cases import actions, offers
from intake.core import clock
from intake.models import Appointment, Case, OfficeSettings, OutboxMessage, ReferralService
from tests.helpers import THURSDAY_10, TUESDAY_9, TUESDAY_10, book_by_api, manage_path
from tests.itip import violations

LIBICAL_CHECK = Path(__file__).parents[1] / "libical" / "restrictions.py"
DEBIAN_PYTHON = "/usr/bin/python3"


@pytest.fixture(scope="session")
def libical() -> str:
    """Debian's Python with libical's bindings; skipped only outside CI."""
    probe = "import gi; gi.require_version('ICalGLib', '3.0')"
    found = (
        Path(DEBIAN_PYTHON).exists()
        and not subprocess.run(
            [DEBIAN_PYTHON, "-c", probe], capture_output=True, check=False
        ).returncode
    )
    if found:
        return DEBIAN_PYTHON
    missing = "libical's bindings are missing (apt-get install python3-gi gir1.2-ical-3.0)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true runs libical's iTIP check, but {missing}")
    pytest.skip(missing)


def libical_problems(python: str, folder: Path, calendars: dict[str, bytes]) -> dict:
    for name, body in calendars.items():
        (folder / name).write_bytes(body)
    result = subprocess.run(
        [python, str(LIBICAL_CHECK), *(str(folder / name) for name in calendars)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return {Path(path).name: found for path, found in json.loads(result.stdout).items()}


def files(db) -> list[OutboxMessage]:
    return db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.ics.is_not(None)).order_by(OutboxMessage.id)
    ).all()


def event_of(ics: str):
    [event] = Calendar.from_ical(ics).walk("VEVENT")
    return event


def appointment_at(db, start: str) -> Appointment:
    return db.session.scalar(
        select(Appointment).where(Appointment.starts_at == datetime.fromisoformat(start))
    )


def test_the_checker_catches_what_main_sent():
    """A REQUEST without ATTENDEE, as the app wrote it before, fails the check."""
    old = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//DE\r\nMETHOD:REQUEST\r\n"
        "BEGIN:VEVENT\r\nUID:u@intake\r\nDTSTAMP:20261116T080000Z\r\n"
        "DTSTART:20261117T080000Z\r\nSUMMARY:s\r\nORGANIZER:mailto:o@example.org\r\n"
        "STATUS:CONFIRMED\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    assert violations(old) == ["REQUEST VEVENT: ATTENDEE appears 0 time(s)"]
    published = old.replace("METHOD:REQUEST", "METHOD:PUBLISH").replace(
        "STATUS:", "ATTENDEE:mailto:n@example.org\r\nSTATUS:"
    )
    assert violations(published) == ["PUBLISH VEVENT: ATTENDEE appears 1 time(s)"]
    cancel = old.replace("METHOD:REQUEST", "METHOD:CANCEL")
    assert violations(cancel) == [
        "CANCEL VEVENT: SEQUENCE appears 0 time(s)",
        "CANCEL VEVENT: STATUS CONFIRMED not allowed",
    ]


def case_of(db, answer: dict) -> Case:
    return db.session.scalar(select(Case).where(Case.reference == answer["reference"]))


def test_every_calendar_file_the_outbox_produces_follows_itip(
    client, db, office, libical, tmp_path
):
    """Booked, confirmed, proposed, accepted, moved, withdrawn, cancelled, referred, declined,
    and a proposal the requester declined."""
    counsellor, now = office[0], clock.now()
    first = book_by_api(client, start=TUESDAY_9, email="first@example.org", language="ar")
    office_actions.confirm_appointment(appointment_at(db, TUESDAY_9), by_id=counsellor.id, now=now)
    second = book_by_api(client, start=TUESDAY_10, email="second@example.org", language="ar")
    case = case_of(db, second)
    offer = offers.propose(
        case, datetime.fromisoformat(THURSDAY_10), by=counsellor, version=case.version, now=now
    )
    offers.accept(offer, now=now)
    office_actions.cancel_by_office(appointment_at(db, THURSDAY_10), by_id=counsellor.id, now=now)
    service = ReferralService(name="Jugendmigrationsdienst Dresden", address="Musterstraße 1")
    db.session.add(service)
    for email, start in (
        ("third@example.org", "2026-11-24T09:00:00+01:00"),
        ("fourth@example.org", "2026-11-24T10:00:00+01:00"),
    ):
        book_by_api(client, start=start, email=email, language="ar")
    third, fourth = db.session.scalars(select(Case).order_by(Case.id)).all()[-2:]
    actions.refer(third, service, by=counsellor, version=third.version, now=now, message="")
    actions.decline(
        fourth, "no_capacity", by=counsellor, version=fourth.version, now=now, message=""
    )
    fifth = case_of(
        db, book_by_api(client, start="2026-11-24T11:00:00+01:00", email="5@example.org")
    )
    proposal = offers.propose(
        fifth, datetime.fromisoformat(THURSDAY_10), by=counsellor, version=fifth.version, now=now
    )
    offers.decline(proposal, now=now)
    db.session.commit()
    moved = client.post(manage_path(first) + "/move", data={"start": "2026-11-23T11:00:00+01:00"})
    assert moved.status_code == 303
    download = client.get(manage_path(first) + "/appointment.ics")
    assert client.post(manage_path(first) + "/cancel").status_code == 303

    sent = files(db)
    assert {m.kind for m in sent} == {
        "received",
        "confirmed",
        "moved",
        "proposed",
        "cancelled",
        "referred",
        "declined",
        "proposal_declined",
    }
    for message in sent:
        assert str(Calendar.from_ical(message.ics)["METHOD"]) == message.ics_method
    calendars = {f"{m.id}-{m.kind}.ics": m.ics.encode() for m in sent}
    calendars["download.ics"] = download.data
    for name, body in calendars.items():
        assert violations(body) == [], name
    assert libical_problems(libical, tmp_path, calendars) == dict.fromkeys(calendars, [])


def test_a_request_names_the_requester_as_attendee_and_the_office_as_organizer(client, db, office):
    book_by_api(client, start=TUESDAY_9, email="amina@example.org", name="Amina")
    [message] = files(db)
    event = event_of(message.ics)
    attendee = event["ATTENDEE"]
    assert str(attendee) == "mailto:amina@example.org"
    assert attendee.params["PARTSTAT"] == "NEEDS-ACTION"
    assert attendee.params["RSVP"] == "FALSE"
    assert attendee.params["CN"] == "Amina"
    assert str(event["ORGANIZER"]).startswith("mailto:")


def test_a_requested_time_is_tentative_until_the_office_confirms_it(client, db, office):
    answer = book_by_api(client, start=TUESDAY_9)
    download = client.get(manage_path(answer) + "/appointment.ics").data
    assert str(event_of(download)["STATUS"]) == "TENTATIVE"
    office_actions.confirm_appointment(
        appointment_at(db, TUESDAY_9), by_id=office[0].id, now=clock.now()
    )
    db.session.commit()
    received, confirmed = files(db)
    assert str(event_of(received.ics)["STATUS"]) == "TENTATIVE"
    assert str(event_of(confirmed.ics)["STATUS"]) == "CONFIRMED"
    download = client.get(manage_path(answer) + "/appointment.ics").data
    assert str(event_of(download)["STATUS"]) == "CONFIRMED"


def test_an_office_that_confirms_automatically_sends_confirmed_at_once(client, db, office):
    db.session.get(OfficeSettings, 1).confirm_automatically = True
    db.session.commit()
    book_by_api(client, start=TUESDAY_9)
    [message] = files(db)
    assert message.kind == "confirmed"
    assert str(event_of(message.ics)["STATUS"]) == "CONFIRMED"
