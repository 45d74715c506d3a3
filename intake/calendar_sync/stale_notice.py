"""The mail to the office lead when a counsellor's calendar has failed for a while: who, since
when and why, once per failure; no appointment or person is named."""

from datetime import datetime

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from intake.calendar_sync import errors
from intake.core.i18n import format_when
from intake.core.links import absolute_url
from intake.core.security import keyed_hash
from intake.extensions import db
from intake.models import CalendarConnection, OutboxMessage, Role, User


def queue_for_leads(connection: CalendarConnection, *, now: datetime) -> int:
    """One message to every active lead, through the outbox."""
    leads = db.session.scalars(
        select(User).where(User.role == Role.LEAD, User.is_active_account).order_by(User.id)
    ).all()
    with force_locale(current_app.config["DEFAULT_LANGUAGE"]):
        for lead in leads:
            db.session.add(_message(lead, connection, now=now))
    return len(leads)


def _message(lead: User, connection: CalendarConnection, *, now: datetime) -> OutboxMessage:
    body = render_template(
        "mail/calendar_failing.txt",
        lead=lead,
        counsellor=connection.user,
        since=format_when(connection.failing_since),
        reason=errors.message(connection.last_error),
        team_url=absolute_url("staff.team.index"),
    )
    return OutboxMessage(
        message_id=f"<calendar-{connection.id}-{int(now.timestamp())}-{lead.id}@intake>",
        kind="calendar_failing",
        recipient=lead.email,
        recipient_hash=keyed_hash(lead.email),
        subject=_("A counsellor's calendar cannot be read"),
        body_text=body,
        next_attempt_at=now,
        created_at=now,
    )
