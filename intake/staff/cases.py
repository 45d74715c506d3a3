"""Case pages: search, the case with its timeline and notes, and every action as a POST form.

A case the user may not see does not exist for them (404). A failed or outdated action
re-shows the case page with the current state, what was typed, and what happened.
"""

from collections.abc import Callable
from datetime import datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from intake.availability import paging
from intake.booking import slots
from intake.cases import access, actions, inbox, notes, offers
from intake.cases.timeline import timeline
from intake.core import clock
from intake.core.domain import unit_of_work
from intake.core.forms import has_repeated_values, keeps_typed_data
from intake.core.i18n import format_datetime
from intake.core.links import video_room_url
from intake.extensions import db
from intake.models import Appointment, Case, CaseNote, ReferralService, User
from intake.models.audit import record
from intake.public.submission import new_form_key, parse_start, verified_form_key
from intake.staff.case_forms import (
    ActionForm,
    AssignForm,
    DeclineForm,
    NoteForm,
    ReferForm,
    StartForm,
)

bp = Blueprint("cases", __name__)


def _user() -> User:
    return current_user._get_current_object()


def _case_or_404(case_id: int, *, attending: bool = False) -> Case:
    case = access.case_for(_user(), case_id, attending=attending)
    if case is None:
        abort(404)
    return case


@bp.get("/cases")
def search():
    """An exact reference goes straight to its case; other text finds names."""
    text = (request.args.get("q") or "").strip()[:100]
    found = inbox.by_reference(_user(), text) if text else None
    if found is not None:
        return redirect(url_for(".show", case_id=found.id))
    return render_template("staff/search.html", q=text, cases=inbox.find(_user(), text))


@bp.get("/cases/<int:case_id>")
def show(case_id: int):
    case = _case_or_404(case_id, attending=True)
    viewer_id = _user().id
    page = _render_case(case)
    # Written after rendering, so the write transaction does not reload what the page read.
    with unit_of_work():
        record("case_viewed", actor_id=viewer_id, case_id=case_id)
    return page


def _assignees(case: Case) -> list[User]:
    """Colleagues who could hold the case: speakers of the requester's language first."""
    users = db.session.scalars(
        select(User)
        .where(User.is_active_account, User.takes_appointments)
        .options(selectinload(User.languages))
        .order_by(User.name)
    ).all()
    return sorted(users, key=lambda user: case.talk_language not in user.language_codes)


def _services() -> list[ReferralService]:
    return list(
        db.session.scalars(
            select(ReferralService).where(ReferralService.active).order_by(ReferralService.name)
        )
    )


def _forms(case: Case, failed: tuple[str, object] | None, assignees: list[User]) -> dict:
    """A fresh form for every action, except the one that just failed (kept as typed)."""
    version = {"version": case.version}
    forms = {
        "confirm": ActionForm(formdata=None, data=version),
        "propose": StartForm(formdata=None, data=version),
        "follow_up": StartForm(formdata=None, data=version),
        "cancel": ActionForm(formdata=None, data=version),
        "assign": AssignForm(formdata=None, data=version),
        "refer": ReferForm(formdata=None, data=version),
        "decline": DeclineForm(formdata=None, data=version),
        "close": ActionForm(formdata=None, data=version),
        "reopen": ActionForm(formdata=None, data=version),
        "note": NoteForm(formdata=None, data={"form_key": new_form_key()}),
        "outcome": ActionForm(formdata=None, data=version),
    }
    if failed is None and request.method == "GET":
        # A free time chosen in the week calendar arrives preselected for the follow-up.
        forms["follow_up"].start.data = request.args.get("start") or None
    if failed is not None and failed[0] in forms:
        name, form = failed
        if "version" in form:
            form.version.data = case.version  # the next try acts on what the page now shows
        forms[name] = form
    _fill_choices(forms["assign"], case, assignees)
    _fill_choices(forms["refer"], case)
    for name, form in forms.items():
        _name_ids(form, name)
    return forms


def _name_ids(form, name: str) -> None:
    """Many forms share one page: each field's id (and its label's) carries the form's name."""
    for field in form:
        field.id = f"{name}-{field.name}"
        field.label.field_id = field.id


def _fill_choices(form, case: Case, assignees: list[User] | None = None) -> None:
    if isinstance(form, AssignForm):
        form.to.choices = [(user.id, user.name) for user in assignees or _assignees(case)]
    elif isinstance(form, ReferForm):
        form.service.choices = [(service.id, service.name) for service in _services()]


def _render_case(case: Case, *, failed=None, status: int = 200):
    user, now = _user(), clock.now()
    active = slots.active_appointment(case)
    assignees = _assignees(case)
    page = render_template(
        "staff/case.html",
        case=case,
        appointment=active,
        video_url=video_room_url,
        forms=_forms(case, failed, assignees),
        may_act=access.may_see(user, case),
        failed=failed[0] if failed else None,
        timeline=timeline(case),
        open_offers=offers.open_offers(case, now=now),
        notes=case.notes,
        may_edit_note=lambda note: notes.may_edit(note, user, now=now),
        now=now,
        own_slots=paging.slot_page(
            request.values.get("show_from"),
            today=clock.office_today(),
            now=now,
            counsellor_ids=[user.id],
        ),
    )
    return page, status


def _act(case_id: int, name: str, form_class: type, action: Callable, success: str | Callable):
    """Validate the action's form, run the action in one transaction, report the outcome."""
    if access.lost_to_colleague(_user(), case_id):
        flash(_("A colleague has taken this case over since your page was loaded. "
                "Nothing was changed."), "error")  # fmt: skip
        return redirect(url_for("staff.index"), code=303)
    # Attending a booked time of a colleague's case allows recording its outcome only.
    case = _case_or_404(case_id, attending=name == "outcome")
    form = form_class()
    if has_repeated_values(form):
        abort(400)
    _fill_choices(form, case)
    if "show_from" in request.form:
        return _render_case(case, failed=(name, form))
    if not form.validate():
        return _render_case(case, failed=(name, form), status=422)
    with unit_of_work(form) as work, actions.acting_on(case):
        action(case, form, _user(), clock.now())
    if work.failed:
        if work.error.field not in form:
            flash(str(work.error.message), "error")
        return _render_case(case, failed=(name, form), status=work.error.status)
    flash(success if isinstance(success, str) else success(case), "info")
    if not access.may_see(_user(), case):  # handed to a colleague: it is theirs now
        return redirect(url_for("staff.index"), code=303)
    return redirect(url_for(".show", case_id=case.id), code=303)


def _start(form) -> datetime:
    start = parse_start(form.start.data)
    if start is None:
        raise actions.NotAllowedNow(field="start")
    return start


@bp.post("/cases/<int:case_id>/confirm")
@keeps_typed_data
def confirm(case_id: int):
    def run(case, form, user, now):
        actions.confirm(case, by=user, version=form.version.data, now=now,
                        message=form.message.data or "")  # fmt: skip

    return _act(case_id, "confirm", ActionForm, run, _("The appointment is confirmed."))


@bp.post("/cases/<int:case_id>/propose")
@keeps_typed_data
def propose(case_id: int):
    def run(case, form, user, now):
        offers.propose(case, _start(form), by=user, version=form.version.data, now=now,
                       message=form.message.data or "")  # fmt: skip

    return _act(case_id, "propose", StartForm, run, _("The other time has been proposed."))


@bp.post("/cases/<int:case_id>/follow-up")
@keeps_typed_data
def follow_up(case_id: int):
    def run(case, form, user, now):
        actions.book_follow_up(case, _start(form), by=user, version=form.version.data,
                               now=now, message=form.message.data or "")  # fmt: skip

    return _act(case_id, "follow_up", StartForm, run, _("The appointment is booked."))


@bp.post("/cases/<int:case_id>/cancel-appointment")
@keeps_typed_data
def cancel_appointment(case_id: int):
    def run(case, form, user, now):
        actions.cancel_appointment(case, by=user, version=form.version.data, now=now,
                                   message=form.message.data or "")  # fmt: skip

    return _act(case_id, "cancel", ActionForm, run, _("The appointment is cancelled."))


@bp.post("/cases/<int:case_id>/assign")
@keeps_typed_data
def assign(case_id: int):
    left_behind = []

    def run(case, form, user, now):
        colleague = db.session.get(User, form.to.data)
        left_behind.append(
            actions.assign(case, colleague, by=user, version=form.version.data, now=now)
        )

    def said(case: Case) -> str:
        holder = case.counsellor
        text = (
            _("You now hold this case.")
            if holder.id == _user().id
            else _("The case is now with %(name)s.", name=holder.name)
        )
        if appointment := left_behind[0]:
            # i18n: after a case changed hands; name is the counsellor who keeps the time
            text += " " + _(
                "The appointment on %(when)s stays with %(name)s, because the new holder is "
                "not free then. Move it if needed.",
                when=format_datetime(appointment.starts_at, "short"),
                name=appointment.counsellor.name,
            )
        return text

    return _act(case_id, "assign", AssignForm, run, said)


@bp.post("/cases/<int:case_id>/refer")
@keeps_typed_data
def refer(case_id: int):
    def run(case, form, user, now):
        service = db.session.get(ReferralService, form.service.data)
        actions.refer(case, service, by=user, version=form.version.data, now=now,
                      message=form.message.data or "")  # fmt: skip

    return _act(case_id, "refer", ReferForm, run, _("The case is referred."))


@bp.post("/cases/<int:case_id>/decline")
@keeps_typed_data
def decline(case_id: int):
    def run(case, form, user, now):
        actions.decline(case, form.reason.data, by=user, version=form.version.data, now=now,
                        message=form.message.data or "")  # fmt: skip

    return _act(case_id, "decline", DeclineForm, run, _("The request is declined."))


@bp.post("/cases/<int:case_id>/close")
@keeps_typed_data
def close(case_id: int):
    def run(case, form, user, now):
        actions.close(case, by=user, version=form.version.data, now=now)

    return _act(case_id, "close", ActionForm, run, _("The case is closed."))


@bp.post("/cases/<int:case_id>/reopen")
@keeps_typed_data
def reopen(case_id: int):
    def run(case, form, user, now):
        actions.reopen(case, by=user, version=form.version.data, now=now)

    return _act(case_id, "reopen", ActionForm, run, _("The case is open again."))


@bp.post("/cases/<int:case_id>/notes")
@keeps_typed_data
def add_note(case_id: int):
    def run(case, form, user, now):
        key = verified_form_key(form.form_key.data)
        notes.add_note(case, form.body.data, by=user, now=now, form_key=key)

    return _act(case_id, "note", NoteForm, run, _("Note saved."))


def _note_or_404(case: Case, note_id: int) -> CaseNote:
    note = db.session.get(CaseNote, note_id)
    if note is None or note.case_id != case.id:
        abort(404)
    return note


@bp.post("/cases/<int:case_id>/notes/<int:note_id>/edit")
@keeps_typed_data
def edit_note(case_id: int, note_id: int):
    def run(case, form, user, now):
        notes.edit_note(_note_or_404(case, note_id), form.body.data, by=user, now=now)

    return _act(case_id, "note", NoteForm, run, _("Note corrected."))


@bp.post("/cases/<int:case_id>/notes/<int:note_id>/delete")
@keeps_typed_data
def delete_note(case_id: int, note_id: int):
    def run(case, form, user, now):
        notes.delete_note(_note_or_404(case, note_id), by=user, now=now)

    return _act(case_id, "note_delete", _NoBodyForm, run, _("Note deleted."))


class _NoBodyForm(ActionForm):
    """Deleting a note needs nothing but the CSRF token."""

    version = None


def _outcome(appointment_id: int, outcome: str, success: str):
    appointment = db.session.get(Appointment, appointment_id)
    if appointment is None:
        abort(404)
    user = _user()
    if appointment.counsellor_id != user.id and not access.may_see(user, appointment.case):
        if access.attends(user, appointment.case_id):
            abort(404)  # they attend another time of this case: this one is not theirs

    def run(case, form, user, now):
        db.session.refresh(appointment)
        actions.expect_version(case, form.version.data)
        actions.record_outcome(appointment, outcome, by=user, now=now)

    return _act(appointment.case_id, "outcome", ActionForm, run, success)


@bp.post("/appointments/<int:appointment_id>/complete")
@keeps_typed_data
def complete(appointment_id: int):
    return _outcome(appointment_id, "completed", _("Recorded: the appointment took place."))


@bp.post("/appointments/<int:appointment_id>/no-show")
@keeps_typed_data
def no_show(appointment_id: int):
    return _outcome(appointment_id, "no_show", _("Recorded: the person did not come."))
