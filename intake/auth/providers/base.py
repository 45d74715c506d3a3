"""What every way of signing staff in provides: one small interface, one module per provider.

A provider checks a login and password (or, later, a sign-in elsewhere such as OpenID
Connect), says whether it knows the login at all, and checks an open session again while it
lasts. Sessions, the second factor, limits and the audit stay with the login pages.
"""

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from intake.models import User


class Outcome(enum.StrEnum):
    OK = "ok"
    UNKNOWN = "unknown_account"
    WRONG_PASSWORD = "wrong_password"  # noqa: S105  (an outcome, not a password)
    INACTIVE = "inactive"
    NO_ROLE = "no_role"
    UNAVAILABLE = "unavailable"


class ProviderUnavailable(Exception):
    """The provider cannot answer now (its server is down); nobody is let in through it."""


@dataclass(frozen=True)
class Attempt:
    """One provider's answer to a login: `known` when the login is one of its accounts (then
    its answer is final), `user` the intake account concerned, if any."""

    outcome: str
    source: str
    user: User | None = None
    known: bool = False

    @property
    def ok(self) -> bool:
        return self.outcome == Outcome.OK

    @property
    def audit_outcome(self) -> str:
        return f"{self.outcome} source={self.source}"


class Provider(Protocol):
    source: str

    def check_password(self, login: str, password: str, *, now: datetime) -> Attempt: ...

    def recheck_due(self, user: User, *, now: datetime) -> bool: ...

    def recheck(self, user: User, *, now: datetime) -> bool:
        """True while the account may stay signed in; raises ProviderUnavailable."""
        ...
