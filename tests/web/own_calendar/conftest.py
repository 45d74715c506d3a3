"""Fixtures for counsellors' own calendars: real CalDAV servers (Radicale and Xandikos) on
loopback ports, a fresh calendar on them per test, and helpers to read the result as slots."""

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest

from intake.availability import services
from intake.calendar_sync import connections, sync
from intake.core.clock import office_tz
from intake.models import CalendarConnection, User
from tests.caldav_servers import (
    PASSWORD,
    USER,
    CalDAVServer,
    require,
    start_radicale,
    start_xandikos,
)
from tests.helpers import NOW

STARTERS = {"radicale": start_radicale, "xandikos": start_xandikos}


@pytest.fixture(scope="session", params=["radicale", "xandikos"])
def caldav_server(request, tmp_path_factory):
    require(request.param)
    server = STARTERS[request.param](tmp_path_factory.mktemp(request.param))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def radicale(tmp_path_factory):
    require("radicale")
    server = start_radicale(tmp_path_factory.mktemp("radicale-own"))
    yield server
    server.stop()


@dataclass
class RemoteCalendar:
    """One calendar on a real server, written to as the counsellor's calendar program would."""

    server: CalDAVServer
    calendar: object

    @property
    def url(self) -> str:
        return str(self.calendar.url)

    def put(self, ics: str, name: str | None = None) -> str:
        href = f"{self.url}{name or secrets.token_hex(6)}.ics"
        response = self.calendar.client.request(
            href, "PUT", ics, {"Content-Type": "text/calendar; charset=utf-8"}
        )
        assert response.status in (201, 204), response.status
        return href

    def get(self, href: str):
        return self.calendar.client.request(href, "GET")

    def delete(self, href: str) -> None:
        self.calendar.client.request(href, "DELETE")

    def hrefs(self) -> list[str]:
        return [str(item.url) for item in self.calendar.objects()]


def open_calendar(server: CalDAVServer) -> RemoteCalendar:
    import caldav

    client = caldav.DAVClient(url=server.url, username=USER, password=PASSWORD)
    name = f"work-{secrets.token_hex(4)}"
    calendar = client.principal().make_calendar(name=name, cal_id=name)
    return RemoteCalendar(server, calendar)


@pytest.fixture
def remote_calendar(caldav_server):
    remote = open_calendar(caldav_server)
    yield remote
    remote.calendar.delete()
    remote.calendar.client.close()


def connect(user: User, remote: RemoteCalendar, *, write: bool = False, db) -> CalendarConnection:
    """Connect through discovery, then count only this test's calendar as busy."""
    connection = connections.connect(
        user, kind="caldav", url=remote.server.url, username=USER, password=PASSWORD
    )
    db.session.flush()
    ours = [c for c in connection.calendars if c.url.rstrip("/") == remote.url.rstrip("/")]
    assert ours, [c.url for c in connection.calendars]
    connections.choose(connection, busy_ids={ours[0].id}, write_id=ours[0].id if write else None)
    db.session.commit()
    return connection


def run_sync(db, now: datetime = NOW) -> sync.SyncRun:
    run = sync.sync_all(now=now)
    db.session.commit()
    return run


def free_times(user: User, day: date, *, now: datetime = NOW) -> list[str]:
    """The counsellor's own bookable starts that day, as local HH:MM."""
    found = services.open_slots(day, day, now=now, counsellor_ids=[user.id])
    return [slot.start.astimezone(office_tz()).strftime("%H:%M") for slot in found]


def event(uid: str, start: str, end: str, *extra: str, tzid: str = "Europe/Berlin") -> str:
    """A one-event calendar object; start and end are local YYYYMMDDTHHMMSS in tzid."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//tests//own calendar//EN",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        "DTSTAMP:20261101T000000Z",
        f"DTSTART;TZID={tzid}:{start}",
        f"DTEND;TZID={tzid}:{end}",
        "SUMMARY:Team meeting",
        *extra,
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
    return "\r\n".join(lines)


def later(minutes: int) -> datetime:
    return NOW + timedelta(minutes=minutes)
