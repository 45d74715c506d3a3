"""Staff accounts: one service for the web administration and the `create-user` command.

A new account gets no password by e-mail, ever: it gets a one-time link to set one. The
link is signed and carries a fingerprint of the current password hash, so it stops working
the moment a password is set (one time), and after SET_PASSWORD_HOURS.
"""

import secrets
from datetime import datetime
from uuid import uuid4

from babel import Locale, UnknownLocaleError
from flask import current_app, render_template
from flask_babel import force_locale, lazy_ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select

from intake.core.domain import DomainError
from intake.core.links import absolute_url
from intake.core.security import hash_token
from intake.core.vocabulary import SIGN_LANGUAGE
from intake.extensions import db
from intake.models import OutboxMessage, Role, User
from intake.models.audit import record

MIN_PASSWORD_LENGTH = 12
SET_PASSWORD_HOURS = 72


class AccountError(DomainError):
    status = 422


def normalise_languages(codes: list[str]) -> list[str]:
    """Known language codes (or dgs), in order, without repeats; an unknown one is refused."""
    cleaned = [code.strip().lower() for code in codes if code.strip()]
    for code in cleaned:
        if code != SIGN_LANGUAGE and not _known(code):
            raise AccountError(_l("Unknown language code: %(code)s", code=code), field="languages")
    return list(dict.fromkeys(cleaned))


def _known(code: str) -> bool:
    try:
        Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        return False
    return True


def check_password_rule(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(
            lazy_ngettext(
                "The password needs at least %(num)d character.",
                "The password needs at least %(num)d characters.",
                MIN_PASSWORD_LENGTH,
            ),
            field="password",
        )


def create_account(
    *,
    email: str,
    name: str,
    role: str,
    languages: list[str],
    takes_appointments: bool | None = None,
    offers_phone: bool = True,
    offers_video: bool = True,
    password: str | None = None,
    actor_id: int | None = None,
    now: datetime,
) -> User:
    """Create a staff account. With a password (the command line) it is set at once; without
    one (the web) the person is e-mailed a one-time link to choose it."""
    email = email.strip().lower()
    if db.session.scalar(select(User.id).where(User.email == email)):
        raise AccountError(_l("An account with this e-mail address exists already."), field="email")
    user = User(
        email=email,
        name=name.strip(),
        role=role,
        takes_appointments=role == Role.COUNSELLOR
        if takes_appointments is None
        else takes_appointments,
        offers_phone=offers_phone,
        offers_video=offers_video,
    )
    user.set_languages(normalise_languages(languages))
    if password is not None:
        check_password_rule(password)
        user.set_password(password)
    else:
        user.set_password(secrets.token_urlsafe(32))  # unusable until the link is used
    db.session.add(user)
    db.session.flush()
    record("account_created", actor_id=actor_id, obj=user, detail=role)
    if password is None:
        queue_set_password_mail(user, now=now, kind="account_created")
    return user


def update_account(user: User, *, actor: User, role: str, languages: list[str], **flags) -> None:
    """Change role, languages and what the person offers. A lead cannot demote themselves,
    so the office never loses its last way into the administration by accident."""
    if user.id == actor.id and role != Role.LEAD:
        raise AccountError(_l("You cannot take away your own lead role."), field="role")
    user.role = role
    user.set_languages(normalise_languages(languages))
    for name in ("takes_appointments", "offers_phone", "offers_video"):
        setattr(user, name, bool(flags[name]))
    record("account_changed", actor_id=actor.id, obj=user, detail=role)


def deactivate(user: User, *, actor: User) -> None:
    """The account can no longer log in, and every session it has ends at once."""
    if user.id == actor.id:
        raise AccountError(_l("You cannot deactivate your own account."))
    user.is_active_account = False
    user.end_sessions()
    record("account_deactivated", actor_id=actor.id, obj=user)


def activate(user: User, *, actor: User) -> None:
    user.is_active_account = True
    record("account_activated", actor_id=actor.id, obj=user)


def reset_password(user: User, *, actor: User, now: datetime) -> None:
    """The old password stops working, every session ends, and a set-password link is sent."""
    user.set_password(secrets.token_urlsafe(32))
    record("password_reset", actor_id=actor.id, obj=user)
    queue_set_password_mail(user, now=now, kind="password_reset")


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="set-password")


def _fingerprint(user: User) -> str:
    return hash_token(user.password_hash)[:16]


def set_password_token(user: User) -> str:
    return _serializer().dumps([user.id, _fingerprint(user)])


def user_for_token(token: str) -> User | None:
    """The active account a set-password link belongs to, or None when it is forged, expired
    or used already (the password hash it was made for has changed)."""
    try:
        user_id, fingerprint = _serializer().loads(token, max_age=SET_PASSWORD_HOURS * 3600)
    except (BadSignature, ValueError, TypeError):
        return None
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or not user.is_active_account or _fingerprint(user) != fingerprint:
        return None
    return user


def choose_password(user: User, password: str) -> None:
    check_password_rule(password)
    user.set_password(password)
    record("password_set", actor_id=user.id, obj=user)


def queue_set_password_mail(user: User, *, now: datetime, kind: str) -> OutboxMessage:
    link = absolute_url("staff.accounts.set_password", token=set_password_token(user))
    with force_locale(current_app.config["DEFAULT_LANGUAGE"]):
        message = OutboxMessage(
            message_id=f"<{uuid4()}@intake>",
            kind=kind,
            recipient=user.email,
            subject=_(
                "Choose your password for %(office)s", office=current_app.config["OFFICE_NAME"]
            ),
            body_text=render_template(
                "mail/set_password.txt", user=user, link=link, hours=SET_PASSWORD_HOURS
            ),
            created_at=now,
            next_attempt_at=now,
        )
    db.session.add(message)
    return message
