"""Forms of the case page and the walk-in intake; each action form names the case version."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Optional

from intake.core import vocabulary
from intake.public.forms import IntakeForm, as_choices, max_length, plain_text, strip

CHANNELS = ("phone", "walk_in", "email")


class ActionForm(FlaskForm):
    """An action on a case as the page showed it, with an optional message to the person."""

    version = IntegerField(widget=HiddenField.widget, validators=[InputRequired()])
    message = TextAreaField(
        _l("Message to the person (optional, sent in their language's e-mail)"),
        filters=[strip],
        validators=[Optional(), max_length(1000), plain_text(multiline=True)],
    )


class StartForm(ActionForm):
    start = StringField(_l("New time"), filters=[strip], validators=[DataRequired()])


class AssignForm(ActionForm):
    to = SelectField(_l("Counsellor"), coerce=int, validate_choice=True)


class ReferForm(ActionForm):
    service = SelectField(_l("Refer to"), coerce=int, validate_choice=True)


class SameContactForm(ActionForm):
    """Close as a duplicate of, or link as the same person with, a case of the same contact."""

    # i18n: the other case with the same phone number or e-mail address
    other = SelectField(_l("Other case"), coerce=int, validate_choice=True)


class DeclineForm(ActionForm):
    reason = SelectField(
        _l("Reason"),
        choices=as_choices(vocabulary.DECLINE_REASONS.items()),
        validate_choice=True,
        validators=[InputRequired()],
    )


class NoteForm(FlaskForm):
    # The same once-only key as the public form: a resend stores the note once.
    form_key = HiddenField()
    body = TextAreaField(
        _l("Note"),
        filters=[strip],
        validators=[
            DataRequired(_l("Please write the note.")),
            max_length(5000),
            plain_text(multiline=True),
        ],
    )


class WalkInForm(IntakeForm):
    """The public intake form as a counsellor fills it in for someone on the phone or at
    the door: the same rules and the same booking, plus how the request came in."""

    channel = SelectField(
        _l("How did the request come in?"),
        choices=as_choices(
            (code, label) for code, label in vocabulary.CHANNELS.items() if code in CHANNELS
        ),
        default="phone",
        validate_choice=True,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, text in STAFF_VOICE.items():
            self[name].label.text = text


# The person's answers, asked by a counsellor: these labels speak about them, not to them.
STAFF_VOICE = {
    "interpreter_language": _l("Does the person need an interpreter?"),
    "mode": _l("How does the person want to talk with us?"),
    "preferred_periods": _l("Which times suit the person?"),
    "name": _l("Name of the person"),
    "contact_channel": _l("How should we contact the person?"),
}
