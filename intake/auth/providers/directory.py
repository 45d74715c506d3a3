"""Directory accounts: the password is checked by binding to the city's LDAP directory, and
the role, name, e-mail and languages follow the directory at every login and recheck."""

from datetime import datetime, timedelta

from flask import current_app

from intake.auth import directory_accounts as accounts
from intake.auth.providers.base import Attempt, Outcome, ProviderUnavailable
from intake.directory import client, people, settings
from intake.directory.client import DirectoryDown
from intake.models import AccountSource, User


class DirectoryProvider:
    source = AccountSource.DIRECTORY

    def check_password(self, login: str, password: str, *, now: datetime) -> Attempt:
        """A person found in the directory is this provider's, whatever the password: one
        disabled or outside both groups is refused and their account marked as left."""
        config = settings.current()
        try:
            person, accepted = client.check_password(login, password, config)
        except DirectoryDown:
            return Attempt(Outcome.UNAVAILABLE, self.source, accounts.account_for_login(login))
        if person is None:
            return Attempt(Outcome.UNKNOWN, self.source)
        user = accounts.linked_account(person)
        if not people.may_sign_in(person, config):
            reason = _why_refused(person)
            accounts.mark_left(user, now=now, reason=reason)
            outcome = reason if accepted else Outcome.WRONG_PASSWORD
            return Attempt(outcome, self.source, user, known=True)
        if not accepted:
            return Attempt(Outcome.WRONG_PASSWORD, self.source, user, known=True)
        if accounts.deactivated_in_intake(user):
            return Attempt(Outcome.INACTIVE, self.source, user, known=True)
        user = accounts.sync(person, people.role_of(person, config), now=now)
        return Attempt(Outcome.OK, self.source, user, known=True)

    def recheck_due(self, user: User, *, now: datetime) -> bool:
        minutes = current_app.config["LDAP_RECHECK_MINUTES"]
        checked = user.source_checked_at
        return checked is None or now - checked >= timedelta(minutes=minutes)

    def recheck(self, user: User, *, now: datetime) -> bool:
        """The person is read again (no password): removed, disabled or out of both groups
        ends the account's sessions; otherwise role, name and languages follow."""
        config = settings.current()
        try:
            person = client.read(user.external_id or "", config)
        except DirectoryDown as error:
            raise ProviderUnavailable(str(error)) from error
        if not people.may_sign_in(person, config):
            accounts.mark_left(user, now=now, reason=_why_refused(person))
            return False
        accounts.sync(person, people.role_of(person, config), now=now)
        return True


def _why_refused(person: people.Person | None) -> str:
    if person is None:
        return "removed"
    if person.disabled:
        return Outcome.INACTIVE
    return Outcome.NO_ROLE


PROVIDER = DirectoryProvider()
