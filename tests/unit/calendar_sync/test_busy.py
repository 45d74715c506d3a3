"""Reading busy time out of iCalendar data: what blocks, and when."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from intake.calendar_sync import busy

OFFICE = ZoneInfo("Europe/Berlin")
START, END = datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC)

FREE_BUSY = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//tests//EN\r
BEGIN:VFREEBUSY\r
DTSTART:20261101T000000Z\r
DTEND:20261201T000000Z\r
FREEBUSY;FBTYPE=BUSY:20261117T090000Z/20261117T100000Z,20261118T090000Z/PT1H\r
FREEBUSY;FBTYPE=FREE:20261119T090000Z/20261119T100000Z\r
FREEBUSY;FBTYPE=BUSY-TENTATIVE:20261120T000000Z/20261121T000000Z\r
END:VFREEBUSY\r
END:VCALENDAR\r
"""


def utc(*parts) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_free_busy_periods_block_except_free_ones():
    found = busy.busy_in_free_busy(FREE_BUSY, OFFICE)
    assert (utc(2026, 11, 17, 9), utc(2026, 11, 17, 10)) in found
    assert (utc(2026, 11, 18, 9), utc(2026, 11, 18, 10)) in found
    free = (utc(2026, 11, 19, 9), utc(2026, 11, 19, 10))
    assert not any(start < free[1] and free[0] < end for start, end in found)


def test_a_whole_utc_day_from_free_busy_blocks_the_office_day():
    found = busy.busy_in_free_busy(FREE_BUSY, OFFICE)
    assert (utc(2026, 11, 19, 23), utc(2026, 11, 20, 23)) in found


def test_a_floating_time_is_office_time():
    text = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:f\r\n"
        "DTSTAMP:20261101T000000Z\r\nDTSTART:20261117T100000\r\nDTEND:20261117T110000\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    assert busy.busy_in_calendars([text], START, END, OFFICE) == [
        (utc(2026, 11, 17, 9), utc(2026, 11, 17, 10))
    ]


def test_an_event_without_end_takes_its_duration():
    text = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:d\r\n"
        "DTSTAMP:20261101T000000Z\r\nDTSTART:20261117T100000Z\r\nDURATION:PT90M\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    assert busy.busy_in_calendars([text], START, END, OFFICE) == [
        (utc(2026, 11, 17, 10), utc(2026, 11, 17, 11, 30))
    ]


def test_touching_spans_are_merged():
    spans = [
        (utc(2026, 11, 17, 9), utc(2026, 11, 17, 10)),
        (utc(2026, 11, 17, 10), utc(2026, 11, 17, 11)),
    ]
    assert busy.merge(spans) == [(utc(2026, 11, 17, 9), utc(2026, 11, 17, 11))]
