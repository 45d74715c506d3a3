"""Glue between the intake form and the booking use case: form keys and parsing."""

import secrets
from datetime import datetime

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from intake.booking.errors import SlotNotBookable
from intake.booking.requesting import IntakeData
from intake.public.forms import CALLBACK, IntakeForm


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="intake-form-key")


def new_form_key() -> str:
    """Issued with each empty form; a double click sends the same key twice."""
    return _signer().dumps(secrets.token_hex(16))


def verified_form_key(signed: str | None) -> str | None:
    try:
        return _signer().loads(signed) if signed else None
    except BadSignature:
        return None


def parse_start(value: str | None) -> datetime | None:
    """None for a call-back; an aware datetime for a slot; SlotNotBookable when malformed."""
    if not value or value == CALLBACK:
        return None
    try:
        start = datetime.fromisoformat(value)
    except ValueError as error:
        raise SlotNotBookable() from error
    if start.tzinfo is None:
        raise SlotNotBookable()
    return start


def intake_data(form: IntakeForm, *, locale: str, now: datetime, start: datetime | None):
    return IntakeData(
        locale=locale,
        topics=form.topics.data,
        talk_language=form.talk_language.data,
        interpreter_language=form.interpreter_language.data or None,
        mode=form.mode.data,
        start=start,
        name=form.name.data,
        email=form.email.data or None,
        phone=form.phone.data or None,
        contact_channel=form.contact_channel.data or None,
        accessibility_needs=form.accessibility_needs.data or None,
        preferred_times=form.preferred_times.data or None,
        description=form.description.data or None,
        consent_at=now,
        form_key=verified_form_key(form.form_key.data),
    )
