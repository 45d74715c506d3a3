"""Who may open a staff view: closed to anonymous users by default, some only for a role."""

from collections.abc import Callable
from functools import wraps

from flask import abort, current_app, request
from flask_login import current_user, login_required

from intake.models import Role

# A lead is a counsellor with more rights: every counsellor page is open to a lead.
ROLE_RANK = {Role.COUNSELLOR: 1, Role.LEAD: 2}


def has_role(user, role: str) -> bool:
    return ROLE_RANK.get(user.role, 0) >= ROLE_RANK[role]


def role_required(role: str) -> Callable:
    """Only logged-in staff with `role` or a higher one may pass; others get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not has_role(current_user, role):
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_role = role
        return wrapped

    return decorator


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
