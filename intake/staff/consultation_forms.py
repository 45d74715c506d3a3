"""Forms for consultations as they happen: one held now or earlier today, what a consultation
held was about and what was done, and an arrival at reception."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, IntegerField, SelectField, StringField, TelField
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional

from intake.core import vocabulary
from intake.core.forms import StrictForm, time_field
from intake.public.forms import (
    CheckboxesField,
    IntakeForm,
    as_choices,
    max_length,
    plain_text,
    strip,
)

HELD_CHANNELS = {
    "walk_in": vocabulary.CHANNELS["walk_in"],
    "phone": vocabulary.CHANNELS["phone"],
}


def _minutes(label) -> IntegerField:
    return IntegerField(
        label,
        validators=[
            InputRequired(_l("Please say how long it took, in minutes.")),
            NumberRange(min=5, max=480, message=_l("From %(min)d to %(max)d.")),
        ],
    )


def _topics(label) -> CheckboxesField:
    return CheckboxesField(
        label,
        choices=as_choices(vocabulary.TOPICS.items()),
        validators=[DataRequired(_l("Please choose at least one topic."))],
    )


class OutcomeForm(StrictForm):
    """ "Took place": what it was about, what was done, how long it took."""

    version = IntegerField(validators=[InputRequired()])
    topics = _topics(_l("What was it about?"))
    outcomes = CheckboxesField(
        _l("What was done?"),
        choices=as_choices(vocabulary.CONSULTATION_OUTCOMES.items()),
        validators=[DataRequired(_l("Please choose what was done."))],
    )
    referral = SelectField(_l("Referred to"), coerce=int, validate_choice=False, default=0)
    minutes = _minutes(_l("How long did it take (minutes)?"))


class HeldNowForm(StrictForm):
    """A consultation happening now or held earlier today, for a known or a new person."""

    reference = StringField(
        _l("Reference of an existing case (leave empty for a new person)"),
        filters=[strip],
        validators=[Optional(), max_length(20), plain_text()],
    )
    channel = SelectField(
        _l("How did the person come?"),
        choices=as_choices(HELD_CHANNELS.items()),
        default="walk_in",
        validate_choice=True,
    )
    counsellor = SelectField(_l("Counsellor"), coerce=int, validate_choice=True)
    start = time_field(_l("Started at (today)"), validators=[InputRequired()])
    minutes = _minutes(_l("Length (minutes)"))
    topics = CheckboxesField(_l("What is it about?"), choices=as_choices(vocabulary.TOPICS.items()))
    # Checked in validate(): a known case needs neither.
    talk_language = SelectField(_l("Language for the conversation"), validate_choice=False)
    interpreter_language = SelectField(
        _l("Does the person need an interpreter?"), validate_choice=False, default=""
    )
    name = StringField(
        _l("Name of the person (optional)"),
        filters=[strip],
        validators=[Optional(), max_length(100), plain_text()],
    )
    email = EmailField(
        _l("E-mail"), filters=[strip], validators=[Optional(), max_length(254), plain_text()]
    )
    phone = TelField(
        _l("Phone"), filters=[strip], validators=[Optional(), max_length(32), plain_text()]
    )
    consent = BooleanField()

    validate_email = IntakeForm.validate_email
    validate_phone = IntakeForm.validate_phone

    def __init__(self, *args, languages: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.talk_language.choices = as_choices(
            (code, vocabulary.language_name(code)) for code in languages
        )
        self.interpreter_language.choices = as_choices(vocabulary.interpreter_choices())

    def validate(self, extra_validators=None) -> bool:
        """A new person needs topics and their agreement; a known case needs neither."""
        valid = super().validate(extra_validators)
        if self.reference.data:
            return valid
        if not self.topics.data:
            self.topics.errors.append(_l("Please choose at least one topic."))
            valid = False
        for field in (self.talk_language, self.interpreter_language):
            if field.data not in {choice.value for choice in field.choices}:
                field.errors.append(_l("This value is not one of the allowed ones."))
                valid = False
        if not self.consent.data:
            self.consent.errors.append(
                _l("Please explain the privacy notice and ask the person to agree.")
            )
            valid = False
        return valid


class ArrivalForm(StrictForm):
    reference = StringField(
        _l("Reference number"),
        filters=[strip],
        validators=[
            DataRequired(_l("Please type or scan the reference number.")),
            max_length(40),
            plain_text(),
        ],
    )
