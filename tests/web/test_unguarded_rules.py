"""Rules that an outside review broke on purpose without any test noticing: a closure,
absence or shorter hours only partly over a booking; the other waiting-list offers of an
accepted slot; a report period's end instant; the database's refusal of a double booking
on SQLite; and a requester cancelling an appointment that has started."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from intake.availability import engine
from intake.booking import appointments, displacement
from intake.booking.errors import NotChangeable
from intake.booking.requester_changes import cancel_by_requester
from intake.models import Appointment, OutboxMessage
from intake.reports.report import build_table
from intake.reports.report_periods import Period
from tests.helpers import NOW, book_by_api, count, manage_path, request_body
from tests.web.test_report_figures import BERLIN, local
from tests.web.test_waiting_list import freed, manage, offers, run, waiting  # noqa: F401

THURSDAY = date(2026, 11, 19)
THURSDAY_9 = datetime(2026, 11, 19, 8, tzinfo=UTC)  # 09:00-10:00 in Dresden


@pytest.fixture
def thursday_nine(office, make_appointment):
    return make_appointment(counsellor=office[0], start=THURSDAY_9, minutes=60)


@pytest.mark.parametrize(
    ("start", "end"),
    [(time(9, 30), time(11)), (time(8), time(9, 1)), (time(9, 15), time(9, 45))],
    ids=["covers-its-end", "covers-its-start", "inside-it"],
)
def test_a_closure_of_part_of_a_day_finds_a_booking_it_only_partly_covers(
    db, thursday_nine, start, end
):
    span_start, span_end = displacement.closure_span(THURSDAY, start, end)
    found = displacement.in_span(span_start, span_end, now=NOW)
    assert [a.id for a in found] == [thursday_nine.id]


def test_a_closure_ending_when_the_booking_starts_is_not_in_its_way(db, thursday_nine):
    span_start, span_end = displacement.closure_span(THURSDAY, time(8), time(9))
    assert displacement.in_span(span_start, span_end, now=NOW) == []


def test_an_absence_over_half_of_a_booking_asks_first(client, auth, db, thursday_nine):
    auth.login(thursday_nine.counsellor.email)
    absence = {
        "absence-start_date": "2026-11-19",
        "absence-start_time": "09:30",
        "absence-end_date": "2026-11-19",
        "absence-end_time": "13:00",
    }
    page = client.post("/staff/availability/absences", data=absence).get_data(as_text=True)
    assert thursday_nine.case.reference in page
    assert f'name="choice-{thursday_nine.id}" value="cancel"' in page


def test_hours_shortened_by_half_an_hour_strand_the_booking_at_nine(office, db, thursday_nine):
    later_start = engine.WeeklyWindow(3, time(9, 30), time(12), None, None)
    earlier_end = engine.WeeklyWindow(3, time(8), time(9, 30), None, None)
    whole = engine.WeeklyWindow(3, time(9), time(10), None, None)
    for remaining in ([later_start], [earlier_end]):
        stranded = displacement.outside_hours(office[0].id, remaining, now=NOW)
        assert [a.id for a in stranded] == [thursday_nine.id]
    assert displacement.outside_hours(office[0].id, [whole], now=NOW) == []


def test_accepting_a_waiting_list_offer_marks_the_others_taken_at_once(
    freed,  # noqa: F811
    waiting,  # noqa: F811
    runner,
    db,
    client,
):
    run(runner)
    second = offers(db, waiting["second"])[0]
    answer = client.post(f"{manage(waiting['second'])}/offers/{second.id}/accept")
    assert answer.status_code == 303
    db.session.expire_all()
    others = [offer for offer in offers(db) if offer.case_id != waiting["second"].id]
    assert len(others) == 2
    assert {offer.status for offer in others} == {"taken"}, "before anyone else answers"
    page = client.get(manage(waiting["oldest"])).get_data(as_text=True)
    assert f"/offers/{others[0].id}/accept" not in page


def test_a_report_period_does_not_count_its_end_instant(app, db, make_case, make_user):
    counsellor = make_user("a@example.org")
    at_new_year = make_case(created_at=local(2027, 1, 1, 0, 0), channel="phone")
    make_case(created_at=local(2026, 12, 1, 0, 0), channel="web")
    midnight = local(2027, 1, 1, 0, 0)
    db.session.add(
        Appointment(
            case_id=at_new_year.id,
            counsellor_id=counsellor.id,
            starts_at=midnight,
            ends_at=midnight + timedelta(hours=1),
            status="completed",
            mode="in_person",
            ical_uid="boundary@intake",
        )
    )
    db.session.commit()
    december = Period(date(2026, 12, 1), date(2026, 12, 31), "month")
    january = Period(date(2027, 1, 1), date(2027, 1, 31), "month")
    with app.test_request_context(headers={"Accept-Language": "en"}):
        totals = {
            name: (
                build_table("requests", period, BERLIN).total.values["total"],
                build_table("appointments", period, BERLIN).total.values["completed"],
            )
            for name, period in (("december", december), ("january", january))
        }
    assert totals["december"][0] == 1, "the request at 00:00 on 1 January is January's"
    assert totals["january"][0] == 1
    assert totals["december"][1] == 0, "the appointment at 00:00 on 1 January is January's"
    assert totals["january"][1] == 1


def test_on_sqlite_too_the_databases_refusal_becomes_just_taken(client, db, office, monkeypatch):
    """Each booking sees the slot as free as it was before anyone booked it (as two
    PostgreSQL transactions at once would): the unique index refuses the third, and the
    third person reads "just taken" with other times, not an error page."""
    original = appointments._DayAtOffice.free_counsellors
    seen = {}

    def as_before_anyone_booked(day, *args, **kwargs):
        return list(seen.setdefault("free", original(day, *args, **kwargs)))

    monkeypatch.setattr(appointments._DayAtOffice, "free_counsellors", as_before_anyone_booked)
    book_by_api(client, email="one@example.org")
    book_by_api(client, email="two@example.org")
    assert len(seen["free"]) == 2, "both counsellors were free at first"
    third = client.post(
        "/api/v1/requests",
        json=request_body(email="three@example.org"),
        headers={"Accept-Language": "en"},
    )
    assert third.status_code == 409
    assert "just taken" in third.get_json()["error"]["message"]
    assert count(db, Appointment) == 2
    recipients = db.session.scalars(select(OutboxMessage.recipient)).all()
    assert "three@example.org" not in recipients


def test_a_requester_cannot_cancel_an_appointment_that_has_started(client, db, office):
    answer = book_by_api(client)
    appointment = db.session.scalar(select(Appointment))
    case = appointment.case
    for now in (appointment.starts_at, appointment.starts_at + timedelta(minutes=1)):
        with pytest.raises(NotChangeable):
            cancel_by_requester(case, now=now)
        db.session.rollback()
    db.session.expire_all()
    assert db.session.get(Appointment, appointment.id).status == "requested"
    assert manage_path(answer)
    cancel_by_requester(case, now=appointment.starts_at - timedelta(minutes=1))
    assert appointment.status == "cancelled"
    db.session.rollback()
