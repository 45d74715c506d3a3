"""Booking in a real browser: keyboard only, in Arabic; mirrored layout; axe in every language."""

from datetime import datetime

import pytest
from icalendar import Calendar

from config import Config
from tests.helpers import axe_violations

pytestmark = pytest.mark.browser
LANGUAGES = Config.LANGUAGES.split(",")


def tab_to(page, selector: str, limit: int = 250) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def send_by_keyboard(page, name: str, email: str) -> None:
    """The form's last steps: name, e-mail, consent, and "Send request", by keyboard."""
    tab_to(page, "#name")
    page.keyboard.type(name)
    tab_to(page, "#email")
    page.keyboard.type(email)
    tab_to(page, "#consent")
    page.keyboard.press("Space")
    tab_to(page, "button[type=submit].button")
    page.keyboard.press("Enter")


def test_arabic_booking_with_the_keyboard_alone(page, live_server):
    dialogs = []
    page.on("dialog", lambda dialog: dialogs.append(dialog.message))
    page.goto(f"{live_server}/ar/request")
    tab_to(page, "#topics-1")
    page.keyboard.press("Space")
    tab_to(page, "input[name=start]")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")  # the second free time, not whatever comes first
    chosen = page.evaluate("document.activeElement.checked && document.activeElement.value")
    assert chosen, "the arrow key checks the next time"
    send_by_keyboard(page, "نور <script>alert(1)</script>", "nour@example.org")
    page.wait_for_url("**/ar/r/**")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator(".reference").inner_text().startswith("EB-")
    calendar_file = page.request.get(page.url.split("?")[0] + "/appointment.ics")
    [event] = Calendar.from_ical(calendar_file.body()).walk("VEVENT")
    assert event["DTSTART"].dt == datetime.fromisoformat(chosen), "booked the time chosen"
    assert axe_violations(page) == []
    assert dialogs == []


def test_persian_call_back_with_ticked_periods_by_keyboard_alone(page, live_server):
    page.goto(f"{live_server}/fa/request")
    tab_to(page, "#topics-0")
    page.keyboard.press("Space")
    tab_to(page, "input[name=start]")
    page.keyboard.press("ArrowUp")  # from the first time round to the last choice: call me
    assert page.evaluate("document.activeElement.id") == "slot-callback"
    page.keyboard.press("Space")
    tab_to(page, "input[value=tue_afternoon]")
    page.keyboard.press("Space")
    send_by_keyboard(page, "مریم", "maryam@example.org")
    page.wait_for_url("**/fa/r/**")
    assert page.locator("dd", has_text="سه‌شنبه").count() == 1  # Tuesday, in Persian
    assert axe_violations(page) == []


def test_focus_is_visible_on_the_form(page, live_server):
    page.goto(f"{live_server}/ar/request")
    tab_to(page, "#name")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


TEXT_BOX = """(selector) => {
    const range = document.createRange();
    range.selectNodeContents(document.querySelector(selector));
    const box = range.getBoundingClientRect();
    return {left: box.left, right: box.right};
}"""


def edges(page, selector: str) -> tuple[float, float]:
    box = page.locator(selector).bounding_box()
    return box["x"], box["x"] + box["width"]


@pytest.mark.parametrize("lang", ["ar", "fa", "ps"])
def test_right_to_left_form_puts_labels_at_the_right(page, live_server, lang):
    page.goto(f"{live_server}/{lang}/request")
    label = page.evaluate(TEXT_BOX, "label[for=name]")
    field_left, field_right = edges(page, "#name")
    main_left, main_right = edges(page, "main .wrap")
    assert abs(label["right"] - field_right) < 2, "label text ends where the field ends"
    assert main_right - field_right < 20 < field_left - main_left, "field hugs the right side"


def test_left_to_right_form_puts_labels_at_the_left(page, live_server):
    page.goto(f"{live_server}/de/request")
    label = page.evaluate(TEXT_BOX, "label[for=name]")
    field_left, _ = edges(page, "#name")
    assert abs(label["left"] - field_left) < 2


def test_error_summary_takes_the_focus_and_links_to_fields(page, live_server):
    page.goto(f"{live_server}/ar/request")
    page.locator("button[type=submit].button").click()
    page.wait_for_load_state()
    # Browsers apply autofocus just after the page has loaded.
    page.wait_for_function("document.activeElement.id === 'error-summary'", timeout=5000)
    assert page.locator("#error-summary a[href='#name']").count() == 1
    assert axe_violations(page) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_start_page_and_form_have_no_axe_violations(page, live_server, lang):
    for path in ("", "request"):
        page.goto(f"{live_server}/{lang}/{path}")
        assert axe_violations(page) == [], path
