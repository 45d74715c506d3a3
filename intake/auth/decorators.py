"""Access decorators for staff views."""

from collections.abc import Callable
from functools import wraps

from flask import abort
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
