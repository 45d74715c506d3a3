"""The sync worker learns of a meeting while a booking comes in at the same moment: after the
worker's commit (which wakes every server's slot cache) no server offers the busy time."""

import threading

from intake.calendar_sync import sync
from intake.extensions import db as _db
from tests.helpers import NOW, book_by_api
from tests.web.own_calendar.conftest import connect, event
from tests.web.test_slot_cache import shared_redis

TUESDAY = "start=2026-11-17&end=2026-11-17&language=ar"  # only the connected counsellor


def offered(client) -> list[str]:
    slots = client.get(f"/api/v1/slots?{TUESDAY}").json["slots"]
    return [slot["start"][11:16] for slot in slots]


def test_no_slot_is_offered_that_the_worker_has_just_learned_is_busy(
    make_app, db, office, remote_calendar
):
    counsellor, _ = office
    shared = shared_redis()
    web, worker = make_app(**shared), make_app(**shared)
    connect(counsellor, remote_calendar, db=db)
    client = web.test_client()
    assert offered(client) == ["09:00", "10:00", "11:00"]  # and now cached
    remote_calendar.put(event("meeting", "20261117T100000", "20261117T110000"))
    start = threading.Barrier(2)
    answers = []

    def read_calendars():
        with worker.app_context():
            start.wait()
            sync.sync_all(now=NOW)
            _db.session.commit()

    def book():
        start.wait()
        answers.append(book_by_api(client, language="ar", start="2026-11-17T09:00:00+01:00"))

    threads = [threading.Thread(target=read_calendars), threading.Thread(target=book)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers
    assert answers[0]["reference"]
    assert offered(client) == ["11:00"]
