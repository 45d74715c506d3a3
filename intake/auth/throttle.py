"""Failed staff logins: the per-account budget and the trace each failure leaves.

Per address, Flask-Limiter refuses with 429. Per account, a spent budget never refuses the
owner: it asks for more proof instead (the second factor, or a time-limited unlock link
e-mailed to the account's address), so guesses from anywhere cannot lock the office out.
"""

import logging

from flask import current_app, request
from itsdangerous import BadData, URLSafeTimedSerializer
from limits import parse_many

from intake.core.security import keyed_hash
from intake.extensions import limiter
from intake.models import User
from intake.models.audit import record

log = logging.getLogger(__name__)
UNLOCK_MAX_AGE = 30 * 60


def _account_key(email: str) -> str:
    return "login-account/" + keyed_hash(email)[:32]


def _limits():
    return parse_many(current_app.config["LOGIN_RATE_LIMIT"])


def account_budget_spent(email: str) -> bool:
    if not current_app.config["RATELIMIT_ENABLED"]:
        return False
    key = _account_key(email)
    return any(not limiter.limiter.test(item, key) for item in _limits())


def count_failure(email: str) -> None:
    if current_app.config["RATELIMIT_ENABLED"]:
        for item in _limits():
            limiter.limiter.hit(item, _account_key(email))


def record_failure(email: str, user: User | None, outcome: str, *, actor_id=None) -> None:
    """An audit row and a WARNING log line: the account (or the hash of an unknown name),
    the address and the outcome; never the password."""
    account = f"user={user.id}" if user is not None else f"unknown={keyed_hash(email)[:16]}"
    address = request.remote_addr or "-"
    detail = f"outcome={outcome} {account} address={address}"
    record("login_failed", actor_id=actor_id, obj=user, detail=detail)
    log.warning("failed staff login: %s", detail)


def _unlock_signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="login-unlock")


def unlock_token(user: User) -> str:
    # Bound to the session token: logging out everywhere kills every unlock link too.
    return _unlock_signer().dumps({"user": user.id, "session": user.session_token[:12]})


def unlocked_user_id(token: str, users) -> int | None:
    """The account an unlock link opens, when it is genuine and younger than 30 minutes."""
    try:
        data = _unlock_signer().loads(token, max_age=UNLOCK_MAX_AGE)
    except BadData:
        return None
    user = users(data.get("user"))
    if user is None or user.session_token[:12] != data.get("session"):
        return None
    return user.id
