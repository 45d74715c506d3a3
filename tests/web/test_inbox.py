"""The inbox: tabs with counts, filters, today's appointments, and a fixed number of queries."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event

from intake.extensions import db as _db
from tests.helpers import NOW


@pytest.fixture
def counsellor(auth):
    return auth.login_as("counsellor", name="Amal")


def page(client, **params) -> str:
    response = client.get("/staff/", query_string=params, headers={"Accept-Language": "en"})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_tabs_count_and_list_what_each_holds(client, counsellor, make_case, make_user):
    colleague = make_user()
    unassigned = make_case(created_at=NOW - timedelta(days=2))
    mine = make_case(counsellor=counsellor)
    theirs = make_case(counsellor=colleague)
    waiting = make_case(counsellor=counsellor, status="waiting")
    text = page(client)
    assert 'Unassigned <span class="count">(1)</span>' in text
    assert 'Mine <span class="count">(1)</span>' in text
    assert 'Waiting for the requester <span class="count">(1)</span>' in text
    assert unassigned.reference in text
    assert mine.reference not in text
    assert mine.reference in page(client, tab="mine")
    assert waiting.reference in page(client, tab="waiting")
    for tab in ("unassigned", "mine", "waiting", "all"):
        assert theirs.reference not in page(client, tab=tab)
    everything = page(client, tab="all")
    assert 'All open <span class="count">(3)</span>' in everything, "all open holds mine too"
    for case in (unassigned, mine, waiting):
        assert case.reference in everything


def test_oldest_request_comes_first(client, counsellor, make_case):
    newer = make_case(created_at=NOW - timedelta(hours=1))
    older = make_case(created_at=NOW - timedelta(days=3))
    text = page(client)
    assert text.index(older.reference) < text.index(newer.reference)


def test_filters_by_language_topic_and_status(client, counsellor, make_case):
    arabic = make_case(talk_language="ar", topics=("housing",))
    german = make_case(talk_language="de", topics=("work",))
    by_language = page(client, language="ar")
    assert arabic.reference in by_language
    assert german.reference not in by_language
    by_topic = page(client, topic="work")
    assert german.reference in by_topic
    assert arabic.reference not in by_topic
    assert "Nothing here" in page(client, status="declined")


def test_sign_language_is_shown_as_such(client, counsellor, make_case):
    make_case(interpreter_language="dgs")
    assert "Sign language interpreter (DGS)" in page(client)


def test_todays_appointments_are_listed_beside_the_inbox(
    client, counsellor, make_appointment, frozen_now
):
    today = make_appointment(counsellor=counsellor, start=NOW + timedelta(hours=3))
    next_week = make_appointment(counsellor=counsellor, start=NOW + timedelta(days=8))
    text = page(client)
    aside = text[text.index("My appointments today") :]
    assert today.case.reference in aside
    assert next_week.case.reference not in aside


def count_statements(app, action) -> int:
    statements = []

    def remember(*_args) -> None:
        statements.append(1)

    with app.app_context():
        engine = _db.engine
    event.listen(engine, "before_cursor_execute", remember)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    return len(statements)


def test_the_inbox_needs_the_same_number_of_queries_for_3_and_30_cases(
    app, client, counsellor, make_case, make_appointment
):
    made = []

    def fill(number: int) -> None:
        for _ in range(number):
            case = make_case(talk_language="ar", topics=("work", "housing"))
            start = datetime(2026, 11, 23, 8, tzinfo=UTC) + timedelta(hours=len(made))
            made.append(make_appointment(counsellor=counsellor, case=case, start=start))

    fill(3)
    few = count_statements(app, lambda: page(client, tab="all"))
    fill(27)
    many = count_statements(app, lambda: page(client, tab="all"))
    assert many == few


def test_the_case_page_needs_the_same_number_of_queries_for_1_and_20_notes(
    app, client, counsellor, make_case, db
):
    from intake.models import CaseNote

    case = make_case(counsellor=counsellor)

    def add_notes(number: int) -> None:
        for _ in range(number):
            db.session.add(
                CaseNote(case_id=case.id, author_id=counsellor.id, body="n", created_at=NOW)
            )
        db.session.commit()

    add_notes(1)
    few = count_statements(app, lambda: client.get(f"/staff/cases/{case.id}"))
    add_notes(19)
    many = count_statements(app, lambda: client.get(f"/staff/cases/{case.id}"))
    assert many == few
