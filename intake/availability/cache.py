"""Free slots computed once per *availability generation* and shared by nothing but a number.

Every commit that touches what availability is made of (appointments, offers, working hours,
absences, busy time read from counsellors' own calendars, closures, settings, staff) bumps one
counter in Redis and publishes the new value.
A server reuses what it computed only while that counter is unchanged, for at most MAX_AGE, so
a slot taken through one server is gone from every other server's form at its next request.
Each server process reads the counter once and then learns of bumps from its subscription,
checked without waiting at every request: a page served from the cache costs no round trip to
Redis. Without a shared Redis (or while it is unreachable) nothing is cached. The database
still refuses a double booking whatever a cache shows."""

import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

import redis
from flask import Flask, current_app, g, has_app_context, request, session
from sqlalchemy import event
from sqlalchemy.orm import Session

from intake.availability import engine, services
from intake.models import OfficeSettings

log = logging.getLogger(__name__)

TRACKED_TABLES = frozenset(
    {
        "appointment",
        "slot_offer",
        "working_hours",
        "absence",
        "calendar_busy",
        "closure",
        "office_settings",
        "staff_user",
        "staff_language",
    }
)
MAX_AGE = 30.0
MAX_ENTRIES = 512
RETRY_AFTER_FAILURE = 5.0
SUBSCRIBE_TIMEOUT = 0.5
CHANGED = "availability_changed"


class SlotCache:
    """One per app (per server process): entries tagged with the generation they came from."""

    def __init__(self, client: redis.Redis, key: str):
        self.client, self.key, self.channel = client, key, f"{key}:bumped"
        self.entries: dict[tuple, tuple[int, float, object]] = {}
        self.lock = threading.Lock()
        self.down_until = 0.0
        self.listener: tuple[int, redis.client.PubSub] | None = None
        self.known = 0

    def generation(self) -> int | None:
        if time.monotonic() < self.down_until:
            return None
        try:
            with self.lock:
                return self._current()
        except redis.RedisError:
            self._lost()
            return None

    def _current(self) -> int:
        """The counter as of this moment: bumps already published are waiting in the
        subscription's socket and are read without blocking."""
        if self.listener is None or self.listener[0] != os.getpid():  # new, or a forked worker
            self.listener = (os.getpid(), self._subscribe())
            self.known = int(self.client.get(self.key) or 0)
        pubsub = self.listener[1]
        # Asking the connection first spares most requests redis-py's whole read path (a
        # tenth of a cached page's time); a closed connection also answers True and is then
        # noticed by get_message.
        while pubsub.connection.can_read(timeout=0):
            message = pubsub.get_message(timeout=0.0)
            if message is None:
                break
            if message["type"] == "message":
                self.known = max(self.known, int(message["data"]))
        return self.known

    def _subscribe(self) -> redis.client.PubSub:
        """Subscribed before the counter is read, so that no bump falls between the two."""
        pubsub = self.client.pubsub()
        pubsub.subscribe(self.channel)
        confirmation = pubsub.get_message(timeout=SUBSCRIBE_TIMEOUT)
        if confirmation is None or confirmation["type"] != "subscribe":
            pubsub.close()
            raise redis.ConnectionError("no subscription confirmation")
        return pubsub

    def bump(self) -> None:
        try:
            self.client.publish(self.channel, self.client.incr(self.key))
        except redis.RedisError:
            self._lost()

    def _lost(self) -> None:
        log.warning("availability cache: Redis unreachable; slots are computed on every request")
        self.down_until = time.monotonic() + RETRY_AFTER_FAILURE
        with self.lock:
            self.entries.clear()
            if self.listener is not None:
                self.listener[1].close()
            self.listener = None

    def get(self, key: tuple, generation: int):
        found = self.entries.get(key)
        if found and found[0] == generation and time.monotonic() - found[1] < MAX_AGE:
            return found[2]
        return None

    def put(self, key: tuple, generation: int, slots: list[engine.OpenSlot]) -> None:
        with self.lock:
            if len(self.entries) >= MAX_ENTRIES:
                self.entries.clear()
            self.entries[key] = (generation, time.monotonic(), slots)


def _cache() -> SlotCache | None:
    return current_app.extensions.get("availability_cache") if has_app_context() else None


def open_slots(
    first_day: date,
    last_day: date,
    *,
    now: datetime,
    language: str | None = None,
    mode: str | None = None,
    counsellor_ids: list[int] | None = None,
) -> list[engine.OpenSlot]:
    """services.open_slots, reused within one generation and one minute of `now`."""
    people = tuple(sorted(counsellor_ids)) if counsellor_ids is not None else None
    key = ("slots", first_day, last_day, language, mode, people, int(now.timestamp() // 60))
    options = {"language": language, "mode": mode, "counsellor_ids": counsellor_ids}
    return shared(key, lambda: services.open_slots(first_day, last_day, now=now, **options))


def rendered(name: tuple, render: Callable[[], str]) -> str:
    """A page that changes only with its key and with availability (the landing page shows
    closures): rendered once per generation. A page with a flashed message is never shared."""
    if _may_hold_flashes():
        return render()
    return shared(("page", *name), render)


def _may_hold_flashes() -> bool:
    """Without a session cookie there is nothing to flash: no need to open the session."""
    cookie = current_app.session_interface.get_cookie_name(current_app)
    return cookie in request.cookies and "_flashes" in session


def shared(name: tuple, compute: Callable[[], object]):
    """A value that changes only with its key and with availability, computed once per
    generation; computed every time while the generation cannot be read."""
    cache = _cache()
    generation = cache.generation() if cache else None
    if generation is None:
        return compute()
    value = cache.get(name, generation)
    if value is None:
        value = compute()
        cache.put(name, generation, value)
    return value


def _shared_url(app: Flask) -> str:
    url = str(app.config["AVAILABILITY_CACHE_URL"] or app.config["RATELIMIT_STORAGE_URI"])
    return url if url.startswith(("redis://", "rediss://")) else ""


def init_app(app: Flask) -> None:
    url = _shared_url(app)
    if not url:
        return
    client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
    prefix = app.config.get("RATELIMIT_KEY_PREFIX") or "intake"
    app.extensions["availability_cache"] = SlotCache(client, f"{prefix}:availability-generation")


def _touches_availability(instances) -> bool:
    return any(getattr(obj, "__tablename__", None) in TRACKED_TABLES for obj in instances)


@event.listens_for(Session, "before_flush")
def _note_changed_rows(session, _context, _instances) -> None:
    if _touches_availability([*session.new, *session.dirty, *session.deleted]):
        session.info[CHANGED] = True


@event.listens_for(Session, "do_orm_execute")
def _note_bulk_statements(state) -> None:
    """UPDATE … WHERE status = 'requested' and the like never pass through a flush."""
    if state.is_update or state.is_delete or state.is_insert:
        table = getattr(state.statement, "table", None)
        if getattr(table, "name", None) in TRACKED_TABLES:
            state.session.info[CHANGED] = True


@event.listens_for(Session, "after_commit")
def _bump_after_commit(session) -> None:
    if session.info.pop(CHANGED, False):
        cache = _cache()
        if cache is not None:
            cache.bump()


@event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session) -> None:
    session.info.pop(CHANGED, None)


@dataclass(frozen=True)
class RetentionPeriods:
    retention_closed_days: int
    retention_unanswered_days: int


def retention_periods() -> RetentionPeriods:
    """The retention periods the public pages state, read once per generation (a change of
    the settings bumps it)."""

    def read() -> RetentionPeriods:
        # Kept on `g` so that the session's identity map holds the row for the rest of the
        # request: the slot rules read the same settings without a second query.
        settings = g.office_settings = OfficeSettings.current()
        return RetentionPeriods(settings.retention_closed_days, settings.retention_unanswered_days)

    return shared(("retention",), read)
