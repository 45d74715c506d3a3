"""Open staff sessions follow their provider: a directory account is checked again after
LDAP_RECHECK_MINUTES, and a leaver's session ends at that request."""

from flask import flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from intake.auth import providers
from intake.core import clock
from intake.extensions import db

# What a directory account has no use for: its password is the directory's.
LOCAL_PASSWORD_PAGES = frozenset({"staff.my_account.password"})


def recheck_signed_in_account():
    """Before each staff request. While the directory is down and a check is due the answer is
    the 503 page (an unchecked leaver must not carry on); a leaver is logged out."""
    if not request.path.startswith("/staff") or not current_user.is_authenticated:
        return None
    user = current_user._get_current_object()
    now = clock.now()
    provider = providers.provider_for(user)
    if not provider.recheck_due(user, now=now):
        return _local_only_page(user)
    try:
        still_allowed = provider.recheck(user, now=now)
    except providers.ProviderUnavailable:
        db.session.rollback()
        return providers.unavailable_response()
    db.session.commit()
    if still_allowed:
        return _local_only_page(user)
    logout_user()
    session.clear()
    flash(_("Your session has ended. Please log in again."), "info")
    return redirect(url_for("staff.auth.login"))


def _local_only_page(user):
    if user.is_directory_account and request.endpoint in LOCAL_PASSWORD_PAGES:
        return redirect(url_for("staff.my_account.second_factor"))
    return None
