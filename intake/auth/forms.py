"""The staff login, second-factor and password forms."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from wtforms import EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from intake.core.forms import StrictForm

MIN_PASSWORD_LENGTH = 12


class LoginForm(StrictForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    next = HiddenField()


class CodeForm(StrictForm):
    code = StringField(
        _l("Code from your authenticator app, or a recovery code"),
        validators=[DataRequired(_l("Please enter the code.")), Length(max=20)],
    )


class PasswordChangeForm(StrictForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=200)])
    new = PasswordField(
        _l("New password"),
        validators=[
            DataRequired(),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=200,
                message=lazy_ngettext(
                    "Please use %(min)d to %(num)d character.",
                    "Please use %(min)d to %(num)d characters.",
                    200,
                    min=MIN_PASSWORD_LENGTH,
                ),
            ),
        ],
    )
    repeat = PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("new", _l("The two new passwords differ."))],
    )


class NameForm(StrictForm):
    """A staff member's name as colleagues and the audit log show it."""

    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=120)])
