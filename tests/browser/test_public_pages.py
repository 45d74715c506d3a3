"""The public pages in a real browser: direction, no outside requests, no axe violations."""

import pytest

from tests.helpers import axe_violations

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("lang", "direction"), [("de", "ltr"), ("ar", "rtl"), ("fa", "rtl"), ("ps", "rtl")]
)
def test_landing_page_has_direction_and_no_axe_violations(page, live_server, lang, direction):
    page.goto(f"{live_server}/{lang}/")
    assert page.locator("html").get_attribute("dir") == direction
    assert page.locator("html").get_attribute("lang") == lang
    assert axe_violations(page) == []


def test_root_sends_an_arabic_browser_to_arabic(browser, live_server):
    context = browser.new_context(locale="ar-SY")
    page = context.new_page()
    page.goto(f"{live_server}/")
    assert page.url.endswith("/ar/")
    context.close()


def test_public_page_loads_nothing_from_other_origins(page, live_server):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{live_server}/de/")
    assert requested
    assert all(url.startswith(live_server) for url in requested)


def test_skip_link_is_the_first_stop_for_the_keyboard(page, live_server):
    page.goto(f"{live_server}/de/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"


def test_staff_login_page_has_no_axe_violations_and_logs_in(page, live_server):
    page.goto(f"{live_server}/staff/login")
    assert axe_violations(page) == []
    page.fill("#email", "leitung@example.org")
    page.fill("#password", "demo-leitung-2026")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/staff/")
    assert "Kristina Winkler" in page.content()
