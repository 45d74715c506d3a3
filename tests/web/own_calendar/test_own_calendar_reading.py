"""Busy time read from a counsellor's own calendar on a real CalDAV server (Radicale and
Xandikos) blocks exactly the slots it overlaps; free and cancelled events block nothing."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event
from sqlalchemy import select

from intake.calendar_sync import connections
from intake.models import CalendarBusy
from tests.caldav_servers import PASSWORD, USER
from tests.web.own_calendar.conftest import connect, event, free_times, open_calendar, run_sync

TUESDAY, THURSDAY = date(2026, 11, 17), date(2026, 11, 19)
ALL_TUESDAY = ["09:00", "10:00", "11:00"]


def test_a_busy_event_hides_exactly_the_slots_it_overlaps(db, office, remote_calendar):
    counsellor, colleague = office
    remote_calendar.put(event("meeting-1", "20261117T100000", "20261117T110000"))
    connect(counsellor, remote_calendar, db=db)
    run_sync(db)
    assert free_times(counsellor, TUESDAY) == ["09:00", "11:00"]
    assert free_times(colleague, TUESDAY) == ALL_TUESDAY


def test_a_short_event_lays_the_slots_after_it_as_an_absence_does(db, office, remote_calendar):
    counsellor, _ = office
    remote_calendar.put(event("short", "20261117T091500", "20261117T094500"))
    connect(counsellor, remote_calendar, db=db)
    run_sync(db)
    assert free_times(counsellor, TUESDAY) == ["09:45", "10:45"]


def test_a_transparent_event_hides_no_slot(db, office, remote_calendar):
    counsellor, _ = office
    free = event("free-1", "20261117T090000", "20261117T120000", "TRANSP:TRANSPARENT")
    remote_calendar.put(free)
    connect(counsellor, remote_calendar, db=db)
    run_sync(db)
    assert free_times(counsellor, TUESDAY) == ALL_TUESDAY


def test_a_cancelled_event_hides_no_slot(db, office, remote_calendar):
    counsellor, _ = office
    cancelled = event("off-1", "20261117T090000", "20261117T120000", "STATUS:CANCELLED")
    remote_calendar.put(cancelled)
    connect(counsellor, remote_calendar, db=db)
    run_sync(db)
    assert free_times(counsellor, TUESDAY) == ALL_TUESDAY


WEEKLY = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//tests//own calendar//EN\r
BEGIN:VEVENT\r
UID:weekly-team\r
DTSTAMP:20261101T000000Z\r
DTSTART;TZID=Europe/Berlin:20261117T090000\r
DTEND;TZID=Europe/Berlin:20261117T100000\r
RRULE:FREQ=WEEKLY;COUNT=4\r
EXDATE;TZID=Europe/Berlin:20261201T090000\r
SUMMARY:Team\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:weekly-team\r
DTSTAMP:20261101T000000Z\r
RECURRENCE-ID;TZID=Europe/Berlin:20261124T090000\r
DTSTART;TZID=Europe/Berlin:20261126T110000\r
DTEND;TZID=Europe/Berlin:20261126T120000\r
SUMMARY:Team (moved)\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_a_weekly_meeting_with_a_moved_and_a_deleted_instance(db, office, remote_calendar):
    counsellor, _ = office
    remote_calendar.put(WEEKLY)
    connect(counsellor, remote_calendar, db=db)
    run_sync(db)
    assert free_times(counsellor, date(2026, 11, 17)) == ["10:00", "11:00"]
    assert free_times(counsellor, date(2026, 11, 24)) == ALL_TUESDAY  # moved away
    assert free_times(counsellor, date(2026, 11, 26)) == ["09:00", "10:00"]  # moved here
    assert free_times(counsellor, date(2026, 12, 1)) == ALL_TUESDAY  # deleted
    assert free_times(counsellor, date(2026, 12, 8)) == ["10:00", "11:00"]


def test_events_across_the_end_of_summer_time(db, office, remote_calendar):
    """The last Sunday of October 2026 (25th): a night event spans the change, and a weekly
    meeting at 09:00 stays at 09:00 office time on both sides of it."""
    counsellor, _ = office
    remote_calendar.put(event("night", "20261024T230000", "20261025T040000"))
    weekly = event("monday", "20261019T090000", "20261019T100000", "RRULE:FREQ=WEEKLY;COUNT=3")
    remote_calendar.put(weekly)
    before = datetime(2026, 10, 16, 8, tzinfo=UTC)
    connect(counsellor, remote_calendar, db=db)
    run_sync(db, now=before)
    spans = stored_busy(db, counsellor)
    # 23:00 summer time (21:00 UTC) to 04:00 winter time (03:00 UTC): six real hours.
    assert (datetime(2026, 10, 24, 21, tzinfo=UTC), datetime(2026, 10, 25, 3, tzinfo=UTC)) in spans
    for monday in (date(2026, 10, 19), date(2026, 10, 26), date(2026, 11, 2)):
        assert free_times(counsellor, monday, now=before) == ["10:00", "11:00"]


def test_an_event_in_another_time_zone_blocks_its_own_hour(db, office, remote_calendar):
    counsellor, _ = office
    calendar = Calendar()
    calendar.add("prodid", "-//tests//own calendar//EN")
    calendar.add("version", "2.0")
    meeting = Event()
    meeting.add("uid", "new-york-call")
    meeting.add("dtstamp", datetime(2026, 11, 1, tzinfo=UTC))
    new_york = ZoneInfo("America/New_York")
    meeting.add("dtstart", datetime(2026, 11, 17, 4, 0, tzinfo=new_york))  # 10:00 in Dresden
    meeting.add("dtend", datetime(2026, 11, 17, 5, 0, tzinfo=new_york))
    calendar.add_component(meeting)
    calendar.add_missing_timezones()
    remote_calendar.put(calendar.to_ical().decode())
    connect(counsellor, remote_calendar, db=db)
    run_sync(db)
    assert free_times(counsellor, TUESDAY) == ["09:00", "11:00"]


def test_an_all_day_event_blocks_the_whole_day(db, office, remote_calendar):
    counsellor, _ = office
    all_day = (
        event("training", "20261119", "20261120")
        .replace("DTSTART;TZID=Europe/Berlin:", "DTSTART;VALUE=DATE:")
        .replace("DTEND;TZID=Europe/Berlin:", "DTEND;VALUE=DATE:")
    )
    remote_calendar.put(all_day)
    connect(counsellor, remote_calendar, db=db)
    run_sync(db)
    assert free_times(counsellor, THURSDAY) == []
    assert free_times(counsellor, TUESDAY) == ALL_TUESDAY
    local_day = datetime(2026, 11, 19, tzinfo=ZoneInfo("Europe/Berlin"))
    assert (local_day.astimezone(UTC), (local_day + timedelta(days=1)).astimezone(UTC)) in (
        stored_busy(db, counsellor)
    )


def test_a_changed_and_a_deleted_event_are_seen_at_the_next_read(db, office, remote_calendar):
    counsellor, _ = office
    href = remote_calendar.put(event("moving", "20261117T090000", "20261117T100000"))
    gone = remote_calendar.put(event("gone", "20261117T110000", "20261117T120000"))
    connect(counsellor, remote_calendar, db=db)
    run_sync(db)
    assert free_times(counsellor, TUESDAY) == ["10:00"]
    remote_calendar.put(
        event("moving", "20261117T100000", "20261117T110000"), href.rsplit("/", 1)[1][:-4]
    )
    remote_calendar.delete(gone)
    run_sync(db)
    assert free_times(counsellor, TUESDAY) == ["09:00", "11:00"]


def test_an_unchanged_calendar_writes_no_busy_rows(db, office, remote_calendar):
    """An unchanged read must not wake every server's slot cache every few minutes."""
    counsellor, _ = office
    remote_calendar.put(event("same", "20261117T090000", "20261117T100000"))
    connect(counsellor, remote_calendar, db=db)
    run_sync(db)
    first = db.session.scalars(select(CalendarBusy.id)).all()
    run_sync(db)
    assert db.session.scalars(select(CalendarBusy.id)).all() == first


def stored_busy(db, user) -> list[tuple[datetime, datetime]]:
    rows = db.session.execute(
        select(CalendarBusy.starts_at, CalendarBusy.ends_at).where(CalendarBusy.user_id == user.id)
    )
    return [tuple(row) for row in rows]


def test_an_ics_subscription_blocks_its_busy_events(db, office, radicale):
    """Groupware that only publishes an address: Radicale serves a calendar whole on GET."""
    counsellor, _ = office
    remote_calendar = open_calendar(radicale)
    remote_calendar.put(event("meeting", "20261117T100000", "20261117T110000"))
    remote_calendar.put(event("free", "20261117T090000", "20261117T100000", "TRANSP:TRANSPARENT"))
    connections.connect(
        counsellor, kind="ics", url=remote_calendar.url, username=USER, password=PASSWORD
    )
    db.session.commit()
    run_sync(db)
    remote_calendar.calendar.delete()
    remote_calendar.calendar.client.close()
    assert free_times(counsellor, TUESDAY) == ["09:00", "11:00"]
