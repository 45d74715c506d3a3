"""Send what the outbox holds: each message claimed once, retried with backoff, never lost."""

import logging
import smtplib
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError

from intake.core.database import begin_write
from intake.core.security import keyed_hash
from intake.extensions import db
from intake.models import OutboxMessage, OutboxStatus

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# A message claimed this long ago by a worker that died is tried again.
STALE_CLAIM = timedelta(minutes=15)
WRITE_ATTEMPTS = 8

Transport = Callable[[EmailMessage], None]


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes, at most six hours."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), timedelta(hours=6))


def build_email(message: OutboxMessage) -> EmailMessage:
    """EmailMessage refuses line breaks in headers, so nothing typed can add a header."""
    config = current_app.config
    email = EmailMessage()
    email["Subject"] = message.subject
    email["From"] = formataddr((config["OFFICE_NAME"], config["MAIL_DEFAULT_SENDER"]))
    email["To"] = message.recipient
    email["Message-ID"] = message.message_id
    email["Date"] = format_datetime(message.created_at)
    # RFC 3834: every message here is written by the system, so auto-responders stay quiet.
    email["Auto-Submitted"] = "auto-generated"
    email.set_content(message.body_text)
    if message.body_html:
        email.add_alternative(message.body_html, subtype="html")
    if message.ics:
        email.add_attachment(
            message.ics.encode(),
            maintype="text",
            subtype="calendar",
            filename="termin.ics",
            params={"method": message.ics_method or "PUBLISH", "charset": "utf-8"},
        )
    if message.locale:  # set last: making the parts moves every Content-* header into them
        email["Content-Language"] = message.locale
    return email


def smtp_transport(email: EmailMessage) -> None:
    config = current_app.config
    with smtplib.SMTP(
        config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"]
    ) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(email)


def log_transport(email: EmailMessage) -> None:
    """Development without a mail server: say what would be sent, without the body."""
    log.info("mail (not sent, no MAIL_SERVER): %s to %s", email["Subject"], email["To"])


def default_transport() -> Transport:
    return smtp_transport if current_app.config["MAIL_SERVER"] else log_transport


def _write(change: Callable[[], object], *, attempts: int = WRITE_ATTEMPTS) -> object:
    """Run `change` in its own write transaction (BEGIN IMMEDIATE on SQLite, as the web does)
    and commit it; a busy or briefly unreachable database is retried, not fatal."""
    for attempt in range(1, attempts + 1):
        try:
            begin_write()
            result = change()
            db.session.commit()
            return result
        except OperationalError:
            db.session.rollback()
            if attempt == attempts:
                raise
            log.warning("database busy while recording mail; retry %d", attempt)
            time.sleep(min(0.05 * 2**attempt, 2))
    raise AssertionError("unreachable")


def _claim(message_id: int, now: datetime) -> bool:
    """Only one worker can move a message from queued to sending."""

    def change() -> int:
        return db.session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id == message_id,
                (OutboxMessage.status == OutboxStatus.QUEUED)
                | (
                    (OutboxMessage.status == OutboxStatus.SENDING)
                    & (OutboxMessage.next_attempt_at <= now - STALE_CLAIM)
                ),
            )
            .values(status=OutboxStatus.SENDING, next_attempt_at=now)
        ).rowcount

    return _write(change) == 1


def due_ids(now: datetime, limit: int) -> list[int]:
    ids = list(
        db.session.scalars(
            select(OutboxMessage.id)
            .where(
                OutboxMessage.status.in_([OutboxStatus.QUEUED, OutboxStatus.SENDING]),
                OutboxMessage.next_attempt_at <= now,
            )
            .order_by(OutboxMessage.id)
            .limit(limit)
        )
    )
    db.session.rollback()  # end the read, so the next write can take the lock up front
    return ids


def send_due(now: datetime, *, transport: Transport | None = None, limit: int = 100) -> int:
    """Send every due message; returns how many went out. Failures stay queued. A message
    the server accepted is recorded as sent however long the database stays busy, so it is
    never handed over twice."""
    transport = transport or default_transport()
    sent = 0
    for message_id in _accepted_unrecorded() + due_ids(now, limit):
        if message_id in _ACCEPTED:
            sent += _record(message_id, _ACCEPTED[message_id], None)
            continue
        if not _claim(message_id, now):
            continue
        sent += _deliver(message_id, transport, now)
    return sent


# Messages the server accepted whose "sent" could not be written yet (kept per process).
_ACCEPTED: dict[int, datetime] = {}


def _accepted_unrecorded() -> list[int]:
    return list(_ACCEPTED)


def _deliver(message_id: int, transport: Transport, now: datetime) -> int:
    message = db.session.get(OutboxMessage, message_id)
    email = None
    error: Exception | None = None
    try:
        email = build_email(message)
        db.session.rollback()  # hold no read transaction while talking to the server
        transport(email)
    except ValueError as refused:
        error = refused  # a header the e-mail library refuses will never become sendable
    except (OSError, smtplib.SMTPException) as failure:
        error = failure
    if error is None:
        _ACCEPTED[message_id] = now
        return _record(message_id, now, None)
    return _record(message_id, None, (error, email is None or isinstance(error, ValueError), now))


def _record(message_id: int, sent_at: datetime | None, failure) -> int:
    def change() -> int:
        message = db.session.get(OutboxMessage, message_id)
        if sent_at is not None:
            message.status, message.sent_at = OutboxStatus.SENT, sent_at
            message.attempts += 1
            scrub(message, sent_at)
            return 1
        error, permanent, now = failure
        if permanent:
            message.attempts = MAX_ATTEMPTS - 1
        _failed(message, error, now)
        return 0

    result = _write(change)
    _ACCEPTED.pop(message_id, None)
    return result


def scrub(message: OutboxMessage, now: datetime) -> None:
    """Keep what delivery debugging needs (kind, recipient hash, times, status, Message-ID);
    the address, the text with its manage link and the calendar file go."""
    message.recipient_hash = message.recipient_hash or (
        keyed_hash(message.recipient) if message.recipient else None
    )
    message.recipient = ""
    message.subject = ""
    message.body_text = ""
    message.body_html = None
    message.ics = None
    if message.last_error:
        message.last_error = message.last_error.split(":", 1)[0]
    message.scrubbed_at = now


def _failed(message: OutboxMessage, error: Exception, now: datetime) -> None:
    message.attempts += 1
    message.last_error = f"{type(error).__name__}: {error}"[:500]
    if message.attempts >= MAX_ATTEMPTS:
        message.status = OutboxStatus.FAILED
        scrub(message, now)
        log.error("mail %s failed for good after %d attempts", message.id, message.attempts)
        return
    message.status = OutboxStatus.QUEUED
    message.next_attempt_at = now + backoff(message.attempts)
    log.warning("mail %s not sent (%s); retry later", message.id, type(error).__name__)
