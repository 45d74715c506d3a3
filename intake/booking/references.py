"""References people can read aloud over the phone."""

import secrets

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: a reference is read over the phone.
REFERENCE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"


def new_reference() -> str:
    """E.g. EB-7K3M-Q9 ("Erstberatung"); uniqueness is enforced by the database."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
    return f"EB-{chars[:4]}-{chars[4:]}"
