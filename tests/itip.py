"""The restriction tables of iTIP (RFC 5546 §3.2.1, §3.2.2, §3.2.5) for the methods we send
(PUBLISH, REQUEST, CANCEL), as a checker: libical's icalrestriction_check is not reachable
from Python here, so this follows the RFC's tables, property by property."""

from collections import Counter

from icalendar import Calendar, Component

ANY = (0, None)
ONE = (1, 1)
OPTIONAL = (0, 1)
NEVER = (0, 0)

# Optional in a VEVENT of every method we send (the shared rows of the three tables).
EVENT_COMMON = {
    "ATTACH": ANY,
    "CATEGORIES": ANY,
    "CLASS": OPTIONAL,
    "COMMENT": ANY,
    "CONTACT": ANY,
    "CREATED": OPTIONAL,
    "DESCRIPTION": OPTIONAL,
    "DTEND": OPTIONAL,
    "DURATION": OPTIONAL,
    "EXDATE": ANY,
    "GEO": OPTIONAL,
    "LAST-MODIFIED": OPTIONAL,
    "LOCATION": OPTIONAL,
    "PRIORITY": OPTIONAL,
    "RDATE": ANY,
    "RECURRENCE-ID": OPTIONAL,
    "RELATED-TO": ANY,
    "RESOURCES": ANY,
    "RRULE": OPTIONAL,
    "TRANSP": OPTIONAL,
    "URL": OPTIONAL,
    "REQUEST-STATUS": NEVER,
}

EVENT_RULES = {
    "PUBLISH": EVENT_COMMON
    | {
        "DTSTAMP": ONE,
        "DTSTART": ONE,
        "ORGANIZER": ONE,
        "SUMMARY": ONE,
        "UID": ONE,
        "SEQUENCE": OPTIONAL,
        "STATUS": OPTIONAL,
        "ATTENDEE": NEVER,
    },
    "REQUEST": EVENT_COMMON
    | {
        "ATTENDEE": (1, None),
        "DTSTAMP": ONE,
        "DTSTART": ONE,
        "ORGANIZER": ONE,
        "SEQUENCE": OPTIONAL,
        "SUMMARY": ONE,
        "UID": ONE,
        "STATUS": OPTIONAL,
    },
    "CANCEL": EVENT_COMMON
    | {
        "ATTENDEE": ANY,
        "DTSTAMP": ONE,
        "ORGANIZER": ONE,
        "SEQUENCE": ONE,
        "UID": ONE,
        "DTSTART": OPTIONAL,
        "STATUS": OPTIONAL,
        "SUMMARY": OPTIONAL,
    },
}

STATUSES = {
    "PUBLISH": {"TENTATIVE", "CONFIRMED", "CANCELLED"},
    "REQUEST": {"TENTATIVE", "CONFIRMED"},
    "CANCEL": {"CANCELLED"},
}
# Components other than VEVENT and VTIMEZONE: how many each method allows.
OTHER_COMPONENTS = {
    "PUBLISH": {"VALARM": ANY},
    "REQUEST": {"VALARM": ANY},
    "CANCEL": {},
}
CALENDAR_RULES = {"METHOD": ONE, "PRODID": ONE, "VERSION": ONE, "CALSCALE": OPTIONAL}
OBSERVANCE_RULES = {
    "DTSTART": ONE,
    "TZOFFSETFROM": ONE,
    "TZOFFSETTO": ONE,
    "RRULE": OPTIONAL,
    "RDATE": ANY,
    "TZNAME": ANY,
    "COMMENT": ANY,
}
TIMEZONE_RULES = {"TZID": ONE, "LAST-MODIFIED": OPTIONAL, "TZURL": OPTIONAL}


def violations(ics: bytes | str) -> list[str]:
    """Every way the iCalendar object breaks the restriction table of its METHOD."""
    calendar = Calendar.from_ical(ics)
    method = str(calendar.get("METHOD", ""))
    if method not in EVENT_RULES:
        return [f"METHOD {method!r} is not one we send"]
    found = _counts(calendar, CALENDAR_RULES, "VCALENDAR")
    if str(calendar.get("VERSION")) != "2.0":
        found.append("VCALENDAR: VERSION must be 2.0")
    events = [c for c in calendar.subcomponents if c.name == "VEVENT"]
    if not events:
        found.append("VCALENDAR: needs at least one VEVENT")
    if len({str(event.get("UID")) for event in events}) > 1:
        found.append("VEVENT: all events must have the same UID")
    for event in events:
        found += _event(event, method)
    found += _components(calendar, method)
    return found


def _event(event: Component, method: str) -> list[str]:
    found = _counts(event, EVENT_RULES[method], f"{method} VEVENT")
    if "DTEND" in event and "DURATION" in event:
        found.append(f"{method} VEVENT: DTEND and DURATION together")
    if "STATUS" in event and str(event["STATUS"]) not in STATUSES[method]:
        found.append(f"{method} VEVENT: STATUS {event['STATUS']} not allowed")
    if "RECURRENCE-ID" in event and "RRULE" not in event:
        found.append(f"{method} VEVENT: RECURRENCE-ID without a recurring event")
    return found


def _components(calendar: Calendar, method: str) -> list[str]:
    found = []
    others = Counter(
        c.name for c in calendar.subcomponents if c.name not in ("VEVENT", "VTIMEZONE")
    )
    for name, count in others.items():
        low, high = OTHER_COMPONENTS[method].get(name, NEVER)
        if not name.startswith("X-") and (count < low or (high is not None and count > high)):
            found.append(f"{method}: {name} not allowed")
    for timezone in calendar.walk("VTIMEZONE"):
        found += _timezone(timezone)
    timezones = {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE") if "TZID" in tz}
    for event in calendar.walk("VEVENT"):
        for name, value in event.property_items(recursive=False):
            tzid = getattr(value, "params", {}).get("TZID")
            if tzid and tzid not in timezones:
                found.append(f"{name} uses TZID {tzid} without a VTIMEZONE")
    return found


def _timezone(timezone: Component) -> list[str]:
    found = _counts(timezone, TIMEZONE_RULES, "VTIMEZONE")
    observances = [c for c in timezone.subcomponents if c.name in ("STANDARD", "DAYLIGHT")]
    if not observances:
        found.append("VTIMEZONE: needs a STANDARD or DAYLIGHT")
    for observance in observances:
        found += _counts(observance, OBSERVANCE_RULES, observance.name)
    return found


def _counts(component: Component, rules: dict, where: str) -> list[str]:
    """Each listed property between its minimum and maximum; unlisted ones only as X-."""
    names = [name.upper() for name, _ in component.property_items(recursive=False)]
    names = [name for name in names if name not in ("BEGIN", "END")]
    found = [
        f"{where}: {name} not allowed"
        for name in sorted(set(names))
        if name not in rules and not name.startswith("X-")
    ]
    for name, (low, high) in rules.items():
        count = names.count(name)
        if count < low or (high is not None and count > high):
            found.append(f"{where}: {name} appears {count} time(s)")
    return found
