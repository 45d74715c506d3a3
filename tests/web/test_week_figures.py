"""The lead's figures after each kind of change in a week, on SQLite and PostgreSQL: a move is
a move (by the requester or by the office), a cancellation is a cancellation, the lead's
erasure withdraws the appointment, and consultations held on the spot and check-ins count."""

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from sqlalchemy import select

from intake.mail import sender
from intake.models import Appointment, AuditEvent, Case, OutboxMessage
from intake.reports.report import build_table
from intake.reports.report_periods import Period
from tests.helpers import HELD_FORM, NOW, TUESDAY_9, book_by_api, manage_path

BERLIN = ZoneInfo("Europe/Berlin")
NOVEMBER = Period(date(2026, 11, 1), date(2026, 11, 30), "month")
THURSDAY_11 = "2026-11-19T11:00:00+01:00"
NOTHING = {
    "completed": 0,
    "no_show": 0,
    "cancelled_requester": 0,
    "cancelled_office": 0,
    "moved_requester": 0,
    "moved_office": 0,
}


@pytest.fixture
def report(app, db):
    """The report's table `key` for November, as the lead sees it now."""

    def build(key: str = "appointments", threshold: int | None = None):
        db.session.rollback()  # see what the requests committed
        with app.test_request_context(headers={"Accept-Language": "en"}):
            return build_table(key, NOVEMBER, BERLIN, threshold=threshold)

    return build


def kinds(table) -> dict:
    return {key: table.total.values[key] for key in NOTHING}


@pytest.fixture
def booked(client, office) -> str:
    """A request booked online for Tuesday 09:00: its manage path."""
    return manage_path(book_by_api(client, name="Nour", email="nour@example.org"))


def the_appointment(db) -> Appointment:
    db.session.rollback()
    return db.session.scalar(select(Appointment).order_by(Appointment.id))


def test_a_move_by_the_requester_is_a_move_not_a_cancellation_by_the_office(client, booked, report):
    assert client.post(booked + "/move", data={"start": THURSDAY_11}).status_code == 303
    assert kinds(report()) == {**NOTHING, "moved_requester": 1}


def test_a_move_by_the_office_over_a_closure_is_a_move_by_the_office(
    client, auth, booked, db, report
):
    appointment = the_appointment(db)
    auth.login_as("lead")
    closure = {"day": "2026-11-17", "reason": "team_day", "public_note": "Teamtag"}
    page = client.post("/staff/closures", data=closure).get_data(as_text=True)
    choices = re.findall(rf'name="choice-{appointment.id}" value="([^"]+)"', page)
    new_time = next(value for value in choices if value != "cancel")
    data = {**closure, "confirm": "1", f"choice-{appointment.id}": new_time}
    assert client.post("/staff/closures", data=data).status_code == 302
    assert kinds(report()) == {**NOTHING, "moved_office": 1}


def test_a_time_proposed_by_the_office_counts_as_moved_by_the_office(
    client, auth, booked, db, report
):
    appointment = the_appointment(db)
    auth.login(appointment.counsellor.email)
    case = appointment.case
    data = {"version": case.version, "start": THURSDAY_11}
    assert client.post(f"/staff/cases/{case.id}/propose", data=data).status_code == 303
    assert kinds(report()) == {**NOTHING, "moved_office": 1}


def test_cancelled_by_the_requester(client, booked, report):
    assert client.post(booked + "/cancel").status_code == 303
    assert kinds(report()) == {**NOTHING, "cancelled_requester": 1}


def test_cancelled_by_the_office(client, auth, booked, db, report):
    appointment = the_appointment(db)
    auth.login(appointment.counsellor.email)
    case = appointment.case
    path = f"/staff/cases/{case.id}/cancel-appointment"
    assert client.post(path, data={"version": case.version}).status_code == 303
    assert kinds(report()) == {**NOTHING, "cancelled_office": 1}


def test_the_csv_has_moves_and_cancellations_in_their_own_columns(client, auth, booked, db):
    client.post(booked + "/move", data={"start": THURSDAY_11})
    auth.login_as("lead")
    csv = client.get(
        "/staff/reports/appointments.csv?from=2026-11-01&to=2026-11-30&by=month",
        headers={"Accept-Language": "en"},
    )
    assert csv.status_code == 200
    header, *_rows, total = csv.get_data(as_text=True).lstrip("\ufeff").splitlines()
    columns = header.split(";")
    assert "Moved by the requester" in columns
    assert total.split(";")[columns.index("Moved by the requester")] == "1"
    assert total.split(";")[columns.index("Cancelled by the office")] == "0"


def test_the_leads_erasure_withdraws_the_appointment_as_the_requester_would(
    client, auth, booked, db, report
):
    appointment = the_appointment(db)
    counsellor, case_id, uid = appointment.counsellor, appointment.case_id, appointment.ical_uid
    reference = appointment.case.reference
    auth.login_as("lead")
    erase = client.post(f"/staff/cases/{case_id}/erase", data={"confirm": reference})
    assert erase.status_code == 303
    db.session.rollback()
    case = db.session.get(Case, case_id)
    assert (case.name, case.email, case.status) == (None, None, "cancelled")
    assert kinds(report()) == {**NOTHING, "cancelled_requester": 1}
    # The slot is free again for everyone.
    slots = client.get("/api/v1/slots?start=2026-11-17&end=2026-11-17").json["slots"]
    assert (slots[0]["start"], slots[0]["counsellors"]) == (TUESDAY_9, 2)
    # The person is told, with the CANCEL for their calendar event, before the address goes.
    [farewell] = db.session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.case_id == case_id, OutboxMessage.kind == "cancelled"
        )
    )
    assert (farewell.status, farewell.recipient, farewell.ics_method) == (
        "queued",
        "nour@example.org",
        "CANCEL",
    )
    [event] = Calendar.from_ical(farewell.ics).walk("VEVENT")
    assert str(event["UID"]) == uid
    subject, sent = farewell.subject, []
    sender.send_due(NOW, transport=sent.append)
    assert [m["Subject"] for m in sent if m["To"] == "nour@example.org"] == [subject]
    db.session.expire_all()
    assert db.session.get(OutboxMessage, farewell.id).recipient == ""
    # And the counsellor's week no longer holds it.
    auth.logout()
    auth.login(counsellor.email)
    assert reference not in client.get("/staff/calendar?week=2026-W47").get_data(as_text=True)
    assert reference not in client.get("/staff/").get_data(as_text=True)


def test_erasing_a_case_without_e_mail_still_frees_the_slot(client, auth, office, db, report):
    book_by_api(client, email=None, phone="+4917612345678")
    appointment = the_appointment(db)
    auth.login_as("lead")
    data = {"confirm": appointment.case.reference}
    assert client.post(f"/staff/cases/{appointment.case_id}/erase", data=data).status_code == 303
    assert the_appointment(db).status == "cancelled"
    assert kinds(report()) == {**NOTHING, "cancelled_requester": 1}


def test_a_walk_in_recorded_now_counts_as_held_and_as_a_walk_in_request(
    client, auth, office, db, report
):
    auth.login(office[0].email)
    response = client.post(
        "/staff/consultations/now",
        data={
            "channel": "walk_in",
            "counsellor": office[0].id,
            "start": "09:00",
            "minutes": "30",
            "topics": ["housing"],
            "talk_language": "de",
            "interpreter_language": "",
            "consent": "y",
        },
    )
    assert response.status_code == 303
    assert kinds(report()) == {**NOTHING, "completed": 1}
    requests = report("requests")
    assert requests.total.values["walk_in"] == 1
    waiting = report("waiting").total.values
    assert (waiting["people"], waiting["median"]) == (1, 0.0)
    assert report("seen_per_day").total.values == {"seen": 1, "checked_in": 0}


def test_a_check_in_shows_in_the_waiting_time_and_the_people_seen(
    client, auth, office, db, make_appointment, report, monkeypatch
):
    ten = NOW + timedelta(hours=1)  # Monday 10:00 in Dresden
    appointment = make_appointment(counsellor=office[0], start=ten, status="confirmed")
    auth.login_as("counsellor")
    assert client.post("/staff/arrivals", data={"reference": appointment.case.reference})
    wait = report("office_wait").total.values
    assert wait == {"arrived": 1, "median": 60.0, "p90": 60.0}
    monkeypatch.setattr("intake.core.clock.now", lambda: ten + timedelta(minutes=50))
    auth.logout()
    auth.login(office[0].email)
    path = f"/staff/appointments/{appointment.id}/complete"
    version = db.session.get(Case, appointment.case_id).version
    assert client.post(path, data={"version": version, **HELD_FORM}).status_code == 303
    assert report("seen_per_day").total.values == {"seen": 1, "checked_in": 1}
    assert kinds(report()) == {**NOTHING, "completed": 1}


def test_small_figures_of_the_new_tables_are_held_back_for_publication(
    client, auth, office, db, make_appointment, report
):
    appointment = make_appointment(counsellor=office[0], start=NOW + timedelta(hours=1))
    auth.login_as("counsellor")
    client.post("/staff/arrivals", data={"reference": appointment.case.reference})
    published = report("office_wait", threshold=3)
    assert repr(published.total.values["arrived"]) == "SUPPRESSED"
    assert repr(published.total.values["median"]) == "SUPPRESSED"


def test_the_migration_tells_existing_moves_apart_from_cancellations(app, db, make_user, make_case):
    """Rows as the old code left them: a move's old time cancelled with no `cancelled_by`
    (told apart by the audit row of the move) and a proposal's as "office"."""
    from flask_migrate import downgrade, upgrade

    counsellor = make_user("c@example.org")
    by_requester, by_office, proposed, cancelled = (make_case() for _ in range(4))
    start = datetime(2026, 11, 10, 9, tzinfo=UTC)
    rows = [
        (by_requester, "x@intake-moved", None, "request_moved"),
        (by_office, "y@intake-moved", None, "appointment_moved_by_office"),
        (proposed, "z@intake-proposed-1", "office", None),
        (cancelled, "w@intake", "office", None),
    ]
    for number, (case, uid, cancelled_by, action) in enumerate(rows):
        db.session.add(
            Appointment(
                case_id=case.id,
                counsellor_id=counsellor.id,
                starts_at=start + timedelta(days=number),
                ends_at=start + timedelta(days=number, hours=1),
                status="cancelled",
                cancelled_by=cancelled_by,
                ical_uid=uid,
            )
        )
        if action:
            db.session.add(AuditEvent(action=action, case_id=case.id))
    db.session.commit()
    db.session.close()
    downgrade(revision="i14_outbox")
    try:
        query = select(Appointment.cancelled_by).order_by(Appointment.id)
        old = list(db.session.scalars(query))
        assert old == [None, None, "office", "office"]
        db.session.close()
    finally:
        upgrade()
    db.session.expire_all()
    found = list(db.session.scalars(select(Appointment.cancelled_by).order_by(Appointment.id)))
    assert found == ["requester_move", "office_move", "office_move", "office"]
