"""Security helpers: token hashes, manage-link tokens, response headers, cross-site refusal."""

import base64
import hashlib
import hmac
from functools import partial
from urllib.parse import urlsplit

from flask import Flask, Response, abort, current_app, request
from werkzeug.exceptions import RequestEntityTooLarge

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PRIVATE_PREFIXES = ("/staff",)


def hash_token(token: str) -> str:
    """Link tokens are stored only as this hash, so a copy of the database opens nothing."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def keyed_hash(value: str) -> str:
    """A keyed hash of an address (recipient, unknown login name): the same value gives the
    same hash, so staff can search for it, but a copy of the database alone reveals nothing."""
    secret = current_app.config["SECRET_KEY"].encode()
    normalised = value.strip().lower().encode("utf-8", "surrogatepass")
    return hmac.new(secret, b"address:" + normalised, hashlib.sha256).hexdigest()


def manage_token_for(form_key: str) -> str:
    """The manage-link token, derived from the case's random form key and the app secret.

    Only the token's hash is stored; deriving it lets a resubmitted form get the same answer
    and lets later e-mails carry the link, while a copy of the database alone reveals none."""
    secret = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(secret, b"manage:" + form_key.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def manage_token(case) -> str:
    return manage_token_for(case.form_key)


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def refuse_cross_site_writes() -> None:
    """A browser tells us when a POST comes from another site; such a POST is never ours."""
    if request.method in SAFE_METHODS:
        return
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        abort(403)
    origin = request.headers.get("Origin")
    if origin and origin != "null" and origin.rstrip("/") not in _own_origins():
        abort(403)


def _own_origins() -> set[str]:
    """This request's origin (right behind a proxy once ProxyFix is configured) and the
    configured public address."""
    public = current_app.config["PUBLIC_URL"]
    origins = {request.host_url.rstrip("/")}
    if public:
        parts = urlsplit(public)
        origins.add(f"{parts.scheme}://{parts.netloc}")
    return origins


NUL = "\x00"


def checks_characters(view):
    """Mark a view whose form refuses NUL beside each field (and re-shows what was typed),
    so the request-wide guard leaves its form body to it."""
    view.checks_characters = True
    return view


def refuse_nul_bytes() -> None:
    """NUL anywhere (path, query, form, JSON) is refused with a localized 400 before any
    view runs: PostgreSQL cannot store it, and SQLite must not either."""
    from intake.core.errors import CharacterRefused

    # The query as sent: a NUL in a decoded name or value was "%00" (or a raw NUL) there, so
    # a page view needs neither the parsed arguments nor the view to answer.
    query = request.query_string
    if NUL in request.path or b"%00" in query or b"\x00" in query:
        raise CharacterRefused()
    if request.method in SAFE_METHODS:
        return
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, "checks_characters", False):
        return
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        if any(NUL in value for value in (*request.form.keys(), *request.form.values())):
            raise CharacterRefused()
        return
    raw = request.get_data(cache=True)
    if b"\x00" in raw or b"\\u0000" in raw:
        raise CharacterRefused()


def refuse_too_many_parts() -> None:
    """MAX_FORM_PARTS for url-encoded forms too (Werkzeug counts multipart parts only):
    thousands of tiny fields are refused with 413 before anything parses them."""
    if request.mimetype != "application/x-www-form-urlencoded":
        return
    limit = current_app.config["MAX_FORM_PARTS"]
    if limit is not None and request.get_data(cache=True).count(b"&") >= limit:
        raise RequestEntityTooLarge()


def is_private(path: str) -> bool:
    """Pages that show personal data must never be cached by a browser or proxy."""
    return path.startswith(PRIVATE_PREFIXES) or "/r/" in path


SECURITY_HEADERS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
)
HSTS_HEADER = ("Strict-Transport-Security", "max-age=31536000; includeSubDomains")


def add_security_headers(response: Response, wanted=SECURITY_HEADERS) -> Response:
    """Every header in `wanted` that the view did not set itself.

    One pass over the headers the response has: Werkzeug's `setdefault` and `get` raise and
    catch an exception for each header that is absent, which on a cached page cost more than
    the page."""
    headers = response.headers
    present = {name.lower(): value for name, value in headers.items()}
    headers.extend([(name, value) for name, value in wanted if name.lower() not in present])
    # Staff and manage pages, and every answer to a POST (a re-shown form holds what was
    # typed; the API's 201 holds a manage link), never land in a browser or proxy cache.
    # A view may ask for revalidation instead (calendar feeds: "private, no-cache").
    private = is_private(request.path) or request.method not in SAFE_METHODS
    if private and "private" not in present.get("cache-control", ""):
        headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    app.before_request(refuse_cross_site_writes)
    app.before_request(refuse_too_many_parts)
    app.before_request(refuse_nul_bytes)
    wanted = SECURITY_HEADERS + ((HSTS_HEADER,) if app.config["HSTS"] else ())
    app.after_request(partial(add_security_headers, wanted=wanted))
