"""Forms of the office lead's administration pages: settings, team, referral services."""

from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    Email,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from intake.core.forms import StrictForm, form_key_field
from intake.core.language_texts import LanguageTextsField
from intake.models import Role
from intake.public.forms import plain_text

SETTINGS_FIELDS = (
    "slot_minutes",
    "buffer_minutes",
    "min_notice_hours",
    "horizon_days",
    "confirm_automatically",
    "feed_shows_topic",
    "retention_closed_days",
    "retention_unanswered_days",
    "audit_retention_days",
    "video_room_template",
    "small_cell_threshold",
    "require_second_factor",
    "offer_valid_hours",
    "directory_second_factor",
    "commissioner_titles",
)


def _bounded(label: str, low: int, high: int) -> IntegerField:
    return IntegerField(label, validators=[InputRequired(), NumberRange(min=low, max=high)])


def video_room_template(form, field) -> None:
    """Empty (no video links), or an https address with {token} where the room name goes."""
    value = (field.data or "").strip()
    if not value:
        return
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.netloc:
        raise ValidationError(_l("The address must begin with https://"))
    if "{token}" not in value:
        raise ValidationError(_l("The address must contain {token} where the room name goes."))


class SettingsForm(StrictForm):
    slot_minutes = _bounded(_l("Length of an appointment (minutes)"), 10, 240)
    buffer_minutes = _bounded(_l("Break between appointments (minutes)"), 0, 120)
    min_notice_hours = _bounded(_l("Minimum notice before an appointment (hours)"), 0, 336)
    horizon_days = _bounded(_l("How far ahead people can book (days)"), 7, 365)
    confirm_automatically = BooleanField(_l("Confirm booked appointments automatically"))
    feed_shows_topic = BooleanField(_l("Show the topic in staff calendar subscriptions"))
    retention_closed_days = _bounded(_l("Anonymise a closed case after (days)"), 30, 3650)
    retention_unanswered_days = _bounded(
        _l("Anonymise a request that ended unanswered after (days)"), 7, 3650
    )
    audit_retention_days = _bounded(_l("Keep the access log for (days)"), 180, 3650)
    video_room_template = StringField(
        _l("Address of video rooms"),
        validators=[Optional(), Length(max=200), plain_text(), video_room_template],
        filters=[lambda value: (value or "").strip()],
    )
    small_cell_threshold = _bounded(_l("Smallest number shown in published reports"), 2, 50)
    require_second_factor = BooleanField(_l("Staff must use a second factor to log in"))
    offer_valid_hours = _bounded(_l("An offered time stays reserved for (hours)"), 1, 168)
    directory_second_factor = BooleanField(
        _l("Staff signing in with the city account must use a second factor too")
    )
    # i18n: the official title of the office's head (Integrations- und Ausländerbeauftragte)
    commissioner_titles = LanguageTextsField(
        _l("The commissioner's title in other languages"), max_length=200
    )

    def apply_to(self, settings: object) -> list[str]:
        """Copy the values; returns the names of the settings that changed, for the audit."""
        changed = [name for name in SETTINGS_FIELDS if getattr(settings, name) != self[name].data]
        for name in SETTINGS_FIELDS:
            setattr(settings, name, self[name].data)
        return changed


ROLE_CHOICES = [
    SelectChoice(Role.COUNSELLOR.value, _l("Counsellor")),
    SelectChoice(Role.LEAD.value, _l("Office lead")),
]


class AccountFlagsForm(FlaskForm):
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, validators=[InputRequired()])
    languages = StringField(
        _l("Languages"), validators=[InputRequired(), Length(max=100)], default="de"
    )
    takes_appointments = BooleanField(_l("Takes appointments"), default=True)
    offers_phone = BooleanField(_l("Offers consultations by phone"), default=True)
    offers_video = BooleanField(_l("Offers consultations by video"), default=True)

    def language_codes(self) -> list[str]:
        return (self.languages.data or "").replace(";", ",").split(",")

    def flags(self) -> dict[str, bool]:
        names = ("takes_appointments", "offers_phone", "offers_video")
        return {name: self[name].data for name in names}


class EditAccountForm(AccountFlagsForm):
    # Left empty, the name stays as it is.
    name = StringField(_l("Name"), validators=[Optional(), Length(max=120)])


class NewAccountForm(AccountFlagsForm):
    name = StringField(_l("Name"), validators=[InputRequired(), Length(max=120), plain_text()])
    email = EmailField(
        _l("E-mail"),
        validators=[InputRequired(), Email(check_deliverability=False), Length(max=254)],
    )


class SetPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[InputRequired(), Length(max=200)])
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[InputRequired(), EqualTo("password", _l("The two passwords differ."))],
    )


class ReferralForm(FlaskForm):
    form_key = form_key_field()
    name = StringField(_l("Name of the service"), validators=[InputRequired(), Length(max=200)])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=300)])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=40)])
    url = StringField(_l("Web page"), validators=[Optional(), Length(max=300)])
    note = TextAreaField(_l("Note for staff"), validators=[Optional(), Length(max=500)])
    active = BooleanField(_l("Offered when referring"), default=True)

    FIELDS = ("name", "address", "phone", "url", "note", "active")

    def validate_url(self, field) -> None:
        parts = urlsplit(field.data or "")
        if field.data and (parts.scheme not in ("http", "https") or not parts.netloc):
            raise ValidationError(_l("Give a full address beginning with https://"))

    def values(self) -> dict:
        return {
            name: (self[name].data if name == "active" else (self[name].data or "").strip())
            for name in self.FIELDS
        }
