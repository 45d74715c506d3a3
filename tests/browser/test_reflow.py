"""WCAG 1.4.10 reflow: at 320 CSS pixels no page scrolls sideways; Enter sends the form."""

import pytest

from intake import create_app

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 640}
LEAD = ("leitung@example.org", "demo-leitung-2026")


def public_paths() -> list[str]:
    """Every public page without parameters, in a left-to-right and a right-to-left language
    and German (the longest words)."""
    app = create_app("testing")
    rules = [
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("public.") and rule.arguments == {"lang"}
    ]
    return [rule.replace("<lang>", lang) for lang in ("de", "ar", "fa", "ps") for rule in rules]


def staff_paths() -> list[str]:
    app = create_app("testing")
    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("staff.")
        and not rule.arguments
        and "GET" in rule.methods
        and rule.endpoint != "staff.auth.login"
        # The print views are laid out for A4 paper, not for a phone.
        and not rule.rule.endswith("/print")
    )


def overflow(page) -> int:
    return page.evaluate("document.scrollingElement.scrollWidth")


@pytest.fixture
def narrow_page(browser):
    context = browser.new_context(locale="de-DE", viewport=NARROW)
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("path", public_paths())
def test_public_page_reflows_at_320_pixels(narrow_page, live_server, path):
    narrow_page.goto(live_server + path)
    assert overflow(narrow_page) <= NARROW["width"], path


def test_staff_pages_reflow_at_320_pixels(narrow_page, live_server):
    narrow_page.goto(f"{live_server}/staff/login")
    narrow_page.fill("#email", LEAD[0])
    narrow_page.fill("#password", LEAD[1])
    narrow_page.keyboard.press("Enter")
    narrow_page.wait_for_url(f"{live_server}/staff/")
    wide = {}
    for path in staff_paths():
        response = narrow_page.goto(live_server + path)
        assert response.status == 200, path
        if overflow(narrow_page) > NARROW["width"]:
            wide[path] = overflow(narrow_page)
    assert wide == {}


def test_enter_in_the_name_field_sends_the_request_instead_of_paging(page, live_server):
    page.goto(f"{live_server}/de/request")
    page.locator("#topics-1").check()
    page.locator("input[name=start]").first.check()
    page.fill("#email", "enter@example.org")
    page.locator("#consent").check()
    page.fill("#name", "Enter")
    page.locator("#name").press("Enter")
    page.wait_for_url("**/de/r/**")
    assert page.locator(".reference").inner_text().startswith("EB-")
