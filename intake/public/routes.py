"""The office's public pages; the URL's language prefix chooses the language."""

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from intake.availability.services import office_tz, upcoming_closures
from intake.booking import services as booking
from intake.booking.errors import BookingError
from intake.core import clock
from intake.core.database import begin_write
from intake.core.i18n import offered_languages
from intake.extensions import csrf, db, limiter
from intake.public import intake
from intake.public.forms import IntakeForm

bp = Blueprint("public", __name__, url_prefix="/<lang>")


@bp.url_value_preprocessor
def pull_language(_endpoint: str | None, values: dict | None) -> None:
    g.lang = (values or {}).pop("lang", None)
    if g.lang not in offered_languages():
        g.lang = None
        abort(404)


@bp.url_defaults
def add_language(endpoint: str, values: dict) -> None:
    if "lang" not in values and g.get("lang"):
        values["lang"] = g.lang


def _today():
    return clock.now().astimezone(office_tz()).date()


def _intake_limit() -> str:
    return current_app.config["INTAKE_RATE_LIMIT"]


def _manage_limit() -> str:
    return current_app.config["MANAGE_RATE_LIMIT"]


@bp.get("/")
def landing():
    return render_template("public/landing.html", closures=upcoming_closures(_today()))


@bp.route("/request", methods=["GET", "POST"])
@csrf.exempt  # the form checks its own token, so that an expired one loses nothing
@limiter.limit(_intake_limit, methods=["POST"])
def request_form():
    form = IntakeForm(languages=offered_languages(), talk_language=g.lang)
    if request.method == "GET":
        form.form_key.data = intake.new_form_key()
        return _render_intake(form, request.args.get("from"))
    if any(len(request.form.getlist(name)) > 1 for name in form.single_valued):
        abort(400)
    if form.is_bot:
        return render_template("public/refused.html"), 400
    if "show_from" in request.form:
        return _render_intake(form, request.form["show_from"])
    if not form.validate():
        if set(form.errors) == {"csrf_token"}:
            flash(_("For your security the form was renewed. Please check and send it again."))
            return _render_intake(form, None)
        return _render_intake(form, None), 422
    return _submit(form)


def _submit(form: IntakeForm):
    now = clock.now()
    try:
        start = intake.parse_start(form.start.data)
        begin_write()
        submission = booking.submit_request(
            intake.intake_data(form, locale=g.lang, now=now, start=start), now=now
        )
        db.session.commit()
    except BookingError as error:
        db.session.rollback()
        field = form[error.field]
        field.errors = [*field.errors, str(error.message)]
        return _render_intake(form, None, alternatives=error.alternatives), 409
    return redirect(url_for(".manage", token=submission.manage_token, new=1), code=303)


def _render_intake(form: IntakeForm, shown_from: str | None, *, alternatives=()):
    return render_template(
        "public/request.html",
        form=form,
        alternatives=alternatives,
        **intake.slot_page(shown_from, today=_today(), now=clock.now()),
    )


def _case_or_404(token: str):
    case = booking.find_by_token(token)
    if case is None:
        abort(404)
    return case


@bp.get("/r/<token>")
@limiter.limit(_manage_limit)
def manage(token: str):
    case = _case_or_404(token)
    return render_template(
        "public/manage.html",
        case=case,
        token=token,
        appointment=booking.active_appointment(case),
        is_new=request.args.get("new") == "1",
    )


@bp.route("/r/<token>/cancel", methods=["GET", "POST"])
@limiter.limit(_manage_limit)
def cancel(token: str):
    """GET asks "really?"; only the POST cancels (mail scanners follow every link)."""
    case = _case_or_404(token)
    appointment = booking.active_appointment(case)
    if request.method == "GET":
        return render_template(
            "public/cancel.html", case=case, token=token, appointment=appointment
        )
    begin_write()
    try:
        booking.cancel_by_requester(case, now=clock.now())
    except BookingError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(url_for(".manage", token=token), code=303)
    db.session.commit()
    return redirect(url_for(".cancelled"), code=303)


@bp.get("/cancelled")
def cancelled():
    """Where a cancellation ends: the manage link itself no longer answers."""
    return render_template("public/cancelled.html")


@bp.route("/r/<token>/move", methods=["GET", "POST"])
@limiter.limit(_manage_limit)
def move(token: str):
    case = _case_or_404(token)
    error_message, alternatives = None, ()
    if request.method == "POST" and "show_from" not in request.form:
        now = clock.now()
        try:
            start = intake.parse_start(request.form.get("start"))
            if start is None:
                raise BookingError()
            begin_write()
            booking.move_by_requester(case, start, now=now)
            db.session.commit()
        except BookingError as error:
            db.session.rollback()
            error_message, alternatives = str(error.message), error.alternatives
        else:
            flash(_("Your appointment has been moved."))
            return redirect(url_for(".manage", token=token), code=303)
    shown_from = request.form.get("show_from") or request.args.get("from")
    return render_template(
        "public/move.html",
        case=case,
        token=token,
        appointment=booking.active_appointment(case),
        error_message=error_message,
        alternatives=alternatives,
        **intake.slot_page(shown_from, today=_today(), now=clock.now()),
    ), (409 if error_message else 200)


@bp.get("/privacy")
def privacy():
    return render_template("public/privacy.html")


@bp.get("/sign-language")
def sign_language():
    return render_template("public/sign_language.html")


@bp.get("/accessibility")
def accessibility():
    return render_template("public/accessibility.html")


@bp.get("/leichte-sprache")
def easy_german():
    """Easy-to-read German exists only in German; other languages go to the German page."""
    if g.lang != "de":
        return redirect(url_for(".easy_german", lang="de"))
    return render_template("public/easy_german.html")
