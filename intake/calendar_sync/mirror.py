"""What a connected calendar holds, kept between reads: per event address its ETag and busy
spans (times only), brought up to date with sync-collection so that a read of an unchanged
calendar of a thousand events asks the server for nothing but the changes."""

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from intake.calendar_files import ical
from intake.calendar_sync import busy, remote
from intake.models import BusyCalendar

# A full read covers this much more than needed, so the window can move for weeks before
# the calendar is read whole again.
READ_AHEAD = timedelta(days=35)


def busy_of_calendar(
    account: remote.Account, source: BusyCalendar, start: datetime, end: datetime, tz: ZoneInfo
) -> list[busy.Span]:
    """Busy spans of one calendar within [start, end), in UTC."""
    try:
        if _covers(source, start, end) and source.sync_token:
            try:
                _apply(source, remote.changes_since(account, source.url, source.sync_token), tz)
            except remote.SyncUnsupported:  # the token expired: read it whole
                _read_whole(account, source, start, end + READ_AHEAD, tz)
        else:
            _read_whole(account, source, start, end + READ_AHEAD, tz)
    except remote.SyncUnsupported:
        return _without_sync(account, source, start, end, tz)
    return _clip(_all_spans(source), start, end)


def _covers(source: BusyCalendar, start: datetime, end: datetime) -> bool:
    if source.mirror_from is None or source.mirror_until is None:
        return False
    return source.mirror_from <= start and source.mirror_until >= end


def _read_whole(account, source: BusyCalendar, start: datetime, end: datetime, tz) -> None:
    changes = remote.changes_since(account, source.url, None)
    source.mirror, source.mirror_from, source.mirror_until = "{}", start, end
    _apply(source, changes, tz)


def _apply(source: BusyCalendar, changes: remote.Changes, tz: ZoneInfo) -> None:
    """Changed events are expanded again; deleted ones dropped; the new token kept."""
    mirror = json.loads(source.mirror or "{}")
    start, end = source.mirror_from, source.mirror_until
    for href in changes.deleted:
        mirror.pop(href, None)
    for href, (etag, text) in changes.changed.items():
        if _ours(text):
            mirror[href] = [etag, []]
            continue
        try:
            spans = busy.busy_in_calendars([text], start, end, tz)
        except ValueError as failure:  # one unreadable event must not hide all the others
            raise remote.CalendarError("bad_data") from failure
        mirror[href] = [etag, [[a.timestamp(), b.timestamp()] for a, b in spans]]
    source.mirror = json.dumps(mirror, separators=(",", ":"))
    source.sync_token = changes.token


def _all_spans(source: BusyCalendar) -> list[busy.Span]:
    spans = []
    for _etag, pairs in json.loads(source.mirror or "{}").values():
        spans.extend(
            (datetime.fromtimestamp(a, UTC), datetime.fromtimestamp(b, UTC)) for a, b in pairs
        )
    return busy.merge(spans)


def _without_sync(account, source: BusyCalendar, start, end, tz) -> list[busy.Span]:
    """A server without sync-collection: a free-busy REPORT where it has one, otherwise a
    calendar-query expanded here; nothing is kept between reads."""
    source.sync_token = source.mirror = source.mirror_from = source.mirror_until = None
    ((kind, data),) = remote.read_busy_texts(account, [source.url], start, end)
    if kind == "free-busy":
        return _clip(busy.busy_in_free_busy(data, tz), start, end)
    return busy.busy_in_calendars([text for text in data if not _ours(text)], start, end, tz)


def _ours(text: str) -> bool:
    """An appointment this office wrote: its time is blocked by the appointment itself, and
    it must stop blocking the moment the appointment is cancelled here."""
    return ical.PRODID in text


def _clip(spans: list[busy.Span], start: datetime, end: datetime) -> list[busy.Span]:
    return [(max(a, start), min(b, end)) for a, b in spans if b > start and a < end]
