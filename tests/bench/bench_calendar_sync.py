"""Benchmark: reading one counsellor's busy time from Radicale, a calendar of 1,000 events
(200 of them weekly series), as the background sync does it. The first read takes every
event (sync-collection without a token); each later read asks only for what changed."""

import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time as wall
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from flask_migrate import upgrade  # noqa: E402

from intake import create_app  # noqa: E402
from intake.calendar_sync import connections, remote, sync  # noqa: E402
from intake.extensions import db  # noqa: E402
from intake.models import OfficeSettings, User  # noqa: E402
from tests.caldav_servers import PASSWORD, USER, start_radicale  # noqa: E402

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 16, 8, tzinfo=UTC)
EVENTS, RECURRING, RUNS = 1_000, 200, 7


def event_text(number: int, rng: random.Random, stamp: str = "20261101T000000Z") -> str:
    day = NOW.astimezone(BERLIN).date() + timedelta(days=rng.randrange(0, 60))
    start = datetime(day.year, day.month, day.day, rng.randrange(8, 17), 15 * rng.randrange(4))
    end = start + timedelta(minutes=15 * rng.randrange(2, 9))
    rule = "RRULE:FREQ=WEEKLY;COUNT=12\r\n" if number < RECURRING else ""
    transp = "TRANSP:TRANSPARENT\r\n" if number % 17 == 0 else ""
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//EN\r\nBEGIN:VEVENT\r\n"
        f"UID:bench-{number}\r\nDTSTAMP:{stamp}\r\n"
        f"DTSTART;TZID=Europe/Berlin:{start:%Y%m%dT%H%M%S}\r\n"
        f"DTEND;TZID=Europe/Berlin:{end:%Y%m%dT%H%M%S}\r\n"
        f"{rule}{transp}SUMMARY:Meeting {number}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )


def seed_storage(folder: Path) -> None:
    """The calendar written straight into Radicale's file storage before it starts (a PUT
    per event would take minutes): one file per event, as Radicale keeps them."""
    calendar = folder / "collections" / "collection-root" / USER / "work"
    calendar.mkdir(parents=True)
    props = {
        "tag": "VCALENDAR",
        "D:displayname": "Work",
        "C:supported-calendar-component-set": "VEVENT",
    }
    (calendar / ".Radicale.props").write_text(json.dumps(props), encoding="utf-8")
    rng = random.Random(20261116)
    for number in range(EVENTS):
        (calendar / f"bench-{number}.ics").write_text(event_text(number, rng), encoding="utf-8")


def timed(action) -> float:
    started = wall.perf_counter()
    action()
    return (wall.perf_counter() - started) * 1000


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="intake-bench-caldav-"))
    reused = os.environ.get("BENCH_RADICALE_STORE")
    if reused:  # a Radicale folder whose anna/work already holds the 1,000 events
        shutil.copytree(reused, folder / "radicale")
    else:
        seed_storage(folder / "radicale")
    server = start_radicale(folder / "radicale")
    app = create_app("testing", DATABASE_URL=f"sqlite:///{folder / 'bench.sqlite'}")
    try:
        with app.app_context():
            upgrade()
            db.session.add(OfficeSettings(id=1, horizon_days=56))
            user = User(email="c@example.org", name="C", password_hash="x")
            db.session.add(user)
            db.session.flush()
            connection = connections.connect(
                user, kind="caldav", url=server.url, username=USER, password=PASSWORD
            )
            db.session.commit()
            connection_id = connection.id
            # Radicale reads and caches every file of the seeded calendar at its first
            # request: its own start-up work, left out of the figures.
            remote.TIMEOUT_SECONDS = 3600
            remote.changes_since(sync.account_of(connection), f"{server.url}{USER}/work/", None)
            first = timed(lambda: sync.sync_connection(connection_id, now=NOW))
            unchanged = [
                timed(lambda: sync.sync_connection(connection_id, now=NOW)) for _ in range(RUNS)
            ]
            changed = []
            rng = random.Random(1)
            storage = folder / "radicale" / "collections" / "collection-root" / USER / "work"
            for run in range(RUNS):
                # Changed the way another program would, behind the server's back: a PUT into
                # a collection of 1,000 events costs Radicale seconds, which is not ours.
                number = RECURRING + run
                body = event_text(number, rng, stamp=f"2026110{run + 1}T000000Z")
                (storage / f"bench-{number}.ics").write_text(body, encoding="utf-8")
                changed.append(timed(lambda: sync.sync_connection(connection_id, now=NOW)))
            rows = db.session.scalar(db.select(db.func.count()).select_from(sync.CalendarBusy))
    finally:
        server.stop()
    load = os.getloadavg()[0]
    print(f"machine load average while measuring: {load:.1f} on {os.cpu_count()} cores")
    print(f"first read, {EVENTS} events ({RECURRING} recurring): {first:.0f} ms; {rows} busy spans")
    print(
        f"next read, nothing changed: median {statistics.median(unchanged):.0f} ms "
        f"(min {min(unchanged):.0f})"
    )
    print(
        f"next read, one event changed: median {statistics.median(changed):.0f} ms "
        f"(min {min(changed):.0f}); aim 500 ms"
    )


if __name__ == "__main__":
    main()
