"""Forms of the office lead's administration pages."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField
from wtforms.validators import InputRequired, NumberRange

from intake.core.forms import StrictForm

SETTINGS_FIELDS = (
    "slot_minutes",
    "buffer_minutes",
    "min_notice_hours",
    "horizon_days",
    "retention_days",
    "confirm_automatically",
    "feed_shows_topic",
    "retention_closed_days",
    "retention_unanswered_days",
    "audit_retention_days",
    "require_second_factor",
)


def _bounded(label: str, low: int, high: int) -> IntegerField:
    return IntegerField(label, validators=[InputRequired(), NumberRange(min=low, max=high)])


class SettingsForm(StrictForm):
    slot_minutes = _bounded(_l("Length of an appointment (minutes)"), 10, 240)
    buffer_minutes = _bounded(_l("Break between appointments (minutes)"), 0, 120)
    min_notice_hours = _bounded(_l("Minimum notice before an appointment (hours)"), 0, 336)
    horizon_days = _bounded(_l("How far ahead people can book (days)"), 7, 365)
    retention_days = _bounded(_l("Keep personal data for (days)"), 30, 3650)
    confirm_automatically = BooleanField(_l("Confirm booked appointments automatically"))
    feed_shows_topic = BooleanField(_l("Show the topic in staff calendar subscriptions"))
    retention_closed_days = _bounded(
        _l("Keep personal data after a case is closed (days)"), 7, 3650
    )
    retention_unanswered_days = _bounded(
        _l("Keep personal data of cancelled, declined or unanswered requests (days)"), 1, 365
    )
    audit_retention_days = _bounded(_l("Keep the audit log (days)"), 180, 3650)
    require_second_factor = BooleanField(_l("Staff must log in with a second factor"))

    def apply_to(self, settings: object) -> list[str]:
        """Copy the values; returns the names of the settings that changed, for the audit."""
        changed = [name for name in SETTINGS_FIELDS if getattr(settings, name) != self[name].data]
        for name in SETTINGS_FIELDS:
            setattr(settings, name, self[name].data)
        return changed
