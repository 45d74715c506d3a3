"""Plain rules of staff authentication: safe redirects, credential checks, session age."""

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from intake.extensions import db
from intake.models import User

# Checked when the account does not exist, so every failure costs one hash computation.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


def safe_next(target: str | None) -> str | None:
    """`target` when it is a path on this site, else None; rejects //host, \\host and schemes."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(char) < 32 for char in target):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


def find_account(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def check_credentials(email: str, password: str) -> tuple[User | None, str]:
    """(the account tried or None, outcome); the user only counts as authenticated when the
    outcome is "ok". The password hash is computed exactly once on every path."""
    user = find_account(email)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None, "unknown_account"
    if not user.check_password(password):
        return user, "wrong_password"
    if not user.is_active:
        return user, "inactive"
    return user, "ok"


def session_expired(
    now: datetime, *, login_at: datetime, seen_at: datetime, idle: timedelta, maximum: timedelta
) -> bool:
    """A staff session ends after `idle` without a request or `maximum` after login."""
    return now - seen_at > idle or now - login_at > maximum
