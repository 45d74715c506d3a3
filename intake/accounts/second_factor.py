"""The staff second factor: TOTP codes (RFC 6238), the enrolment QR code and recovery codes."""

import hmac
import json
import secrets
from datetime import datetime

import pyotp
import segno
from flask import current_app
from sqlalchemy import or_, update
from sqlalchemy.orm.attributes import set_committed_value

from intake.core.security import hash_token
from intake.extensions import db
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


def matching_step(secret: str | None, code: str, *, now: datetime) -> int | None:
    """The TOTP time step (30 s) a six-digit code belongs to, one step either side of `now`;
    None when it matches none."""
    code = (code or "").strip().replace(" ", "")
    if not secret or not code.isdigit() or len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now)
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def claim_step(user: User, step: int) -> bool:
    """A code works once: records `step` as the account's newest used step, in one conditional
    UPDATE, so of two logins with the same code (or an older one) exactly one gets True."""
    claimed = db.session.execute(
        update(User)
        .where(
            User.id == user.id,
            or_(User.totp_last_step.is_(None), User.totp_last_step < step),
        )
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        return False
    set_committed_value(user, "totp_last_step", step)
    return True


def new_recovery_codes() -> tuple[list[str], str]:
    """Ten codes to show once, and their hashes to store (JSON)."""
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODES)]
    return codes, json.dumps([hash_token(code) for code in codes])


def use_recovery_code(user: User, code: str) -> bool:
    """True once per code: a used code is struck out of the stored list, by an UPDATE that
    only succeeds on the list it read (two logins with one code: one wins)."""
    before = user.recovery_codes or "[]"
    stored = json.loads(before)
    hashed = hash_token((code or "").strip().lower())
    if hashed not in stored:
        return False
    stored.remove(hashed)
    after = json.dumps(stored)
    struck = db.session.execute(
        update(User)
        .where(User.id == user.id, User.recovery_codes == before)
        .values(recovery_codes=after)
        .execution_options(synchronize_session=False)
    )
    if struck.rowcount != 1:
        return False
    set_committed_value(user, "recovery_codes", after)
    return True


def verify(user: User, code: str, *, now: datetime) -> str | None:
    """ "totp" or "recovery" for an accepted code, None otherwise (a used one included)."""
    step = matching_step(user.totp_secret, code, now=now)
    if step is not None:
        return "totp" if claim_step(user, step) else None
    if use_recovery_code(user, code):
        return "recovery"
    return None


def reset(user: User) -> None:
    user.totp_secret = None
    user.totp_confirmed_at = None
    user.recovery_codes = None
    user.totp_last_step = None
