"""Staff pages for working hours and absences: your own, or anyone's for the office lead."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from intake.availability import rules
from intake.availability.forms import AbsenceForm, DeputyForm, WorkingHoursForm, weekday_names
from intake.availability.services import weekly_windows
from intake.booking import displacement
from intake.core import clock, query_args
from intake.core.forms import ALREADY_SAVED, keeps_typed_data
from intake.extensions import db
from intake.models import Absence, User, WorkingHours
from intake.models.audit import record
from intake.models.sent_forms import first_sending, was_sent
from intake.staff import displaced

bp = Blueprint("availability", __name__)


@bp.get("/availability")
def index():
    return _render_index(_managed_user())


@bp.post("/availability/hours")
@keeps_typed_data
def add_hours():
    user = _managed_user()
    form = WorkingHoursForm()
    if form.validate_on_submit() and was_sent(form.form_key.data):
        flash(str(ALREADY_SAVED), "info")
        return _back_to(user)
    if not form.validate_on_submit() or _overlaps(form, user):
        return _render_index(user, hours_form=form, status=422)
    first_sending(form.form_key.data, now=clock.now())
    row = WorkingHours(user_id=user.id, **form.values())
    db.session.add(row)
    db.session.flush()
    record("working_hours_added", actor_id=current_user.id, obj=row, detail=f"user={user.id}")
    db.session.commit()
    flash(_("Working hours added."), "info")
    return _back_to(user)


@bp.route("/availability/hours/<int:row_id>/edit", methods=["GET", "POST"])
@keeps_typed_data
def edit_hours(row_id: int):
    """Change a window's times or dates, e.g. end it from a date; booked appointments the
    change leaves outside every window are decided on first, as for an absence."""
    row = _own_row_or_404(WorkingHours, row_id)
    owner = row.user
    if request.method == "GET":
        return _render_edit(row, WorkingHoursForm(formdata=None, obj=row))
    form = WorkingHoursForm()
    remaining = displacement.remaining_windows(owner.id, without_id=row.id)
    if not form.validate_on_submit() or _clashes(form, remaining):
        return _render_edit(row, form, status=422)
    stranded = displacement.outside_hours(owner.id, [*remaining, form.window()], now=clock.now())

    def change_row() -> None:
        for name, value in form.values().items():
            setattr(row, name, value)
        detail = f"user={owner.id}"
        record("working_hours_changed", actor_id=current_user.id, obj=row, detail=detail)

    question = displaced.save_with_decisions(
        stranded,
        change_row,
        title=_("Changed working hours over booked appointments"),
        back=url_for(".edit_hours", row_id=row.id),
    )
    if question is not None:
        return question
    flash(_("Working hours changed."), "info")
    return _back_to(owner)


@bp.post("/availability/hours/<int:row_id>/delete")
def delete_hours(row_id: int):
    """Fewer working hours: appointments left outside every remaining window are decided on
    first (moved or cancelled), like those under a closure."""
    row = _own_row_or_404(WorkingHours, row_id)
    owner = row.user
    remaining = displacement.remaining_windows(owner.id, without_id=row.id)
    stranded = displacement.outside_hours(owner.id, remaining, now=clock.now())

    question = displaced.save_with_decisions(
        stranded,
        lambda: _delete_recorded(row, owner),
        title=_("Shorter working hours over booked appointments"),
        back=url_for(".index", user=_user_arg(owner)),
    )
    if question is not None:
        return question
    flash(_("Working hours deleted."), "info")
    return _back_to(owner)


@bp.post("/availability/absences")
@keeps_typed_data
def add_absence():
    user = _managed_user()
    form = AbsenceForm(colleagues=_colleagues_of(user))
    if not form.validate_on_submit():
        return _render_index(user, absence_form=form, status=422)
    if was_sent(form.form_key.data):
        flash(str(ALREADY_SAVED), "info")
        return _back_to(user)
    values = form.values()
    in_the_way = displacement.in_span(
        values["starts_at"], values["ends_at"], counsellor_id=user.id, now=clock.now()
    )

    def add_absence_row() -> None:
        if not first_sending(form.form_key.data, now=clock.now()):
            return
        row = Absence(user_id=user.id, **values)
        db.session.add(row)
        db.session.flush()
        record("absence_added", actor_id=current_user.id, obj=row, detail=f"user={user.id}")

    question = displaced.save_with_decisions(
        in_the_way,
        add_absence_row,
        title=_("Absence over booked appointments"),
        back=url_for(".index", user=_user_arg(user)),
    )
    if question is not None:
        return question
    flash(_("Absence added."), "info")
    return _back_to(user)


@bp.post("/availability/absences/<int:row_id>/deputy")
def set_deputy(row_id: int):
    """Name, change or remove the colleague who covers an absence (the lead may too)."""
    row = _own_row_or_404(Absence, row_id)
    form = DeputyForm(colleagues=_colleagues_of(row.user))
    if not form.validate_on_submit():
        flash(_("Please choose a colleague from the list."), "error")
        return _back_to(row.user), 303
    row.deputy_id = form.deputy.data or None
    detail = f"user={row.user_id} deputy={row.deputy_id or '-'}"
    record("absence_deputy_set", actor_id=current_user.id, obj=row, detail=detail)
    db.session.commit()
    flash(_("The deputy is saved."), "info")
    return _back_to(row.user), 303


@bp.post("/availability/absences/<int:row_id>/delete")
def delete_absence(row_id: int):
    return _delete_own(Absence, row_id, _("Absence deleted."))


def _managed_user() -> User:
    """Whose times a page shows: your own, or with ?user=<id> anyone's for the office lead."""
    user_id = query_args.database_id("user")
    if user_id is None or user_id == current_user.id:
        return current_user._get_current_object()
    if not current_user.is_lead:
        abort(403)
    return db.get_or_404(User, user_id)


def _user_arg(user: User) -> int | None:
    return None if user.id == current_user.id else user.id


def _back_to(user: User):
    return redirect(url_for(".index", user=_user_arg(user)))


def _overlaps(form: WorkingHoursForm, user: User) -> bool:
    return _clashes(form, weekly_windows([user.id])[user.id])


def _clashes(form: WorkingHoursForm, windows) -> bool:
    clashes = rules.overlapping_windows(form.window(), windows)
    if clashes:
        form.report_overlap(clashes[0])
    return bool(clashes)


def _render_edit(row: WorkingHours, form: WorkingHoursForm, *, status: int = 200):
    page = render_template(
        "availability/hours_edit.html",
        row=row,
        form=form,
        user_arg=_user_arg(row.user),
        day_names=weekday_names(),
    )
    return page, status


def _own_row_or_404(model, row_id: int):
    """A row of your own; the lead may reach anyone's. Others' rows do not exist (404)."""
    row = db.session.get(model, row_id)
    if row is None or (row.user_id != current_user.id and not current_user.is_lead):
        abort(404)
    return row


def _delete_own(model: type[WorkingHours] | type[Absence], row_id: int, message: str):
    """Delete a row of your own; the lead may delete anyone's."""
    row = _own_row_or_404(model, row_id)
    owner = row.user
    _delete_recorded(row, owner)
    db.session.commit()
    flash(message, "info")
    return _back_to(owner)


def _delete_recorded(row: WorkingHours | Absence, owner: User) -> None:
    """Delete a row of someone's time, with its audit row (no content, just whose it was)."""
    action = "working_hours_deleted" if isinstance(row, WorkingHours) else "absence_deleted"
    record(action, actor_id=current_user.id, obj=row, detail=f"user={owner.id}")
    db.session.delete(row)


def _render_index(user: User, *, hours_form=None, absence_form=None, status: int = 200):
    hours = db.session.scalars(
        select(WorkingHours)
        .where(WorkingHours.user_id == user.id)
        .order_by(WorkingHours.weekday, WorkingHours.start_time, WorkingHours.valid_from)
    ).all()
    absences = db.session.scalars(
        select(Absence)
        .where(Absence.user_id == user.id, Absence.ends_at > clock.now())
        .order_by(Absence.starts_at)
    ).all()
    colleagues = _colleagues_of(user)
    page = render_template(
        "availability/index.html",
        user=user,
        user_arg=_user_arg(user),
        staff=_choosable_staff(),
        hours=hours,
        absences=absences,
        day_names=weekday_names(),
        hours_form=hours_form or WorkingHoursForm(formdata=None),
        absence_form=absence_form or AbsenceForm(formdata=None, colleagues=colleagues),
        deputy_forms={
            row.id: DeputyForm(formdata=None, colleagues=colleagues, deputy=row.deputy_id or 0)
            for row in absences
        },
    )
    return page, status


def _colleagues_of(user: User) -> list[User]:
    """Who could cover `user`'s absence: every other active staff account, by name."""
    query = select(User).where(User.is_active_account, User.id != user.id).order_by(User.name)
    return list(db.session.scalars(query))


def _choosable_staff() -> list[User]:
    if not current_user.is_lead:
        return []
    query = select(User).where(User.is_active_account).order_by(User.name)
    return list(db.session.scalars(query))
