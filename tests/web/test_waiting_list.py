"""The waiting list: a freed slot is offered to the longest-waiting fitting requests, the
first to accept gets it, offers expire, and concurrent runs offer nothing twice."""

import threading
from datetime import UTC, datetime, time, timedelta

import pytest
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from intake.cases.waitlist import answers, callbacks, matching, offering
from intake.core import preferred_periods
from intake.core.domain import unit_of_work
from intake.core.security import manage_token_for
from intake.models import Appointment, OutboxMessage, SlotOffer, WorkingHours
from tests.helpers import NOW

THURSDAY_10 = datetime(2026, 11, 19, 9, tzinfo=UTC)


def manage(case) -> str:
    return f"/{case.locale}/r/{manage_token_for(case.form_key)}"


def run(runner) -> str:
    result = runner.invoke(args=["offer-slots"])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def waiting(office, make_case):
    """Three people wait for Arabic (one without e-mail) and one for Russian."""

    def wait(days: int, **columns):
        return make_case(created_at=NOW - timedelta(days=days), callback_requested=True, **columns)

    return {
        "oldest": wait(5, talk_language="ar", email="oldest@example.org"),
        "second": wait(4, talk_language="ar", email="second@example.org"),
        "phone": wait(4, talk_language="ar", email=None, phone="+49 351 123"),
        "russian": wait(3, talk_language="ru", email="ru@example.org"),
        "newest": wait(1, talk_language="ar", email="newest@example.org"),
    }


@pytest.fixture
def freed(office, waiting, make_appointment, runner, db):
    """Counsellor A (Arabic) had Thursday 10:00 booked; the list was matched; then it was
    cancelled."""
    booked = make_appointment(counsellor=office[0], start=THURSDAY_10, status="confirmed")
    assert "offered 0" in run(runner)  # the first run only notes what is free already
    booked.status = "cancelled"
    db.session.commit()
    return booked


def offers(db, case=None):
    query = select(SlotOffer).order_by(SlotOffer.id)
    if case is not None:
        query = query.where(SlotOffer.case_id == case.id)
    return db.session.scalars(query).all()


def test_a_cancelled_slot_is_offered_to_the_longest_waiting_fitting_requests(
    freed, waiting, runner, db, client
):
    assert "offered 3" in run(runner)
    got = {offer.case_id for offer in offers(db)}
    assert got == {waiting["oldest"].id, waiting["second"].id, waiting["newest"].id}
    [offer] = offers(db, waiting["oldest"])
    assert offer.starts_at == THURSDAY_10
    assert offer.expires_at == NOW + timedelta(hours=24)
    mail = db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.recipient == "oldest@example.org")
    )
    assert mail.kind == "slot_offered"
    assert "10:00" in mail.body_text
    assert manage(waiting["oldest"]) in mail.body_text
    page = client.get(manage(waiting["oldest"])).get_data(as_text=True)
    assert f"/offers/{offer.id}/accept" in page


def test_running_the_matching_again_offers_nothing_twice(freed, runner, db):
    run(runner)
    assert "offered 0" in run(runner)
    assert len(offers(db)) == 3


def test_the_first_to_accept_gets_the_slot_and_the_others_see_it_taken(
    freed, waiting, runner, db, client
):
    run(runner)
    second = offers(db, waiting["second"])[0]
    oldest = offers(db, waiting["oldest"])[0]
    answer = client.post(f"{manage(waiting['second'])}/offers/{second.id}/accept")
    assert answer.status_code == 303
    appointment = db.session.scalar(
        select(Appointment).where(Appointment.case_id == waiting["second"].id)
    )
    assert appointment.starts_at == THURSDAY_10
    assert appointment.is_active
    late = client.post(
        f"{manage(waiting['oldest'])}/offers/{oldest.id}/accept", follow_redirects=True
    )
    text = late.get_data(as_text=True)
    with force_locale(waiting["oldest"].locale):
        taken = _("Already taken")
    assert taken in text
    db.session.expire_all()
    assert db.session.get(SlotOffer, oldest.id).status == "taken"
    still = db.session.scalars(matching.waiting_requests()).all()
    assert waiting["oldest"] in still
    assert waiting["second"] not in still
    received = db.session.scalar(
        select(OutboxMessage).where(
            OutboxMessage.recipient == "second@example.org", OutboxMessage.kind == "received"
        )
    )
    assert received.ics_method == "REQUEST"


def test_two_acceptances_of_one_slot_at_once_book_it_once(freed, waiting, runner, db, app):
    run(runner)
    ids = [offers(db, waiting[name])[0].id for name in ("oldest", "second", "newest")]
    db.session.commit()
    barrier, results, errors = threading.Barrier(len(ids)), [], []

    def accept(offer_id):
        try:
            with app.app_context():
                barrier.wait()
                booked = None
                with unit_of_work() as work:
                    offer = db.session.get(SlotOffer, offer_id)
                    booked = answers.accept_waitlist_offer(offer, now=NOW)
                # Losing means either the booking failed or the winner closed the offer first.
                results.append(booked is not None and not work.failed)
        except Exception as error:  # noqa: BLE001  (reported below)
            errors.append(error)

    threads = [threading.Thread(target=accept, args=(i,)) for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(results) == [False, False, True]
    booked = db.session.scalars(
        select(Appointment).where(
            Appointment.starts_at == THURSDAY_10, Appointment.status.in_(["requested", "confirmed"])
        )
    ).all()
    assert len(booked) == 1
    db.session.expire_all()
    assert sorted(db.session.get(SlotOffer, i).status for i in ids) == [
        "accepted",
        "taken",
        "taken",
    ]


def test_an_offer_expires_and_the_request_keeps_waiting(
    freed, waiting, runner, db, client, monkeypatch
):
    run(runner)
    [offer] = offers(db, waiting["oldest"])
    later = NOW + timedelta(hours=25)
    monkeypatch.setattr("intake.core.clock.now", lambda: later)
    output = run(runner)
    assert "3 offer(s) expired" in output
    db.session.expire_all()
    assert db.session.get(SlotOffer, offer.id).status == "expired"
    page = client.get(manage(waiting["oldest"])).get_data(as_text=True)
    assert f"/offers/{offer.id}/accept" not in page
    answer = client.post(f"{manage(waiting['oldest'])}/offers/{offer.id}/accept")
    assert answer.status_code == 303
    assert (
        db.session.scalar(select(Appointment).where(Appointment.case_id == waiting["oldest"].id))
        is None
    )


def test_an_offer_ends_before_its_slot_comes_within_the_minimum_notice(
    office, waiting, make_appointment, runner, db
):
    tuesday = make_appointment(counsellor=office[0], start=datetime(2026, 11, 17, 9, tzinfo=UTC))
    run(runner)
    tuesday.status = "cancelled"
    db.session.commit()
    run(runner)
    [offer] = offers(db, waiting["oldest"])
    assert offer.expires_at == datetime(2026, 11, 16, 9, tzinfo=UTC)  # 24 h before the start


def test_a_slot_within_the_minimum_notice_is_never_offered(
    office, waiting, make_appointment, runner, db
):
    soon = make_appointment(counsellor=office[0], start=NOW + timedelta(hours=2))
    run(runner)
    soon.status = "cancelled"
    db.session.commit()
    assert "offered 0" in run(runner)


def test_requests_without_email_show_as_call_back_with_a_free_slot(freed, waiting, runner, db):
    run(runner)
    found = callbacks.callbacks_with_free_slot(now=NOW)
    assert [(case.id, slot.start) for case, slot in found] == [(waiting["phone"].id, THURSDAY_10)]


def test_a_declined_offer_keeps_the_request_waiting(freed, waiting, runner, db, client):
    run(runner)
    [offer] = offers(db, waiting["oldest"])
    assert client.post(f"{manage(waiting['oldest'])}/offers/{offer.id}/decline").status_code == 303
    db.session.expire_all()
    assert db.session.get(SlotOffer, offer.id).status == "declined"
    assert waiting["oldest"] in db.session.scalars(matching.waiting_requests()).all()


def test_an_offer_of_another_request_is_not_found(freed, waiting, runner, db, client):
    run(runner)
    [offer] = offers(db, waiting["oldest"])
    assert client.post(f"{manage(waiting['second'])}/offers/{offer.id}/accept").status_code == 404


def test_two_matching_runs_at_once_offer_each_slot_once(freed, app, db):
    db.session.commit()
    barrier, errors = threading.Barrier(2), []

    def match():
        try:
            with app.app_context():
                barrier.wait()
                with unit_of_work():
                    offering.offer_slots(now=NOW)
        except Exception as error:  # noqa: BLE001  (reported below)
            errors.append(error)

    threads = [threading.Thread(target=match) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    db.session.expire_all()
    assert len(offers(db)) == 3


def test_a_request_with_an_open_proposal_gets_no_waiting_list_offer(
    freed, waiting, runner, db, office
):
    db.session.add(
        SlotOffer(
            case_id=waiting["oldest"].id,
            counsellor_id=office[1].id,
            kind="proposal",
            status="open",
            starts_at=THURSDAY_10,
            ends_at=THURSDAY_10 + timedelta(hours=1),
            created_at=NOW,
        )
    )
    db.session.commit()
    run(runner)
    assert [o.kind for o in offers(db, waiting["oldest"])] == ["proposal"]


def test_the_inbox_lists_the_call_back_with_its_free_slot(freed, waiting, runner, db, client, auth):
    run(runner)
    auth.login_as("lead")
    page = client.get("/staff/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    section = page[page.index("Call back: a slot is free") :]
    assert waiting["phone"].reference in section


MONDAY_10 = datetime(2026, 11, 23, 9, tzinfo=UTC)  # 10:00 in Dresden


def free_up(starts, office, make_appointment, runner, db) -> None:
    """Book counsellor A's slots at `starts`, let the matching see them booked, cancel them."""
    booked = [
        make_appointment(counsellor=office[0], start=start, status="confirmed") for start in starts
    ]
    assert "offered 0" in run(runner)
    for appointment in booked:
        appointment.status = "cancelled"
    db.session.commit()


@pytest.fixture
def wait_for(make_case):
    """An Arabic speaker with an e-mail waiting `days` for the periods named by `codes`."""

    def wait(days: int, name: str, codes: list[str]):
        return make_case(
            created_at=NOW - timedelta(days=days),
            callback_requested=True,
            talk_language="ar",
            email=f"{name}@example.org",
            preferred_periods=preferred_periods.to_mask(codes),
        )

    return wait


@pytest.fixture
def by_period(office, wait_for):
    """The longest waits only for Thursday afternoons, then one who named no time, then one
    for Monday mornings (or Wednesday afternoons)."""
    return {
        "thursday_afternoon": wait_for(5, "thursday", ["thu_afternoon"]),
        "any_time": wait_for(4, "any", []),
        "monday_morning": wait_for(3, "monday", ["mon_morning", "wed_afternoon"]),
    }


def offered_to(db) -> set[int]:
    return {offer.case_id for offer in offers(db)}


def test_a_freed_monday_morning_goes_to_a_monday_morning_waiter_not_an_earlier_thursday_one(
    by_period, office, make_appointment, runner, db
):
    free_up([MONDAY_10], office, make_appointment, runner, db)
    run(runner)
    assert by_period["monday_morning"].id in offered_to(db)
    assert by_period["thursday_afternoon"].id not in offered_to(db)


def test_a_request_that_named_no_time_is_offered_any_time(
    by_period, office, make_appointment, runner, db
):
    free_up([MONDAY_10], office, make_appointment, runner, db)
    assert "offered 2" in run(runner)
    assert by_period["any_time"].id in offered_to(db)


def test_morning_and_afternoon_split_at_noon_office_time(
    office, wait_for, make_appointment, runner, db
):
    """Friday 11:30 and 12:30 in Dresden are 10:30 and 11:30 UTC: both before noon in UTC."""
    db.session.add(
        WorkingHours(
            user_id=office[0].id, weekday=4, start_time=time(11, 30), end_time=time(13, 30)
        )
    )
    db.session.commit()
    morning = wait_for(2, "morning", ["fri_morning"])
    afternoon = wait_for(2, "afternoon", ["fri_afternoon"])
    half_past_eleven = datetime(2026, 11, 20, 10, 30, tzinfo=UTC)
    half_past_twelve = datetime(2026, 11, 20, 11, 30, tzinfo=UTC)
    free_up([half_past_eleven, half_past_twelve], office, make_appointment, runner, db)
    run(runner)
    assert [offer.starts_at for offer in offers(db, morning)] == [half_past_eleven]
    assert [offer.starts_at for offer in offers(db, afternoon)] == [half_past_twelve]


def test_the_inbox_call_back_needs_a_slot_in_the_named_periods(freed, waiting, runner, db):
    waiting["phone"].preferred_periods = preferred_periods.to_mask(["thu_afternoon"])
    db.session.commit()
    run(runner)
    assert callbacks.callbacks_with_free_slot(now=NOW) == []
