"""axe-core on the office lead's reports, print view and administration pages."""

import pytest

from tests.browser.test_public_pages import axe_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def lead_page(page, live_server):
    page.goto(f"{live_server}/staff/login")
    page.fill("#email", "leitung@example.org")
    page.fill("#password", "demo-leitung-2026")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/staff/")
    return page


@pytest.mark.parametrize(
    "path",
    [
        "/staff/reports?preset=this_year&by=month",
        "/staff/reports?preset=this_quarter&by=week&publish=y",
        "/staff/reports?from=2026-12-01&to=2026-11-01",
        "/staff/reports/print?preset=this_year",
        "/staff/team",
        "/staff/team/new",
        "/staff/team/2",
        "/staff/referrals",
        "/staff/referrals/1",
        "/staff/settings",
    ],
)
def test_reports_and_administration_have_no_axe_violations(lead_page, live_server, path):
    lead_page.goto(f"{live_server}{path}")
    assert axe_violations(lead_page) == [], path


def test_a_rejected_account_form_has_no_axe_violations(lead_page, live_server):
    lead_page.goto(f"{live_server}/staff/team/new")
    lead_page.click("main form.form button[type=submit]")
    assert lead_page.locator(".error-summary").is_visible()
    assert axe_violations(lead_page) == []


def test_the_report_runs_no_script_and_the_charts_draw(lead_page, live_server):
    lead_page.goto(f"{live_server}/staff/reports?preset=this_year")
    assert lead_page.locator("script").count() == 0
    assert lead_page.locator("svg.chart").count() == lead_page.locator("table.report-table").count()
