"""Returning people and duplicate requests: a new request is matched with open and recent
cases by phone number and e-mail address however they are written (keyed hashes only)."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from intake.cases.privacy import anonymise
from intake.core.contacts import phone_hash
from intake.models import Case, OutboxMessage, Role
from tests.helpers import NOW, book_by_api, count

pytestmark = pytest.mark.usefixtures("frozen_now")


def call_back(client, **changes) -> Case:
    answer = book_by_api(client, start=None, preferred_times="mornings", **changes)
    from intake.extensions import db

    return db.session.scalar(select(Case).where(Case.reference == answer["reference"]))


def test_differently_written_numbers_are_the_same_contact(client, db, auth, office):
    first = call_back(client, email=None, phone="0176 1234567", name="Zainab")
    second = call_back(client, email=None, phone="+49 176 1234567", name="Zainab")
    assert first.phone_hash == second.phone_hash == phone_hash("+491761234567")
    assert "1234567" not in first.phone_hash  # a keyed hash, not the number
    auth.login_as(Role.COUNSELLOR)
    inbox = client.get("/staff/").text
    assert (
        f'gleicher Kontakt wie <a href="/staff/cases/{first.id}" dir="ltr">'
        f"{first.reference}</a> (offen)" in inbox
    )
    page = client.get(f"/staff/cases/{second.id}").text
    assert f">{first.reference}</a> (offen)" in page


def test_a_different_number_is_no_match(client, db, auth, office):
    first = call_back(client, email=None, phone="0176 1234567")
    second = call_back(client, email=None, phone="0176 7654321")
    auth.login_as(Role.COUNSELLOR)
    assert first.reference not in client.get(f"/staff/cases/{second.id}").text


def test_an_email_written_in_capitals_is_the_same_contact(client, db, auth, office):
    first = call_back(client, email="nour@example.org")
    second = call_back(client, email="Nour@Example.ORG")
    assert first.email_hash == second.email_hash
    auth.login_as(Role.COUNSELLOR)
    assert f">{first.reference}</a> (offen)" in client.get(f"/staff/cases/{second.id}").text


def test_a_match_held_by_a_colleague_is_not_shown(client, db, auth, office, make_case):
    colleague_case = make_case(
        counsellor=office[1], phone_hash=phone_hash("0176 1234567"), status="scheduled"
    )
    new = call_back(client, email=None, phone="+49 176 1234567")
    auth.login_as(Role.COUNSELLOR)
    assert colleague_case.reference not in client.get(f"/staff/cases/{new.id}").text
    assert colleague_case.reference not in client.get("/staff/").text


def test_closing_as_duplicate_links_it_and_tells_the_person_nothing(client, db, auth, office):
    first = call_back(client, email="nour@example.org")
    second = call_back(client, email="nour@example.org")
    auth.login_as(Role.COUNSELLOR)
    mails = count(db, OutboxMessage)
    answer = client.post(
        f"/staff/cases/{second.id}/duplicate",
        data={"version": second.version, "other": first.id},
    )
    assert answer.status_code == 303
    db.session.refresh(second)
    assert (second.status, second.decline_reason, second.duplicate_of_id) == (
        "declined",
        "duplicate",
        first.id,
    )
    assert count(db, OutboxMessage) == mails


def test_closing_as_duplicate_of_an_unrelated_case_changes_nothing(
    client, db, auth, office, make_case
):
    stranger = make_case(email="someone@example.org")
    second = call_back(client, email="nour@example.org")
    auth.login_as(Role.COUNSELLOR)
    answer = client.post(
        f"/staff/cases/{second.id}/duplicate",
        data={"version": second.version, "other": stranger.id},
    )
    assert answer.status_code == 422
    db.session.refresh(second)
    assert (second.status, second.duplicate_of_id) == ("new", None)


def test_linking_as_the_same_person_lists_the_earlier_case(client, db, auth, office):
    first = call_back(client, email="nour@example.org")
    second = call_back(client, email="nour@example.org")
    auth.login_as(Role.COUNSELLOR)
    answer = client.post(
        f"/staff/cases/{second.id}/same-person",
        data={"version": second.version, "other": first.id},
    )
    assert answer.status_code == 303
    page = client.get(f"/staff/cases/{second.id}").text
    earlier = page[page.index("Weitere Fälle dieser Person") :]
    assert first.reference in earlier[:600]


@pytest.mark.parametrize("typed", ["0176 1234567", "+49 (176) 123 45 67", "NOUR@example.org"])
def test_staff_search_finds_a_case_by_phone_or_email(client, db, auth, office, typed):
    case = call_back(client, email="nour@example.org", phone="+491761234567")
    auth.login_as(Role.COUNSELLOR)
    found = client.get("/staff/cases", query_string={"q": typed}).text
    assert case.reference in found


def test_search_by_phone_keeps_to_the_access_rule(client, db, auth, office, make_case):
    hidden = make_case(counsellor=office[1], phone_hash=phone_hash("0176 1234567"))
    auth.login_as(Role.COUNSELLOR)
    found = client.get("/staff/cases", query_string={"q": "0176 1234567"}).text
    assert hidden.reference not in found


def test_anonymising_clears_the_contact_hashes(client, db, office):
    case = call_back(client, email="nour@example.org", phone="0176 1234567")
    anonymise(case, now=NOW + timedelta(days=200), reason="retention")
    db.session.commit()
    db.session.refresh(case)
    assert (case.phone_hash, case.email_hash) == (None, None)
