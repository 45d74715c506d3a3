"""Recording "took place": what it was about, what was done, how long; and the report's
consultations by what was done and by referral destination, held back when small."""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from intake.models import Appointment, Consultation, ReferralService
from intake.reports.report import build_table
from intake.reports.report_periods import Period
from tests.helpers import NOW

BERLIN = ZoneInfo("Europe/Berlin")
NOVEMBER = Period(date(2026, 11, 1), date(2026, 11, 30), "month")


@pytest.fixture
def held(office, make_appointment, make_case, db, client, auth):
    """Amal's appointment an hour ago, and Amal logged in."""
    case = make_case(counsellor=office[0], topics=("work", "housing"))
    appointment = make_appointment(
        counsellor=office[0], case=case, start=NOW - timedelta(hours=1), status="confirmed"
    )
    auth.login(office[0].email)
    return appointment


@pytest.fixture
def service(db) -> ReferralService:
    service = ReferralService(name="Ausländerbehörde Dresden")
    db.session.add(service)
    db.session.commit()
    return service


def post(client, appointment, **answers):
    data = {"version": appointment.case.version, "minutes": "45", **answers}
    return client.post(f"/staff/appointments/{appointment.id}/complete", data=data)


def record_of(db, appointment) -> Consultation | None:
    db.session.expire_all()
    return db.session.get(Appointment, appointment.id).consultation


def table(app, db, key, threshold=None):
    db.session.rollback()
    with app.test_request_context(headers={"Accept-Language": "en"}):
        return build_table(key, NOVEMBER, BERLIN, threshold=threshold)


def test_took_place_asks_what_it_was_about_starting_from_the_requests_topics(client, held):
    page = client.get(f"/staff/appointments/{held.id}/complete").get_data(as_text=True)
    assert 'value="housing" checked' in page or 'checked id="topics-' in page
    assert 'name="outcomes"' in page
    assert 'value="60"' in page  # the booked length


def test_the_answers_are_stored_with_the_appointment_held(client, db, held, service):
    response = post(
        client,
        held,
        topics=["residence", "work"],
        outcomes=["information", "referral"],
        referral=str(service.id),
    )
    assert response.status_code == 303
    record = record_of(db, held)
    assert db.session.get(Appointment, held.id).status == "completed"
    assert (record.topic_codes, record.outcome_codes) == (
        ["residence", "work"],
        ["information", "referral"],
    )
    assert (record.minutes, record.referral_id) == (45, service.id)
    page = client.get(f"/staff/cases/{held.case_id}").get_data(as_text=True)
    assert "Ausländerbehörde Dresden" in page


@pytest.mark.parametrize(
    "answers",
    [
        {"topics": ["work"], "outcomes": ["nothing_further", "information"]},
        {"topics": ["work"], "outcomes": ["referral"]},  # to whom?
        {"topics": ["work"], "outcomes": ["referral"], "referral": "999"},
        {"topics": ["work"]},
        {"outcomes": ["information"]},
        {"topics": ["weather"], "outcomes": ["information"]},
        {"topics": ["work"], "outcomes": ["gossip"]},
        {"topics": ["work"], "outcomes": ["information"], "minutes": "0"},
    ],
)
def test_incomplete_or_contradictory_answers_change_nothing(client, db, held, answers):
    response = post(client, held, **answers)
    assert response.status_code == 422
    assert 'class="error"' in response.get_data(as_text=True)
    assert record_of(db, held) is None
    assert db.session.get(Appointment, held.id).status == "confirmed"


def test_a_consultation_recorded_on_the_spot_gets_its_answers_afterwards(client, auth, db, office):
    auth.login(office[0].email)
    now_form = {
        "channel": "walk_in",
        "counsellor": office[0].id,
        "start": "08:40",
        "minutes": "20",
        "topics": ["school"],
        "talk_language": "de",
        "consent": "y",
    }
    assert client.post("/staff/consultations/now", data=now_form).status_code == 303
    appointment = db.session.scalar(select(Appointment))
    case_page = client.get(f"/staff/cases/{appointment.case_id}").get_data(as_text=True)
    assert f"/staff/appointments/{appointment.id}/complete" in case_page
    response = post(client, appointment, topics=["school"], outcomes=["follow_up"])
    assert response.status_code == 303
    assert record_of(db, appointment).outcome_codes == ["follow_up"]
    again = post(client, appointment, topics=["school"], outcomes=["information"])
    assert again.status_code == 409
    assert len(db.session.scalars(select(Consultation)).all()) == 1


def test_the_report_counts_consultations_by_what_was_done_and_by_destination(
    app, client, db, office, make_appointment, make_case, service, auth
):
    auth.login(office[0].email)
    for hours, outcomes in ((1, ["information", "referral"]), (2, ["referral"]), (3, [])):
        appointment = make_appointment(
            counsellor=office[0], start=NOW - timedelta(hours=hours), status="confirmed"
        )
        if outcomes:
            answers = {"topics": ["work"], "outcomes": outcomes, "referral": str(service.id)}
            assert post(client, appointment, **answers).status_code == 303
    by_outcome = {
        row.key: row.values["held"] for row in table(app, db, "consultation_outcomes").rows
    }
    assert by_outcome == {
        "information": 1,
        "application": 0,
        "referral": 2,
        "follow_up": 0,
        "nothing_further": 0,
        "not_recorded": 0,
    }
    referrals = table(app, db, "consultation_referrals")
    assert [(row.label, row.values["held"]) for row in referrals.rows] == [
        ("Ausländerbehörde Dresden", 2)
    ]
    published = table(app, db, "consultation_referrals", threshold=3)
    assert repr(published.rows[0].values["held"]) == "SUPPRESSED"
    auth.logout()
    auth.login_as("lead")
    csv = client.get(
        "/staff/reports/consultation_outcomes.csv?from=2026-11-01&to=2026-11-30&by=month",
        headers={"Accept-Language": "en"},
    ).get_data(as_text=True)
    assert "Referred to a service;2" in csv
