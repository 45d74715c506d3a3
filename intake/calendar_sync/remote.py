"""Talking to a counsellor's calendar server (CalDAV through the `caldav` library, or a
published .ics address). Only the background worker and the counsellor's own settings page
call this module; no public request ever does. Failures become CalendarError codes: the
server's own words never reach a page or a log (they may repeat the address or a user name)."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit
from xml.sax.saxutils import escape

import caldav
from caldav.lib import error as dav_error

TIMEOUT_SECONDS = 15
ICAL = {"Content-Type": "text/calendar; charset=utf-8"}
CALDAV_NS = "{urn:ietf:params:xml:ns:caldav}"


class CalendarError(Exception):
    """`code` is one of errors.MESSAGES' keys."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


class Conflict(Exception):
    """412: the event changed on the server since we last read it."""


@dataclass(frozen=True)
class FoundCalendar:
    url: str
    name: str


@dataclass(frozen=True)
class Account:
    url: str
    username: str
    password: str


def _client(account: Account) -> caldav.DAVClient:
    return caldav.DAVClient(
        url=account.url,
        username=account.username or None,
        password=account.password or None,
        timeout=TIMEOUT_SECONDS,
        enable_rfc6764=False,
    )


@contextmanager
def _talking() -> Iterator[None]:
    """Every failure of the exchange as one of our codes."""
    try:
        yield
    except CalendarError:
        raise
    except dav_error.AuthorizationError as failure:
        raise CalendarError("refused") from failure
    except dav_error.NotFoundError as failure:
        raise CalendarError("not_found") from failure
    except dav_error.DAVError as failure:
        raise CalendarError("server_error") from failure
    except (OSError, ConnectionError) as failure:
        raise CalendarError("unreachable") from failure
    except ValueError as failure:
        raise CalendarError("bad_data") from failure
    except Exception as failure:
        # niquests' errors (refused connection, timeout) do not share a base with OSError.
        if type(failure).__module__.startswith(("niquests", "urllib3")):
            raise CalendarError("unreachable") from failure
        raise


def discover(account: Account) -> list[FoundCalendar]:
    """The calendars of the account's principal, found through current-user-principal and
    calendar-home-set (never a guessed path)."""
    with _talking(), _client(account) as client:
        principal = client.principal()
        found = [
            FoundCalendar(str(calendar.url), calendar.get_display_name() or "")
            for calendar in principal.calendars()
        ]
    if not found:
        raise CalendarError("no_calendars")
    return found


def read_busy_texts(account: Account, urls: list[str], start: datetime, end: datetime):
    """For each calendar: ("free-busy", VFREEBUSY text) when the server answers a free-busy
    REPORT, else ("events", [calendar objects]) from a calendar-query over the time range."""
    with _talking(), _client(account) as client:
        return [_read_one(client, url, start, end) for url in urls]


def _read_one(client, url: str, start: datetime, end: datetime):
    calendar = caldav.Calendar(client=client, url=url)
    try:
        return "free-busy", calendar.freebusy_request(start, end).data
    except dav_error.AuthorizationError:
        raise
    except dav_error.DAVError:
        return "events", calendar_query(client, url, start, end)


def calendar_query(client, url: str, start: datetime, end: datetime) -> list[str]:
    """Every VEVENT object with an instance in [start, end), unexpanded: the caller expands."""
    body = CALENDAR_QUERY.format(start=_stamp(start), end=_stamp(end))
    response = client.report(url, body, depth=1)
    if response.status >= 400:
        raise dav_error.ReportError(str(response.status))
    return [
        element.text for element in response.tree.iter(f"{CALDAV_NS}calendar-data") if element.text
    ]


CALENDAR_QUERY = """<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:getetag/><C:calendar-data/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
    <C:time-range start="{start}" end="{end}"/>
  </C:comp-filter></C:comp-filter></C:filter>
</C:calendar-query>"""


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def read_subscription(account: Account) -> str:
    """A published .ics address, read whole."""
    with _talking(), _client(account) as client:
        response = client.request(account.url, "GET")
        if response.status in (401, 403):
            raise CalendarError("refused")
        if response.status == 404:
            raise CalendarError("not_found")
        if response.status >= 400:
            raise CalendarError("server_error")
        text = response.raw if isinstance(response.raw, str) else response.raw.decode("utf-8")
    if "BEGIN:VCALENDAR" not in text:
        raise CalendarError("bad_data")
    return text


def put_event(account: Account, href: str, body: bytes, *, etag: str | None) -> str | None:
    """Create (If-None-Match: *) or replace (If-Match) one event; returns its new ETag.
    Raises Conflict on 412."""
    headers = dict(ICAL)
    if etag is None:
        headers["If-None-Match"] = "*"
    else:
        headers["If-Match"] = etag
    with _talking(), _client(account) as client:
        response = client.request(href, "PUT", body, headers)
        _check(response)
        etag = response.headers.get("ETag")
    return etag or read_event(account, href)[0]


def delete_event(account: Account, href: str, *, etag: str | None) -> None:
    """Delete one event (If-Match); gone already is fine. Raises Conflict on 412."""
    headers = {"If-Match": etag} if etag else {}
    with _talking(), _client(account) as client:
        response = client.request(href, "DELETE", "", headers)
        if response.status != 404:
            _check(response)


def read_event(account: Account, href: str) -> tuple[str | None, str | None]:
    """(ETag, body) of one event as the server has it now; (None, None) when gone."""
    with _talking(), _client(account) as client:
        response = client.request(href, "GET")
        if response.status == 404:
            return None, None
        _check(response)
        raw = response.raw
        return response.headers.get("ETag"), raw if isinstance(raw, str) else raw.decode()


def _check(response) -> None:
    if response.status == 412:
        raise Conflict()
    if response.status in (401, 403):
        raise CalendarError("refused")
    if response.status >= 400:
        raise CalendarError("server_error")


def event_href(calendar_url: str, uid: str) -> str:
    """Where an event of ours lives: the calendar's address and a name made from the UID."""
    name = "".join(char if char.isalnum() or char in "-_." else "-" for char in uid)
    return urljoin(calendar_url.rstrip("/") + "/", f"{name}.ics")


class SyncUnsupported(Exception):
    """The server refused sync-collection (or this token): read the calendar whole."""


@dataclass(frozen=True)
class Changes:
    """A sync-collection answer: the new token, changed events (address → (ETag, text)),
    and the addresses of deleted events."""

    token: str
    changed: dict[str, tuple[str, str]]
    deleted: list[str]


SYNC_COLLECTION = """<?xml version="1.0" encoding="utf-8"?>
<D:sync-collection xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:sync-token>{token}</D:sync-token>
  <D:sync-level>1</D:sync-level>
  <D:prop><D:getetag/><C:calendar-data/></D:prop>
</D:sync-collection>"""


def changes_since(account: Account, url: str, token: str | None) -> Changes:
    """What changed in one calendar since `token` (everything when None), RFC 6578."""
    body = SYNC_COLLECTION.format(token=escape(token or ""))
    headers = {"Depth": "1", "Content-Type": "application/xml; charset=utf-8"}
    with _talking(), _client(account) as client:
        response = client.request(url, "REPORT", body, headers)
        if response.status == 404:
            raise CalendarError("not_found")
        tree = response.tree if response.status == 207 else None
        new_token = tree.find("{DAV:}sync-token") if tree is not None else None
        if new_token is None or not new_token.text:
            raise SyncUnsupported()
        changed, without_data, deleted = _sync_entries(url, tree)
        if without_data:  # servers may leave calendar-data out (Xandikos does): fetch them
            changed.update(_multiget(client, url, without_data))
    return Changes(new_token.text, changed, deleted)


def _sync_entries(url: str, tree):
    """Changed events with their data, changed ones whose data was left out, deleted ones."""
    changed: dict[str, tuple[str, str]] = {}
    without_data: list[str] = []
    deleted: list[str] = []
    for entry in tree.iter("{DAV:}response"):
        href = urljoin(url, (entry.findtext("{DAV:}href") or "").strip())
        data = entry.find(f".//{CALDAV_NS}calendar-data")
        if "404" in (entry.findtext("{DAV:}status") or ""):
            deleted.append(href)
        elif data is not None and data.text:
            changed[href] = (entry.findtext(".//{DAV:}getetag") or "", data.text)
        elif href.rstrip("/") != url.rstrip("/"):
            without_data.append(href)
    return changed, without_data, deleted


MULTIGET = """<?xml version="1.0" encoding="utf-8"?>
<C:calendar-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:getetag/><C:calendar-data/></D:prop>
  {hrefs}
</C:calendar-multiget>"""


def _multiget(client, url: str, hrefs: list[str]) -> dict[str, tuple[str, str]]:
    listed = "".join(f"<D:href>{escape(urlsplit(href).path)}</D:href>" for href in hrefs)
    headers = {"Depth": "1", "Content-Type": "application/xml; charset=utf-8"}
    response = client.request(url, "REPORT", MULTIGET.format(hrefs=listed), headers)
    if response.status != 207:
        raise CalendarError("server_error")
    changed, _missing, _deleted = _sync_entries(url, response.tree)
    return changed
