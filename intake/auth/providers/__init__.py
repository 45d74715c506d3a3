"""The ways staff sign in, asked together: the local accounts and, when configured, the
city's directory. A further provider (OpenID Connect) is one more module in this package."""

from datetime import datetime

from flask import current_app
from flask_babel import gettext as _

from intake.accounts import second_factor
from intake.auth.providers import directory, local
from intake.auth.providers.base import Attempt, Outcome, Provider, ProviderUnavailable
from intake.core.errors import render_error
from intake.directory import settings as directory_settings
from intake.models import OfficeSettings, User

__all__ = ["Attempt", "Outcome", "Provider", "ProviderUnavailable"]
RETRY_AFTER_SECONDS = 120


def active() -> list[Provider]:
    """In the order they are asked: an outside provider first, the local accounts last."""
    outside = [directory.PROVIDER] if directory_settings.configured() else []
    return [*outside, local.PROVIDER]


def provider_for(user: User) -> Provider:
    for provider in active():
        if provider.source == user.account_source:
            return provider
    return _Unconfigured()


def check_password(login: str, password: str, *, now: datetime) -> Attempt:
    """Every provider answers every attempt (the time taken does not tell which one knows the
    login); the first that knows it decides."""
    return decide([provider.check_password(login, password, now=now) for provider in active()])


def decide(attempts: list[Attempt]) -> Attempt:
    """The first provider that knows the login decides. One that could not answer lets only
    a later provider's "ok" through (a local lead while the directory is down); any other
    answer is then "unavailable", so that the directory being down never lets anyone in and
    never tells a guesser which logins are local."""
    unavailable = None
    for attempt in attempts:
        if attempt.outcome == Outcome.UNAVAILABLE:
            unavailable = unavailable or attempt
        elif attempt.known:
            if unavailable is None or attempt.ok:
                return attempt
            return Attempt(Outcome.UNAVAILABLE, unavailable.source, attempt.user)
    return unavailable or attempts[0]


def second_factor_required(user: User) -> bool:
    """Directory accounts as the office decides; local accounts always while an outside
    provider is on (they are the break-glass way in), else as the office decides."""
    if user.is_directory_account:
        return bool(OfficeSettings.current().directory_second_factor)
    if len(active()) > 1:
        return True
    return second_factor.required_for_staff()


def unavailable_response():
    message = _(
        "Sign-in with the city account is not possible right now. "
        "Please try again in a few minutes."
    )
    page, status = render_error(503, message)
    return page, status, {"Retry-After": str(RETRY_AFTER_SECONDS)}


def login_label() -> str | None:
    """The login field's label when user names are accepted besides e-mail addresses."""
    if not directory_settings.configured():
        return None
    attributes = current_app.config["LDAP_LOGIN_ATTRIBUTES"].replace(" ", "").split(",")
    email = current_app.config["LDAP_EMAIL_ATTRIBUTE"]
    return _("E-mail or user name") if set(attributes) - {email} else None


class _Unconfigured:
    """An account whose provider is switched off (LDAP_URL removed): it cannot sign in."""

    source = "unconfigured"

    def check_password(self, login: str, password: str, *, now: datetime) -> Attempt:
        return Attempt(Outcome.UNKNOWN, self.source)

    def recheck_due(self, user: User, *, now: datetime) -> bool:
        return True

    def recheck(self, user: User, *, now: datetime) -> bool:
        return False
