"""Case pages: search, the case, and every action as a POST form.

A case the user may not see does not exist for them (404). A failed or outdated action
re-shows the case page with the current state, what was typed, and what happened.
"""

from collections.abc import Callable
from functools import partial

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from intake.cases import access, actions, inbox
from intake.core import clock
from intake.core.domain import unit_of_work
from intake.core.forms import has_repeated_values, keeps_typed_data
from intake.core.i18n import format_datetime
from intake.extensions import db
from intake.models import Appointment, Case, CaseNote
from intake.models.audit import record
from intake.staff import case_forms as forms
from intake.staff import case_steps, consultation_page
from intake.staff.case_page import case_or_404, current_staff, fill_choices, render_case

bp = Blueprint("cases", __name__)


@bp.get("/cases")
def search():
    """An exact reference goes straight to its case; other text finds names."""
    text = (request.args.get("q") or "").strip()[:100]
    found = inbox.by_reference(current_staff(), text) if text else None
    if found is not None:
        return redirect(url_for(".show", case_id=found.id))
    return render_template("staff/search.html", q=text, cases=inbox.find(current_staff(), text))


@bp.get("/cases/<int:case_id>")
def show(case_id: int):
    case = case_or_404(case_id, attending=True)
    viewer_id = current_staff().id
    page = render_case(case)
    # Written after rendering, so the write transaction does not reload what the page read.
    with unit_of_work():
        record("case_viewed", actor_id=viewer_id, case_id=case_id)
    return page


def _act(case_id: int, name: str, form_class: type, action: Callable, success: str | Callable):
    """Validate the action's form, run the action in one transaction, report the outcome;
    `success` is the message, or makes it from the case and what the action returned."""
    if access.lost_to_colleague(current_staff(), case_id):
        flash(
            _(
                "A colleague has taken this case over since your page was loaded. "
                "Nothing was changed."
            ),
            "error",
        )
        return redirect(url_for("staff.inbox.index"), code=303)
    # Attending a booked time of a colleague's case allows recording its outcome only.
    case = case_or_404(case_id, attending=name == "outcome")
    form = form_class()
    if has_repeated_values(form):
        abort(400)
    fill_choices(form, case)
    if "show_from" in request.form:
        return render_case(case, failed=(name, form))
    if not form.validate():
        return render_case(case, failed=(name, form), status=422)
    with unit_of_work(form) as work, actions.acting_on(case):
        result = action(case, form, current_staff(), clock.now())
    if work.failed:
        if work.error.field not in form:
            flash(str(work.error.message), "error")
        return render_case(case, failed=(name, form), status=work.error.status)
    flash(success if isinstance(success, str) else success(case, result), "info")
    if not access.may_see(current_staff(), case):  # handed to a colleague: it is theirs now
        return redirect(url_for("staff.inbox.index"), code=303)
    return redirect(url_for(".show", case_id=case.id), code=303)


@bp.post("/cases/<int:case_id>/confirm")
@keeps_typed_data
def confirm(case_id: int):
    done = _("The appointment is confirmed.")
    return _act(case_id, "confirm", forms.ActionForm, case_steps.confirm, done)


@bp.post("/cases/<int:case_id>/propose")
@keeps_typed_data
def propose(case_id: int):
    done = _("The other time has been proposed.")
    return _act(case_id, "propose", forms.StartForm, case_steps.propose, done)


@bp.post("/cases/<int:case_id>/follow-up")
@keeps_typed_data
def follow_up(case_id: int):
    done = _("The appointment is booked.")
    return _act(case_id, "follow_up", forms.StartForm, case_steps.follow_up, done)


@bp.post("/cases/<int:case_id>/cancel-appointment")
@keeps_typed_data
def cancel_appointment(case_id: int):
    done = _("The appointment is cancelled.")
    return _act(case_id, "cancel", forms.ActionForm, case_steps.cancel_appointment, done)


@bp.post("/cases/<int:case_id>/assign")
@keeps_typed_data
def assign(case_id: int):
    return _act(case_id, "assign", forms.AssignForm, case_steps.hand_over, _handed_over)


def _handed_over(case: Case, left_behind: Appointment | None) -> str:
    """Who holds the case now, and which booked time stayed with whom."""
    holder = case.counsellor
    text = (
        _("You now hold this case.")
        if holder.id == current_staff().id
        else _("The case is now with %(name)s.", name=holder.name)
    )
    if left_behind is not None:
        # i18n: after a case changed hands; name is the counsellor who keeps the time
        text += " " + _(
            "The appointment on %(when)s stays with %(name)s, because the new holder is "
            "not free then. Move it if needed.",
            when=format_datetime(left_behind.starts_at, "short"),
            name=left_behind.counsellor.name,
        )
    return text


@bp.post("/cases/<int:case_id>/refer")
@keeps_typed_data
def refer(case_id: int):
    return _act(case_id, "refer", forms.ReferForm, case_steps.refer, _("The case is referred."))


@bp.post("/cases/<int:case_id>/decline")
@keeps_typed_data
def decline(case_id: int):
    done = _("The request is declined.")
    return _act(case_id, "decline", forms.DeclineForm, case_steps.decline, done)


@bp.post("/cases/<int:case_id>/duplicate")
@keeps_typed_data
def close_as_duplicate(case_id: int):
    done = _("The request is closed as a duplicate. The person is told nothing new.")
    return _act(case_id, "duplicate", forms.SameContactForm, case_steps.close_as_duplicate, done)


@bp.post("/cases/<int:case_id>/same-person")
@keeps_typed_data
def link_same_person(case_id: int):
    done = _("The two requests are linked as the same person.")
    return _act(case_id, "same_person", forms.SameContactForm, case_steps.link_same_person, done)


@bp.post("/cases/<int:case_id>/close")
@keeps_typed_data
def close(case_id: int):
    return _act(case_id, "close", forms.ActionForm, case_steps.close, _("The case is closed."))


@bp.post("/cases/<int:case_id>/reopen")
@keeps_typed_data
def reopen(case_id: int):
    return _act(
        case_id, "reopen", forms.ActionForm, case_steps.reopen, _("The case is open again.")
    )


@bp.post("/cases/<int:case_id>/notes")
@keeps_typed_data
def add_note(case_id: int):
    return _act(case_id, "note", forms.NoteForm, case_steps.add_note, _("Note saved."))


def _note_or_404(case_id: int, note_id: int) -> CaseNote:
    note = db.session.get(CaseNote, note_id)
    if note is None or note.case_id != case_id:
        abort(404)
    return note


@bp.post("/cases/<int:case_id>/notes/<int:note_id>/edit")
@keeps_typed_data
def edit_note(case_id: int, note_id: int):
    step = partial(case_steps.edit_note, _note_or_404(case_id, note_id))
    return _act(case_id, "note", forms.NoteForm, step, _("Note corrected."))


@bp.post("/cases/<int:case_id>/notes/<int:note_id>/delete")
@keeps_typed_data
def delete_note(case_id: int, note_id: int):
    step = partial(case_steps.delete_note, _note_or_404(case_id, note_id))
    return _act(case_id, "note_delete", _NoBodyForm, step, _("Note deleted."))


class _NoBodyForm(forms.ActionForm):
    """Deleting a note needs nothing but the CSRF token."""

    version = None


def _attended_or_404(appointment_id: int) -> Appointment:
    appointment = db.session.get(Appointment, appointment_id)
    if appointment is None:
        abort(404)
    user = current_staff()
    if appointment.counsellor_id != user.id and not access.may_see(user, appointment.case):
        if access.attends(user, appointment.case_id):
            abort(404)  # they attend another time of this case: this one is not theirs
    return appointment


def _outcome(appointment_id: int, outcome: str, success: str):
    appointment = _attended_or_404(appointment_id)
    step = partial(case_steps.record_outcome, appointment, outcome)
    return _act(appointment.case_id, "outcome", forms.ActionForm, step, success)


@bp.route("/appointments/<int:appointment_id>/complete", methods=["GET", "POST"])
@keeps_typed_data
def complete(appointment_id: int):
    """Took place: asks what it was about, what was done and how long it took."""
    return consultation_page.took_place(_attended_or_404(appointment_id))


@bp.post("/appointments/<int:appointment_id>/no-show")
@keeps_typed_data
def no_show(appointment_id: int):
    return _outcome(appointment_id, "no_show", _("Recorded: the person did not come."))
