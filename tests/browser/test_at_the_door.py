"""The office's day at the door in a real browser, by keyboard alone: a consultation recorded
as it happens, and a person checked in at reception; axe on each new page at 360 and 1280 px."""

from datetime import UTC, datetime, time, timedelta
from uuid import uuid4

import pytest
from sqlalchemy import select

from intake.availability.engine import local_to_utc
from intake.core.clock import office_tz
from intake.extensions import db
from intake.models import Appointment, Case, CaseTopic, User
from tests.browser.test_workspace import log_in, tab_to
from tests.helpers import axe_violations

pytestmark = pytest.mark.browser
AMAL = ("amal@example.org", "demo-berater-2026")
OLENA = ("olena@example.org", "demo-berater-2026")


@pytest.fixture(scope="module")
def expected_today(live_app) -> tuple[int, str]:
    """Someone expected by Amal later today (a one-minute appointment, clear of the others)."""
    with live_app.app_context():
        amal = db.session.scalar(select(User).where(User.email == AMAL[0]))
        tz = office_tz()
        today = datetime.now(tz).date()
        start = min(
            datetime.now(UTC) + timedelta(minutes=17), local_to_utc(today, time(23, 57), tz)
        )
        case = Case(
            reference=f"EB-{uuid4().hex[:4].upper()}-{uuid4().hex[:2].upper()}",
            locale="uk",
            talk_language="uk",
            form_key=uuid4().hex,
            consent_at=datetime.now(UTC),
            name="Oksana",
            counsellor_id=amal.id,
            topics=[CaseTopic(topic="work")],
        )
        db.session.add(case)
        db.session.flush()
        db.session.add(
            Appointment(
                case_id=case.id,
                counsellor_id=amal.id,
                starts_at=start.replace(second=0, microsecond=0),
                ends_at=start.replace(second=0, microsecond=0) + timedelta(minutes=1),
                status="confirmed",
                ical_uid=f"{uuid4()}@intake",
            )
        )
        db.session.commit()
        found = (case.id, case.reference)
        db.session.remove()
        return found


def either(text: str, *words: str) -> bool:
    """German once the catalogue has the new words, English until then."""
    return any(word in text for word in words)


def test_a_walk_in_is_recorded_as_it_happens_by_keyboard(page, live_server, live_app):
    log_in(page, live_server, *OLENA)
    tab_to(page, "main a[href='/staff/consultations/now']")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/staff/consultations/now")
    tab_to(page, "#minutes")
    page.keyboard.press("Control+A")
    page.keyboard.type("5")
    tab_to(page, "input[name='topics'][value='housing']")
    page.keyboard.press("Space")
    tab_to(page, "#name")
    page.keyboard.type("Walk-in Kateryna")
    tab_to(page, "#consent")
    page.keyboard.press("Space")
    tab_to(page, "form.form button[type='submit']")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/staff/cases/*")
    assert page.locator(".flashes").inner_text().strip()
    with live_app.app_context():
        case = db.session.scalar(select(Case).where(Case.name == "Walk-in Kateryna"))
        assert (case.channel, [a.status for a in case.appointments]) == ("walk_in", ["completed"])
        db.session.remove()
    assert f"/staff/appointments/{case.appointments[0].id}/complete" in page.content()


def test_a_person_is_checked_in_by_keyboard_and_their_counsellor_sees_them_waiting(
    browser, live_server, live_app, expected_today
):
    case_id, reference = expected_today
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    log_in(page, live_server, *OLENA)  # reception: any member of staff
    tab_to(page, "nav a[href='/staff/arrivals']")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/staff/arrivals")
    for _ in range(2):  # the second scan changes nothing
        tab_to(page, "#reference")
        page.keyboard.type(reference.lower())
        page.keyboard.press("Enter")
        page.wait_for_url(f"{live_server}/staff/arrivals")
        assert reference in page.locator(".flashes").inner_text()
    with live_app.app_context():
        [appointment] = db.session.get(Case, case_id).appointments
        assert appointment.arrived_at is not None
        since = appointment.arrived_at.astimezone(office_tz()).strftime("%H:%M")
        db.session.remove()
    context.close()
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    log_in(page, live_server, *AMAL)
    inbox = page.locator("main").inner_text()
    assert either(inbox, f"waiting since {since}", f"wartet seit {since}")
    context.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_the_pages_at_the_door_have_no_axe_violations(
    browser, live_server, live_app, expected_today, width
):
    _case_id, reference = expected_today
    context = browser.new_context(locale="de-DE", viewport={"width": width, "height": 900})
    page = context.new_page()
    log_in(page, live_server, *AMAL)
    with live_app.app_context():
        held = db.session.scalar(
            select(Appointment.id).join(Case).where(Case.name == "Walk-in Kateryna")
        )
        db.session.remove()
    paths = ["/staff/consultations/now", "/staff/arrivals", f"/staff/arrivals/{reference}"]
    if held:
        paths.append(f"/staff/appointments/{held}/complete")
    for path in paths:
        page.goto(f"{live_server}{path}")
        assert axe_violations(page) == [], (path, width)
    # The error states: an empty check-in and a walk-in without answers.
    page.goto(f"{live_server}/staff/arrivals")
    page.click("#arrived-button")
    page.wait_for_load_state()
    assert page.locator(".error-summary").count() == 1
    assert axe_violations(page) == [], ("arrivals error", width)
    page.goto(f"{live_server}/staff/consultations/now")
    page.click("form.form button[type='submit']")
    page.wait_for_load_state()
    assert page.locator(".error-summary").count() == 1
    assert axe_violations(page) == [], ("walk-in now error", width)
    context.close()
