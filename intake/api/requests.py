"""POST /api/v1/requests: the intake form's rules and use case, spoken in JSON."""

from flask import jsonify, request
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from intake.api import bp
from intake.api.params import api_error
from intake.api.validation import type_errors
from intake.booking import requesting
from intake.core import clock
from intake.core.domain import unit_of_work
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
    "name": "name",
    "email": "email",
    "phone": "phone",
    "contact_channel": "contact_channel",
    "accessibility_needs": "accessibility_needs",
    "description": "description",
    "consent": "consent",
}


def _form_data(body: dict) -> MultiDict:
    data = MultiDict()
    for key, field in JSON_FIELDS.items():
        value = body.get(key)
        if value is None or value is False:
            continue
        values = value if isinstance(value, list) else [value]
        for item in values:
            data.add(field, "y" if item is True else str(item))
    data.setdefault("start", CALLBACK)
    data.setdefault("mode", "in_person")
    return data


@bp.post("/requests")
@intake_limits
def create_request():
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return api_error(400, _("Send a JSON object."))
    locale = current_language()
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
    return jsonify(_created(created)), 201


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
        else {"start": appointment.starts_at.isoformat(), "end": appointment.ends_at.isoformat()},
    }
