"""axe-core on every page a person or a counsellor reaches, in German and Arabic."""

import re

import pytest
from sqlalchemy import select

from intake.extensions import db
from intake.models import OutboxMessage
from tests.helpers import axe_violations, manage_path, request_body

pytestmark = pytest.mark.browser


def book_in_the_browser(page, live_server, lang: str) -> str:
    """A call-back request sent with the browser's cookies; returns its manage path."""
    body = request_body(
        topics=["housing"], language=lang, name="Test", start=None, preferred_times="morgens"
    )
    response = page.request.post(
        f"{live_server}/api/v1/requests", data=body, headers={"Accept-Language": lang}
    )
    assert response.status == 201, response.text()
    return manage_path(response.json())


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_manage_cancel_move_and_information_pages(page, live_server, lang):
    manage = book_in_the_browser(page, live_server, lang)
    for path in (
        manage,
        f"{manage}/cancel",
        f"{manage}/move",
        f"/{lang}/privacy",
        f"/{lang}/sign-language",
        f"/{lang}/accessibility",
        "/de/leichte-sprache",
        f"/{lang}/no-such-page",
    ):
        page.goto(f"{live_server}{path}")
        assert axe_violations(page) == [], path


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_sign_language_page_with_the_offices_video_has_no_axe_violations(
    page, live_server, live_app, tmp_path, lang
):
    (tmp_path / "video.webm").write_bytes(b"\x1a\x45\xdf\xa3webm" + b"\x00" * 64)
    (tmp_path / "captions.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:02.000\nGuten Tag\n")
    before = live_app.config["SIGN_LANGUAGE_MEDIA_DIR"]
    live_app.config["SIGN_LANGUAGE_MEDIA_DIR"] = str(tmp_path)
    try:
        page.goto(f"{live_server}/{lang}/sign-language")
        assert page.locator("video[controls] track[kind=captions][srclang=de]").count() == 1
        assert axe_violations(page) == []
    finally:
        live_app.config["SIGN_LANGUAGE_MEDIA_DIR"] = before


def test_staff_pages_have_no_axe_violations(page, live_server):
    page.goto(f"{live_server}/staff/login")
    page.fill("#email", "leitung@example.org")
    page.fill("#password", "demo-leitung-2026")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/staff/")
    for path in (
        "/staff/",
        "/staff/team",
        "/staff/team/leavers",
        "/staff/availability",
        "/staff/closures",
        "/staff/settings",
        "/staff/feed",
        "/staff/account/password",
        "/staff/account/second-factor",
        "/staff/account/calendar",
        "/staff/availability/hours/1/edit",
        "/staff/account/password",
        "/staff/audit?name=Amal",
        "/staff/sign-language",
        "/staff/consultations/now",
        "/staff/arrivals",
    ):
        page.goto(f"{live_server}{path}")
        assert axe_violations(page) == [], path


def test_the_second_factor_enrolment_page_has_no_axe_violations(page, live_server, live_app):
    page.goto(f"{live_server}/staff/login")
    page.fill("#email", "leitung@example.org")
    page.fill("#password", "demo-leitung-2026")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/staff/")
    page.goto(f"{live_server}/staff/account/second-factor")
    page.click("main form button")
    with live_app.app_context():
        mail = db.session.scalar(
            select(OutboxMessage)
            .where(OutboxMessage.kind == "second_factor_link")
            .order_by(OutboxMessage.id.desc())
        )
        path = "/" + re.search(r"https?://\S+", mail.body_text).group(0).split("/", 3)[3]
        db.session.remove()
    page.goto(f"{live_server}{path}")
    assert page.locator(".qr svg").count() == 1
    assert axe_violations(page) == [], path
