"""Forms of the counsellor's own-calendar page."""

from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from wtforms import (
    PasswordField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from intake.core.forms import StrictForm
from intake.models import ConnectionKind


def web_address(form, field) -> None:
    parts = urlsplit((field.data or "").strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValidationError(_l("The address must begin with https:// (or http://)."))


class ConnectForm(StrictForm):
    kind = RadioField(
        _l("Kind of calendar"),
        choices=[
            SelectChoice(
                ConnectionKind.CALDAV.value,
                _l("CalDAV account (busy time and, if you wish, your appointments)"),
            ),
            SelectChoice(
                ConnectionKind.ICS.value,
                _l("Subscription address of an .ics file (busy time only)"),
            ),
        ],
        default=ConnectionKind.CALDAV.value,
        validators=[InputRequired()],
    )
    url = StringField(
        _l("Calendar server address"), validators=[InputRequired(), Length(max=500), web_address]
    )
    username = StringField(_l("User name"), validators=[Optional(), Length(max=200)])
    password = PasswordField(_l("App password"), validators=[Optional(), Length(max=500)])


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ChooseForm(StrictForm):
    busy = MultiCheckboxField(_l("Calendars whose events make you busy"), coerce=int)
    write = SelectField(_l("Write confirmed appointments to"), coerce=int)

    def fill(self, calendars, *, nothing_label) -> None:
        choices = [SelectChoice(c.id, c.name or c.url) for c in calendars]
        self.busy.choices = choices
        self.write.choices = [SelectChoice(0, nothing_label), *choices]
