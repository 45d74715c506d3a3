"""The office's public pages; the URL's language prefix chooses the language."""

from flask import (
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_wtf.csrf import generate_csrf

from intake.availability import cache, paging
from intake.availability.services import upcoming_closures
from intake.booking import appointments, requester_changes, requesting
from intake.booking.requester_changes import requester_may_change
from intake.cases import offers
from intake.core import clock, links
from intake.core.domain import unit_of_work
from intake.core.i18n import offered_languages
from intake.core.security import checks_characters
from intake.extensions import csrf, limiter
from intake.public import submission
from intake.public.blueprint import bp
from intake.public.forms import IntakeForm, MoveForm
from intake.public.limits import intake_limits, manage_limit
from intake.public.sign_language import sign_language_video
from intake.public.titles import commissioner_title

bp.add_app_template_global(commissioner_title)

# Where the shared copy of an empty form holds each visitor's own tokens.
CSRF_SLOT = "\x00csrf-token\x00"
FORM_KEY_SLOT = "\x00form-key\x00"


@bp.get("/")
def landing():
    today = clock.office_today()
    return cache.rendered(
        ("landing", g.lang, today),
        lambda: render_template("public/landing.html", closures=upcoming_closures(today)),
    )


@bp.route("/request", methods=["GET", "POST"])
@checks_characters  # every text field refuses NUL beside itself, keeping what was typed
@csrf.exempt  # the form checks its own token, so that an expired one loses nothing
@intake_limits
def request_form():
    if request.method == "GET":
        return _empty_form(request.args.get("from"))
    form = IntakeForm(languages=offered_languages(), talk_language=g.lang)
    if form.repeated(request.form):
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
    with unit_of_work(form) as work:
        start = submission.parse_start(form.start.data)
        created = requesting.submit_request(
            submission.intake_data(form, locale=g.lang, now=now, start=start), now=now
        )
    if work.failed:
        return _render_intake(form, None, alternatives=work.error.alternatives), work.error.status
    return redirect(url_for(".manage", token=created.manage_token, new=1), code=303)


def _empty_form(shown_from: str | None) -> str:
    """An empty form is the same page for every visitor but for its CSRF token and form key:
    it is rendered once per language, fortnight and availability generation, and each
    visitor's own tokens are put into the shared copy."""
    tokens = {CSRF_SLOT: generate_csrf(), FORM_KEY_SLOT: submission.new_form_key()}
    today, now = clock.office_today(), clock.now()
    first_day = paging.first_shown_day(shown_from, today=today)

    def render() -> str:
        form = IntakeForm(languages=offered_languages(), talk_language=g.lang)
        form.form_key.data = tokens[FORM_KEY_SLOT]
        return _fill(_render_intake(form, first_day.isoformat()), {v: k for k, v in tokens.items()})

    name = ("request", g.lang, first_day, today, int(now.timestamp() // 60))
    return _fill(cache.rendered(name, render), tokens)


def _fill(page: str, replacements: dict[str, str]) -> str:
    for old, new in replacements.items():
        page = page.replace(old, new)
    return page


def _render_intake(form: IntakeForm, shown_from: str | None, *, alternatives=()):
    """The slots shown fit the answers above them: the way of talking filters them, and a
    time when no counsellor speaks the chosen language is marked "with an interpreter"."""
    matching = submission.slot_matching(form)
    return render_template(
        "public/request.html",
        form=form,
        alternatives=alternatives,
        matching=matching,
        settings=cache.retention_periods(),
        **paging.slot_page(
            shown_from, today=clock.office_today(), now=clock.now(), mode=matching.mode
        ),
    )


def _case_or_404(token: str):
    case = requesting.find_by_token(token)
    if case is None:
        abort(404)
    return case


@bp.get("/r/<token>")
@limiter.limit(manage_limit)
def manage(token: str):
    case = _case_or_404(token)
    appointment = appointments.active_appointment(case)
    return render_template(
        "public/manage.html",
        case=case,
        token=token,
        appointment=appointment,
        video_url=appointment.video_room_url() if appointment else None,
        open_offers=offers.open_offers(case, now=clock.now()),
        may_change=requester_may_change(case, now=clock.now()),
        manage_link=links.manage_url(case, token),
        is_new=request.args.get("new") == "1",
    )


@bp.route("/r/<token>/cancel", methods=["GET", "POST"])
@limiter.limit(manage_limit)
def cancel(token: str):
    """GET asks "really?"; only the POST cancels (mail scanners follow every link)."""
    case = _case_or_404(token)
    appointment = appointments.active_appointment(case)
    if request.method == "GET":
        return render_template(
            "public/cancel.html", case=case, token=token, appointment=appointment
        )
    with unit_of_work() as work:
        requester_changes.cancel_by_requester(case, now=clock.now())
    if work.failed:
        flash(str(work.error.message), "error")
        return redirect(url_for(".manage", token=token), code=303)
    return redirect(url_for(".cancelled", had="appointment" if appointment else None), code=303)


@bp.get("/cancelled")
def cancelled():
    """Where a cancellation ends: the manage link itself no longer answers."""
    return render_template(
        "public/cancelled.html", had_appointment=request.args.get("had") == "appointment"
    )


@bp.route("/r/<token>/move", methods=["GET", "POST"])
@limiter.limit(manage_limit)
def move(token: str):
    case = _case_or_404(token)
    form = MoveForm()
    work = None
    if request.method == "POST" and "show_from" not in request.form:
        if form.repeated(request.form):
            abort(400)
        if form.validate():
            with unit_of_work(form) as work:
                start = submission.parse_start(form.start.data)
                requester_changes.move_by_requester(case, start, now=clock.now())
            if not work.failed:
                flash(_("Your appointment has been moved."))
                return redirect(url_for(".manage", token=token), code=303)
    appointment = appointments.active_appointment(case)
    shown_from = request.form.get("show_from") or request.args.get("from")
    now = clock.now()
    page = render_template(
        "public/move.html",
        case=case,
        token=token,
        form=form,
        appointment=appointment,
        alternatives=work.error.alternatives if work and work.failed else (),
        matching=submission.case_matching(case),
        **paging.slot_page(
            shown_from,
            today=clock.office_today(),
            now=now,
            exclude=appointment.starts_at if appointment else None,
            mode=case.mode,
        ),
    )
    return page, (work.error.status if work and work.failed else 422 if form.errors else 200)


@bp.get("/privacy")
def privacy():
    return render_template("public/privacy.html", settings=cache.retention_periods())


@bp.get("/sign-language")
def sign_language():
    return render_template("public/sign_language.html", video=sign_language_video())


@bp.get("/accessibility")
def accessibility():
    return render_template(
        "public/accessibility.html", sign_language_video=sign_language_video() is not None
    )


@bp.get("/leichte-sprache")
def easy_german():
    """Easy-to-read German exists only in German; other languages go to the German page."""
    if g.lang != "de":
        return redirect(url_for(".easy_german", lang="de"))
    return render_template(
        "public/easy_german.html",
        form=IntakeForm(languages=offered_languages(), talk_language="de"),
        request_label=_("Request an appointment"),
        send_label=_("Send request"),
    )
