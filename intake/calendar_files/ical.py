"""Build iCalendar objects with the icalendar package; routes and mails only serialise them."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from ical.calendar import Calendar as ZoneCalendar
from ical.calendar_stream import IcsCalendarStream
from ical.timezone import Timezone as ZoneRules
from icalendar import Calendar, Event, Timezone, vCalAddress, vDDDTypes, vInt, vText

PRODID = "-//Integrations- und Auslaenderbeauftragte Dresden//intake//DE"


@dataclass(frozen=True)
class EventText:
    """What an event says, already in the reader's language; never a topic or description."""

    summary: str
    description: str
    location: str


@cache
def timezone_block(tzid: str) -> Timezone:
    """The VTIMEZONE for `tzid`, built once per process and shared by every calendar: the zone
    database's current rule as yearly RRULEs (the `ical` package reads it from the TZif
    file). icalendar's own generator lists the changes as one multi-date RDATE, of which
    ical.js and vobject read only the first date, and puts the spring change an hour late."""
    rules = ZoneCalendar(timezones=[ZoneRules.from_tzif(tzid)])
    return Calendar.from_ical(IcsCalendarStream.calendar_to_ics(rules)).walk("VTIMEZONE")[0]


def new_calendar(tzid: str, *, method: str | None = None, name: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    calendar.add_component(timezone_block(tzid))
    return calendar


def appointment_event(
    *,
    uid: str,
    sequence: int,
    start: datetime,
    end: datetime,
    tz: ZoneInfo,
    text: EventText,
    stamp: datetime,
    status: str = "CONFIRMED",
    organizer: tuple[str, str] | None = None,
    attendee: tuple[str | None, str] | None = None,
) -> Event:
    """One appointment; DTSTART/DTEND carry TZID so calendars show office time. `status` is
    TENTATIVE, CONFIRMED or CANCELLED; organizer and attendee are (name, e-mail)."""
    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", stamp)
    event.add("dtstart", start.astimezone(tz))
    event.add("dtend", end.astimezone(tz))
    event.add("summary", vText(text.summary))
    event.add("description", vText(text.description))
    event.add("location", vText(text.location))
    event.add("status", status)
    event.add("transp", "OPAQUE")
    if organizer:
        event.add("organizer", calendar_address(*organizer))
    if attendee:
        # RSVP=FALSE: nobody reads replies; changes go through the manage link.
        address = calendar_address(*attendee)
        address.params.update(partstat="NEEDS-ACTION", rsvp="FALSE")
        event.add("attendee", address)
    return event


def calendar_address(name: str | None, email: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["cn"] = vText(name)
    return address


def feed_event(
    *,
    uid: str,
    sequence: int,
    start: datetime,
    end: datetime,
    tz: ZoneInfo,
    summary: str,
    tentative: bool,
    stamp: datetime,
) -> Event:
    """A lean event for subscriptions: what a calendar needs and nothing else. Values are
    typed here, not inferred by add(), which keeps a feed of 1,000 events fast."""
    event = Event()
    event["uid"] = vText(uid)
    event["sequence"] = vInt(sequence)
    event["dtstamp"] = vDDDTypes(stamp)
    event["dtstart"] = vDDDTypes(start.astimezone(tz))
    event["dtend"] = vDDDTypes(end.astimezone(tz))
    event["summary"] = vText(summary)
    event["status"] = vText("TENTATIVE" if tentative else "CONFIRMED")
    return event


def closure_event(
    day: date,
    start: time | None,
    end: time | None,
    *,
    tz: ZoneInfo,
    summary: str,
    uid: str,
    stamp: datetime,
) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("summary", vText(summary))
    if start and end:
        event.add("dtstart", datetime.combine(day, start, tzinfo=tz))
        event.add("dtend", datetime.combine(day, end, tzinfo=tz))
    else:
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    return event


def serialise(calendar: Calendar, events: Iterable[Event] = ()) -> bytes:
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()
