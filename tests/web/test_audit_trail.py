"""Every change to hours, absences, closures, settings and accounts leaves an audit row."""

import pytest
from sqlalchemy import select

from intake.models import AuditEvent, Role
from tests.web.test_availability_pages import SETTINGS, absence, hours


def actions(db) -> list[tuple[str, int | None, str]]:
    rows = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))
    return [(e.action, e.actor_id, e.object_type) for e in rows if e.action != "login"]


def test_adding_and_deleting_working_hours_is_audited(client, db, auth, frozen_now):
    user = auth.login_as(Role.COUNSELLOR)
    assert client.post("/staff/availability/hours", data=hours()).status_code == 302
    row_id = db.session.scalar(select(AuditEvent.object_id).where(AuditEvent.action.like("work%")))
    client.post(f"/staff/availability/hours/{row_id}/delete")
    assert actions(db) == [
        ("working_hours_added", user.id, "workinghours"),
        ("working_hours_deleted", user.id, "workinghours"),
    ]


def test_adding_and_deleting_an_absence_is_audited(client, db, auth, frozen_now):
    user = auth.login_as(Role.COUNSELLOR)
    data = absence("2026-11-20", "09:00", "2026-11-21", "17:00", note="Fortbildung")
    assert client.post("/staff/availability/absences", data=data).status_code == 302
    row_id = db.session.scalar(select(AuditEvent.object_id).where(AuditEvent.action.like("abs%")))
    client.post(f"/staff/availability/absences/{row_id}/delete")
    assert actions(db) == [
        ("absence_added", user.id, "absence"),
        ("absence_deleted", user.id, "absence"),
    ]
    details = db.session.scalars(select(AuditEvent.detail)).all()
    assert not any("Fortbildung" in detail for detail in details), "no content in the log"


def test_closures_and_settings_changes_are_audited(client, db, auth, frozen_now):
    lead = auth.login_as(Role.LEAD)
    client.post("/staff/closures", data={"day": "2026-12-03", "public_note": "Teamtag"})
    closure_id = db.session.scalar(
        select(AuditEvent.object_id).where(AuditEvent.action == "closure_added")
    )
    client.post(f"/staff/closures/{closure_id}/delete")
    assert client.post("/staff/settings", data=SETTINGS).status_code == 302
    assert actions(db) == [
        ("closure_added", lead.id, "closure"),
        ("closure_deleted", lead.id, "closure"),
        ("settings_changed", lead.id, "officesettings"),
    ]
    changed = db.session.scalar(
        select(AuditEvent.detail).where(AuditEvent.action == "settings_changed")
    )
    assert "slot_minutes" in changed


def test_creating_an_account_is_audited(runner, db):
    result = runner.invoke(
        args=["create-user", "n@example.org", "--name", "Nour"], input="a long enough password\n"
    )
    assert result.exit_code == 0, result.output
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))
    assert [(event.action, event.object_type) for event in events] == [
        ("account_created", "user"),
        ("second_factor_link_sent", "user"),  # a new account gets its enrolment link
    ]


def test_feed_renewal_names_the_user_not_a_proxy(client, db, auth):
    user = auth.login_as(Role.COUNSELLOR)
    client.post("/staff/feed")
    [event] = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "feed_token_renewed")
    )
    assert (event.object_type, event.object_id, event.actor_id) == ("user", user.id, user.id)


@pytest.mark.parametrize(
    "query",
    ["action=login", "person=", "reference=EB-XXXX-XX", "since=2026-01-01"],
)
def test_the_audit_page_filters_without_errors(client, auth, query):
    auth.login_as(Role.LEAD)
    assert client.get(f"/staff/audit?{query}").status_code == 200


def test_a_date_filter_that_is_no_date_says_so(client, auth):
    auth.login_as(Role.LEAD)
    response = client.get("/staff/audit?since=garbage", headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert "Please enter a date like 2026-12-01." in response.get_data(as_text=True)


def test_the_audit_page_filters_by_case_reference(client, db, auth, make_case):
    case = make_case(description="SECRET-DESCRIPTION", phone="+493511234567")
    other = make_case()
    from intake.models.audit import record

    record("case_viewed", obj=case)
    record("case_viewed", obj=other)
    db.session.commit()
    auth.login_as(Role.LEAD)
    page = client.get(f"/staff/audit?reference={case.reference}").get_data(as_text=True)
    assert case.reference in page
    assert other.reference not in page
    assert "SECRET-DESCRIPTION" not in page
    assert "+493511234567" not in page


def test_counsellors_cannot_open_the_audit_log(client, auth):
    auth.login_as(Role.COUNSELLOR)
    assert client.get("/staff/audit").status_code == 403
