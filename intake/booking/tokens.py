"""References people can read aloud, and the hashes under which link tokens are stored."""

import base64
import hashlib
import hmac
import secrets

from flask import current_app

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: a reference is read over the phone.
REFERENCE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"


def new_reference() -> str:
    """E.g. EB-7K3M-Q9 ("Erstberatung"); uniqueness is enforced by the database."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
    return f"EB-{chars[:4]}-{chars[4:]}"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def manage_token_for(form_key: str) -> str:
    """The manage-link token, derived from the case's random form key and the app secret.

    Only the token's hash is stored; deriving it lets a resubmitted form get the same answer
    and lets later e-mails carry the link, while a copy of the database alone reveals none."""
    secret = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(secret, b"manage:" + form_key.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def manage_token(case) -> str:
    return manage_token_for(case.form_key)
