"""Glue between the intake form and the booking use case: form keys and parsing."""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from intake.booking.errors import SlotNotBookable
from intake.booking.requesting import IntakeData
from intake.core import clock, vocabulary
from intake.core.i18n import offered_languages
from intake.models import Case
from intake.public.forms import CALLBACK, IntakeForm

# A start further from now than this is no slot anyone was shown (and years like 0001 or
# 9999 would overflow the calendar arithmetic behind a booking).
PLAUSIBLE_START = timedelta(days=800)


@dataclass(frozen=True)
class SlotMatching:
    """What the slot list must fit: the way of talking and the language to talk in; with an
    interpreter asked for, every counsellor fits."""

    mode: str | None
    language: str | None
    interpreter: bool

    def needs_interpreter(self, slot) -> bool:
        """True for a slot where only counsellors who do not speak the language are free."""
        return not self.interpreter and bool(self.language) and self.language not in slot.languages


def slot_matching(form: IntakeForm) -> SlotMatching:
    """Read the form's answers as typed so far (it may not be valid yet)."""
    mode = form.mode.data if form.mode.data in vocabulary.MODES else None
    language = form.talk_language.data
    return SlotMatching(
        mode=mode,
        language=language if language in offered_languages() else None,
        interpreter=bool(form.interpreter_language.data),
    )


def case_matching(case: Case) -> SlotMatching:
    return SlotMatching(
        mode=case.mode, language=case.talk_language, interpreter=bool(case.interpreter_language)
    )


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
    if start.tzinfo is None or start.utcoffset() is None:
        raise SlotNotBookable()
    if abs(start - clock.now()) > PLAUSIBLE_START:
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
        preferred_periods=tuple(form.preferred_periods.data or ()),
        description=form.description.data or None,
        consent_at=now,
        form_key=verified_form_key(form.form_key.data),
    )
