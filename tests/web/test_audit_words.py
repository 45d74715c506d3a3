"""The audit log and the case timeline speak words and names, not codes and ids; the lead
finds a person's events by their name."""

from sqlalchemy import select

from intake.models import AuditEvent, Role
from intake.models.audit import record
from tests.web.test_login_protection import WRONG, post_login


def test_a_failed_login_reads_as_words_with_the_persons_name(client, db, make_user, auth):
    make_user("amal@example.org", name="Amal Haddad")
    post_login(client, "amal@example.org", WRONG, "192.0.2.44")
    auth.login_as(Role.LEAD, name="Lena Lead")
    page = client.get("/staff/audit?action=login_failed", headers={"Accept-Language": "en"}).text
    assert "Failed login · <bdi>Amal Haddad</bdi>" in page
    assert "wrong password" in page
    assert "<code>login_failed</code>" not in page


def test_the_lead_filters_the_audit_log_by_a_persons_name(client, db, make_user, auth):
    amal = make_user("amal@example.org", name="Amal Haddad")
    olena = make_user("olena@example.org", name="Olena Koval")
    record("closure_added", actor_id=amal.id)
    record("settings_changed", actor_id=olena.id)
    db.session.commit()
    auth.login_as(Role.LEAD, name="Lena Lead")
    page = client.get("/staff/audit", query_string={"name": "amal"}).text
    rows = page[page.index("<tbody>") :]
    assert "Amal Haddad" in rows
    assert "Olena Koval" not in rows


def test_a_name_that_matches_nobody_shows_no_events(client, db, make_user, auth):
    amal = make_user("amal@example.org", name="Amal Haddad")
    record("closure_added", actor_id=amal.id)
    db.session.commit()
    auth.login_as(Role.LEAD, name="Lena Lead")
    page = client.get(
        "/staff/audit", query_string={"name": "100%_x"}, headers={"Accept-Language": "en"}
    )
    assert page.status_code == 200
    assert "No events match." in page.text


def test_the_audit_log_names_the_colleague_a_deputy_covered(client, db, make_user, auth):
    amal = make_user("amal@example.org", name="Amal Haddad")
    olena = make_user("olena@example.org", name="Olena Koval")
    record("calendar_opened_as_deputy", actor_id=olena.id, detail=f"deputy_for={amal.id}")
    db.session.commit()
    auth.login_as(Role.LEAD)
    page = client.get("/staff/audit", headers={"Accept-Language": "en"}).text
    assert "Calendar opened as deputy" in page
    assert "as deputy for Amal Haddad" in page
    assert db.session.scalar(select(AuditEvent.detail).where(AuditEvent.actor_id == olena.id))


def test_the_case_timeline_shows_actions_in_words_and_by_name(client, db, auth, make_case):
    user = auth.login_as(Role.COUNSELLOR, name="Amal Haddad")
    case = make_case(counsellor=user)
    client.post(f"/staff/cases/{case.id}/notes", data={"body": "called"})
    page = client.get(f"/staff/cases/{case.id}", headers={"Accept-Language": "en"}).text
    timeline = page[page.index("Timeline") :]
    assert "Note added · <bdi>Amal Haddad</bdi>" in timeline
