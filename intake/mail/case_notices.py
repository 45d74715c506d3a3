"""Notices to a colleague about one case (handed over, a proposal declined): the reference and
a link only, never personal data."""

from datetime import datetime

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from intake.core.links import absolute_url
from intake.core.security import keyed_hash
from intake.extensions import db
from intake.mail.text import new_message_id
from intake.models import Case, OutboxMessage, User

# Staff notices about one case: the reference and a link only, never personal data.
CASE_NOTICES = {
    "staff_handover": (
        _l("A case was handed to you: %(reference)s"),
        _l("A colleague has handed a case to you. Please log in to see it:"),
    ),
    "staff_proposal_declined": (
        _l("A proposed time was declined: %(reference)s"),
        _l(
            "The requester has declined the time you proposed. The request waits for you "
            "again. Please log in to see it:"
        ),
    ),
}


def queue_case_notice(kind: str, user: User, case: Case, *, now: datetime) -> OutboxMessage:
    """Tell a colleague something about a case (a kind of CASE_NOTICES), in the office's
    language."""
    subject, text = CASE_NOTICES[kind]
    with force_locale(current_app.config["DEFAULT_LANGUAGE"]):
        message = OutboxMessage(
            locale=current_app.config["DEFAULT_LANGUAGE"],
            message_id=new_message_id(),
            kind=kind,
            recipient=user.email,
            recipient_hash=keyed_hash(user.email),
            subject=str(subject) % {"reference": case.reference},
            body_text=render_template(
                "mail/staff_case.txt",
                user=user,
                text=str(text),
                reference=case.reference,
                case_url=absolute_url("staff.cases.show", case_id=case.id),
            ),
            next_attempt_at=now,
            created_at=now,
        )
    db.session.add(message)
    return message
