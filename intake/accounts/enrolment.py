"""The one-time link that (re-)enrols a second factor, mailed to the account's own address.

Knowing the password is not enough to set up a factor: whoever holds it must also read the
account's mailbox. The link's token is stored only as a hash, expires after
ENROLMENT_LINK_HOURS, works for the account it was sent to, and is used up by the enrolment
it opens (a conditional UPDATE, so two tabs confirming at once enrol once).
"""

import secrets
from datetime import datetime, timedelta

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value

from intake.accounts import second_factor
from intake.core.links import absolute_url
from intake.core.security import hash_token, keyed_hash
from intake.extensions import db
from intake.mail.text import new_message_id
from intake.models import OutboxMessage, User
from intake.models.audit import record

ENROLMENT_LINK_HOURS = 72


def send_link(user: User, *, now: datetime, actor_id: int | None) -> OutboxMessage:
    """A new link replaces any earlier one; the mail goes to the account's address."""
    token = secrets.token_urlsafe(32)
    user.enrolment_token_hash = hash_token(token)
    user.enrolment_expires_at = now + timedelta(hours=ENROLMENT_LINK_HOURS)
    url = absolute_url("staff.my_account.enrol", token=token)
    with force_locale(current_app.config["DEFAULT_LANGUAGE"]):
        message = OutboxMessage(
            message_id=new_message_id(),
            kind="second_factor_link",
            recipient=user.email,
            recipient_hash=keyed_hash(user.email),
            subject=_("Set up the second factor for your staff account"),
            body_text=render_template(
                "mail/second_factor_link.txt", user=user, link=url, hours=ENROLMENT_LINK_HOURS
            ),
            created_at=now,
            next_attempt_at=now,
        )
    db.session.add(message)
    record("second_factor_link_sent", actor_id=actor_id, obj=user)
    return message


def link_is_valid(user: User, token: str, *, now: datetime) -> bool:
    """True when `token` is the account's open, unexpired enrolment link."""
    expires = user.enrolment_expires_at
    return (
        user.enrolment_token_hash is not None
        and expires is not None
        and now < expires
        and secrets.compare_digest(user.enrolment_token_hash, hash_token(token))
    )


def _use_link(user: User, token: str, *, now: datetime) -> bool:
    used = db.session.execute(
        update(User)
        .where(
            User.id == user.id,
            User.enrolment_token_hash == hash_token(token),
            User.enrolment_expires_at > now,
        )
        .values(enrolment_token_hash=None, enrolment_expires_at=None)
        .execution_options(synchronize_session=False)
    )
    if used.rowcount != 1:
        return False
    set_committed_value(user, "enrolment_token_hash", None)
    set_committed_value(user, "enrolment_expires_at", None)
    return True


def enrol(user: User, token: str, secret: str, code: str, *, now: datetime) -> list[str] | None:
    """Confirm the new factor with one code from it: uses up the link, stores the secret, and
    returns the ten recovery codes to show once; None (nothing changed) when the code is wrong
    or the link is no longer valid. A factor already there is replaced."""
    step = second_factor.matching_step(secret, code, now=now)
    if step is None or not _use_link(user, token, now=now):
        return None
    codes, hashes = second_factor.new_recovery_codes()
    user.totp_secret = secret
    user.totp_confirmed_at = now
    user.recovery_codes = hashes
    user.totp_last_step = step  # the confirming code cannot log in a second time
    record("second_factor_enrolled", actor_id=user.id, obj=user)
    return codes
