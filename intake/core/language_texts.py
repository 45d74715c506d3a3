"""A form field holding one optional text per offered language (closure notes, titles)."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from wtforms import Field
from wtforms.utils import unset_value
from wtforms.validators import ValidationError

from intake.core.forms import SENT_TWICE
from intake.core.i18n import offered_languages
from intake.core.text import has_forbidden_characters, neutralise

FORBIDDEN = _l("This contains characters that are not allowed.")


def other_languages() -> list[str]:
    """Every offered language but the office's own, which has its own field."""
    own = current_app.config["DEFAULT_LANGUAGE"]
    return [code for code in offered_languages() if code != own]


class LanguageTextsField(Field):
    """Sent as one input per language named `<name>-<code>`; `data` is {code: text} without
    the empty ones. `typed` keeps what arrived, for showing the form again."""

    def __init__(self, label=None, validators=None, *, max_length: int, multiline=False, **kw):
        super().__init__(label, validators, **kw)
        self.max_length = max_length
        self.multiline = multiline
        self.typed: dict[str, str] = {}

    def languages(self) -> list[str]:
        return other_languages()

    def input_name(self, code: str) -> str:
        return f"{self.name}-{code}"

    def process(self, formdata, data=unset_value, extra_filters=None) -> None:
        self.process_errors = []
        self.typed = dict(data) if data is not unset_value and data else {}
        if formdata is not None:
            self.typed = {}
            for code in other_languages():
                values = formdata.getlist(self.input_name(code))
                if len(values) > 1:
                    self.process_errors.append(str(SENT_TWICE))
                if values:
                    self.typed[code] = values[0]
        self.data = {code: neutralise(text) for code, text in self.typed.items() if text.strip()}

    def pre_validate(self, form) -> None:
        for text in self.data.values():
            if has_forbidden_characters(text, multiline=self.multiline):
                raise ValidationError(str(FORBIDDEN))
            if len(text) > self.max_length:
                raise ValidationError(
                    str(
                        lazy_ngettext(
                            "Please use at most %(num)d character.",
                            "Please use at most %(num)d characters.",
                            self.max_length,
                        )
                    )
                )
