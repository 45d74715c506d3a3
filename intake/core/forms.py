"""Form rules every page shares: one value per single field, NUL refused, localized field
messages, and staff forms that keep what was typed when the CSRF token has expired."""

import secrets
from collections.abc import Callable
from functools import wraps

from flask import current_app, flash, g, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFError, validate_csrf
from wtforms import DateField, HiddenField, SelectMultipleField, TimeField
from wtforms.validators import ValidationError

from intake.extensions import csrf

SENT_TWICE = _l("This field was sent more than once.")
NOT_A_DATE = _l("Please enter a date like 2026-12-01.")
NOT_A_TIME = _l("Please enter a time like 09:30.")
EXPIRED = "The CSRF token has expired."


def repeated_single_values(form, formdata) -> list[str]:
    """The one rule for "a single value": names of fields that take one value but were sent
    more than once (the first one must not silently win). Multi-select fields may repeat."""
    if formdata is None or not hasattr(formdata, "getlist"):
        return []
    return [
        field.name
        for field in form
        if not isinstance(field, SelectMultipleField) and len(formdata.getlist(field.name)) > 1
    ]


def has_repeated_values(form, *, multi: tuple[str, ...] = ()) -> bool:
    """True when a single-valued field of `form` arrived more than once ("last one wins"
    would silently pick one of two values); `multi` names fields that may repeat."""
    return any(name not in multi for name in repeated_single_values(form, request.form))


def date_field(label, validators=(), **kwargs) -> DateField:
    return DateField(label, validators=list(validators), invalid_value_message=NOT_A_DATE, **kwargs)


def time_field(label, validators=(), **kwargs) -> TimeField:
    return TimeField(label, validators=list(validators), invalid_value_message=NOT_A_TIME, **kwargs)


class StrictForm(FlaskForm):
    """A FlaskForm that refuses a single-valued field sent twice, on that field."""

    def repeated(self, formdata) -> list[str]:
        """Fields sent twice; the same name twice is an error, not "last one wins"."""
        return repeated_single_values(self, formdata)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        repeated = self.repeated(request.form if request else None)
        for name in repeated:
            field = self._fields.get(name) or next(f for f in self if f.name == name)
            field.errors = [*field.errors, str(SENT_TWICE)]
        return valid and not repeated


def _sent_csrf_token() -> str | None:
    for name, value in request.form.items():
        if name.endswith("csrf_token"):
            return value
    return request.headers.get("X-CSRFToken")


def keeps_typed_data(view: Callable) -> Callable:
    """For a staff view whose form checks its own CSRF token: an expired token re-shows the
    form with what was typed and a message (the form's own check makes it change nothing),
    as the public form does; a missing or foreign token is still refused with 400."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if request.method == "POST" and current_app.config["WTF_CSRF_ENABLED"]:
            try:
                validate_csrf(_sent_csrf_token())
            except ValidationError as error:
                if str(error) != EXPIRED:
                    raise CSRFError(str(error)) from error
                g.csrf_expired = True
                flash(_("For your security the form was renewed. Please check and send it again."))
        return view(*args, **kwargs)

    csrf.exempt(wrapped)
    return wrapped


def form_key_field() -> HiddenField:
    """A fresh random key in every empty form; the same key comes back when the form is sent
    again (intake.models.sent_forms)."""
    return HiddenField(default=lambda: secrets.token_hex(16))


ALREADY_SAVED = _l("This form was saved already; nothing was changed.")
