"""Notices to counsellors: a new request in the inbox, an appointment that changed hands; times
and links only, no personal data."""

from datetime import datetime, timedelta
from uuid import uuid4

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from intake.core.i18n import format_when
from intake.core.links import absolute_url
from intake.core.security import keyed_hash
from intake.core.vocabulary import language_name
from intake.extensions import db
from intake.mail.text import new_message_id
from intake.models import Appointment, Case, OutboxMessage, User

STAFF_NOTICE_PAUSE = timedelta(minutes=15)


def queue_staff_notice(
    case: Case, *, now: datetime, interpreting: str | None = None
) -> list[OutboxMessage]:
    """Tell counsellors a request came in: no personal data, only a link to the staff pages
    and, when an interpreter must be booked, for which language.
    At most one notice per counsellor every 15 minutes, so a flood of requests does not
    become a flood of e-mails."""
    query = select(User.id, User.email).where(User.is_active_account, User.takes_appointments)
    if case.counsellor_id is not None:
        query = query.where(User.id == case.counsellor_id)
    # Addresses only: on a busy day nearly every request finds everyone told already.
    hashes = {user_id: keyed_hash(email) for user_id, email in db.session.execute(query)}
    recently = _notified_recently(list(hashes.values()), now) if hashes else set()
    due = [user_id for user_id, digest in hashes.items() if digest not in recently]
    if not due:
        return []
    messages = []
    for user in db.session.scalars(select(User).where(User.id.in_(due)).order_by(User.id)):
        with force_locale(current_app.config["DEFAULT_LANGUAGE"]):
            message = OutboxMessage(
                locale=current_app.config["DEFAULT_LANGUAGE"],
                message_id=new_message_id(),
                kind="staff_notice",
                recipient=user.email,
                recipient_hash=hashes[user.id],
                subject=_("New request in the inbox"),
                body_text=render_template(
                    "mail/staff_notice.txt",
                    user=user,
                    inbox_url=absolute_url("staff.inbox.index"),
                    interpreting=language_name(interpreting) if interpreting else None,
                ),
                next_attempt_at=now,
                created_at=now,
            )
        db.session.add(message)
        messages.append(message)
    return messages


def _notified_recently(hashes: list[str], now: datetime) -> set[str]:
    """The recipient hashes among `hashes` that got a notice in the pause: one query."""
    return set(
        db.session.scalars(
            select(OutboxMessage.recipient_hash).where(
                OutboxMessage.kind == "staff_notice",
                OutboxMessage.recipient_hash.in_(hashes),
                OutboxMessage.created_at > now - STAFF_NOTICE_PAUSE,
            )
        )
    )


def queue_counsellor_change(old: Appointment, new: Appointment, *, now: datetime) -> None:
    """A move gave the appointment to another counsellor: the one who had it learns it is
    gone, the one who has it now learns it arrived. Neither mail names the person."""
    for user, role in (
        (db.session.get(User, old.counsellor_id), "gone"),
        (db.session.get(User, new.counsellor_id), "arrived"),
    ):
        if user is None or not user.is_active_account:
            continue
        with force_locale(current_app.config["DEFAULT_LANGUAGE"]):
            body = render_template(
                "mail/counsellor_change.txt",
                user=user,
                role=role,
                old_when=format_when(old.starts_at),
                new_when=format_when(new.starts_at),
                inbox_url=absolute_url("staff.inbox.index"),
            )
            db.session.add(
                OutboxMessage(
                    locale=current_app.config["DEFAULT_LANGUAGE"],
                    message_id=f"<{uuid4()}@intake>",
                    kind="staff_notice",
                    recipient=user.email,
                    subject=_("An appointment moved to another counsellor"),
                    body_text=body,
                    next_attempt_at=now,
                    created_at=now,
                )
            )
