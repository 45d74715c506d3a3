"""Staff pages for working hours and absences: your own, or anyone's for the office lead."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from intake.availability import rules
from intake.availability.forms import AbsenceForm, WorkingHoursForm, weekday_names
from intake.availability.services import weekly_windows
from intake.booking import displacement
from intake.core import clock, query_args
from intake.core.forms import keeps_typed_data
from intake.extensions import db
from intake.models import Absence, User, WorkingHours
from intake.models.audit import record
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
    if not form.validate_on_submit() or _overlaps(form, user):
        return _render_index(user, hours_form=form, status=422)
    row = WorkingHours(user_id=user.id, **form.values())
    db.session.add(row)
    db.session.flush()
    record("working_hours_added", actor_id=current_user.id, obj=row, detail=f"user={user.id}")
    db.session.commit()
    flash(_("Working hours added."), "info")
    return _back_to(user)


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
    form = AbsenceForm()
    if not form.validate_on_submit():
        return _render_index(user, absence_form=form, status=422)
    values = form.values()
    in_the_way = displacement.in_span(
        values["starts_at"], values["ends_at"], counsellor_id=user.id, now=clock.now()
    )

    def add_absence_row() -> None:
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
    clashes = rules.overlapping_windows(form.window(), weekly_windows([user.id])[user.id])
    if clashes:
        form.report_overlap(clashes[0])
    return bool(clashes)


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
    page = render_template(
        "availability/index.html",
        user=user,
        user_arg=_user_arg(user),
        staff=_choosable_staff(),
        hours=hours,
        absences=absences,
        day_names=weekday_names(),
        hours_form=hours_form or WorkingHoursForm(formdata=None),
        absence_form=absence_form or AbsenceForm(formdata=None),
    )
    return page, status


def _choosable_staff() -> list[User]:
    if not current_user.is_lead:
        return []
    query = select(User).where(User.is_active_account).order_by(User.name)
    return list(db.session.scalars(query))
