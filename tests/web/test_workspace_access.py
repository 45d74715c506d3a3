"""Who may open which case: every case URL × {anonymous, counsellor A, counsellor B, lead}.

A holds the case; B is another counsellor; an unassigned case is open to every counsellor.
Refusals answer 404 and never carry the person's data.
"""

import threading
from datetime import UTC, datetime, timedelta
from threading import Barrier

import pytest
from sqlalchemy import select

from intake.cases import actions
from intake.core.domain import unit_of_work
from intake.extensions import db as _db
from intake.models import AuditEvent, Case, CaseNote, User
from tests.conftest import PASSWORD
from tests.helpers import HELD_FORM

SECRET_NAME = "Zainab-Secret-Name"


@pytest.fixture
def people(make_user, frozen_now):
    return {
        "A": make_user("a@example.org", name="Counsellor A"),
        "B": make_user("b@example.org", name="Counsellor B"),
        "lead": make_user("lead@example.org", role="lead", name="Lead"),
    }


@pytest.fixture
def held_by_a(db, people, make_case, make_appointment):
    case = make_case(counsellor=people["A"], name=SECRET_NAME, email="z@example.org")
    appointment = make_appointment(
        counsellor=people["A"], case=case, start=datetime(2026, 11, 17, 8, tzinfo=UTC)
    )
    note = CaseNote(
        case_id=case.id, author_id=people["A"].id, body="note", created_at=case.created_at
    )
    db.session.add(note)
    db.session.commit()
    return case, appointment, note


def case_requests(case, appointment, note):
    version = {"version": case.version}
    moved = {**version, "start": "2026-11-19T10:00:00+01:00"}
    return [
        ("GET", f"/staff/cases/{case.id}", {}),
        ("POST", f"/staff/cases/{case.id}/confirm", version),
        ("POST", f"/staff/cases/{case.id}/propose", moved),
        ("POST", f"/staff/cases/{case.id}/follow-up", moved),
        ("POST", f"/staff/cases/{case.id}/cancel-appointment", version),
        ("POST", f"/staff/cases/{case.id}/assign", {**version, "to": "1"}),
        ("POST", f"/staff/cases/{case.id}/refer", {**version, "service": "1"}),
        ("POST", f"/staff/cases/{case.id}/decline", {**version, "reason": "other"}),
        ("POST", f"/staff/cases/{case.id}/close", version),
        ("POST", f"/staff/cases/{case.id}/reopen", version),
        ("POST", f"/staff/cases/{case.id}/notes", {"body": "x"}),
        ("POST", f"/staff/cases/{case.id}/notes/{note.id}/edit", {"body": "x"}),
        ("POST", f"/staff/cases/{case.id}/notes/{note.id}/delete", {}),
        ("POST", f"/staff/appointments/{appointment.id}/complete", version),
        ("POST", f"/staff/appointments/{appointment.id}/no-show", version),
        ("GET", f"/staff/requests/{case.id}/confirmation", {}),
    ]


def log_in(client, user):
    response = client.post("/staff/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302


def test_anonymous_visitors_are_sent_to_the_login_for_every_case_url(client, held_by_a):
    for method, path, data in case_requests(*held_by_a):
        response = client.open(path, method=method, data=data)
        assert response.status_code == 302, path
        assert "/staff/login" in response.headers["Location"]


def test_another_counsellor_gets_404_without_any_data(app, client, db, people, held_by_a):
    case = held_by_a[0]
    log_in(client, people["B"])
    for method, path, data in case_requests(*held_by_a):
        response = client.open(path, method=method, data=data)
        assert response.status_code == 404, (method, path, response.status_code)
        body = response.get_data(as_text=True)
        assert SECRET_NAME not in body, path
        assert case.reference not in body, path
    db.session.expire_all()
    unchanged = db.session.get(Case, case.id)
    assert (unchanged.status, unchanged.counsellor_id) == ("new", people["A"].id)
    denied = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "case_access_denied")
    ).all()
    assert denied
    assert {event.actor_id for event in denied} == {people["B"].id}


def test_who_keeps_the_time_of_a_colleagues_case_opens_it_and_records_only_the_outcome(
    client, db, people, held_by_a, monkeypatch
):
    """A handed the case to B, who was not free at its time, so A still meets the person:
    A opens the case and records whether it took place; every other action stays B's."""
    case, appointment, note = held_by_a
    case.counsellor_id = people["B"].id
    db.session.commit()
    log_in(client, people["A"])
    page = client.get(f"/staff/cases/{case.id}", headers={"Accept-Language": "en"})
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert SECRET_NAME in body
    assert "Counsellor B holds this case" in body
    assert f"/staff/cases/{case.id}/assign" not in body
    assert f"/staff/cases/{case.id}/notes" not in body
    outcomes = {
        f"/staff/appointments/{appointment.id}/complete",
        f"/staff/appointments/{appointment.id}/no-show",
    }
    page_path = f"/staff/cases/{case.id}"
    for method, path, data in case_requests(case, appointment, note):
        if path not in outcomes and path != page_path:  # the printable confirmation too
            response = client.open(path, method=method, data=data)
            assert response.status_code == 404, path
    db.session.expire_all()
    unchanged = db.session.get(Case, case.id)
    assert (unchanged.status, unchanged.counsellor_id) == ("new", people["B"].id)
    assert [n.body for n in unchanged.notes] == ["note"]

    monkeypatch.setattr("intake.core.clock.now", lambda: appointment.starts_at + timedelta(hours=1))
    client.post("/staff/logout")
    log_in(client, people["A"])  # a new day, a new session
    took_place = f"/staff/appointments/{appointment.id}/complete"
    done = client.post(took_place, data={"version": unchanged.version, **HELD_FORM})
    assert done.status_code == 303
    db.session.rollback()  # end this session's read, which predates the app's commit
    assert db.session.get(type(appointment), appointment.id).status == "completed"
    # The time is over: the case is B's alone again.
    assert client.get(f"/staff/cases/{case.id}").status_code == 404


def test_who_attends_one_time_of_a_case_cannot_record_another(
    client, db, people, held_by_a, make_appointment, monkeypatch
):
    case, appointment, _note = held_by_a
    case.counsellor_id = people["B"].id
    theirs = make_appointment(
        counsellor=people["B"], case=case, start=appointment.starts_at - timedelta(days=1)
    )
    db.session.commit()
    monkeypatch.setattr("intake.core.clock.now", lambda: appointment.starts_at + timedelta(hours=1))
    log_in(client, people["A"])
    response = client.post(
        f"/staff/appointments/{theirs.id}/complete", data={"version": case.version}
    )
    assert response.status_code == 404
    db.session.rollback()
    assert db.session.get(type(theirs), theirs.id).status == "requested"


def test_a_colleague_without_a_time_in_the_case_still_gets_404(client, db, people, held_by_a):
    case, _appointment, _note = held_by_a
    case.counsellor_id = people["lead"].id  # A keeps the time; B has nothing to do with it
    db.session.commit()
    log_in(client, people["B"])
    assert client.get(f"/staff/cases/{case.id}").status_code == 404


@pytest.mark.parametrize("who", ["A", "lead"])
def test_the_holder_and_the_lead_open_the_case(client, people, held_by_a, who):
    case = held_by_a[0]
    log_in(client, people[who])
    page = client.get(f"/staff/cases/{case.id}")
    assert page.status_code == 200
    assert SECRET_NAME in page.get_data(as_text=True)


@pytest.mark.parametrize("who", ["A", "B", "lead"])
def test_an_unassigned_case_is_open_to_every_counsellor(client, people, make_case, who):
    case = make_case(name=SECRET_NAME)
    log_in(client, people[who])
    assert client.get(f"/staff/cases/{case.id}").status_code == 200


def test_search_finds_only_cases_the_user_may_see(client, people, held_by_a):
    case = held_by_a[0]
    log_in(client, people["B"])
    by_name = client.get("/staff/cases?q=Zainab").get_data(as_text=True)
    assert case.reference not in by_name
    assert client.get(f"/staff/cases?q={case.reference}").status_code == 200  # not a redirect
    client.post("/staff/logout")
    log_in(client, people["A"])
    found = client.get(f"/staff/cases?q={case.reference.lower()}")
    assert found.status_code == 302
    assert found.headers["Location"].endswith(f"/staff/cases/{case.id}")
    assert case.reference in client.get("/staff/cases?q=Zainab").get_data(as_text=True)


def test_two_counsellors_taking_over_at_once_one_wins(make_app, people, make_case):
    """Two sessions in two threads act on the same case version at the same moment; the
    optimistic lock lets one win. (Checked: without the version column's WHERE, both win.)"""
    case = make_case()
    app = make_app()
    barrier = Barrier(2, timeout=30)
    outcomes: list[str] = []
    later = case.created_at + timedelta(hours=1)
    ids = [people["A"].id, people["B"].id]

    def take_over(user_id: int) -> None:
        try:
            with app.app_context():
                user = _db.session.get(User, user_id)
                version = _db.session.get(Case, case.id).version
                barrier.wait()
                with unit_of_work() as work:
                    target = _db.session.get(Case, case.id)
                    actions.assign(target, user, by=user, version=version, now=later)
                outcomes.append("failed" if work.failed else "won")
                _db.session.remove()
        except Exception as error:  # noqa: BLE001  (reported by the assertion below)
            outcomes.append(repr(error))

    threads = [threading.Thread(target=take_over, args=(user_id,)) for user_id in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["failed", "won"]
    with app.app_context():
        assert _db.session.get(Case, case.id).counsellor_id in ids
        taken = _db.session.scalars(
            select(AuditEvent).where(
                AuditEvent.case_id == case.id, AuditEvent.action == "case_taken"
            )
        ).all()
        assert len(taken) == 1
