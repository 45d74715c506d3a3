"""Staff pages are closed by default: a view opens to anonymous users only when marked."""

from collections.abc import Callable

from flask import current_app, request
from flask_login import current_user


def open_to_anonymous(view: Callable) -> Callable:
    """Mark a staff view that authenticates otherwise (the login page, a feed token)."""
    view.open_to_anonymous = True
    return view


def require_login():
    """Runs before every view of the /staff family: anonymous users go to the login page."""
    view = current_app.view_functions.get(request.endpoint or "")
    if view is None or getattr(view, "open_to_anonymous", False):
        return None
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    return None
