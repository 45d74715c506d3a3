"""The report pages as the office lead uses them: figures, CSV, print view, publication."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from intake.models import AuditEvent, OfficeSettings, Role

PERIOD = "from=2026-11-01&to=2026-11-30&by=week"
ENGLISH = {"Accept-Language": "en"}


@pytest.fixture(autouse=True)
def english(client):
    """The lead reads these pages in English here, so that the tests can name the figures."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def november(make_user, make_case, make_appointment, frozen_now):
    counsellor = make_user("c@example.org", name="Amal")
    cases = [
        make_case(created_at=datetime(2026, 11, day, 9, tzinfo=UTC), channel="phone")
        for day in (2, 3, 4)
    ]
    make_case(
        created_at=datetime(2026, 11, 5, 9, tzinfo=UTC),
        channel="web",
        topics=("residence",),
        talk_language="fa",
    )
    make_appointment(
        counsellor=counsellor,
        case=cases[0],
        status="completed",
        start=datetime(2026, 11, 10, 9, tzinfo=UTC),
    )
    return counsellor


def audit_actions(db) -> list[str]:
    return list(
        db.session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("report%")))
    )


def test_the_report_shows_every_figure_as_chart_and_table(client, auth, november):
    auth.login_as(Role.LEAD)
    response = client.get(f"/staff/reports?{PERIOD}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.count('<svg class="chart"') == page.count('<table class="table report-table">')
    assert page.count('<svg class="chart"') >= 10
    assert "<script" not in page
    assert "Requests received, by channel" in page
    assert "/staff/reports/requests.csv?from=2026-11-01&amp;to=2026-11-30&amp;by=week" in page


def test_presets_choose_the_period(client, auth, november):
    auth.login_as(Role.LEAD)
    page = client.get("/staff/reports?preset=this_month").get_data(as_text=True)
    assert "/staff/reports/print?from=2026-11-01&amp;to=2026-11-30&amp;by=month" in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from=2026-11-30&to=2026-11-01", "The end must not be before the start."),
        ("from=2020-01-01&to=2026-11-01", "A report covers at most three years."),
        ("from=2026-11-01", "Please give both dates, or choose a period."),
        ("from=yesterday&to=2026-11-01", "Not a valid date value."),
        ("preset=next_century", "Not a valid choice."),
    ],
)
def test_a_wrong_period_is_refused_with_a_clear_message(client, auth, db, query, message):
    auth.login_as(Role.LEAD)
    response = client.get(f"/staff/reports?{query}", headers=ENGLISH)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    csv = client.get(f"/staff/reports/requests.csv?{query}", headers=ENGLISH)
    assert csv.status_code == 400
    assert message in csv.get_data(as_text=True)
    assert audit_actions(db) == []


def test_the_csv_has_a_bom_semicolons_and_a_server_made_file_name(client, auth, db, november):
    auth.login_as(Role.LEAD)
    response = client.get(f"/staff/reports/requests.csv?{PERIOD}")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.data.startswith(b"\xef\xbb\xbf")
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="requests_2026-11-01_2026-11-30.csv"'
    )
    lines = response.data.decode("utf-8-sig").split("\r\n")
    assert lines[-2].split(";") == ["Total", "1", "3", "0", "0", "4"]


def test_an_unknown_table_is_404(client, auth):
    auth.login_as(Role.LEAD)
    assert client.get("/staff/reports/secrets.csv").status_code == 404


def test_the_print_view_names_the_office_and_period_and_holds_every_figure(client, auth, november):
    auth.login_as(Role.LEAD)
    response = client.get(f"/staff/reports/print?{PERIOD}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Integrations- und Ausländerbeauftragte" in page
    assert "css/reports.css" in page
    assert page.count('<svg class="chart"') == page.count('<table class="table report-table">')
    assert "staff-nav" not in page


def test_views_exports_and_prints_are_audited(client, auth, db, november):
    auth.login_as(Role.LEAD)
    client.get(f"/staff/reports?{PERIOD}")
    client.get(f"/staff/reports/print?{PERIOD}")
    client.get(f"/staff/reports/topics.csv?{PERIOD}")
    assert audit_actions(db) == ["report_viewed", "report_printed", "report_exported"]


def test_for_publication_small_cells_are_held_back_everywhere(client, auth, db, november):
    db.session.add(OfficeSettings(id=1, small_cell_threshold=5))
    db.session.commit()
    auth.login_as(Role.LEAD)
    page = client.get(f"/staff/reports?{PERIOD}&publish=y").get_data(as_text=True)
    assert "held back" in page
    csv = client.get(f"/staff/reports/requests.csv?{PERIOD}&publish=y").data.decode("utf-8-sig")
    total = csv.split("\r\n")[-2].split(";")
    # 1 web and 3 phone requests: both held back, and the total of 4 is fewer than 5 too.
    assert total == ["Total", "held back", "held back", "0", "0", "held back"]
    languages = client.get(f"/staff/reports/languages.csv?{PERIOD}&publish=y").data.decode()
    assert "Persian;held back" in languages or "Persisch;held back" in languages


def test_without_the_switch_the_numbers_are_shown(client, auth, november):
    auth.login_as(Role.LEAD)
    csv = client.get(f"/staff/reports/requests.csv?{PERIOD}").data.decode("utf-8-sig")
    assert "held back" not in csv
