"""Two staff members act on one case at the same moment: one wins, and the other is told
"this case has changed since the page was loaded", never "something went wrong"."""

from concurrent.futures import ThreadPoolExecutor
from datetime import time, timedelta
from threading import Barrier, BrokenBarrierError

import pytest
from sqlalchemy import select

from intake.cases import actions
from intake.models import Appointment, Case, ReferralService, WorkingHours
from tests.conftest import AuthActions
from tests.helpers import HELD_FORM, NOW

CHANGED = "has changed since the page was loaded"
TAKEN = "A colleague has taken this case over since your page was loaded"
# Times in Dresden (NOW is Monday 09:00 there; Wednesday is Buß- und Bettag); the
# counsellors work 09:00-12:00.
TUESDAY_10 = NOW + timedelta(days=1, hours=1)
TUESDAY_11 = NOW + timedelta(days=1, hours=2)
THURSDAY_10 = NOW + timedelta(days=3, hours=1)
THURSDAY_11 = NOW + timedelta(days=3, hours=2)


@pytest.fixture
def hold_both_after_the_version_check(monkeypatch):
    """Each request waits after its version check until the other has passed its own (or a
    short while has gone by, when the other is kept waiting by the database): without a lock
    both read the same version and the loser only finds out when it writes."""
    state = {"barrier": Barrier(2)}
    check = actions.expect_version

    def expect_version_then_wait(case, version):
        check(case, version)
        try:
            state["barrier"].wait(timeout=0.5)
        except BrokenBarrierError:
            pass

    monkeypatch.setattr(actions, "expect_version", expect_version_then_wait)
    monkeypatch.setattr("intake.cases.offers.expect_version", expect_version_then_wait)
    return state


@pytest.fixture
def lead(db, make_user):
    """An office lead who counsels too, with the counsellors' hours: a time goes with the
    case when the lead takes it over."""
    lead = make_user("lead@example.org", role="lead", takes_appointments=True)
    for weekday in range(4):
        db.session.add(
            WorkingHours(user_id=lead.id, weekday=weekday, start_time=time(9), end_time=time(12))
        )
    db.session.commit()
    return lead


@pytest.fixture
def two_staff(app, auth, make_user, office, lead):
    """The counsellor holding the cases and the office lead, each with their own browser."""
    clients = app.test_client(), app.test_client()
    for client, user in zip(clients, (office[0], lead), strict=True):
        assert AuthActions(client, make_user).login(user.email).status_code == 302
    return clients


def _requested_case(make_case, make_appointment, office, start=TUESDAY_11, status="requested"):
    case = make_case(counsellor=office[0], status="scheduled")
    make_appointment(counsellor=office[0], start=start, case=case, status=status)
    return case


def _path(case: Case, action: str) -> str:
    if action in ("complete", "no-show"):
        return f"/staff/appointments/{case.appointments[0].id}/{action}"
    return f"/staff/cases/{case.id}/{action}"


def _race(db, state, clients, case: Case, posts: list[tuple[str, dict]]):
    """Send both actions at once, each named with the version both pages showed."""
    paths = [_path(case, action) for action, _ in posts]
    version = case.version
    for client in clients:  # both have the case page open
        assert client.get(f"/staff/cases/{case.id}").status_code == 200
    db.session.commit()  # the test holds no transaction while the two run
    state["barrier"] = Barrier(2)
    start_together = Barrier(2)

    def send(client, path, data):
        start_together.wait(timeout=30)
        return client.post(
            path,
            data={"version": version, **data},
            headers={"Accept-Language": "en"},
        )

    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [
            pool.submit(send, client, path, data)
            for client, path, (_, data) in zip(clients, paths, posts, strict=True)
        ]
        answers = [future.result() for future in futures]
    seen = zip(clients, answers, strict=True)
    return [_what_they_saw(client, answer) for client, answer in seen]


def _what_they_saw(client, answer) -> tuple[int, str]:
    """The answer's status and the page the person ends up reading (after a redirect)."""
    if answer.status_code != 303:
        return answer.status_code, answer.get_data(as_text=True)
    page = client.get(answer.headers["Location"], headers={"Accept-Language": "en"})
    return 303, page.get_data(as_text=True)


def _service(db) -> ReferralService:
    service = ReferralService(name="Jugendmigrationsdienst Dresden", address="Musterstraße 1")
    db.session.add(service)
    db.session.commit()
    return service


PAIRS = {
    "confirm vs hand over": ("confirm", {}, "assign", {"to": "colleague"}),
    "confirm vs decline": ("confirm", {}, "decline", {"reason": "duplicate"}),
    "take over vs decline": ("decline", {"reason": "duplicate"}, "assign", {"to": "lead"}),
    "propose vs cancel": (
        "propose",
        {"start": "2026-11-17T10:00:00+01:00"},
        "cancel-appointment",
        {},
    ),
    "refer vs confirm": ("refer", {"service": "service"}, "confirm", {}),
    "cancel vs decline": ("cancel-appointment", {}, "decline", {"reason": "duplicate"}),
    "hand over vs hand over": ("assign", {"to": "colleague"}, "assign", {"to": "lead"}),
}


@pytest.mark.parametrize("pair", PAIRS, ids=list(PAIRS))
def test_of_two_actions_on_a_requested_case_one_wins_and_the_other_is_told(
    db,
    office,
    lead,
    two_staff,
    make_case,
    make_appointment,
    hold_both_after_the_version_check,
    pair,
):
    first, first_data, second, second_data = PAIRS[pair]
    named = {"colleague": office[1].id, "lead": lead.id, "service": _service(db).id}
    for start in (TUESDAY_11, THURSDAY_11):
        case = _requested_case(make_case, make_appointment, office, start)
        posts = [
            (first, {key: named.get(value, value) for key, value in first_data.items()}),
            (second, {key: named.get(value, value) for key, value in second_data.items()}),
        ]
        answers = _race(db, hold_both_after_the_version_check, two_staff, case, posts)
        _one_won_and_the_other_was_told(answers)


def _one_won_and_the_other_was_told(outcomes) -> None:
    """The loser reads that the case changed (or, when it went to a colleague meanwhile,
    that a colleague took it); the winner reads nothing of the kind."""
    codes = [status for status, _ in outcomes]
    assert set(codes) <= {303, 409}, codes
    told = [status for status, page in outcomes if CHANGED in page or TAKEN in page]
    assert len(told) == 1, codes


def test_of_two_reopenings_one_wins(
    db, office, two_staff, make_case, hold_both_after_the_version_check
):
    for _ in range(2):
        case = make_case(counsellor=office[0], status="closed", closed_at=NOW)
        posts = [("reopen", {}), ("reopen", {})]
        answers = _race(db, hold_both_after_the_version_check, two_staff, case, posts)
        _one_won_and_the_other_was_told(answers)


def test_a_follow_up_and_closing_at_once_one_wins(
    db, office, two_staff, make_case, hold_both_after_the_version_check
):
    for start in (TUESDAY_10, THURSDAY_10):
        case = make_case(counsellor=office[0], status="in_progress")
        posts = [("follow-up", {"start": start.isoformat()}), ("close", {})]
        answers = _race(db, hold_both_after_the_version_check, two_staff, case, posts)
        _one_won_and_the_other_was_told(answers)
        db.session.expire_all()
        stored = db.session.get(Case, case.id)
        booked = db.session.scalars(select(Appointment).where(Appointment.case_id == case.id))
        assert (stored.status == "closed") != bool(booked.all()), "one of the two, not both"


def test_took_place_and_did_not_come_at_once_one_wins(
    db, office, two_staff, make_case, make_appointment, hold_both_after_the_version_check
):
    for hours in (2, 4):
        start = NOW - timedelta(hours=hours)
        case = _requested_case(make_case, make_appointment, office, start, "confirmed")
        posts = [("complete", HELD_FORM), ("no-show", {})]
        answers = _race(db, hold_both_after_the_version_check, two_staff, case, posts)
        _one_won_and_the_other_was_told(answers)
