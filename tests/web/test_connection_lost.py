"""The database connection dies in the middle of a staff action (pg_terminate_backend on
the request's own connection): the answer is the localized 503 page, rendered without the
database, and nothing of the action is stored."""

import re

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError

from intake.cases import notes
from intake.extensions import db as _db
from intake.models import CaseNote


@pytest.fixture
def on_postgresql(database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("pg_terminate_backend is PostgreSQL's")


def test_a_note_whose_connection_is_killed_answers_503_and_stores_nothing(
    on_postgresql, client, auth, db, make_case, monkeypatch
):
    auth.login_as("lead")
    case = make_case()
    add_note = notes.add_note

    def killed_midway(case, body, **kwargs):
        note = add_note(case, body, **kwargs)
        _db.session.execute(text("SELECT pg_terminate_backend(pg_backend_pid())"))
        return note

    monkeypatch.setattr(notes, "add_note", killed_midway)
    for _ in range(5):
        response = client.post(
            f"/staff/cases/{case.id}/notes",
            data={"body": "Rückruf vereinbart"},
            headers={"Accept-Language": "de"},
        )
        page = response.get_data(as_text=True)
        assert response.status_code == 503, page[:500]
        assert "Vorübergehend nicht erreichbar" in page
        assert "Rückruf vereinbart" in page, "what was typed comes back to send again"
    assert db.session.scalar(select(func.count()).select_from(CaseNote)) == 0
    monkeypatch.setattr(notes, "add_note", add_note)
    again = client.post(f"/staff/cases/{case.id}/notes", data={"body": "Rückruf vereinbart"})
    assert again.status_code == 303, "the next request gets a working connection"


def test_a_connection_killed_where_the_error_is_swallowed_still_answers_503(
    on_postgresql, client, auth, db, make_case, monkeypatch
):
    """Code that catches the first error and goes on meets the dead connection again as
    "can't reconnect until invalid transaction is rolled back": still the 503 page."""
    auth.login_as("lead")
    case = make_case()
    add_note = notes.add_note

    def killed_and_swallowed(case, body, **kwargs):
        try:
            _db.session.execute(text("SELECT pg_terminate_backend(pg_backend_pid())"))
        except OperationalError:
            pass
        return add_note(case, body, **kwargs)

    monkeypatch.setattr(notes, "add_note", killed_and_swallowed)
    response = client.post(
        f"/staff/cases/{case.id}/notes",
        data={"body": "Rückruf vereinbart"},
        headers={"Accept-Language": "de"},
    )
    assert response.status_code == 503
    assert "Vorübergehend nicht erreichbar" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(CaseNote)) == 0


def test_a_note_sent_again_with_its_form_key_is_stored_once(client, auth, db, make_case):
    """An answer that never arrived (the connection died at the commit) leaves the
    counsellor unsure; sending the same form again changes nothing the second time."""
    auth.login_as("lead")
    case = make_case()
    page = client.get(f"/staff/cases/{case.id}").get_data(as_text=True)
    key = re.search(r'name="form_key"[^>]*value="([^"]+)"', page).group(1)
    for _ in range(2):
        sent = client.post(
            f"/staff/cases/{case.id}/notes", data={"body": "Rückruf vereinbart", "form_key": key}
        )
        assert sent.status_code == 303
    assert db.session.scalar(select(func.count()).select_from(CaseNote)) == 1
    fresh = client.get(f"/staff/cases/{case.id}").get_data(as_text=True)
    assert key not in fresh, "the page offers a new key for the next note"
    forged = client.post(
        f"/staff/cases/{case.id}/notes", data={"body": "Zweite Notiz", "form_key": "forged"}
    )
    assert forged.status_code == 303
    assert db.session.scalar(select(func.count()).select_from(CaseNote)) == 2
