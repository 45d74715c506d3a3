"""Limits on the intake form and the request API, shared by both, made for shelters.

Many people write from one address (refugee accommodation, a language school): per address
only *accepted* requests count, with a high ceiling, plus a much higher flood ceiling on every
attempt. The same e-mail address or phone number can send only a few requests a day."""

import hashlib
import re
from functools import wraps

from flask import current_app, request

from intake.extensions import limiter

ACCEPTED = frozenset({201, 303})


def _setting(name: str):
    return lambda: current_app.config[name]


def manage_limit() -> str:
    """The limit on a requester's private pages (view, change, erase, answer an offer)."""
    return current_app.config["MANAGE_RATE_LIMIT"]


def _was_accepted(response) -> bool:
    return response.status_code in ACCEPTED


def _typed(name: str) -> str:
    if request.is_json:
        body = request.get_json(silent=True)
        value = body.get(name) if isinstance(body, dict) else None
        return value if isinstance(value, str) else ""
    return request.form.get(name, "")


def contact_email() -> str:
    return _typed("email").strip().lower()


def contact_phone() -> str:
    """Digits only (with a leading +), so "0351 123" and "0351-123" are one number."""
    raw = _typed("phone").strip()
    digits = re.sub(r"\D", "", raw)
    return ("+" if raw.startswith("+") else "") + digits


def _contact_key(kind: str, value: str) -> str:
    # Only a hash of the contact reaches the limit store.
    return f"intake-{kind}:" + hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()


def intake_limits(view):
    """Every limit of a request submission, for the form's POST and the API alike."""
    post = ["POST"]
    per_contact = _setting("INTAKE_CONTACT_RATE_LIMIT")
    decorators = [
        limiter.shared_limit(
            _setting("INTAKE_ATTEMPT_RATE_LIMIT"), "intake-attempts", methods=post
        ),
        limiter.shared_limit(
            _setting("INTAKE_RATE_LIMIT"),
            "intake-accepted",
            methods=post,
            deduct_when=_was_accepted,
        ),
        limiter.shared_limit(
            per_contact,
            "intake-email",
            key_func=lambda: _contact_key("email", contact_email()),
            exempt_when=lambda: not contact_email(),
            methods=post,
            deduct_when=_was_accepted,
        ),
        limiter.shared_limit(
            per_contact,
            "intake-phone",
            key_func=lambda: _contact_key("phone", contact_phone()),
            exempt_when=lambda: len(contact_phone().lstrip("+")) < 3,
            methods=post,
            deduct_when=_was_accepted,
        ),
    ]
    limited = view
    for decorate in decorators:
        limited = decorate(limited)

    @wraps(view)
    def dispatch(*args, **kwargs):
        # Each limit counts POSTs only, yet Flask-Limiter would still work through all four
        # (and read the body for the contact limits) to find that out on every GET of the
        # form: a quarter of the empty form's time.
        if request.method != "POST":
            return view(*args, **kwargs)
        return limited(*args, **kwargs)

    return dispatch
