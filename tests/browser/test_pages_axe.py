"""axe-core on every page a person or a counsellor reaches, in German and Arabic."""

import pytest

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


def test_staff_pages_have_no_axe_violations(page, live_server):
    page.goto(f"{live_server}/staff/login")
    page.fill("#email", "leitung@example.org")
    page.fill("#password", "demo-leitung-2026")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/staff/")
    for path in (
        "/staff/",
        "/staff/team",
        "/staff/availability",
        "/staff/closures",
        "/staff/settings",
        "/staff/feed",
        "/staff/consultations/now",
        "/staff/arrivals",
    ):
        page.goto(f"{live_server}{path}")
        assert axe_violations(page) == [], path
