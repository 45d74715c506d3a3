"""Cover for an absent colleague: the deputy an absence names works the absent counsellor's
cases while the absence lasts, and only then; every such access is audited."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from intake.models import Absence, AuditEvent
from tests.helpers import NOW

pytestmark = pytest.mark.usefixtures("frozen_now")


@pytest.fixture
def absent_amal(db, make_user, make_case):
    """Amal is ill from an hour ago for two days; Olena covers for her."""
    amal = make_user("amal@example.org", name="Amal Haddad")
    olena = make_user("olena@example.org", name="Olena Koval")
    case = make_case(counsellor=amal, status="scheduled", name="Zainab")
    absence = Absence(
        user_id=amal.id,
        deputy_id=olena.id,
        starts_at=NOW - timedelta(hours=1),
        ends_at=NOW + timedelta(days=2),
    )
    db.session.add(absence)
    db.session.commit()
    return amal, olena, case


def _deputy_rows(case_id):
    query = select(AuditEvent).where(
        AuditEvent.case_id == case_id, AuditEvent.action == "case_opened_as_deputy"
    )
    from intake.extensions import db

    return db.session.scalars(query).all()


def test_deputy_opens_the_absent_colleagues_case_and_the_audit_says_as_deputy(
    client, auth, absent_amal
):
    amal, olena, case = absent_amal
    auth.login("olena@example.org")
    page = client.get(f"/staff/cases/{case.id}")
    assert page.status_code == 200
    assert "Zainab" in page.text
    rows = _deputy_rows(case.id)
    assert [(row.actor_id, row.detail) for row in rows] == [(olena.id, f"deputy_for={amal.id}")]


@pytest.mark.parametrize("moment", [-timedelta(hours=2), timedelta(days=2, minutes=1)])
def test_deputy_gets_404_before_and_after_the_absence(
    client, auth, absent_amal, monkeypatch, moment
):
    _amal, _olena, case = absent_amal
    monkeypatch.setattr("intake.core.clock.now", lambda: NOW + moment)
    auth.login("olena@example.org")
    page = client.get(f"/staff/cases/{case.id}")
    assert page.status_code == 404
    assert "Zainab" not in page.text
    assert _deputy_rows(case.id) == []


def test_deputy_acts_on_the_case_during_the_absence(client, auth, absent_amal):
    _amal, _olena, case = absent_amal
    auth.login("olena@example.org")
    answer = client.post(f"/staff/cases/{case.id}/notes", data={"body": "Called back for Amal"})
    assert answer.status_code == 303
    assert "Called back for Amal" in client.get(f"/staff/cases/{case.id}").text


def test_a_colleague_who_is_not_the_deputy_still_gets_404(client, auth, absent_amal, make_user):
    _amal, _olena, case = absent_amal
    make_user("third@example.org", name="Third")
    auth.login("third@example.org")
    assert client.get(f"/staff/cases/{case.id}").status_code == 404


def test_deputy_sees_the_covering_tab_and_the_colleagues_calendar(client, auth, absent_amal):
    amal, olena, case = absent_amal
    auth.login("olena@example.org")
    inbox = client.get("/staff/?tab=covered").text
    assert "Sie vertreten Amal Haddad" in inbox  # staff pages speak German by default
    assert case.reference in inbox
    calendar = client.get(f"/staff/calendar?user={amal.id}")
    assert calendar.status_code == 200
    from intake.extensions import db

    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.actor_id == olena.id)
    ).all()
    assert {"inbox_opened_as_deputy", "calendar_opened_as_deputy"} <= set(actions)


def test_after_the_absence_the_colleagues_calendar_is_refused(
    client, auth, absent_amal, monkeypatch
):
    amal, _olena, _case = absent_amal
    monkeypatch.setattr("intake.core.clock.now", lambda: NOW + timedelta(days=3))
    auth.login("olena@example.org")
    assert client.get(f"/staff/calendar?user={amal.id}").status_code == 403
    assert "You are covering" not in client.get("/staff/").text
