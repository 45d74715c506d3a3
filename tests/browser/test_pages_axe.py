"""axe-core on every page a person or a counsellor reaches, in German and Arabic."""

import pytest

from tests.browser.test_public_pages import axe_violations

pytestmark = pytest.mark.browser


def book_by_api(page, live_server, lang: str) -> str:
    response = page.request.post(
        f"{live_server}/api/v1/requests",
        data={
            "topics": ["housing"],
            "language": lang,
            "name": "Test",
            "consent": True,
            "email": "test@example.org",
            "preferred_times": "morgens",
        },
        headers={"Accept-Language": lang},
    )
    assert response.status == 201, response.text()
    return response.json()["manage_url"].split("/", 3)[3]


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_manage_cancel_move_and_information_pages(page, live_server, lang):
    manage = book_by_api(page, live_server, lang)
    for path in (
        manage,
        f"{manage}/cancel",
        f"{manage}/move",
        f"{lang}/privacy",
        f"{lang}/sign-language",
        f"{lang}/accessibility",
        "de/leichte-sprache",
        f"{lang}/no-such-page",
    ):
        page.goto(f"{live_server}/{path}")
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
    ):
        page.goto(f"{live_server}{path}")
        assert axe_violations(page) == [], path
