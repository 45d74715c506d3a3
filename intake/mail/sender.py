"""Send what the outbox holds: each message claimed once, retried with backoff, never lost."""

import logging
import smtplib
from collections.abc import Callable
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

from flask import current_app
from sqlalchemy import select, update

from intake.extensions import db
from intake.models import OutboxMessage, OutboxStatus

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# A message claimed this long ago by a worker that died is tried again.
STALE_CLAIM = timedelta(minutes=15)

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


def _claim(message_id: int, now: datetime) -> bool:
    """Only one worker can move a message from queued to sending."""
    claimed = db.session.execute(
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
    db.session.commit()
    return claimed == 1


def due_ids(now: datetime, limit: int) -> list[int]:
    return list(
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


def send_due(now: datetime, *, transport: Transport | None = None, limit: int = 100) -> int:
    """Send every due message; returns how many went out. Failures stay queued."""
    transport = transport or default_transport()
    sent = 0
    for message_id in due_ids(now, limit):
        if not _claim(message_id, now):
            continue
        message = db.session.get(OutboxMessage, message_id)
        try:
            transport(build_email(message))
        except ValueError as error:
            # A header the e-mail library refuses will never become sendable.
            message.attempts = MAX_ATTEMPTS - 1
            _failed(message, error, now)
        except (OSError, smtplib.SMTPException) as error:
            _failed(message, error, now)
        else:
            message.status, message.sent_at = OutboxStatus.SENT, now
            message.attempts += 1
            sent += 1
        db.session.commit()
    return sent


def _failed(message: OutboxMessage, error: Exception, now: datetime) -> None:
    message.attempts += 1
    message.last_error = f"{type(error).__name__}: {error}"[:500]
    if message.attempts >= MAX_ATTEMPTS:
        message.status = OutboxStatus.FAILED
        log.error("mail %s failed for good after %d attempts", message.id, message.attempts)
        return
    message.status = OutboxStatus.QUEUED
    message.next_attempt_at = now + backoff(message.attempts)
    log.warning("mail %s not sent (%s); retry later", message.id, type(error).__name__)
