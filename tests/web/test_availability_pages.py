"""Staff pages for working hours, absences, closure days and office settings."""

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from intake.availability.engine import BERLIN
from intake.models import Absence, Closure, OfficeSettings, Role, WorkingHours
from tests.conftest import PASSWORD
from tests.helpers import count

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=BERLIN)


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch):
    monkeypatch.setattr("intake.core.clock.now", lambda: NOW)


@pytest.fixture(autouse=True)
def english(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"


def hours(weekday=1, start="09:00", end="12:00", valid_from="", valid_until="") -> dict:
    return {
        "hours-weekday": str(weekday),
        "hours-start_time": start,
        "hours-end_time": end,
        "hours-valid_from": valid_from,
        "hours-valid_until": valid_until,
    }


def absence(start_date, start_time, end_date, end_time, note="") -> dict:
    return {
        "absence-start_date": start_date,
        "absence-start_time": start_time,
        "absence-end_date": end_date,
        "absence-end_time": end_time,
        "absence-note": note,
    }


def windows_of(db, user) -> list[tuple]:
    rows = db.session.scalars(select(WorkingHours).where(WorkingHours.user_id == user.id))
    return sorted((row.weekday, row.start_time, row.end_time) for row in rows)


@pytest.fixture
def window_of(db, make_user):
    """A stored window of a new counsellor: the counsellor and the row."""

    def make(weekday=1, start=time(9), end=time(12), **validity):
        owner = make_user(name="Olena Koval")
        row = WorkingHours(user_id=owner.id, weekday=weekday, start_time=start, end_time=end)
        for name, value in validity.items():
            setattr(row, name, value)
        db.session.add(row)
        db.session.commit()
        return owner, row

    return make


def test_counsellor_adds_a_window_and_sees_it(client, db, auth):
    user = auth.login_as(Role.COUNSELLOR)
    response = client.post("/staff/availability/hours", data=hours(weekday=1))
    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/availability"
    page = client.get("/staff/availability").get_data(as_text=True)
    assert "Working hours added." in page
    assert "Tuesday" in page
    assert "09:00–12:00" in page, "times as the office's English (en_GB) writes them"
    assert windows_of(db, user) == [(1, time(9), time(12))]


def test_working_hours_are_written_as_german_writes_times(client, db, auth):
    auth.login_as(Role.COUNSELLOR)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "de"
    client.post("/staff/availability/hours", data=hours(start="09:00", end="12:00"))
    response = client.post("/staff/availability/hours", data=hours(start="11:00", end="13:00"))
    assert "09:00–12:00" in response.get_data(as_text=True)
    assert "09:00–12:00" in client.get("/staff/availability").get_data(as_text=True)


def test_window_ending_before_it_starts_is_refused_and_nothing_is_stored(client, db, auth):
    auth.login_as(Role.COUNSELLOR)
    response = client.post(
        "/staff/availability/hours", data=hours(start="14:00", end="13:30", valid_from="2026-12-01")
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "The end must be after the start." in page
    assert 'value="14:00"' in page
    assert 'value="13:30"' in page
    assert 'value="2026-12-01"' in page
    assert count(db, WorkingHours) == 0


def test_valid_until_before_valid_from_is_refused(client, db, auth):
    auth.login_as(Role.COUNSELLOR)
    response = client.post(
        "/staff/availability/hours", data=hours(valid_from="2027-01-10", valid_until="2027-01-09")
    )
    assert response.status_code == 422
    assert "This date must not be before “Valid from”." in response.get_data(as_text=True)
    assert count(db, WorkingHours) == 0


def test_overlapping_window_is_refused(client, db, auth):
    user = auth.login_as(Role.COUNSELLOR)
    client.post("/staff/availability/hours", data=hours(start="09:00", end="12:00"))
    response = client.post("/staff/availability/hours", data=hours(start="11:00", end="13:00"))
    assert response.status_code == 422
    assert "This overlaps the working hours on Tuesday, 09:00–12:00." in (
        response.get_data(as_text=True)
    )
    assert windows_of(db, user) == [(1, time(9), time(12))]


def test_windows_that_only_touch_are_accepted(client, db, auth):
    user = auth.login_as(Role.COUNSELLOR)
    client.post("/staff/availability/hours", data=hours(start="09:00", end="12:00"))
    client.post("/staff/availability/hours", data=hours(start="12:00", end="14:00"))
    assert windows_of(db, user) == [(1, time(9), time(12)), (1, time(12), time(14))]


def test_timetable_change_on_the_same_weekday_is_accepted(client, db, auth):
    user = auth.login_as(Role.COUNSELLOR)
    old = hours(start="09:00", end="12:00", valid_until="2026-12-31")
    new = hours(start="10:00", end="15:00", valid_from="2027-01-01")
    assert client.post("/staff/availability/hours", data=old).status_code == 302
    assert client.post("/staff/availability/hours", data=new).status_code == 302
    assert windows_of(db, user) == [(1, time(9), time(12)), (1, time(10), time(15))]


def test_counsellor_cannot_view_or_add_another_counsellors_hours(client, db, auth, window_of):
    other, _row = window_of()
    auth.login_as(Role.COUNSELLOR)
    assert client.get(f"/staff/availability?user={other.id}").status_code == 403
    response = client.post(f"/staff/availability/hours?user={other.id}", data=hours(weekday=3))
    assert response.status_code == 403
    assert windows_of(db, other) == [(1, time(9), time(12))]


def test_counsellor_cannot_delete_another_counsellors_hours(client, db, auth, window_of):
    other, row = window_of()
    auth.login_as(Role.COUNSELLOR)
    assert client.post(f"/staff/availability/hours/{row.id}/delete").status_code == 404
    assert windows_of(db, other) == [(1, time(9), time(12))]


def test_lead_edits_another_counsellors_hours(client, db, auth, window_of):
    other, row = window_of()
    auth.login_as(Role.LEAD)
    page = client.get(f"/staff/availability?user={other.id}").get_data(as_text=True)
    assert "You are managing the times of Olena Koval." in page
    added = client.post(f"/staff/availability/hours?user={other.id}", data=hours(weekday=4))
    assert added.headers["Location"] == f"/staff/availability?user={other.id}"
    deleted = client.post(f"/staff/availability/hours/{row.id}/delete")
    assert deleted.headers["Location"] == f"/staff/availability?user={other.id}"
    assert windows_of(db, other) == [(4, time(9), time(12))]


def test_lead_chooses_the_counsellor_from_a_list(client, auth, make_user):
    make_user(name="Amal Haddad")
    auth.login_as(Role.LEAD)
    page = client.get("/staff/availability").get_data(as_text=True)
    assert '<select id="choose-user" name="user">' in page
    assert "Amal Haddad" in page


def test_counsellor_gets_no_list_of_colleagues_to_manage(client, auth, make_user):
    make_user(name="Amal Haddad")
    auth.login_as(Role.COUNSELLOR)
    page = client.get("/staff/availability").get_data(as_text=True)
    assert 'id="choose-user"' not in page
    # Colleagues are offered only as a deputy for one's own absence.
    assert '<option value="0" selected>No deputy</option>' in page or "Amal Haddad" in page


def test_absence_names_a_deputy_and_the_team_page_lists_who_is_away(
    client, db, auth, make_user, frozen_now
):
    olena = make_user("olena@example.org", name="Olena Koval")
    amal = auth.login_as(Role.COUNSELLOR, name="Amal Haddad")
    answer = client.post(
        "/staff/availability/absences",
        data={
            "absence-start_date": "2026-11-17",
            "absence-start_time": "00:00",
            "absence-end_date": "2026-11-19",
            "absence-end_time": "00:00",
            "absence-deputy": str(olena.id),
        },
    )
    assert answer.status_code == 302
    absence = db.session.scalars(select(Absence).where(Absence.user_id == amal.id)).one()
    assert absence.deputy_id == olena.id
    auth.logout()
    auth.login_as(Role.LEAD)
    team = client.get("/staff/team").get_data(as_text=True)
    away = team[team.index("Away this week and next") :]
    assert "Amal Haddad" in away
    assert "Olena Koval" in away


def test_lead_sets_the_deputy_of_a_colleagues_absence(client, db, auth, make_user, frozen_now):
    amal = make_user("amal@example.org", name="Amal Haddad")
    olena = make_user("olena@example.org", name="Olena Koval")
    absence = Absence(
        user_id=amal.id,
        starts_at=frozen_now + timedelta(days=1),
        ends_at=frozen_now + timedelta(days=2),
    )
    db.session.add(absence)
    db.session.commit()
    auth.login_as(Role.LEAD)
    answer = client.post(
        f"/staff/availability/absences/{absence.id}/deputy", data={"deputy": str(olena.id)}
    )
    assert answer.status_code == 303
    db.session.refresh(absence)
    assert absence.deputy_id == olena.id


def test_a_deputy_outside_the_list_changes_nothing(client, db, auth, make_user, frozen_now):
    amal = auth.login_as(Role.COUNSELLOR, name="Amal Haddad")
    absence = Absence(
        user_id=amal.id,
        starts_at=frozen_now + timedelta(days=1),
        ends_at=frozen_now + timedelta(days=2),
    )
    db.session.add(absence)
    db.session.commit()
    answer = client.post(
        f"/staff/availability/absences/{absence.id}/deputy", data={"deputy": str(amal.id)}
    )
    assert answer.status_code == 303
    db.session.refresh(absence)
    assert absence.deputy_id is None


def test_absence_across_midnight_is_stored_in_utc(client, db, auth):
    user = auth.login_as(Role.COUNSELLOR)
    data = absence("2026-11-24", "15:00", "2026-11-25", "10:00", note="Training in Leipzig")
    response = client.post("/staff/availability/absences", data=data)
    assert response.status_code == 302
    stored = db.session.scalars(select(Absence)).one()
    assert stored.user_id == user.id
    assert stored.starts_at == datetime(2026, 11, 24, 14, 0, tzinfo=UTC)
    assert stored.ends_at == datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    assert stored.note == "Training in Leipzig"
    assert "Training in Leipzig" in client.get("/staff/availability").get_data(as_text=True)


def test_absence_in_summer_time_is_stored_two_hours_earlier(client, db, auth):
    auth.login_as(Role.COUNSELLOR)
    client.post(
        "/staff/availability/absences", data=absence("2027-07-01", "08:00", "2027-07-14", "18:00")
    )
    stored = db.session.scalars(select(Absence)).one()
    assert stored.starts_at == datetime(2027, 7, 1, 6, 0, tzinfo=UTC)
    assert stored.ends_at == datetime(2027, 7, 14, 16, 0, tzinfo=UTC)


def test_absence_ending_before_it_starts_is_refused(client, db, auth):
    auth.login_as(Role.COUNSELLOR)
    data = absence("2026-11-25", "10:00", "2026-11-24", "15:00", note="kept")
    response = client.post("/staff/availability/absences", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "The end must be after the start." in page
    assert 'value="kept"' in page
    assert count(db, Absence) == 0


def test_counsellor_cannot_delete_another_counsellors_absence(client, db, auth, make_user):
    other = make_user()
    row = Absence(
        user_id=other.id,
        starts_at=datetime(2026, 12, 1, 8, tzinfo=UTC),
        ends_at=datetime(2026, 12, 2, 8, tzinfo=UTC),
    )
    db.session.add(row)
    db.session.commit()
    auth.login_as(Role.COUNSELLOR)
    assert client.post(f"/staff/availability/absences/{row.id}/delete").status_code == 404
    assert count(db, Absence) == 1


def test_counsellor_deletes_an_own_absence(client, db, auth):
    auth.login_as(Role.COUNSELLOR)
    client.post(
        "/staff/availability/absences", data=absence("2026-12-01", "08:00", "2026-12-01", "12:00")
    )
    row = db.session.scalars(select(Absence)).one()
    response = client.post(f"/staff/availability/absences/{row.id}/delete")
    assert response.status_code == 302
    assert count(db, Absence) == 0


def test_lead_adds_a_closure_with_a_time_range(client, db, auth):
    auth.login_as(Role.LEAD)
    data = {
        "day": "2026-12-03",
        "start_time": "13:00",
        "end_time": "16:30",
        "public_note": "Staff meeting",
    }
    response = client.post("/staff/closures", data=data)
    assert response.status_code == 302
    closure = db.session.scalars(select(Closure)).one()
    assert (closure.day, closure.start_time, closure.end_time) == (
        date(2026, 12, 3),
        time(13),
        time(16, 30),
    )
    page = client.get("/staff/closures").get_data(as_text=True)
    assert "Closure day added." in page
    assert "13:00–16:30" in page
    assert "Staff meeting" in page


def test_lead_adds_a_whole_day_closure_for_today(client, db, auth):
    auth.login_as(Role.LEAD)
    response = client.post("/staff/closures", data={"day": "2026-11-20", "public_note": ""})
    assert response.status_code == 302
    closure = db.session.scalars(select(Closure)).one()
    assert (closure.start_time, closure.end_time, closure.public_note) == (None, None, "")


def test_closure_in_the_past_is_refused(client, db, auth):
    auth.login_as(Role.LEAD)
    response = client.post("/staff/closures", data={"day": "2026-11-19", "public_note": "Late"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "This date has passed." in page
    assert "Late</textarea>" in page
    assert count(db, Closure) == 0


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("13:00", "", "Give both times, or neither to close the whole day."),
        ("", "13:00", "Give both times, or neither to close the whole day."),
        ("13:00", "12:00", "The end must be after the start."),
    ],
)
def test_closure_with_a_broken_time_range_is_refused(client, db, auth, start, end, message):
    auth.login_as(Role.LEAD)
    data = {"day": "2026-12-03", "start_time": start, "end_time": end}
    response = client.post("/staff/closures", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert count(db, Closure) == 0


def test_lead_deletes_a_closure(client, db, auth):
    db.session.add(Closure(day=date(2026, 12, 24), public_note="Christmas Eve"))
    db.session.commit()
    closure_id = db.session.scalars(select(Closure.id)).one()
    auth.login_as(Role.LEAD)
    assert client.post(f"/staff/closures/{closure_id}/delete").status_code == 302
    assert count(db, Closure) == 0


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/staff/closures"),
        ("post", "/staff/closures"),
        ("post", "/staff/closures/1/delete"),
        ("get", "/staff/settings"),
        ("post", "/staff/settings"),
    ],
)
def test_counsellor_gets_403_on_lead_pages(client, auth, method, path):
    auth.login_as(Role.COUNSELLOR)
    assert getattr(client, method)(path).status_code == 403


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get("/staff/availability")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/staff/login")


SETTINGS = {
    "slot_minutes": "60",
    "buffer_minutes": "0",
    "min_notice_hours": "48",
    "horizon_days": "90",
    "retention_closed_days": "730",
    "retention_unanswered_days": "14",
    "confirm_automatically": "y",
    "audit_retention_days": "730",
    "small_cell_threshold": "5",
    "offer_valid_hours": "24",
}


def test_lead_saves_settings_twice(client, db, auth):
    auth.login_as(Role.LEAD)
    assert client.post("/staff/settings", data=SETTINGS).status_code == 302
    assert (
        client.post("/staff/settings", data={**SETTINGS, "slot_minutes": "30"}).status_code == 302
    )
    saved = db.session.get(OfficeSettings, 1)
    assert (saved.slot_minutes, saved.buffer_minutes, saved.min_notice_hours) == (30, 0, 48)
    assert saved.horizon_days == 90
    assert (saved.retention_closed_days, saved.retention_unanswered_days) == (730, 14)
    assert saved.confirm_automatically is True
    assert saved.feed_shows_topic is False
    assert count(db, OfficeSettings) == 1
    assert 'value="30"' in client.get("/staff/settings").get_data(as_text=True)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("slot_minutes", "9"),
        ("slot_minutes", "241"),
        ("buffer_minutes", "-1"),
        ("buffer_minutes", "121"),
        ("min_notice_hours", "337"),
        ("horizon_days", "6"),
        ("horizon_days", "366"),
        ("retention_closed_days", "29"),
        ("retention_closed_days", "3651"),
        ("retention_unanswered_days", "6"),
        ("retention_unanswered_days", "3651"),
    ],
)
def test_out_of_range_settings_are_refused(client, db, auth, name, value):
    auth.login_as(Role.LEAD)
    response = client.post("/staff/settings", data={**SETTINGS, name: value})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Number must be between" in page
    assert f'value="{value}"' in page
    assert db.session.get(OfficeSettings, 1) is None


def test_empty_setting_is_refused(client, db, auth):
    auth.login_as(Role.LEAD)
    response = client.post("/staff/settings", data={**SETTINGS, "horizon_days": ""})
    assert response.status_code == 422
    assert "This field is required." in response.get_data(as_text=True)


def csrf_token_in(page: str) -> str:
    return re.search(r'name="[\w-]*csrf_token"[^>]*value="([^"]+)"', page).group(1)


def test_adding_hours_needs_the_csrf_token(make_app, make_user, db):
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    user = make_user()
    login = {"email": user.email, "password": PASSWORD}
    login["csrf_token"] = csrf_token_in(client.get("/staff/login").get_data(as_text=True))
    assert client.post("/staff/login", data=login).status_code == 302
    assert client.post("/staff/availability/hours", data=hours()).status_code == 400
    assert count(db, WorkingHours) == 0
    token = csrf_token_in(client.get("/staff/availability").get_data(as_text=True))
    response = client.post("/staff/availability/hours", data={**hours(), "hours-csrf_token": token})
    assert response.status_code == 302
    assert count(db, WorkingHours) == 1
