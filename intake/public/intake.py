"""Glue between the intake form and the booking use case: form keys, slots, parsing."""

import secrets
from collections import defaultdict
from datetime import date, datetime, timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from intake.availability import engine
from intake.availability import services as availability
from intake.booking.errors import SlotNotBookable
from intake.booking.services import IntakeData
from intake.public.forms import CALLBACK, IntakeForm

DAYS_SHOWN = 14


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


def first_shown_day(requested: str | None, *, today: date) -> date:
    """The first day of the fortnight shown; never before today, never past the horizon."""
    try:
        day = date.fromisoformat(requested) if requested else today
    except ValueError:
        day = today
    return min(max(day, today), today + timedelta(days=366))


def slots_by_day(first_day: date, *, now: datetime) -> dict[date, list[engine.OpenSlot]]:
    grouped: dict[date, list[engine.OpenSlot]] = defaultdict(list)
    tz = availability.office_tz()
    last_day = first_day + timedelta(days=DAYS_SHOWN - 1)
    for slot in availability.open_slots(first_day, last_day, now=now):
        grouped[slot.start.astimezone(tz).date()].append(slot)
    return dict(grouped)


def slot_page(requested_from: str | None, *, today: date, now: datetime) -> dict:
    """A fortnight of free slots and the days the earlier/later buttons lead to."""
    first_day = first_shown_day(requested_from, today=today)
    return {
        "days": slots_by_day(first_day, now=now),
        "first_day": first_day,
        "earlier": first_day - timedelta(days=DAYS_SHOWN) if first_day > today else None,
        "later": first_day + timedelta(days=DAYS_SHOWN),
    }
