"""Notices to counsellors about appointments changing hands; times only, no personal data."""

from datetime import datetime
from uuid import uuid4

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from intake.core.i18n import format_when
from intake.core.links import absolute_url
from intake.extensions import db
from intake.models import Appointment, OutboxMessage, User


def queue_counsellor_change(old: Appointment, new: Appointment, *, now: datetime) -> None:
    """A move gave the appointment to another counsellor: the one who had it learns it is
    gone, the one who has it now learns it arrived. Neither mail names the person."""
    for user, role in ((db.session.get(User, old.counsellor_id), "gone"),
                       (db.session.get(User, new.counsellor_id), "arrived")):  # fmt: skip
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
                    message_id=f"<{uuid4()}@intake>",
                    kind="staff_notice",
                    recipient=user.email,
                    subject=_("An appointment moved to another counsellor"),
                    body_text=body,
                    next_attempt_at=now,
                    created_at=now,
                )
            )
