"""References people can read aloud, and manage-link tokens stored only as hashes."""

import hashlib
import secrets

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: a reference is read over the phone.
REFERENCE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"


def new_reference() -> str:
    """E.g. EB-7K3M-Q9 ("Erstberatung"); uniqueness is enforced by the database."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
    return f"EB-{chars[:4]}-{chars[4:]}"


def new_token() -> tuple[str, str]:
    """A 32-byte random token for a URL, and the hash under which it is stored."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()
