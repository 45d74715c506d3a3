"""A broken connection is visible, never silent: a refused password or a stopped server shows
on the counsellor's page and the lead's team page, slots keep the busy time last read, and
after CALENDAR_STALE_MINUTES the lead is mailed once (through the outbox)."""

from datetime import date

import pytest
from sqlalchemy import select

from intake.calendar_sync import passwords
from intake.models import CalendarConnection, OutboxMessage, Role
from tests.caldav_servers import start_radicale
from tests.conftest import PASSWORD as STAFF_PASSWORD
from tests.web.own_calendar.conftest import (
    connect,
    event,
    free_times,
    later,
    open_calendar,
    run_sync,
)

TUESDAY = date(2026, 11, 17)


@pytest.fixture
def own_radicale(tmp_path):
    """A Radicale of this test alone: the test stops it."""
    server = start_radicale(tmp_path / "radicale")
    yield server
    server.stop()


@pytest.fixture
def radicale_calendar(radicale):
    remote = open_calendar(radicale)
    yield remote
    remote.calendar.delete()
    remote.calendar.client.close()


def failing_messages(db) -> list[OutboxMessage]:
    return db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == "calendar_failing")
    ).all()


def test_a_refused_password_shows_and_slots_keep_the_last_busy_time(
    db, client, auth, office, radicale_calendar
):
    counsellor, _ = office
    radicale_calendar.put(event("meeting", "20261117T100000", "20261117T110000"))
    connection = connect(counsellor, radicale_calendar, db=db)
    run_sync(db)
    connection.password_encrypted = passwords.encrypt("not-the-password")
    db.session.commit()
    run = run_sync(db, now=later(40))
    assert run.failed == [connection.id]
    assert free_times(counsellor, TUESDAY) == ["09:00", "11:00"]
    auth.login(counsellor.email, STAFF_PASSWORD)
    page = client.get("/staff/account/calendar").get_data(as_text=True)
    assert "gestört seit" in page  # staff pages speak German by default
    assert "09:40" in page
    assert "der Server hat den Benutzernamen oder das Passwort abgelehnt" in page
    assert "zuletzt gelesenen belegten Zeiten" in page


def test_a_stopped_server_shows_on_the_team_page_and_the_lead_is_told_once(
    db, client, auth, office, make_user, own_radicale, app
):
    counsellor, _ = office
    lead = make_user("lead@example.org", role=Role.LEAD, name="Leitung")
    remote_calendar = open_calendar(own_radicale)
    remote_calendar.put(event("meeting", "20261117T100000", "20261117T110000"))
    remote_calendar.calendar.client.close()
    connect(counsellor, remote_calendar, db=db)
    run_sync(db)
    own_radicale.stop()
    run_sync(db, now=later(5))
    assert free_times(counsellor, TUESDAY) == ["09:00", "11:00"]
    assert failing_messages(db) == []  # not yet: under CALENDAR_STALE_MINUTES
    stale = app.config["CALENDAR_STALE_MINUTES"]
    run_sync(db, now=later(5 + stale))
    run_sync(db, now=later(10 + stale))
    (message,) = failing_messages(db)
    assert message.recipient == lead.email
    assert "der Server ist nicht erreichbar" in message.body_text
    auth.login(lead.email, STAFF_PASSWORD)
    team = client.get("/staff/team").get_data(as_text=True)
    assert "gestört seit" in team
    assert "der Server ist nicht erreichbar" in team


def test_a_connection_that_works_again_is_shown_as_read(db, office, own_radicale):
    counsellor, _ = office
    remote_calendar = open_calendar(own_radicale)
    remote_calendar.calendar.client.close()
    connection = connect(counsellor, remote_calendar, db=db)
    own_radicale.stop()
    run_sync(db)
    assert connection.failing_since is not None
    own_radicale.start()
    run_sync(db, now=later(3))
    refreshed = db.session.scalar(select(CalendarConnection))
    assert refreshed.failing_since is None
    assert refreshed.last_error is None
    assert refreshed.last_read_at == later(3)
