"""Intake's account for a person in the directory: found by DN or e-mail, created or updated
from the directory at each login and recheck, and marked as left when the directory says so.
"""

import logging
import secrets
from datetime import datetime

from sqlalchemy import func, select

from intake.auth.rules import find_account
from intake.directory.people import Person
from intake.directory.settings import current as directory_settings
from intake.extensions import db
from intake.models import AccountSource, Role, User
from intake.models.audit import record

log = logging.getLogger(__name__)


def account_for_login(login: str) -> User | None:
    return find_account(login) if "@" in login else None


def linked_account(person: Person) -> User | None:
    """The account linked to this DN, else the one with the person's e-mail address (a local
    account from before the directory, or a directory account whose entry was moved)."""
    by_dn = db.session.scalar(
        select(User).where(
            User.account_source == AccountSource.DIRECTORY, User.external_id == person.dn
        )
    )
    if by_dn is not None or not person.email:
        return by_dn
    return db.session.scalar(select(User).where(func.lower(User.email) == person.email))


def deactivated_in_intake(user: User | None) -> bool:
    """The lead deactivated this account in intake: the directory does not undo that."""
    return user is not None and not user.is_active_account and user.left_at is None


def sync(person: Person, role: str, *, now: datetime) -> User:
    """Create or update the account from the directory; a local account with the same e-mail
    address becomes the directory's (its local password stops working), and a person who
    had left and is back in a group is active again."""
    user = linked_account(person)
    if user is None:
        user = _new_account(person, role)
    elif not user.is_directory_account:
        user.set_password(secrets.token_urlsafe(32))  # the directory checks passwords now
        record("account_linked", obj=user, detail="source=directory")
    if user.left_at is not None:
        user.is_active_account = True
        user.left_at = None
        record("account_returned", obj=user, detail="source=directory")
    _copy(person, role, user)
    user.source_checked_at = now
    db.session.flush()
    return user


def _new_account(person: Person, role: str) -> User:
    user = User(
        email=person.email,
        name=person.name or person.email,
        role=role,
        takes_appointments=role == Role.COUNSELLOR,
        account_source=AccountSource.DIRECTORY,
        external_id=person.dn,
    )
    # Nobody knows this password; the local check still costs one hash, as for anyone.
    user.set_password(secrets.token_urlsafe(32))
    db.session.add(user)
    db.session.flush()
    record("account_created", obj=user, detail=f"{role} source=directory")
    return user


def _copy(person: Person, role: str, user: User) -> None:
    if user.role != role and user.id is not None:
        record("account_changed", obj=user, detail=f"{role} source=directory")
    user.account_source = AccountSource.DIRECTORY
    user.external_id = person.dn
    user.role = role
    user.name = person.name or user.name
    if person.email and person.email != user.email.lower():
        if find_account(person.email) is None:
            user.email = person.email
        else:
            log.warning("directory: e-mail of account %s is another account's; kept", user.id)
    if directory_settings().owns_languages:
        user.set_languages(list(person.languages))


def mark_left(user: User | None, *, now: datetime, reason: str) -> None:
    """The person was removed, disabled or taken out of intake's groups: the account can no
    longer sign in, its sessions and calendar feed end, and its cases stay for a hand-over."""
    if user is None or not user.is_directory_account or not user.is_active_account:
        return
    user.is_active_account = False
    user.left_at = now
    user.end_sessions()
    user.feed_token_hash = None
    record("account_left", obj=user, detail=f"reason={reason} source=directory")
