"""The intake form: one page, shared with the JSON API so both apply the same rules."""

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TelField,
    TextAreaField,
    ValidationError,
    widgets,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, StopValidation

from intake.core import vocabulary
from intake.core.forms import SENT_TWICE, StrictForm
from intake.core.preferred_periods import CODES as PERIOD_CODES
from intake.core.preferred_periods import part_label
from intake.core.text import (
    has_forbidden_characters,
    is_compatibility_lookalike,
    is_invisible,
    is_phone_like,
    neutralise,
)

MAX_DESCRIPTION = 1000
CALLBACK = "callback"


class CheckboxesField(SelectMultipleField):
    """Boxes to tick; an unknown value is refused without repeating it on the page."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()

    def __init__(self, *args, **kwargs):
        refused = _l("This value is not one of the allowed ones.")
        kwargs.setdefault("invalid_choice_message", refused)
        super().__init__(*args, **kwargs)


PHONE_TOO_SHORT = _l("This phone number is too short. Please enter it with the area code.")
TOO_SHORT_TO_PARSE = (
    phonenumbers.NumberParseException.TOO_SHORT_NSN,
    phonenumbers.NumberParseException.TOO_SHORT_AFTER_IDD,
)
# Fewer digits than any dialable number with its area code ("12", "0351", "+49 30 12").
MIN_NATIONAL_DIGITS = 6


def is_too_short(number: phonenumbers.PhoneNumber) -> bool:
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason in (
        phonenumbers.ValidationResult.TOO_SHORT,
        phonenumbers.ValidationResult.IS_POSSIBLE_LOCAL_ONLY,
    ):
        return True
    return len(phonenumbers.national_significant_number(number)) < MIN_NATIONAL_DIGITS


def at_least_one(message):
    """A group of boxes needs one ticked; sets no `required` flag on the boxes."""

    def check(form, field) -> None:
        if not field.data:
            field.errors[:] = []
            raise StopValidation(message)

    return check


def plain_text(multiline: bool = False):
    def check(form, field) -> None:
        if field.data and has_forbidden_characters(field.data, multiline=multiline):
            raise ValidationError(_l("This contains characters that are not allowed."))

    return check


def each_once(form, field) -> None:
    """A choice ticked twice (or ten thousand times) is not a choice a page can send."""
    if field.data and len(set(field.data)) != len(field.data):
        raise ValidationError(SENT_TWICE)


def checked(message):
    """A checkbox counts as ticked only with the value it sends ("y"): "n", "no" or "off" typed
    into a request are not a yes."""

    def check(form, field) -> None:
        if field.raw_data and field.raw_data != ["y"]:
            raise ValidationError(message)

    return check


def visible(message):
    def check(form, field) -> None:
        if field.data and is_invisible(field.data):
            raise ValidationError(message)

    return check


CONSENT_NEEDED = _l("We can only take your request with your consent.")


def as_choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def max_length(limit: int) -> Length:
    return Length(
        max=limit,
        message=lazy_ngettext(
            "Please use at most %(num)d character.", "Please use at most %(num)d characters.", limit
        ),
    )


def strip(value):
    return neutralise(value) if isinstance(value, str) else value


def says_when(start: str | None, ticked: list[str] | None, typed: str | None) -> bool:
    """A call-back needs at least one period ticked or some words about the time."""
    return start != CALLBACK or bool(ticked) or bool(typed)


class IntakeForm(StrictForm):
    """Topics, language, mode, a slot or a call-back, contact details and consent."""

    topics = CheckboxesField(
        _l("What is it about?"),
        choices=as_choices(vocabulary.TOPICS.items()),
        # Checked for the group on the server: a `required` on every box (what DataRequired
        # would render) tells a browser that each box must be ticked.
        validators=[at_least_one(_l("Please choose at least one topic.")), each_once],
    )
    talk_language = SelectField(_l("Language for the conversation"), validate_choice=True)
    interpreter_language = SelectField(
        _l("Do you need an interpreter?"), validate_choice=True, default=""
    )
    mode = RadioField(
        _l("How would you like to talk with us?"),
        choices=as_choices(vocabulary.MODES.items()),
        default="in_person",
        validators=[InputRequired(_l("Please choose how you would like to talk with us."))],
    )
    # i18n: label of the time picker: the date and time of the consultation
    start = StringField(_l("Choose a time"), filters=[strip], validators=[plain_text()])
    preferred_periods = CheckboxesField(
        _l("Which times suit you?"),
        choices=as_choices((code, part_label(code)) for code in PERIOD_CODES),
    )
    preferred_times = TextAreaField(
        _l("Other times or remarks"),
        filters=[strip],
        validators=[Optional(), max_length(500), plain_text(multiline=True)],
    )
    name = StringField(
        _l("Your name"),
        filters=[strip],
        validators=[
            DataRequired(_l("Please tell us how we may address you.")),
            visible(_l("Please tell us how we may address you.")),
            max_length(100),
            plain_text(),
        ],
    )
    email = EmailField(
        _l("E-mail"), filters=[strip], validators=[Optional(), max_length(254), plain_text()]
    )
    phone = TelField(
        _l("Phone"), filters=[strip], validators=[Optional(), max_length(32), plain_text()]
    )
    contact_channel = RadioField(
        _l("How should we contact you?"),
        choices=as_choices(vocabulary.CONTACT_CHANNELS.items()),
        validate_choice=False,
    )
    accessibility_needs = TextAreaField(
        _l("Accessibility needs"),
        filters=[strip],
        validators=[Optional(), max_length(500), plain_text(multiline=True)],
    )
    description = TextAreaField(
        _l("Short description"),
        filters=[strip],
        validators=[Optional(), max_length(MAX_DESCRIPTION), plain_text(multiline=True)],
    )
    consent = BooleanField(
        _l("I have read the privacy notice and agree that my details are stored for this."),
        validators=[DataRequired(CONSENT_NEEDED), checked(CONSENT_NEEDED)],
    )
    # Bots fill every field; people never see this one.
    website = StringField(_l("Leave this field empty"))
    form_key = HiddenField()

    def __init__(self, *args, languages: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.talk_language.choices = as_choices(vocabulary.sorted_language_choices(languages))
        self.interpreter_language.choices = as_choices(vocabulary.interpreter_choices())

    def validate_email(self, field) -> None:
        if not field.data:
            return
        if is_compatibility_lookalike(field.data):
            raise ValidationError(_l("Please enter a valid e-mail address."))
        try:
            # The domain in IDNA (punycode): a relay without SMTPUTF8 delivers it too.
            checked = validate_email(field.data, check_deliverability=False, allow_smtputf8=False)
            field.data = checked.ascii_email
        except EmailNotValidError as error:
            raise ValidationError(_l("Please enter a valid e-mail address.")) from error

    def validate_phone(self, field) -> None:
        if not field.data:
            return
        if not is_phone_like(field.data):
            raise ValidationError(_l("Please enter a phone number with digits only."))
        try:
            number = phonenumbers.parse(field.data, "DE")
        except phonenumbers.NumberParseException as error:
            if error.error_type in TOO_SHORT_TO_PARSE:
                raise ValidationError(PHONE_TOO_SHORT) from error
            raise ValidationError(_l("Please enter a valid phone number.")) from error
        if is_too_short(number):
            raise ValidationError(PHONE_TOO_SHORT)
        if not phonenumbers.is_valid_number(number):
            raise ValidationError(_l("Please enter a valid phone number."))
        field.data = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    def validate_contact_channel(self, field) -> None:
        if not self.email.data and not self.phone.data:
            raise ValidationError(_l("Please give an e-mail address or a phone number."))
        if field.data not in (None, "", *vocabulary.CONTACT_CHANNELS):
            raise ValidationError(_l("Please choose e-mail or phone."))
        if field.data == "email" and not self.email.data:
            raise ValidationError(_l("Please give an e-mail address to be contacted by e-mail."))
        if field.data == "phone" and not self.phone.data:
            raise ValidationError(_l("Please give a phone number to be contacted by phone."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not says_when(self.start.data, self.preferred_periods.data, self.preferred_times.data):
            self.preferred_times.errors.append(_l("Please tell us when we can call you."))
            valid = False
        return valid

    def validate_start(self, field) -> None:
        if not field.data:
            raise ValidationError(_l("Please choose a time, or ask us to call you."))

    @property
    def is_bot(self) -> bool:
        return bool(self.website.data)


class MoveForm(StrictForm):
    """The manage page's "another time" form: one slot, or a paging button."""

    start = StringField(_l("Choose a time"), filters=[strip], validators=[plain_text()])

    def validate_start(self, field) -> None:
        if not field.data or field.data == CALLBACK:
            raise ValidationError(_l("Please choose one of the times shown."))
