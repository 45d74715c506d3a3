"""iCalendar output: RFC 5545 form, time zones, and no way for user text to add properties."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from intake.calendar_files.ical import (
    EventText,
    appointment_event,
    closure_event,
    new_calendar,
    serialise,
)

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 16, 8, tzinfo=UTC)


def one_event(text: EventText, *, method="REQUEST", status="CONFIRMED", attendee=None) -> bytes:
    event = appointment_event(
        uid="abc@intake",
        sequence=2,
        start=datetime(2026, 3, 30, 7, tzinfo=UTC),
        end=datetime(2026, 3, 30, 8, tzinfo=UTC),
        tz=BERLIN,
        text=text,
        stamp=NOW,
        status=status,
        attendee=attendee,
        organizer=("Integrations- und Ausländerbeauftragte", "office@example.org"),
    )
    return serialise(new_calendar("Europe/Berlin", method=method), [event])


PLAIN = EventText("Erstberatung", "Vorgangsnummer: EB-7K3M-Q9\nTelefon: 0351-4882131", "Büro")


def test_event_has_the_fields_calendars_need():
    calendar = Calendar.from_ical(one_event(PLAIN))
    [event] = calendar.walk("VEVENT")
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(event["UID"]) == "abc@intake"
    assert int(event["SEQUENCE"]) == 2
    assert event["DTSTART"].dt == datetime(2026, 3, 30, 9, tzinfo=BERLIN)
    assert event["DTSTART"].dt.utcoffset().total_seconds() == 7200, "summer time after the change"
    assert str(event["DTSTART"].params["TZID"]) == "Europe/Berlin"
    assert event["DTSTAMP"].dt == NOW
    assert "mailto:office@example.org" in str(event["ORGANIZER"])
    assert str(event["LOCATION"]) == "Büro"
    assert "EB-7K3M-Q9" in str(event["DESCRIPTION"])


def test_every_tzid_has_a_vtimezone():
    calendar = Calendar.from_ical(one_event(PLAIN))
    tzids = {str(c["TZID"]) for c in calendar.walk("VTIMEZONE")}
    used = {str(e["DTSTART"].params["TZID"]) for e in calendar.walk("VEVENT")}
    assert used <= tzids


def test_output_uses_crlf_and_folds_lines_at_75_octets():
    raw = one_event(EventText("x" * 200, "ü" * 120, "Büro"))
    assert b"\r\n" in raw
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))


@pytest.mark.parametrize(
    "evil",
    [
        "Nour\r\nATTENDEE:mailto:evil@example.org",
        "Nour\rORGANIZER:mailto:evil@example.org",
        "x\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:fake",
        "a;b,c\\d:e",
    ],
)
def test_user_text_cannot_add_properties_or_events(evil):
    calendar = Calendar.from_ical(one_event(EventText(evil, evil, evil)))
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    assert "ATTENDEE" not in events[0]
    assert str(events[0]["ORGANIZER"]) == "mailto:office@example.org"


def test_cancel_marks_the_event_cancelled():
    calendar = Calendar.from_ical(one_event(PLAIN, method="CANCEL", status="CANCELLED"))
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(calendar.walk("VEVENT")[0]["STATUS"]) == "CANCELLED"


def test_whole_day_and_partial_closures():
    whole = closure_event(
        date(2026, 11, 13), None, None, tz=BERLIN, summary="zu", uid="c1", stamp=NOW
    )
    part = closure_event(
        date(2026, 11, 20), time(9), time(12), tz=BERLIN, summary="zu", uid="c2", stamp=NOW
    )
    calendar = Calendar.from_ical(serialise(new_calendar("Europe/Berlin"), [whole, part]))
    first, second = calendar.walk("VEVENT")
    assert first["DTSTART"].dt == date(2026, 11, 13)
    assert second["DTSTART"].dt == datetime(2026, 11, 20, 9, tzinfo=BERLIN)


def test_feed_event_is_tentative_until_confirmed_and_keeps_office_time():
    from intake.calendar_files.ical import feed_event

    start = datetime(2026, 10, 26, 8, tzinfo=UTC)  # Monday after the clocks went back
    events = [
        feed_event(
            uid=f"u{n}",
            sequence=n,
            start=start,
            end=start,
            tz=BERLIN,
            summary="EB-7K3M-Q9 · Am Telefon",
            tentative=tentative,
            stamp=NOW,
        )
        for n, tentative in enumerate((True, False))
    ]
    calendar = Calendar.from_ical(serialise(new_calendar("Europe/Berlin"), events))
    first, second = calendar.walk("VEVENT")
    assert (str(first["STATUS"]), str(second["STATUS"])) == ("TENTATIVE", "CONFIRMED")
    assert first["DTSTART"].dt == datetime(2026, 10, 26, 9, tzinfo=BERLIN)
    assert str(first["DTSTART"].params["TZID"]) == "Europe/Berlin"


def test_vtimezone_changes_the_clocks_at_one_utc_by_yearly_rules():
    """Both changes happen at 01:00 UTC: 02:00 +01:00 in spring, 03:00 +02:00 in autumn."""
    [timezone] = Calendar.from_ical(one_event(PLAIN)).walk("VTIMEZONE")
    for name, local in (("DAYLIGHT", time(2)), ("STANDARD", time(3))):
        [observance] = [c for c in timezone.subcomponents if c.name == name]
        start = observance["DTSTART"].dt
        assert start.time() == local
        assert (datetime.combine(start.date(), local) - observance["TZOFFSETFROM"].td).hour == 1
        assert observance["RRULE"]["BYDAY"] == ["-1SU"]
        assert "RDATE" not in observance


@pytest.mark.parametrize("evil", ["Nour\r\nORGANIZER:mailto:evil@example.org", 'a";RSVP=TRUE:x'])
def test_the_attendee_name_cannot_add_properties(evil):
    raw = one_event(PLAIN, attendee=(evil, "nour@example.org"))
    [event] = Calendar.from_ical(raw).walk("VEVENT")
    assert str(event["ORGANIZER"]) == "mailto:office@example.org"
    assert str(event["ATTENDEE"]) == "mailto:nour@example.org"
    assert event["ATTENDEE"].params["RSVP"] == "FALSE"


def test_a_tentative_event_says_so():
    [event] = Calendar.from_ical(one_event(PLAIN, status="TENTATIVE")).walk("VEVENT")
    assert str(event["STATUS"]) == "TENTATIVE"
