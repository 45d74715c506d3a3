"""Local accounts: the password hash stored in intake (the break-glass way in when a
directory is in use)."""

from datetime import datetime

from intake.auth import rules
from intake.auth.providers.base import Attempt, Outcome
from intake.models import AccountSource, User


class LocalProvider:
    source = AccountSource.LOCAL

    def check_password(self, login: str, password: str, *, now: datetime) -> Attempt:
        """The local rules (one hash on every path); an account owned by another provider is
        not this provider's, whatever its stored hash says."""
        user, outcome = rules.check_credentials(login, password)
        if user is not None and user.account_source != self.source:
            return Attempt(Outcome.UNKNOWN, self.source, user)
        return Attempt(outcome, self.source, user, known=user is not None)

    def recheck_due(self, user: User, *, now: datetime) -> bool:
        return False

    def recheck(self, user: User, *, now: datetime) -> bool:
        return user.is_active


PROVIDER = LocalProvider()
