"""The staff week calendar: what a counsellor and the lead see, in office time."""

from datetime import UTC, date, datetime, time

import pytest

from intake.models import Absence, Closure, WorkingHours
from tests.web.week_grid import WeekGrid

TUESDAY = "Dienstag, 17. November"


@pytest.fixture
def counsellor(office, auth):
    auth.login(office[0].email)
    return office[0]


def login_at(monkeypatch, auth, user, moment: datetime) -> None:
    """Move the office clock (sessions are checked against it) and log in again."""
    auth.logout()
    monkeypatch.setattr("intake.core.clock.now", lambda: moment)
    assert auth.login(user.email).status_code == 302


def either(text: str, *words: str) -> bool:
    """German once the catalogue has the new words, English until then."""
    return any(word in text for word in words)


def free(cell: str) -> bool:
    return either(cell, "Frei", "Free")


def grid(client, query: str = "") -> WeekGrid:
    response = client.get(f"/staff/calendar{query}")
    assert response.status_code == 200, response.status_code
    return WeekGrid(response.get_data(as_text=True))


def test_a_normal_week_shows_appointments_absences_and_free_time(
    client, counsellor, make_appointment, make_case, db
):
    case = make_case(counsellor=counsellor, interpreter_language="ar")
    make_appointment(
        counsellor=counsellor, case=case, start=datetime(2026, 11, 17, 9, tzinfo=UTC)
    )  # 10:00 in Dresden
    db.session.add(
        Absence(
            user_id=counsellor.id,
            starts_at=datetime(2026, 11, 19, 8, tzinfo=UTC),
            ends_at=datetime(2026, 11, 19, 10, tzinfo=UTC),
        )
    )
    db.session.commit()
    page = grid(client, "?week=2026-W47")
    assert "2026-W47" in page.caption
    assert counsellor.name in page.caption
    assert page.days[:5] == [
        "Montag, 16. November",
        TUESDAY,
        "Mittwoch, 18. November",
        "Donnerstag, 19. November",
        "Freitag, 20. November",
    ]
    cell = page.cell(TUESDAY, "10:00")
    assert case.reference in cell
    assert "10:00–11:00" in cell
    assert "Persönlich" in cell
    assert "Arabisch" in cell
    assert either(cell, "noch nicht bestätigt", "not confirmed yet")
    assert free(page.cell(TUESDAY, "09:00"))
    assert "09:00–11:00" in page.cell("Donnerstag, 19. November", "09:00")
    # Monday 09:00 is within the minimum notice: not bookable, so not shown as free.
    assert page.cell("Montag, 16. November", "09:00") == ""


def test_free_time_links_to_a_walk_in_request_or_a_follow_up(client, counsellor):
    html = client.get("/staff/calendar?week=2026-W47").get_data(as_text=True)
    assert "/staff/requests/new?start=2026-11-17T09:00:00%2B01:00" in html
    html = client.get("/staff/calendar?week=2026-W47&case=42").get_data(as_text=True)
    assert (
        "/staff/cases/42?start=2026-11-17T09%3A00%3A00%2B01%3A00&amp;show_from=2026-11-17"
        "#follow-up" in html
    )


def test_a_free_time_chosen_in_the_calendar_arrives_preselected_on_the_case(
    client, counsellor, make_case
):
    case = make_case(counsellor=counsellor, status="in_progress")
    calendar = client.get(f"/staff/calendar?week=2026-W47&case={case.id}").get_data(as_text=True)
    link = (
        f"/staff/cases/{case.id}?start=2026-11-17T09%3A00%3A00%2B01%3A00&amp;show_from=2026-11-17"
    )
    assert link in calendar
    page = client.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert 'value="2026-11-17T09:00:00+01:00" id="follow-up-slot-1-2026-11-17" checked' in page
    assert 'id="follow-up" open' in page


def test_the_week_after_summer_time_ends_shows_the_same_office_hours(
    client, counsellor, auth, make_appointment, monkeypatch
):
    login_at(monkeypatch, auth, counsellor, datetime(2026, 10, 1, tzinfo=UTC))
    before = make_appointment(counsellor=counsellor, start=datetime(2026, 10, 19, 8, tzinfo=UTC))
    after = make_appointment(counsellor=counsellor, start=datetime(2026, 10, 26, 9, tzinfo=UTC))
    summer = grid(client, "?week=2026-W43")
    winter = grid(client, "?week=2026-W44")
    assert before.case.reference in summer.cell("Montag, 19. Oktober", "10:00")
    assert after.case.reference in winter.cell("Montag, 26. Oktober", "10:00")
    assert "09:00–10:00" in winter.cell("Dienstag, 27. Oktober", "09:00")  # free, CET
    assert "09:00–10:00" in summer.cell("Dienstag, 20. Oktober", "09:00")  # free, CEST


def test_the_hour_that_happens_twice_when_summer_time_ends_shows_both_appointments(
    client, counsellor, auth, make_appointment, monkeypatch
):
    login_at(monkeypatch, auth, counsellor, datetime(2026, 10, 1, tzinfo=UTC))
    summer = make_appointment(
        counsellor=counsellor, start=datetime(2026, 10, 25, 0, tzinfo=UTC), minutes=30
    )
    winter = make_appointment(
        counsellor=counsellor, start=datetime(2026, 10, 25, 1, tzinfo=UTC), minutes=30
    )
    response = client.get("/staff/calendar?week=2026-W43")
    cell = WeekGrid(response.get_data(as_text=True)).cell("Sonntag, 25. Oktober", "02:00")
    assert summer.case.reference in cell
    assert winter.case.reference in cell
    html = response.get_data(as_text=True)
    assert 'datetime="2026-10-25T02:00:00+02:00"' in html
    assert 'datetime="2026-10-25T02:00:00+01:00"' in html


def test_the_week_summer_time_starts_shows_office_hours_either_side(
    client, counsellor, auth, make_appointment, monkeypatch
):
    login_at(monkeypatch, auth, counsellor, datetime(2027, 3, 1, tzinfo=UTC))
    friday = make_appointment(counsellor=counsellor, start=datetime(2027, 3, 25, 8, tzinfo=UTC))
    monday = make_appointment(counsellor=counsellor, start=datetime(2027, 3, 29, 7, tzinfo=UTC))
    changing = grid(client, "?week=2027-W12")
    after = grid(client, "?week=2027-W13")
    assert friday.case.reference in changing.cell("Donnerstag, 25. März", "09:00")
    assert monday.case.reference in after.cell("Montag, 29. März", "09:00")
    assert "Ostermontag" in after.cell("Montag, 29. März", after.headers["h-all"])
    assert "10:00–11:00" in after.cell("Dienstag, 30. März", "10:00")


def test_christmas_and_new_year_show_holidays_by_name_and_the_closure_with_its_reason(
    client, counsellor, auth, db, monkeypatch
):
    login_at(monkeypatch, auth, counsellor, datetime(2026, 12, 1, tzinfo=UTC))
    db.session.add(
        Closure(day=date(2026, 12, 24), reason="team_day", public_note="Weihnachtsfeier")
    )
    db.session.add(
        WorkingHours(user_id=counsellor.id, weekday=4, start_time=time(9), end_time=time(12))
    )
    db.session.commit()
    christmas = grid(client, "?week=2026-W52")
    closed = christmas.cell("Donnerstag, 24. Dezember", christmas.headers["h-all"])
    assert either(closed, "Teamtag", "Team day")
    assert "Weihnachtsfeier" in closed
    assert christmas.cell("Donnerstag, 24. Dezember", "09:00") == ""  # no free time
    assert "Erster Weihnachtstag" in christmas.cell(
        "Freitag, 25. Dezember", christmas.headers["h-all"]
    )
    assert "Zweiter Weihnachtstag" in christmas.cell(
        "Samstag, 26. Dezember", christmas.headers["h-all"]
    )
    assert christmas.cell("Freitag, 25. Dezember", "09:00") == ""
    new_year = grid(client, "?week=2026-W53")
    assert "Neujahr" in new_year.cell("Freitag, 1. Januar", new_year.headers["h-all"])
    assert free(new_year.cell("Donnerstag, 31. Dezember", "09:00"))


def test_the_lead_sees_a_colleague_and_all_counsellors_side_by_side(
    client, office, auth, make_appointment, db
):
    office[0].name, office[1].name = "Ada", "Bea"
    db.session.commit()
    lead = auth.login_as("lead", name="Leitung")
    first = make_appointment(counsellor=office[0], start=datetime(2026, 11, 17, 9, tzinfo=UTC))
    second = make_appointment(counsellor=office[1], start=datetime(2026, 11, 17, 9, tzinfo=UTC))
    colleague = grid(client, f"?week=2026-W47&user={office[1].id}")
    assert second.case.reference in colleague.cell(TUESDAY, "10:00")
    assert first.case.reference not in colleague.cell(TUESDAY, "10:00")
    everyone = grid(client, "?week=2026-W47&user=all")
    assert either(everyone.caption.lower(), "alle", "all counsellors")
    assert first.case.reference in everyone.cell(TUESDAY, "Ada", "10:00")
    assert second.case.reference in everyone.cell(TUESDAY, "Bea", "10:00")
    assert second.case.reference not in everyone.cell(TUESDAY, "Ada", "10:00")
    assert lead.name not in everyone.headers.values()  # the lead takes no appointments


def test_office_names_are_distinct_in_the_all_view(client, office, auth, db):
    office[0].name, office[1].name = "Ada", "Bea"
    db.session.commit()
    auth.login_as("lead")
    everyone = grid(client, "?week=2026-W47&user=all")
    assert free(everyone.cell(TUESDAY, "Ada", "09:00"))
    assert free(everyone.cell(TUESDAY, "Bea", "09:00"))


@pytest.mark.parametrize("asked", ["all", "colleague"])
def test_a_counsellor_may_not_see_colleagues_or_everyone(client, office, counsellor, asked):
    user = "all" if asked == "all" else office[1].id
    assert client.get(f"/staff/calendar?week=2026-W47&user={user}").status_code == 403
    assert client.get(f"/staff/calendar/print?week=2026-W47&user={user}").status_code == 403


def test_a_counsellor_naming_themselves_sees_their_own_week(client, counsellor):
    page = grid(client, f"?week=2026-W47&user={counsellor.id}")
    assert counsellor.name in page.caption


@pytest.mark.parametrize("week", ["2026-W54", "2026-47", "tomorrow", "0000-W01"])
def test_a_week_that_cannot_be_read_is_explained_and_this_week_shown(client, counsellor, week):
    response = client.get(f"/staff/calendar?week={week}")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "2026-W47" in WeekGrid(html).caption
    assert 'role="alert"' in html


def test_previous_next_and_this_week_links(client, counsellor):
    html = client.get("/staff/calendar?week=2026-W53").get_data(as_text=True)
    assert "week=2026-W52" in html
    assert "week=2027-W01" in html
    assert "week=2026-W47" in html  # this week


def test_the_print_view_is_a4_landscape_without_navigation(client, counsellor):
    html = client.get("/staff/calendar/print?week=2026-W47").get_data(as_text=True)
    assert "calendar-print.css" in html
    assert "staff-nav" not in html
    assert "2026-W47" in WeekGrid(html).caption
    response = client.get("/static/css/calendar-print.css")
    assert "size: A4 landscape" in response.get_data(as_text=True)
    response.close()


def test_the_narrow_screen_list_names_every_day(client, counsellor, make_appointment):
    appointment = make_appointment(
        counsellor=counsellor, start=datetime(2026, 11, 17, 9, tzinfo=UTC)
    )
    html = client.get("/staff/calendar?week=2026-W47").get_data(as_text=True)
    listing = html[html.index('class="week-list"') :]
    assert f'<h3 id="list-d2">{TUESDAY}</h3>' in listing
    assert appointment.case.reference in listing


def test_a_free_time_opens_the_walk_in_form_at_that_time(client, counsellor):
    form = client.get("/staff/requests/new?start=2026-11-17T09:00:00%2B01:00")
    assert 'value="2026-11-17T09:00:00+01:00"' in form.get_data(as_text=True)


def test_an_absence_across_midnight_is_one_block(client, counsellor, db):
    db.session.add(
        Absence(
            user_id=counsellor.id,
            starts_at=datetime(2026, 11, 17, 19, tzinfo=UTC),  # Tuesday 20:00 in Dresden
            ends_at=datetime(2026, 11, 18, 7, tzinfo=UTC),  # Wednesday 08:00
        )
    )
    db.session.commit()
    page = grid(client, "?week=2026-W47")
    cell = page.cell(TUESDAY, "20:00")
    assert "20:00–" in cell
    assert "08:00" in cell
    assert page.cell("Mittwoch, 18. November", "08:00") == ""
    html = client.get("/staff/calendar?week=2026-W47").text
    assert 'id="h0"' not in html, "no midnight row for the second half of the night"


def test_the_week_shows_held_and_missed_appointments(
    client, counsellor, make_appointment, monkeypatch, auth
):
    held = make_appointment(
        counsellor=counsellor, start=datetime(2026, 11, 17, 9, tzinfo=UTC), status="completed"
    )
    missed = make_appointment(
        counsellor=counsellor, start=datetime(2026, 11, 17, 10, tzinfo=UTC), status="no_show"
    )
    login_at(monkeypatch, auth, counsellor, datetime(2026, 11, 18, 12, tzinfo=UTC))
    page = grid(client, "?week=2026-W47")
    held_cell = page.cell(TUESDAY, "10:00")
    assert held.case.reference in held_cell
    assert either(held_cell, "Hat stattgefunden", "Took place")
    missed_cell = page.cell(TUESDAY, "11:00")
    assert missed.case.reference in missed_cell
    assert either(missed_cell, "Nicht erschienen", "Did not come")
