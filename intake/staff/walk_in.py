"""Phone and walk-in intake: a counsellor records a request for a person, through the same
intake rules and booking as the public form, and prints a confirmation in their language."""

import segno
from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from intake.availability import paging
from intake.booking import appointments, requesting
from intake.cases import access
from intake.core import clock
from intake.core.domain import unit_of_work
from intake.core.forms import has_repeated_values, keeps_typed_data
from intake.core.i18n import current_language, offered_languages
from intake.core.links import manage_url
from intake.core.security import manage_token
from intake.extensions import db
from intake.mail import check_in_code
from intake.models import Case
from intake.models.audit import record
from intake.public import submission
from intake.staff.case_forms import WalkInForm

bp = Blueprint("walk_in", __name__)


def _locale_for(language: str) -> str:
    """The confirmation's language: the person's, when the site speaks it."""
    return language if language in offered_languages() else current_app.config["DEFAULT_LANGUAGE"]


@bp.route("/requests/new", methods=["GET", "POST"])
@keeps_typed_data
def new():
    form = WalkInForm(languages=offered_languages())
    if request.method == "GET":
        form.start.data = request.args.get("start") or None
        return _render(form, request.args.get("from"))
    if has_repeated_values(form, multi=("topics",)):
        abort(400)
    if "show_from" in request.form:
        return _render(form, request.form["show_from"])
    if not form.validate():
        return _render(form, None), 422
    now = clock.now()
    locale = _locale_for(form.talk_language.data)
    with unit_of_work(form) as work:
        start = submission.parse_start(form.start.data)
        data = submission.intake_data(form, locale=locale, now=now, start=start)
        created = requesting.submit_request(data, now=now, channel=form.channel.data, agreed=True)
    if work.failed:
        return _render(form, None, alternatives=work.error.alternatives), work.error.status
    # The person may be booked with a colleague; whoever recorded it still prints the paper.
    session["recorded_cases"] = [created.case.id, *session.get("recorded_cases", [])][:5]
    return redirect(url_for(".confirmation", case_id=created.case.id), code=303)


def _render(form: WalkInForm, shown_from: str | None, *, alternatives=()):
    return render_template(
        "staff/walk_in.html",
        form=form,
        alternatives=alternatives,
        **paging.slot_page(shown_from, today=clock.office_today(), now=clock.now()),
    )


def _staff_controls() -> dict[str, str]:
    return {
        "back": _("Back to the case"),
        "print": _("To print, use the browser's print function (Ctrl+P)."),
    }


@bp.get("/requests/<int:case_id>/confirmation")
def confirmation(case_id: int):
    """A page to print and hand over: reference, time, place and the manage link (as text
    and as a QR code drawn on the server), in the person's language."""
    if case_id in session.get("recorded_cases", []):
        case = db.session.get(Case, case_id)
    else:
        case = access.case_for(current_user._get_current_object(), case_id)
    if case is None or not case.form_key:
        abort(404)
    link = manage_url(case, manage_token(case))
    appointment = appointments.active_appointment(case)
    staff_controls = _staff_controls()  # in the staff's language, the page in the person's
    staff_lang = current_language()
    with force_locale(case.locale):
        page = render_template(
            "staff/walk_in_confirmation.html",
            case=case,
            appointment=appointment,
            video_url=appointment.video_room_url() if appointment else None,
            link=link,
            qr=Markup(segno.make(link, error="m").svg_inline(scale=4, title="QR")),  # noqa: S704
            check_in_qr=Markup(check_in_code.svg(case.reference))  # noqa: S704
            if check_in_code.wants_code("confirmed", appointment)
            else None,
            person_lang=case.locale,
            staff_lang=staff_lang,
            staff_controls=staff_controls,
        )
    with unit_of_work():
        record("confirmation_printed", actor_id=current_user.id, case_id=case_id)
    return page
