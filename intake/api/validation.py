"""JSON types checked exactly as the OpenAPI description says, before the form's rules."""

from functools import cache

from flask_babel import lazy_gettext as _l
from jsonschema import Draft202012Validator

from intake.api.openapi import REQUEST

# The form's own checks say these in the words of the HTML form (required fields, lengths,
# e-mail syntax, a phone number too short), so the schema leaves them to it.
LEFT_TO_THE_FORM = frozenset({"required", "minLength", "maxLength", "format"})

MESSAGES = {
    "const": _l("We can only take your request with your consent."),
    "enum": _l("This value is not one of the allowed ones."),
    "minItems": _l("Please choose at least one topic."),
}
WRONG_TYPE = _l("This value has the wrong type; see the API description.")


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(REQUEST)


def type_errors(body: dict) -> dict[str, list[str]]:
    """Field name → localized messages for every value whose JSON type or value the
    description does not allow ("consent": "no", "topics": "work", "name": 5); null is
    the same as leaving the field out, as the description says."""
    errors: dict[str, list[str]] = {}
    given = {key: value for key, value in body.items() if value is not None}
    for error in _validator().iter_errors(given):
        if error.validator in LEFT_TO_THE_FORM or not error.absolute_path:
            continue
        field = str(error.absolute_path[0])
        message = str(MESSAGES.get(str(error.validator), WRONG_TYPE))
        if message not in errors.setdefault(field, []):
            errors[field].append(message)
    return errors
