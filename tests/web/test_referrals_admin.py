"""The referral list: the lead adds, changes and switches off services; nothing is deleted."""

from sqlalchemy import select

from intake.models import AuditEvent, ReferralService, Role
from tests.helpers import count

SERVICE = {
    "name": "Jugendmigrationsdienst (JMD)",
    "address": "Beispielstraße 1, 01067 Dresden",
    "phone": "0351 000000",
    "url": "https://example.org/jmd",
    "note": "Unter 27 Jahren",
    "active": "y",
}


def test_the_lead_adds_and_changes_a_service(client, auth, db):
    auth.login_as(Role.LEAD)
    assert client.post("/staff/referrals", data=SERVICE).status_code == 302
    service = db.session.scalar(select(ReferralService))
    assert (service.name, service.url, service.active) == (SERVICE["name"], SERVICE["url"], True)
    changed = {**SERVICE, "active": "", "note": "Nicht mehr zuständig"}
    assert client.post(f"/staff/referrals/{service.id}", data=changed).status_code == 302
    db.session.refresh(service)
    assert (service.active, service.note) == (False, "Nicht mehr zuständig")
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"referral_service_added", "referral_service_changed"} <= actions
    assert "Nicht mehr zuständig" not in " ".join(db.session.scalars(select(AuditEvent.detail)))


def test_a_link_that_is_not_a_web_address_is_refused(client, auth, db):
    auth.login_as(Role.LEAD)
    response = client.post(
        "/staff/referrals",
        data={**SERVICE, "url": "javascript:alert(1)"},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 422
    assert "beginning with https://" in response.get_data(as_text=True)
    assert count(db, ReferralService) == 0


def test_a_service_without_a_name_is_refused(client, auth, db):
    auth.login_as(Role.LEAD)
    assert client.post("/staff/referrals", data={**SERVICE, "name": ""}).status_code == 422
    assert count(db, ReferralService) == 0


def test_the_demo_data_holds_the_immigration_office(runner, db):
    runner.invoke(args=["seed-demo"])
    names = list(db.session.scalars(select(ReferralService.name)))
    assert "Ausländerbehörde Dresden" in names
