"""A case's timeline: every action with who and when, and each e-mail with its delivery state."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from intake.core.audit_words import action_words
from intake.extensions import db
from intake.models import AuditEvent, Case, OutboxMessage, User


@dataclass(frozen=True)
class Entry:
    at: datetime
    kind: str  # "action" or "mail"
    code: str  # the audit action or the mail kind
    who: User | None = None
    status: str | None = None  # a mail's delivery state
    words: str = ""  # the action in the page's language
    deputy_for: User | None = None  # acted as deputy for this absent colleague


def timeline(case: Case) -> list[Entry]:
    """Newest first. Views of the page are audited but not listed here."""
    events = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.case_id == case.id, AuditEvent.action != "case_viewed")
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    ).all()
    covered = {event.id: _deputy_for(event.detail) for event in events}
    actors = _users(
        {event.actor_id for event in events if event.actor_id}
        | {user_id for user_id in covered.values() if user_id}
    )
    mails = db.session.execute(
        select(OutboxMessage.created_at, OutboxMessage.kind, OutboxMessage.status).where(
            OutboxMessage.case_id == case.id
        )
    ).all()
    entries = [
        Entry(
            event.at,
            "action",
            event.action,
            actors.get(event.actor_id),
            words=action_words(event.action),
            deputy_for=actors.get(covered[event.id]),
        )
        for event in events
    ]
    entries += [Entry(at, "mail", kind, status=status) for at, kind, status in mails]
    return sorted(entries, key=lambda entry: entry.at, reverse=True)


def _deputy_for(detail: str) -> int | None:
    key, _sep, value = detail.partition("=")
    return int(value) if key == "deputy_for" and value.isdigit() else None


def _users(ids: set[int]) -> dict[int, User]:
    if not ids:
        return {}
    users = db.session.scalars(
        select(User).where(User.id.in_(ids)).options(selectinload(User.languages))
    )
    return {user.id: user for user in users}
