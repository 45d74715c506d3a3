"""Staff forms saved once: each empty form carries a random key, remembered when the form is
saved, so that sending it again after an unclear failure (a lost connection, a double click, the
browser's "resend") does nothing twice. The key says nothing about anybody."""

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from intake.extensions import db
from intake.models.types import UTCDateTime


class SentForm(db.Model):
    __tablename__ = "sent_form"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


def first_sending(key: str | None, *, now: datetime) -> bool:
    """Remember `key` in the caller's transaction; False when a form with this key was saved
    before (or is being saved at this moment by a twin request). No key: nothing to remember."""
    if not key:
        return True
    if db.session.get(SentForm, key) is not None:
        return False
    try:
        with db.session.begin_nested():
            db.session.add(SentForm(key=key, sent_at=now))
    except IntegrityError:
        return False
    return True


def was_sent(key: str | None) -> bool:
    """A form with this key was saved before: sending it again changes nothing."""
    return bool(key) and db.session.get(SentForm, key) is not None
