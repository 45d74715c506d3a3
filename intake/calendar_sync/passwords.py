"""Calendar passwords encrypted at rest with CALENDAR_SECRET_KEY (Fernet: AES and an HMAC)."""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from flask import Flask, current_app
from sqlalchemy import func, inspect, select

from intake.extensions import db
from intake.models import CalendarConnection

MIN_KEY_LENGTH = 32


class KeyMissing(RuntimeError):
    """Production holds calendar passwords but has no key to read them with."""


def _fernet(app: Flask) -> Fernet:
    """CALENDAR_SECRET_KEY; outside production a key derived from SECRET_KEY stands in."""
    secret = str(app.config.get("CALENDAR_SECRET_KEY") or "")
    if not secret:
        if app.config["ENV_NAME"] == "production":
            raise KeyMissing("CALENDAR_SECRET_KEY must be set to use calendar connections")
        secret = "calendar-passwords:" + str(app.config["SECRET_KEY"])
    digest = hashlib.sha256(secret.encode("utf-8")).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def encrypt(password: str) -> str:
    return _fernet(current_app).encrypt(password.encode("utf-8")).decode("ascii")


def decrypt(token: str | None) -> str:
    """The password, or "" when none is stored or the key has changed (the page then asks
    for the password again; the sync reports it as refused)."""
    if not token:
        return ""
    try:
        return _fernet(current_app).decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken:
        return ""


def key_is_usable(app: Flask) -> bool:
    try:
        _fernet(app)
    except KeyMissing:
        return False
    return True


def refuse_start_without_key(app: Flask) -> None:
    """Production does not start while calendars are connected and CALENDAR_SECRET_KEY is
    missing or short: their passwords could not be read, nor new ones kept safe."""
    if app.config["ENV_NAME"] != "production":
        return
    key = str(app.config.get("CALENDAR_SECRET_KEY") or "")
    if key and len(key) < MIN_KEY_LENGTH:
        raise KeyMissing(f"CALENDAR_SECRET_KEY must be at least {MIN_KEY_LENGTH} characters")
    if key:
        return
    with app.app_context():
        # Before the first migration there is no table, and so no connection either.
        migrated = inspect(db.engine).has_table(CalendarConnection.__tablename__)
        connected = migrated and db.session.scalar(
            select(func.count()).select_from(CalendarConnection)
        )
        db.session.remove()
    if connected:
        raise KeyMissing(
            "calendars are connected but CALENDAR_SECRET_KEY is not set: refusing to start"
        )
