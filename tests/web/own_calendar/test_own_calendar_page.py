"""The counsellor's page at /staff/account/calendar: discovery on a real server, choices,
bad input refused with nothing stored, the password encrypted, never shown and never logged;
no public page ever calls a calendar server; production refuses to start without the key."""

import logging

import pytest
from sqlalchemy import func, select

from intake.calendar_sync import passwords
from intake.models import BusyCalendar, CalendarConnection
from tests.caldav_servers import PASSWORD, USER
from tests.conftest import PASSWORD as STAFF_PASSWORD
from tests.helpers import book_by_api
from tests.web.own_calendar.conftest import connect, event, run_sync

PAGE = "/staff/account/calendar"


def connections(db) -> int:
    return db.session.scalar(select(func.count()).select_from(CalendarConnection))


def post_connect(client, server, **changes):
    form = {"kind": "caldav", "url": server.url, "username": USER, "password": PASSWORD}
    form.update(changes)
    return client.post(PAGE, data=form)


def test_discovery_lists_the_calendars_of_the_account(
    db, client, auth, office, remote_calendar, caplog
):
    counsellor, _ = office
    auth.login(counsellor.email, STAFF_PASSWORD)
    with caplog.at_level(logging.DEBUG):
        response = post_connect(client, remote_calendar.server)
    assert response.status_code == 303
    page = client.get(PAGE).get_data(as_text=True)
    name = remote_calendar.url.rstrip("/").rsplit("/", 1)[1]
    assert name in page
    stored = db.session.scalar(select(CalendarConnection))
    assert {c.url.rstrip("/") for c in stored.calendars} >= {remote_calendar.url.rstrip("/")}
    assert PASSWORD not in page
    assert PASSWORD not in (stored.password_encrypted or "")
    assert passwords.decrypt(stored.password_encrypted) == PASSWORD
    assert PASSWORD not in caplog.text


def test_choices_say_which_calendars_block_and_where_appointments_go(
    db, client, auth, office, remote_calendar
):
    counsellor, _ = office
    auth.login(counsellor.email, STAFF_PASSWORD)
    post_connect(client, remote_calendar.server)
    ours = db.session.scalar(
        select(BusyCalendar).where(BusyCalendar.url.like(f"%{remote_calendar.url.rstrip('/')}%"))
    )
    response = client.post(f"{PAGE}/choose", data={"busy": [str(ours.id)], "write": str(ours.id)})
    assert response.status_code == 303
    db.session.expire_all()
    stored = db.session.scalar(select(CalendarConnection))
    assert [c.busy for c in stored.calendars if c.id != ours.id] == [False] * (
        len(stored.calendars) - 1
    )
    assert stored.write_url == ours.url


def test_a_write_calendar_not_of_this_connection_is_refused(
    db, client, auth, office, remote_calendar
):
    counsellor, _ = office
    auth.login(counsellor.email, STAFF_PASSWORD)
    post_connect(client, remote_calendar.server)
    response = client.post(f"{PAGE}/choose", data={"write": "99999"})
    assert response.status_code == 422
    assert db.session.scalar(select(CalendarConnection)).write_url is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"url": "ftp://calendar.example.org/"}, "url"),
        ({"url": ""}, "url"),
        ({"url": "https://" + "x" * 500 + ".example.org/"}, "url"),
        ({"kind": "carrier-pigeon"}, "kind"),
        ({"username": "a" * 201}, "username"),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_stored(
    db, client, auth, office, caldav_server, changes, field
):
    counsellor, _ = office
    auth.login(counsellor.email, STAFF_PASSWORD)
    response = post_connect(client, caldav_server, **changes)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page
    assert 'class="error-summary"' in page
    assert connections(db) == 0


def test_a_refused_password_is_said_on_the_page_and_nothing_is_stored(
    db, client, auth, office, radicale
):
    counsellor, _ = office
    auth.login(counsellor.email, STAFF_PASSWORD)
    response = post_connect(client, radicale, password="wrong-password")
    assert response.status_code == 422
    assert "der Server hat den Benutzernamen oder das Passwort abgelehnt" in response.get_data(
        as_text=True
    )
    assert connections(db) == 0


def test_disconnecting_forgets_the_password_and_the_busy_time(
    db, client, auth, office, remote_calendar
):
    counsellor, _ = office
    remote_calendar.put(event("meeting", "20261117T100000", "20261117T110000"))
    connect(counsellor, remote_calendar, db=db)
    run_sync(db)
    auth.login(counsellor.email, STAFF_PASSWORD)
    assert client.post(f"{PAGE}/disconnect").status_code == 303
    assert connections(db) == 0
    assert (
        client.get("/api/v1/slots?start=2026-11-17&end=2026-11-17&language=ar")
        .json["slots"][1]["start"]
        .startswith("2026-11-17T10:00")
    )


def test_the_page_says_absences_are_not_written(client, auth, office):
    counsellor, _ = office
    auth.login(counsellor.email, STAFF_PASSWORD)
    page = client.get(PAGE).get_data(as_text=True)
    assert "werden nicht in Ihren Kalender geschrieben" in page


def test_no_public_request_calls_a_calendar_server(
    db, client, office, remote_calendar, monkeypatch
):
    counsellor, _ = office
    connect(counsellor, remote_calendar, write=True, db=db)
    run_sync(db)

    def no_calls(*_args, **_kwargs):
        raise AssertionError("a calendar server was called on a public request")

    monkeypatch.setattr("intake.calendar_sync.remote._client", no_calls)
    for path in ("/de/", "/de/request", "/api/v1/slots?start=2026-11-17&end=2026-11-19"):
        assert client.get(path).status_code == 200, path
    book_by_api(client)


def test_production_refuses_to_start_with_calendars_and_no_key(make_app, db, office, app):
    counsellor, _ = office
    db.session.add(CalendarConnection(user_id=counsellor.id, url="https://cal.example.org/"))
    db.session.commit()
    unsafe = make_app(ENV_NAME="production", CALENDAR_SECRET_KEY="")
    with pytest.raises(passwords.KeyMissing):
        passwords.refuse_start_without_key(unsafe)
    safe = make_app(ENV_NAME="production", CALENDAR_SECRET_KEY="k" * 40)
    passwords.refuse_start_without_key(safe)


def test_production_without_calendars_starts_without_the_key(make_app, db):
    passwords.refuse_start_without_key(make_app(ENV_NAME="production", CALENDAR_SECRET_KEY=""))


def test_the_command_reads_every_calendar(db, runner, office, remote_calendar, frozen_now):
    counsellor, _ = office
    connect(counsellor, remote_calendar, db=db)
    result = runner.invoke(args=["sync-calendars"])
    assert result.exit_code == 0, result.output
    assert "read 1 calendar(s), 0 failing" in result.output
