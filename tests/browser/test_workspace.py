"""A counsellor's morning in a real browser: log in, open the inbox, confirm a request with
the keyboard alone, see it in today's list; axe on every workspace page at 360 and 1280 px."""

from datetime import UTC, datetime, time, timedelta
from uuid import uuid4

import pytest
from sqlalchemy import select

from intake.availability.engine import local_to_utc
from intake.core.clock import office_tz
from intake.extensions import db
from intake.models import Appointment, Case, CaseTopic, User
from tests.helpers import axe_violations

pytestmark = pytest.mark.browser
AMAL = ("amal@example.org", "demo-berater-2026")


@pytest.fixture(scope="module")
def todays_request(live_app) -> tuple[int, str]:
    """A request for today with Amal, still waiting for confirmation."""
    with live_app.app_context():
        amal = db.session.scalar(select(User).where(User.email == AMAL[0]))
        tz = office_tz()
        today = datetime.now(tz).date()
        start = max(datetime.now(UTC), local_to_utc(today, time(0, 5), tz))
        start = min(start, local_to_utc(today, time(22, 0), tz))
        case = Case(
            reference=f"EB-{uuid4().hex[:4].upper()}-77",
            locale="ar",
            talk_language="ar",
            form_key=uuid4().hex,
            consent_at=datetime.now(UTC),
            name="Layla",
            email="layla@example.net",
            counsellor_id=amal.id,
            topics=[CaseTopic(topic="family")],
        )
        db.session.add(case)
        db.session.flush()
        db.session.add(
            Appointment(
                case_id=case.id,
                counsellor_id=amal.id,
                starts_at=start,
                ends_at=start + timedelta(minutes=1),
                status="requested",
                ical_uid=f"{uuid4()}@intake",
            )
        )
        db.session.commit()
        found = (case.id, case.reference)
        db.session.remove()
        return found


def log_in(page, live_server, email: str, password: str) -> None:
    page.goto(f"{live_server}/staff/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/staff/")


def tab_to(page, selector: str, *, limit: int = 80) -> None:
    """Press Tab until the element is focused, as a keyboard user would."""
    target = page.locator(selector)
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{selector} cannot be reached with the keyboard")


def test_a_request_is_confirmed_by_keyboard_and_shows_in_todays_list(
    page, live_server, todays_request
):
    case_id, reference = todays_request
    log_in(page, live_server, *AMAL)
    inbox = page.locator("main").inner_text()
    assert reference in inbox
    page.goto(f"{live_server}/staff/cases/{case_id}")
    tab_to(page, "details.action summary >> nth=0")
    page.keyboard.press("Enter")
    tab_to(page, "#confirm-button")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "bestätigt" in page.locator(".flashes").inner_text()
    page.goto(f"{live_server}/staff/")
    today = page.locator("aside").inner_text()
    assert reference in today
    assert "Bestätigt" in today


@pytest.mark.parametrize("width", [360, 1280])
def test_workspace_pages_have_no_axe_violations(browser, live_server, todays_request, width):
    case_id, _ = todays_request
    context = browser.new_context(locale="de-DE", viewport={"width": width, "height": 900})
    page = context.new_page()
    log_in(page, live_server, *AMAL)
    for path in (
        "/staff/",
        "/staff/?tab=mine",
        f"/staff/cases/{case_id}",
        "/staff/cases?q=Layla",
        "/staff/requests/new",
        f"/staff/requests/{case_id}/confirmation",
    ):
        page.goto(f"{live_server}{path}")
        assert axe_violations(page) == [], (path, width)
    context.close()
