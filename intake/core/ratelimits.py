"""What the rate limits do when their store (Redis) is unreachable, and Retry-After on 429.

Public pages fail open: Flask-Limiter falls back to per-process in-memory limits
(RATELIMIT_IN_MEMORY_FALLBACK_ENABLED) and swallows store errors, so the intake form, the API
and the manage link keep serving. Staff login fails closed: without the shared store a
password guesser could spread guesses over the workers, so login answers a clear 503."""

import logging
import math
import time

from flask import Flask, Response, current_app, render_template, request
from flask_babel import lazy_gettext as _l

from intake.extensions import limiter

log = logging.getLogger(__name__)

STORE_TIMEOUT_SECONDS = 0.5
FAIL_CLOSED_ENDPOINTS = frozenset({"staff.auth.login"})


def configure(app: Flask) -> None:
    """Before Flask-Limiter starts: a dead Redis must cost half a second, not a minute."""
    if str(app.config["RATELIMIT_STORAGE_URI"]).startswith(("redis://", "rediss://")):
        app.config.setdefault(
            "RATELIMIT_STORAGE_OPTIONS",
            {
                "socket_connect_timeout": STORE_TIMEOUT_SECONDS,
                "socket_timeout": STORE_TIMEOUT_SECONDS,
            },
        )


def init_app(app: Flask) -> None:
    app.before_request(_fail_closed_without_store)
    app.after_request(_add_retry_after)
    _drop_request_wide_check(app)


def _drop_request_wide_check(app: Flask) -> None:
    """Flask-Limiter checks default, application and blueprint limits in a hook before every
    request. This app has none of those: each limit sits on its view, whose decorator checks
    it (`intake.extensions` creates the Limiter with no default limits). The hook found
    nothing to check on any page yet cost a fifth of a cached page's time, so it goes; a
    default or application limit configured later is refused here rather than silently not
    enforced."""
    configured = [
        name
        for name in ("RATELIMIT_DEFAULT", "RATELIMIT_APPLICATION", "RATELIMIT_META")
        if app.config.get(name)
    ]
    if configured:
        raise RuntimeError(f"request-wide rate limits are not enforced here: {configured}")
    hooks = app.before_request_funcs.get(None, [])
    if limiter._check_request_limit in hooks:  # absent when limits are switched off
        hooks.remove(limiter._check_request_limit)


def shared_store() -> bool:
    return not str(current_app.config["RATELIMIT_STORAGE_URI"]).startswith("memory://")


def store_reachable() -> bool:
    """True when the limit store answers (always for the in-process memory store)."""
    try:
        return bool(limiter.storage.check())
    except Exception:  # noqa: BLE001  (a store client can raise anything; all mean "down")
        return False


def _fail_closed_without_store():
    if request.method != "POST" or request.endpoint not in FAIL_CLOSED_ENDPOINTS:
        return None
    if not current_app.config["RATELIMIT_ENABLED"] or not shared_store() or store_reachable():
        return None
    log.error("rate-limit store unreachable: staff login refused")
    page = render_template(
        "errors/error.html",
        code=503,
        title=_l("Login is paused"),
        message=_l(
            "We cannot check login attempts right now, so nobody can log in. "
            "Please try again in a few minutes."
        ),
    )
    return Response(page, 503, headers={"Retry-After": "60"})


def _add_retry_after(response: Response) -> Response:
    if response.status_code != 429 or "Retry-After" in response.headers:
        return response
    limit = limiter.current_limit
    wait = limit.reset_at - time.time() if limit is not None else 60
    response.headers["Retry-After"] = str(max(1, math.ceil(wait)))
    return response
