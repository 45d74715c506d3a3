"""The case page as staff see it: the case, its timeline and notes, and a form for every action
(the one that just failed kept as typed)."""

from flask import abort, render_template, request
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from intake.availability import paging
from intake.booking import appointments
from intake.cases import access, notes, offers, returning
from intake.cases.timeline import timeline
from intake.core import clock
from intake.extensions import db
from intake.models import Case, ReferralService, User
from intake.public.submission import new_form_key
from intake.staff.case_forms import (
    ActionForm,
    AssignForm,
    DeclineForm,
    NoteForm,
    ReferForm,
    SameContactForm,
    StartForm,
)


def current_staff() -> User:
    return current_user._get_current_object()


def case_or_404(case_id: int, *, attending: bool = False) -> Case:
    case = access.case_for(current_staff(), case_id, attending=attending)
    if case is None:
        abort(404)
    return case


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
        "duplicate": SameContactForm(formdata=None, data=version),
        "same_person": SameContactForm(formdata=None, data=version),
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
    fill_choices(forms["assign"], case, assignees)
    fill_choices(forms["refer"], case)
    fill_choices(forms["duplicate"], case)
    fill_choices(forms["same_person"], case)
    for name, form in forms.items():
        _name_ids(form, name)
    return forms


def _name_ids(form, name: str) -> None:
    """Many forms share one page: each field's id (and its label's) carries the form's name."""
    for field in form:
        field.id = f"{name}-{field.name}"
        field.label.field_id = field.id


def fill_choices(form, case: Case, assignees: list[User] | None = None) -> None:
    if isinstance(form, AssignForm):
        form.to.choices = [(user.id, user.name) for user in assignees or _assignees(case)]
    elif isinstance(form, ReferForm):
        form.service.choices = [(service.id, service.name) for service in _services()]
    elif isinstance(form, SameContactForm):
        matches = returning.matches_for(case, current_staff())
        form.other.choices = [(match.case_id, match.reference) for match in matches]


def render_case(case: Case, *, failed=None, status: int = 200):
    user, now = current_staff(), clock.now()
    active = appointments.active_appointment(case)
    assignees = _assignees(case)
    page = render_template(
        "staff/case.html",
        case=case,
        appointment=active,
        forms=_forms(case, failed, assignees),
        may_act=access.may_see(user, case),
        failed=failed[0] if failed else None,
        timeline=timeline(case),
        contact_matches=returning.matches_for(case, user),
        earlier_cases=returning.earlier_cases(case, user),
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
