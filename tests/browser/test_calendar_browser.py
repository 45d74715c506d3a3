"""The week calendar in a real browser: axe finds nothing at phone and desktop widths in the
lead's all-counsellors view, and the keyboard moves through it."""

from datetime import date, timedelta

import pytest

from tests.browser.test_public_pages import axe_violations

pytestmark = pytest.mark.browser


def log_in_as_lead(page, live_server) -> None:
    page.goto(f"{live_server}/staff/login")
    page.fill("#email", "leitung@example.org")
    page.fill("#password", "demo-leitung-2026")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/staff/")


@pytest.mark.parametrize("width", [360, 1280])
def test_the_all_counsellors_week_has_no_axe_violations(page, live_server, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in_as_lead(page, live_server)
    page.goto(f"{live_server}/staff/calendar?user=all")
    table, listing = page.locator(".week-scroll"), page.locator(".week-list")
    assert table.is_visible() == (width > 640)
    assert listing.is_visible() == (width <= 640)
    assert axe_violations(page) == []
    page.goto(f"{live_server}/staff/calendar/print?user=all")
    assert axe_violations(page) == []


def next_week() -> str:
    """The live server runs on the real clock: late in a week (a Sunday) this week has no
    free time left to link to, next week always has."""
    year, week, _ = (date.today() + timedelta(days=7)).isocalendar()
    return f"{year}-W{week:02d}"


def test_the_keyboard_reaches_the_week_navigation_the_grid_and_a_free_time(page, live_server):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in_as_lead(page, live_server)
    page.goto(f"{live_server}/staff/calendar?user=all&week={next_week()}")
    heading = page.locator("caption").inner_text()
    reached = []
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => [document.activeElement.className, document.activeElement.textContent]"
        )
        reached.append(focused)
        if focused[0] == "week-scroll":
            break
    texts = " ".join(text for _, text in reached)
    assert "week-scroll" in [name for name, _ in reached]  # the grid scrolls by keyboard
    assert any(word in texts for word in ("Next week", "Nächste Woche"))
    page.keyboard.press("Tab")
    inside = page.evaluate("() => document.activeElement.closest('table') !== null")
    assert inside  # the next stop is a link inside the grid: an appointment or a free time
    page.keyboard.press("Shift+Tab")
    page.locator(".week-nav a").nth(2).focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert page.locator("caption").inner_text() != heading
