"""The mail that lets a staff member in while guesses have spent the account's login budget."""

from datetime import datetime

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from intake.core.security import keyed_hash
from intake.extensions import db
from intake.mail.staff_notices import STAFF_NOTICE_PAUSE
from intake.mail.text import new_message_id
from intake.models import OutboxMessage, User


def queue_staff_unlock(user: User, unlock_url: str, *, now: datetime) -> OutboxMessage | None:
    """The owner's way in while guesses have spent the account's login budget; at most one
    message every 15 minutes, so the guesses cannot flood the owner's mailbox either."""
    recent = db.session.scalar(
        select(OutboxMessage.id)
        .where(
            OutboxMessage.kind == "staff_unlock",
            OutboxMessage.recipient_hash == keyed_hash(user.email),
            OutboxMessage.created_at > now - STAFF_NOTICE_PAUSE,
        )
        .limit(1)
    )
    if recent is not None:
        return None
    with force_locale(current_app.config["DEFAULT_LANGUAGE"]):
        message = OutboxMessage(
            locale=current_app.config["DEFAULT_LANGUAGE"],
            message_id=new_message_id(),
            kind="staff_unlock",
            recipient=user.email,
            recipient_hash=keyed_hash(user.email),
            subject=_("Logging in to your staff account"),
            body_text=render_template("mail/staff_unlock.txt", user=user, unlock_url=unlock_url),
            next_attempt_at=now,
            created_at=now,
        )
    db.session.add(message)
    return message
