"""A counsellor connects, sets up and removes their own calendar (the settings page calls
these; discovery and the first read talk to the counsellor's server, never on a public page)."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete

from intake.calendar_sync import errors, passwords, remote
from intake.core.domain import DomainError
from intake.extensions import db
from intake.models import (
    BusyCalendar,
    CalendarBusy,
    CalendarConnection,
    ConnectionKind,
    User,
)
from intake.models.audit import record


class ConnectionRefused(DomainError):
    """The server did not let us in, or had nothing to read; the reason in its words."""

    field = "url"
    status = 422


class KeyNotConfigured(DomainError):
    field = "url"
    status = 422
    message = _l(
        "Calendars cannot be connected: the administrator has not set CALENDAR_SECRET_KEY."
    )


def _refused(failure: remote.CalendarError) -> ConnectionRefused:
    return ConnectionRefused(
        _l("The calendar could not be connected: %(reason)s.", reason=errors.message(failure.code)),
        field="password" if failure.code == "refused" else "url",
    )


def discover(*, kind: str, url: str, username: str, password: str) -> list[remote.FoundCalendar]:
    """Ask the server before anything is stored (and before a write transaction opens):
    CalDAV calendars through discovery; an .ics address is read once to prove it works."""
    account = remote.Account(url, username, password)
    try:
        if kind == ConnectionKind.ICS:
            remote.read_subscription(account)
            return []
        return remote.discover(account)
    except remote.CalendarError as failure:
        raise _refused(failure) from None


def connect(
    user: User,
    *,
    kind: str,
    url: str,
    username: str,
    password: str,
    found: list[remote.FoundCalendar] | None = None,
) -> CalendarConnection:
    """Replace the counsellor's connection with this one; its calendars (from `found`, or
    discovered now) all count as busy until the counsellor chooses."""
    if found is None:
        found = discover(kind=kind, url=url, username=username, password=password)
    try:
        encrypted = passwords.encrypt(password) if password else None
    except passwords.KeyMissing:
        raise KeyNotConfigured() from None
    disconnect(user, audit=False)
    connection = CalendarConnection(
        user_id=user.id, kind=kind, url=url, username=username, password_encrypted=encrypted
    )
    connection.calendars = [BusyCalendar(url=c.url, name=c.name[:200], busy=True) for c in found]
    db.session.add(connection)
    record("calendar_connected", actor_id=user.id, obj=user, detail=kind)
    return connection


def choose(connection: CalendarConnection, *, busy_ids: set[int], write_id: int | None) -> None:
    """Which calendars block slots, and which one (or none) receives confirmed appointments."""
    write_url = None
    for calendar in connection.calendars:
        calendar.busy = calendar.id in busy_ids
        if calendar.id == write_id:
            write_url = calendar.url
    connection.write_url = write_url
    record("calendar_chosen", actor_id=connection.user_id, obj=connection.user)


def disconnect(user: User, *, audit: bool = True) -> None:
    """Forget the connection, its password and the busy time read from it. Events already
    written stay in the counsellor's calendar (it is theirs)."""
    db.session.execute(delete(CalendarBusy).where(CalendarBusy.user_id == user.id))
    existing = db.session.scalar(
        db.select(CalendarConnection).where(CalendarConnection.user_id == user.id)
    )
    if existing is not None:
        db.session.delete(existing)
        db.session.flush()
    if audit:
        record("calendar_disconnected", actor_id=user.id, obj=user)
