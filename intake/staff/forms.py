"""Forms of the office lead's administration pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField
from wtforms.validators import InputRequired, NumberRange

SETTINGS_FIELDS = (
    "slot_minutes",
    "buffer_minutes",
    "min_notice_hours",
    "horizon_days",
    "retention_closed_days",
    "retention_unanswered_days",
    "confirm_automatically",
    "feed_shows_topic",
)


def _bounded(label: str, low: int, high: int) -> IntegerField:
    return IntegerField(label, validators=[InputRequired(), NumberRange(min=low, max=high)])


class SettingsForm(FlaskForm):
    slot_minutes = _bounded(_l("Length of an appointment (minutes)"), 10, 240)
    buffer_minutes = _bounded(_l("Break between appointments (minutes)"), 0, 120)
    min_notice_hours = _bounded(_l("Minimum notice before an appointment (hours)"), 0, 336)
    horizon_days = _bounded(_l("How far ahead people can book (days)"), 7, 365)
    retention_closed_days = _bounded(
        _l("Keep personal data after a case is closed (days)"), 30, 3650
    )
    retention_unanswered_days = _bounded(
        _l("Keep personal data of a cancelled, declined or unanswered request (days)"), 7, 3650
    )
    confirm_automatically = BooleanField(_l("Confirm booked appointments automatically"))
    feed_shows_topic = BooleanField(_l("Show the topic in staff calendar subscriptions"))

    def apply_to(self, settings: object) -> None:
        for name in SETTINGS_FIELDS:
            setattr(settings, name, self[name].data)
