"""Recording a consultation happening now or held earlier today (from the inbox and the
walk-in page): no slot, no minimum notice; counted as held in every report."""

from datetime import datetime

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy import select

from intake.booking import arrivals, held_now
from intake.cases import access, inbox
from intake.core import clock
from intake.core.domain import unit_of_work
from intake.core.forms import has_repeated_values, keeps_typed_data
from intake.core.i18n import offered_languages
from intake.extensions import db
from intake.models import Case, OfficeSettings, User
from intake.staff.case_page import current_staff
from intake.staff.consultation_forms import HeldNowForm

bp = Blueprint("held_now", __name__)


@bp.route("/consultations/now", methods=["GET", "POST"])
@keeps_typed_data
def new():
    user = current_staff()
    form = HeldNowForm(languages=offered_languages())
    form.counsellor.choices = [(c.id, c.name) for c in _counsellors(user)]
    if request.method == "GET":
        _defaults(form, user)
        return _render(form)
    if has_repeated_values(form, multi=("topics",)):
        abort(400)
    if not form.validate():
        return _render(form), 422
    case = _known_case(form, user)
    if form.reference.data and case is None:
        form.reference.errors.append(_("No case with this reference that you may open."))
        return _render(form), 422
    now = clock.now()
    with unit_of_work(form) as work:
        held = _held(form)
        case = case or held_now.new_case(_person(form), held, now=now)
        held_now.record_held(case, held, by_id=user.id, now=now)
    if work.failed:
        return _render(form), work.error.status
    flash(
        _(
            "Recorded: the consultation with %(reference)s is counted as held. Record what "
            "was done when it is over.",
            reference=case.reference,
        ),
        "info",
    )
    if access.may_see(user, case):
        return redirect(url_for("staff.cases.show", case_id=case.id), code=303)
    return redirect(url_for("staff.inbox.index"), code=303)


def _counsellors(user: User) -> list[User]:
    """A counsellor records their own consultations; the office lead anyone's."""
    if not user.is_lead:
        return [user]
    query = select(User).where(User.is_active_account, User.takes_appointments)
    return list(db.session.scalars(query.order_by(User.name)))


def _defaults(form: HeldNowForm, user: User) -> None:
    form.counsellor.data = user.id
    form.start.data = clock.office_now().time().replace(second=0, microsecond=0)
    form.minutes.data = OfficeSettings.current().slot_minutes
    if request.args.get("channel") in held_now.CHANNELS:
        form.channel.data = request.args["channel"]
    form.reference.data = arrivals.normalised(request.args.get("case", "")) or ""


def _known_case(form: HeldNowForm, user: User) -> Case | None:
    reference = arrivals.normalised(form.reference.data or "")
    return inbox.by_reference(user, reference) if reference else None


def _held(form: HeldNowForm) -> held_now.Held:
    start = datetime.combine(clock.office_today(), form.start.data, clock.office_tz())
    return held_now.Held(
        counsellor_id=form.counsellor.data,
        start=start,
        minutes=form.minutes.data,
        channel=form.channel.data,
    )


def _person(form: HeldNowForm) -> held_now.NewPerson:
    language = form.talk_language.data
    default = current_app.config["DEFAULT_LANGUAGE"]
    return held_now.NewPerson(
        topics=tuple(form.topics.data),
        talk_language=language,
        locale=language if language in offered_languages() else default,
        interpreter_language=form.interpreter_language.data or None,
        name=form.name.data or None,
        email=form.email.data or None,
        phone=form.phone.data or None,
    )


def _render(form: HeldNowForm):
    return render_template("staff/held_now.html", form=form)
