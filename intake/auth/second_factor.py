"""The staff second factor: TOTP codes (RFC 6238), the enrolment QR code and recovery codes."""

import json
import secrets

import pyotp
import segno
from flask import current_app

from intake.core.security import hash_token
from intake.models import OfficeSettings, User

RECOVERY_CODES = 10
# One step (30 s) either side: a phone clock a little off still works.
VALID_WINDOW = 1


def required_for_staff() -> bool:
    return bool(OfficeSettings.current().require_second_factor)


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(
        name=user.email, issuer_name=current_app.config["OFFICE_NAME"]
    )


def qr_svg(uri: str) -> str:
    """The QR code drawn on the server as inline SVG: no script, no other origin."""
    return segno.make(uri, error="m").svg_inline(scale=4, dark="#000", light="#fff")


def code_is_valid(secret: str | None, code: str) -> bool:
    code = (code or "").strip().replace(" ", "")
    if not secret or not code.isdigit() or len(code) != 6:
        return False
    return pyotp.TOTP(secret).verify(code, valid_window=VALID_WINDOW)


def new_recovery_codes() -> tuple[list[str], str]:
    """Ten codes to show once, and their hashes to store (JSON)."""
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODES)]
    return codes, json.dumps([hash_token(code) for code in codes])


def use_recovery_code(user: User, code: str) -> bool:
    """True once per code: a used code is struck out of the stored list."""
    stored = json.loads(user.recovery_codes or "[]")
    hashed = hash_token((code or "").strip().lower())
    if hashed not in stored:
        return False
    stored.remove(hashed)
    user.recovery_codes = json.dumps(stored)
    return True


def verify(user: User, code: str) -> str | None:
    """ "totp" or "recovery" for an accepted code, None otherwise."""
    if code_is_valid(user.totp_secret, code):
        return "totp"
    if use_recovery_code(user, code):
        return "recovery"
    return None


def reset(user: User) -> None:
    user.totp_secret = None
    user.totp_confirmed_at = None
    user.recovery_codes = None
