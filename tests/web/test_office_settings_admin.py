"""Every office setting on one page, each with its help text, checked before it is saved."""

import pytest
from sqlalchemy import select

from intake.models import AuditEvent, Closure, OfficeSettings, Role
from tests.web.test_availability_pages import SETTINGS

ALL = {
    **SETTINGS,
    "video_room_template": "https://meet.example.org/intake-{token}",
    "small_cell_threshold": "7",
    "require_second_factor": "y",
    "offer_valid_hours": "48",
}
ENGLISH = {"Accept-Language": "en"}


def test_the_lead_saves_every_setting_and_the_change_is_audited(client, auth, db):
    lead = auth.login_as(Role.LEAD)
    assert client.post("/staff/settings", data=ALL).status_code == 302
    saved = db.session.get(OfficeSettings, 1)
    assert saved.video_room_template == "https://meet.example.org/intake-{token}"
    assert (saved.small_cell_threshold, saved.offer_valid_hours) == (7, 48)
    assert (saved.retention_closed_days, saved.audit_retention_days) == (730, 730)
    assert saved.require_second_factor is True
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "settings_changed"))
    assert event.actor_id == lead.id
    assert "small_cell_threshold" in event.detail
    assert "meet.example.org" not in event.detail


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("http://meet.example.org/{token}", "must begin with https://"),
        ("https://meet.example.org/room", "must contain {token}"),
        ("javascript:alert(1)//{token}", "must begin with https://"),
    ],
)
def test_a_wrong_video_room_address_is_refused(client, auth, db, value, message):
    auth.login_as(Role.LEAD)
    response = client.post(
        "/staff/settings", data={**ALL, "video_room_template": value}, headers=ENGLISH
    )
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.get(OfficeSettings, 1) is None


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("small_cell_threshold", "1"),
        ("retention_closed_days", "29"),
        ("retention_unanswered_days", "6"),
        ("audit_retention_days", "179"),
        ("offer_valid_hours", "0"),
    ],
)
def test_out_of_range_privacy_settings_are_refused(client, auth, db, name, value):
    auth.login_as(Role.LEAD)
    response = client.post("/staff/settings", data={**ALL, name: value}, headers=ENGLISH)
    assert response.status_code == 422
    assert "Number must be between" in response.get_data(as_text=True)
    assert db.session.get(OfficeSettings, 1) is None


def test_every_setting_has_a_help_text_and_the_closure_calendar_is_linked(client, auth):
    auth.login_as(Role.LEAD)
    page = client.get("/staff/settings").get_data(as_text=True)
    for name in ALL:
        assert f'id="{name}-hint"' in page, name
    assert 'href="/staff/closures"' in page


def test_adding_and_deleting_a_closure_is_audited(client, auth, db, frozen_now):
    auth.login_as(Role.LEAD)
    client.post("/staff/closures", data={"day": "2026-12-24", "public_note": "Heiligabend"})
    closure_id = db.session.scalar(select(Closure.id))
    client.post(f"/staff/closures/{closure_id}/delete")
    actions = list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
    assert actions[-2:] == ["closure_added", "closure_deleted"]
