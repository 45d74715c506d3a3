"""Our calendar files as other people's parsers read them: Mozilla's ical.js (the parser
Thunderbird uses, run in Node) and vobject. Each must put the appointment at the same UTC
instant as the office means, in winter, in summer and across the clock change."""

import json
import os
import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import vobject
from sqlalchemy import select

from intake.calendar_files.ical import EventText, appointment_event, new_calendar, serialise
from intake.models import OutboxMessage
from tests.helpers import book_by_api, manage_path

JS = Path(__file__).parents[1] / "js"
BERLIN = ZoneInfo("Europe/Berlin")
SUMMER_9 = "2027-07-05T09:00:00+02:00"  # a Monday in summer time
WINTER_9 = "2026-12-16T09:00:00+01:00"  # a Wednesday in winter time


@pytest.fixture(scope="session")
def node() -> str:
    """Node with ical.js from tests/js (installed by `make install`); skipped only outside CI."""
    path = shutil.which("node")
    if path is None:
        missing = "node is not installed"
    elif not (JS / "node_modules" / "ical.js" / "package.json").is_file():
        missing = "ical.js is not installed: run `make install` (npm ci --prefix tests/js)"
    else:
        return path
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true runs the ical.js tests, but {missing}")
    pytest.skip(f"ical.js tests skipped: {missing}")


@pytest.fixture
def read_with_ical_js(node, tmp_path):
    """What ical.js makes of each file: its METHOD and, per event, UTC start and end."""

    def read(*calendars: str) -> list[dict]:
        paths = []
        for number, text in enumerate(calendars):
            path = tmp_path / f"{number}.ics"
            path.write_text(text, encoding="utf-8")
            paths.append(str(path))
        result = subprocess.run(
            [node, str(JS / "instants.mjs"), *paths],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        return json.loads(result.stdout)

    return read


def read_with_vobject(text: str) -> dict:
    calendar = vobject.readOne(text)
    method = calendar.method.value if hasattr(calendar, "method") else None
    events = [
        {
            "uid": event.uid.value,
            "sequence": int(event.sequence.value) if hasattr(event, "sequence") else 0,
            "status": event.status.value if hasattr(event, "status") else None,
            "start": utc(event.dtstart.value),
            "end": utc(event.dtend.value),
        }
        for event in calendar.vevent_list
    ]
    return {"method": method, "events": events}


def utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def set_clock(monkeypatch, moment: datetime) -> None:
    monkeypatch.setattr("intake.core.clock.now", lambda: moment)


def attachments(db) -> list[OutboxMessage]:
    """Every calendar file the outbox holds, oldest first."""
    return db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.ics.is_not(None)).order_by(OutboxMessage.id)
    ).all()


def only_event(reading: dict) -> dict:
    [event] = reading["events"]
    return event


def test_thunderbird_and_vobject_show_a_summer_appointment_at_nine_office_time(
    client, db, office, monkeypatch, read_with_ical_js
):
    set_clock(monkeypatch, datetime(2027, 6, 28, 8, tzinfo=UTC))
    book_by_api(client, start=SUMMER_9)
    [message] = attachments(db)
    [in_thunderbird] = read_with_ical_js(message.ics)
    for reading in (in_thunderbird, read_with_vobject(message.ics)):
        event = only_event(reading)
        assert (event["start"], event["end"]) == (
            "2027-07-05T07:00:00.000Z",
            "2027-07-05T08:00:00.000Z",
        ), "09:00 summer time in Dresden is 07:00 UTC"


def test_thunderbird_and_vobject_show_a_winter_appointment_at_nine_office_time(
    client, db, office, read_with_ical_js
):
    book_by_api(client, start=WINTER_9)
    [message] = attachments(db)
    [in_thunderbird] = read_with_ical_js(message.ics)
    for reading in (in_thunderbird, read_with_vobject(message.ics)):
        assert only_event(reading)["start"] == "2026-12-16T08:00:00.000Z"


def test_a_move_across_the_clock_change_updates_the_same_event_at_the_new_instant(
    client, db, office, monkeypatch, read_with_ical_js
):
    set_clock(monkeypatch, datetime(2027, 3, 1, 8, tzinfo=UTC))
    answer = book_by_api(client, start="2027-03-25T09:00:00+01:00")
    moved = client.post(manage_path(answer) + "/move", data={"start": "2027-04-01T09:00:00+02:00"})
    assert moved.status_code == 303
    first, second = attachments(db)
    in_thunderbird = read_with_ical_js(first.ics, second.ics)
    in_vobject = [read_with_vobject(first.ics), read_with_vobject(second.ics)]
    for booked, after_move in (in_thunderbird, in_vobject):
        old, new = only_event(booked), only_event(after_move)
        assert after_move["method"] == "REQUEST"
        assert new["uid"] == old["uid"]
        assert new["sequence"] > old["sequence"]
        assert old["start"] == "2027-03-25T08:00:00.000Z"
        assert new["start"] == "2027-04-01T07:00:00.000Z"


def test_a_cancellation_removes_the_same_event(client, db, office, monkeypatch, read_with_ical_js):
    set_clock(monkeypatch, datetime(2027, 6, 28, 8, tzinfo=UTC))
    answer = book_by_api(client, start=SUMMER_9)
    assert client.post(manage_path(answer) + "/cancel").status_code == 303
    first, second = attachments(db)
    in_thunderbird = read_with_ical_js(first.ics, second.ics)
    in_vobject = [read_with_vobject(first.ics), read_with_vobject(second.ics)]
    for booked, cancelled in (in_thunderbird, in_vobject):
        old, gone = only_event(booked), only_event(cancelled)
        assert cancelled["method"] == "CANCEL"
        assert gone["status"] == "CANCELLED"
        assert gone["uid"] == old["uid"]
        assert gone["sequence"] > old["sequence"]
        assert gone["start"] == "2027-07-05T07:00:00.000Z"


def test_the_downloaded_file_and_the_counsellor_feed_agree_on_a_summer_instant(
    client, db, auth, office, monkeypatch, read_with_ical_js
):
    set_clock(monkeypatch, datetime(2027, 6, 28, 8, tzinfo=UTC))
    answer = book_by_api(client, start=SUMMER_9, language="ar")
    download = client.get(manage_path(answer) + "/appointment.ics").get_data(as_text=True)
    auth.login(office[0].email)  # the Arabic speaker got the appointment
    page = client.post("/staff/feed").get_data(as_text=True)
    feed_path = re.search(r"https?://[^/]+(/staff/feed/[^<]+\.ics)", page).group(1)
    feed = client.get(feed_path).get_data(as_text=True)
    for reading in (*read_with_ical_js(download, feed), read_with_vobject(download)):
        assert only_event(reading)["start"] == "2027-07-05T07:00:00.000Z"


# Around the changes of 2027: 28 March 02:00 CET becomes 03:00 CEST (01:00 UTC), and
# 31 October 03:00 CEST becomes 02:00 CET (01:00 UTC).
CLOCK_CHANGES = [
    (datetime(2027, 3, 28, 1, 30, tzinfo=BERLIN), "2027-03-28T00:30:00.000Z"),
    (datetime(2027, 3, 28, 3, 30, tzinfo=BERLIN), "2027-03-28T01:30:00.000Z"),
    (datetime(2027, 10, 31, 1, 30, tzinfo=BERLIN), "2027-10-30T23:30:00.000Z"),
    (datetime(2027, 10, 31, 3, 30, tzinfo=BERLIN), "2027-10-31T02:30:00.000Z"),
    (datetime(2039, 7, 4, 9, tzinfo=BERLIN), "2039-07-04T07:00:00.000Z"),
]


def calendar_at(start: datetime) -> str:
    event = appointment_event(
        uid="u@intake",
        sequence=0,
        start=start,
        end=start,
        tz=BERLIN,
        text=EventText("s", "d", "l"),
        stamp=datetime(2026, 11, 16, tzinfo=UTC),
    )
    return serialise(new_calendar("Europe/Berlin", method="PUBLISH"), [event]).decode()


def test_both_parsers_change_the_clocks_at_one_in_the_morning_utc(read_with_ical_js):
    files = [calendar_at(start) for start, _ in CLOCK_CHANGES]
    in_thunderbird = read_with_ical_js(*files)
    for (_, expected), thunderbird, text in zip(CLOCK_CHANGES, in_thunderbird, files, strict=True):
        assert only_event(thunderbird)["start"] == expected
        assert only_event(read_with_vobject(text))["start"] == expected
