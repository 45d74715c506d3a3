"""Failed staff logins: the per-account budgets and the trace each failure leaves.

Per address, Flask-Limiter refuses with 429. Per account there are two budgets, one for
passwords and one for second-factor codes. A spent budget never refuses the owner: it asks
for more proof instead, a time-limited unlock link e-mailed to the account's address and
opened in the browser that logs in. Until then every answer of that step is the same whether
the password or code was right or wrong, so guesses spread over many addresses learn nothing
and cannot lock the office out.
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


def _code_key(user: User) -> str:
    return f"login-code/{user.id}"


def _limits():
    return parse_many(current_app.config["LOGIN_RATE_LIMIT"])


def _spent(key: str) -> bool:
    if not current_app.config["RATELIMIT_ENABLED"]:
        return False
    return any(not limiter.limiter.test(item, key) for item in _limits())


def _hit(key: str) -> None:
    if current_app.config["RATELIMIT_ENABLED"]:
        for item in _limits():
            limiter.limiter.hit(item, key)


def account_budget_spent(email: str) -> bool:
    """Passwords tried for this account name, from any address, have used up the budget."""
    return _spent(_account_key(email))


def count_failure(email: str) -> None:
    _hit(_account_key(email))


def code_budget_spent(user: User) -> bool:
    """Wrong second-factor codes for this account, from any address, have used it up."""
    return _spent(_code_key(user))


def count_wrong_code(user: User) -> None:
    _hit(_code_key(user))


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
