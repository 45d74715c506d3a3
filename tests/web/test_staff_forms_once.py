"""Staff forms that add something carry a once-only key: sending the same form again (after
a lost answer, a double click, the browser's resend) adds nothing twice and says so."""

import re

import pytest
from sqlalchemy import select

from intake.models import Absence, Closure, ReferralService, Role, WorkingHours
from tests.helpers import count

ENGLISH = {"Accept-Language": "en"}


def key_in(page: str, name: str) -> str:
    match = re.search(rf'name="{re.escape(name)}"[^>]*value="([0-9a-f]{{32}})"', page)
    if match is None:
        match = re.search(rf'value="([0-9a-f]{{32}})"[^>]*name="{re.escape(name)}"', page)
    return match.group(1)


FORMS = {
    "closure": (
        Role.LEAD,
        "/staff/closures",
        "/staff/closures",
        "form_key",
        {"day": "2026-12-30", "reason": "team_day"},
        Closure,
    ),
    "referral service": (
        Role.LEAD,
        "/staff/referrals",
        "/staff/referrals",
        "form_key",
        {"name": "Migrationsberatung", "url": "https://example.org", "note": "", "active": "y"},
        ReferralService,
    ),
    "absence": (
        Role.COUNSELLOR,
        "/staff/availability",
        "/staff/availability/absences",
        "absence-form_key",
        {
            "absence-start_date": "2026-12-21",
            "absence-start_time": "00:00",
            "absence-end_date": "2026-12-22",
            "absence-end_time": "00:00",
            "absence-note": "Fortbildung",
        },
        Absence,
    ),
    "working hours": (
        Role.COUNSELLOR,
        "/staff/availability",
        "/staff/availability/hours",
        "hours-form_key",
        {
            "hours-weekday": "2",
            "hours-start_time": "09:00",
            "hours-end_time": "12:00",
            "hours-valid_from": "2026-12-01",
        },
        WorkingHours,
    ),
}


@pytest.mark.parametrize("kind", list(FORMS))
def test_the_same_form_sent_twice_adds_one_row(client, auth, db, kind):
    role, page_path, post_path, field, data, model = FORMS[kind]
    auth.login_as(role, takes_appointments=True)
    before = count(db, model)
    key = key_in(client.get(page_path, headers=ENGLISH).get_data(as_text=True), field)
    first = client.post(post_path, data={**data, field: key}, headers=ENGLISH)
    again = client.post(
        post_path, data={**data, field: key}, headers=ENGLISH, follow_redirects=True
    )
    assert first.status_code in (302, 303)
    assert count(db, model) == before + 1
    assert "saved already; nothing was changed" in again.get_data(as_text=True)


def test_a_new_form_with_its_own_key_adds_again(client, auth, db):
    """The key, not the content, makes a resend: a second closure typed anew is a second one."""
    auth.login_as(Role.LEAD)
    for day in ("2026-12-29", "2026-12-30"):
        key = key_in(client.get("/staff/closures").get_data(as_text=True), "form_key")
        client.post("/staff/closures", data={"day": day, "reason": "team_day", "form_key": key})
    assert sorted(str(d) for d in db.session.scalars(select(Closure.day))) == [
        "2026-12-29",
        "2026-12-30",
    ]
