"""The requester's private page: view, cancel and move, with GET never changing anything."""

import re

import pytest
from sqlalchemy import select

from intake.booking import office_actions
from intake.core.security import hash_token
from intake.models import Appointment, Case
from tests.helpers import NOW, TUESDAY_9, book_by_api, manage_path


@pytest.fixture
def booked(client, office) -> str:
    """The manage path of a request for Tuesday 09:00."""
    answer = book_by_api(
        client, name="Nour", email="n@example.org", description="SECRET-DESCRIPTION"
    )
    return manage_path(answer)


def appointment_statuses(db):
    db.session.expire_all()
    return sorted(db.session.scalars(select(Appointment.status)).all())


def test_manage_page_shows_status_and_time_in_the_visitors_language(client, booked):
    page = client.get(booked).get_data(as_text=True)
    assert "Dienstag, 17. November 2026, 09:00" in page
    assert "Dr.-Külz-Ring 19" in page
    assert "SECRET-DESCRIPTION" not in page
    assert client.get(booked).headers["Cache-Control"] == "no-store"


def test_only_the_hash_of_the_token_is_stored(db, booked):
    token = booked.rsplit("/", 1)[1]
    case = db.session.scalar(select(Case))
    assert case.manage_token_hash == hash_token(token)
    assert token not in (case.manage_token_hash, case.reference)


@pytest.mark.parametrize("suffix", ["", "/cancel", "/move"])
def test_get_changes_nothing_even_when_fetched_three_times(client, db, booked, suffix):
    for _ in range(3):
        assert client.get(booked + suffix).status_code == 200
    assert appointment_statuses(db) == ["requested"]


@pytest.mark.parametrize("confirmed", [False, True], ids=["requested", "confirmed"])
def test_cancel_frees_the_slot_before_and_after_confirmation(client, db, office, booked, confirmed):
    if confirmed:
        appointment = db.session.scalar(select(Appointment))
        office_actions.confirm_appointment(appointment, by_id=office[0].id, now=NOW)
        db.session.commit()
        assert appointment_statuses(db) == ["confirmed"]
    response = client.post(booked + "/cancel")
    assert response.status_code == 303
    assert response.headers["Location"] == "/de/cancelled?had=appointment"
    assert "abgesagt" in client.get("/de/cancelled").get_data(as_text=True)
    assert appointment_statuses(db) == ["cancelled"]
    assert db.session.scalar(select(Case.status)) == "cancelled"
    slots = client.get("/api/v1/slots?start=2026-11-17&end=2026-11-17").json["slots"]
    assert slots[0]["start"] == TUESDAY_9
    assert slots[0]["counsellors"] == 2


def test_move_books_the_new_time_and_keeps_the_calendar_uid(client, db, booked):
    before = db.session.scalar(select(Appointment))
    uid, sequence = before.ical_uid, before.ical_sequence
    response = client.post(booked + "/move", data={"start": "2026-11-19T11:00:00+01:00"})
    assert response.status_code == 303
    db.session.expire_all()
    active = db.session.scalar(select(Appointment).where(Appointment.status == "requested"))
    assert active.starts_at.isoformat() == "2026-11-19T10:00:00+00:00"
    assert active.ical_uid == uid
    assert active.ical_sequence == sequence + 1
    assert appointment_statuses(db) == ["cancelled", "requested"]


def test_move_to_an_unbookable_time_changes_nothing(client, db, booked):
    response = client.post(booked + "/move", data={"start": "2026-11-18T09:00:00+01:00"})
    assert response.status_code == 422
    assert appointment_statuses(db) == ["requested"]


def test_move_page_lists_free_times_in_the_visitors_language(client, booked):
    page = client.get(booked + "/move").get_data(as_text=True)
    assert "Donnerstag, 19. November 2026" in page
    assert re.search(r'name="start" value="2026-11-19T11:00:00\+01:00"', page)


@pytest.mark.parametrize("path", ["/de/r/unknown-token", "/de/r/" + "A" * 43, "/de/r/" + "x" * 500])
def test_unknown_tokens_get_the_same_friendly_404(client, office, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.get_data(as_text=True)


def test_cancelled_request_link_gives_the_same_404_as_an_unknown_one(client, db, booked):
    client.post(booked + "/cancel")
    for suffix in ("", "/cancel", "/move", "/appointment.ics"):
        assert client.get(booked + suffix).status_code == 404
    assert client.post(booked + "/cancel").status_code == 404
    assert client.post(booked + "/move", data={"start": TUESDAY_9}).status_code == 404
    assert appointment_statuses(db) == ["cancelled"]


def test_cancel_needs_a_csrf_token(make_app, db, office):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    manage = manage_path(book_by_api(client, name="N", email="n@example.org"))
    assert client.post(manage + "/cancel").status_code == 400
    assert appointment_statuses(db) == ["requested"]
