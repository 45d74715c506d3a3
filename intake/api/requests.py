"""POST /api/v1/requests: the intake form's rules and use case, spoken in JSON."""

import json

from flask import abort, jsonify, request
from flask_babel import force_locale
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from intake.api.blueprint import bp
from intake.api.params import api_error
from intake.api.validation import type_errors
from intake.booking import requesting
from intake.core import clock
from intake.core.domain import unit_of_work
from intake.core.forms import SENT_TWICE
from intake.core.i18n import current_language, offered_languages
from intake.core.links import manage_url
from intake.public import submission
from intake.public.forms import CALLBACK, IntakeForm
from intake.public.limits import intake_limits

# JSON names → form fields; anything else in the body is ignored.
JSON_FIELDS = {
    "topics": "topics",
    "language": "talk_language",
    "interpreter_language": "interpreter_language",
    "mode": "mode",
    "start": "start",
    "preferred_times": "preferred_times",
    "preferred_periods": "preferred_periods",
    "name": "name",
    "email": "email",
    "phone": "phone",
    "contact_channel": "contact_channel",
    "accessibility_needs": "accessibility_needs",
    "description": "description",
    "consent": "consent",
}
# Read from the body but not a form field: the language of pages and e-mails.
OTHER_TEXT_FIELDS = ("locale",)


LISTS = frozenset({"topics", "preferred_periods"})
BOOLEANS = frozenset({"consent"})


class DuplicateKey(ValueError):
    def __init__(self, name: str):
        super().__init__(name)
        self.name = name


def _no_duplicates(pairs: list) -> dict:
    seen = {}
    for key, value in pairs:
        if key in seen:
            raise DuplicateKey(key)
        seen[key] = value
    return seen


def read_body() -> object:
    """The JSON body, strictly: a key given twice, bad JSON or absurd nesting is refused."""
    try:
        return json.loads(request.get_data(as_text=True), object_pairs_hook=_no_duplicates)
    except DuplicateKey as duplicate:
        abort(
            api_error(400, _("The field %(name)s was given more than once.", name=duplicate.name))
        )
    except (ValueError, RecursionError):
        abort(api_error(400, _("Send a JSON object.")))


def _type_errors(body: dict) -> dict[str, list[str]]:
    """Each field in its JSON type: text as a string, topics and preferred periods as lists of
    strings, consent as true or false. Objects are never turned into text (no Python reprs
    are stored)."""
    errors = {}
    for key in (*JSON_FIELDS, *OTHER_TEXT_FIELDS):
        value = body.get(key)
        if value is None:
            continue
        if key in LISTS:
            ok = isinstance(value, list) and all(isinstance(item, str) for item in value)
            message = _("Please send a list of texts.")
        elif key in BOOLEANS:
            ok, message = isinstance(value, bool), _("Please send true or false.")
        elif isinstance(value, list):
            ok, message = False, str(SENT_TWICE)
        else:
            ok, message = isinstance(value, str), _("Please send text here.")
        if not ok:
            errors[key] = [message]
    return errors


def _form_data(body: dict) -> MultiDict:
    data = MultiDict()
    for key, field in JSON_FIELDS.items():
        value = body.get(key)
        if value is None or value is False:
            continue
        for item in value if isinstance(value, list) else [value]:
            data.add(field, "y" if item is True else item)
    data.setdefault("start", CALLBACK)
    data.setdefault("mode", "in_person")
    return data


@bp.post("/requests")
@intake_limits
def create_request():
    if not request.is_json:
        return api_error(400, _("Send a JSON object."))
    body = read_body()
    if not isinstance(body, dict):
        return api_error(400, _("Send a JSON object."))
    if errors := _type_errors(body):
        return api_error(422, _("Please correct the marked fields."), errors)
    locale = body.get("locale") or current_language()
    if locale not in offered_languages():
        errors = {"locale": [_("This value is not one of the allowed ones.")]}
        return api_error(422, _("Please correct the marked fields."), errors)
    with force_locale(locale):
        return _create(body, locale)


def _create(body: dict, locale: str):
    """The request checked and stored, answered in the requester's language."""
    if wrong := type_errors(body):
        return api_error(422, _("Please correct the marked fields."), wrong)
    form = IntakeForm(
        formdata=_form_data(body), meta={"csrf": False}, languages=offered_languages()
    )
    if not form.validate():
        fields = {name: [str(e) for e in errors] for name, errors in form.errors.items()}
        return api_error(422, _("Please correct the marked fields."), _api_names(fields))
    now = clock.now()
    with unit_of_work() as work:
        start = submission.parse_start(form.start.data)
        created = requesting.submit_request(
            submission.intake_data(form, locale=locale, now=now, start=start), now=now
        )
        answer = _created(created)  # before the commit expires what it reads
    if work.failed:
        error = work.error
        return api_error(
            error.status,
            str(error.message),
            _api_names({error.field: [str(error.message)]}),
            alternatives=[
                {"start": slot.start.isoformat(), "end": slot.end.isoformat()}
                for slot in error.alternatives
            ],
        )
    return jsonify(answer), 201


def _api_names(fields: dict[str, list[str]]) -> dict[str, list[str]]:
    by_form_name = {form_name: json_name for json_name, form_name in JSON_FIELDS.items()}
    return {by_form_name.get(name, name): errors for name, errors in fields.items()}


def _created(created: requesting.Submission) -> dict:
    appointment = created.appointment
    return {
        "reference": created.case.reference,
        "manage_url": manage_url(created.case, created.manage_token),
        "status": appointment.status if appointment else created.case.status,
        "interpreter_language": (
            appointment.interpreter_language if appointment else created.case.interpreter_language
        ),
        "appointment": None
        if appointment is None
        else {  # office time, as /api/v1/slots gives it
            "start": appointment.starts_at.astimezone(clock.office_tz()).isoformat(),
            "end": appointment.ends_at.astimezone(clock.office_tz()).isoformat(),
        },
    }
