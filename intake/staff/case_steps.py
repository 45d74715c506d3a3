"""What each case action form does: its fields turned into the use case's call. Each takes the
case, the validated form, the acting user and the time, and runs inside one transaction."""

from datetime import datetime

from intake.cases import actions, duplicates, notes, offers
from intake.extensions import db
from intake.models import Appointment, Case, CaseNote, ReferralService, User
from intake.public.submission import parse_start, verified_form_key


def _start(form) -> datetime:
    start = parse_start(form.start.data)
    if start is None:
        raise actions.NotAllowedNow(field="start")
    return start


def confirm(case: Case, form, user: User, now: datetime) -> None:
    message = form.message.data or ""
    actions.confirm(case, by=user, version=form.version.data, now=now, message=message)


def propose(case: Case, form, user: User, now: datetime) -> None:
    message = form.message.data or ""
    start = _start(form)
    offers.propose(case, start, by=user, version=form.version.data, now=now, message=message)


def follow_up(case: Case, form, user: User, now: datetime) -> None:
    message = form.message.data or ""
    start = _start(form)
    actions.book_follow_up(
        case, start, by=user, version=form.version.data, now=now, message=message
    )


def cancel_appointment(case: Case, form, user: User, now: datetime) -> None:
    message = form.message.data or ""
    actions.cancel_appointment(case, by=user, version=form.version.data, now=now, message=message)


def hand_over(case: Case, form, user: User, now: datetime) -> Appointment | None:
    """Returns the appointment that stays with the old holder (the new one is not free then)."""
    colleague = db.session.get(User, form.to.data)
    return actions.assign(case, colleague, by=user, version=form.version.data, now=now)


def refer(case: Case, form, user: User, now: datetime) -> None:
    service = db.session.get(ReferralService, form.service.data)
    message = form.message.data or ""
    actions.refer(case, service, by=user, version=form.version.data, now=now, message=message)


def decline(case: Case, form, user: User, now: datetime) -> None:
    message = form.message.data or ""
    reason = form.reason.data
    actions.decline(case, reason, by=user, version=form.version.data, now=now, message=message)


def close_as_duplicate(case: Case, form, user: User, now: datetime) -> None:
    other = db.session.get(Case, form.other.data)
    duplicates.close_as_duplicate(case, other, by=user, version=form.version.data, now=now)


def link_same_person(case: Case, form, user: User, now: datetime) -> None:
    other = db.session.get(Case, form.other.data)
    duplicates.link_same_person(case, other, by=user, version=form.version.data, now=now)


def close(case: Case, form, user: User, now: datetime) -> None:
    actions.close(case, by=user, version=form.version.data, now=now)


def reopen(case: Case, form, user: User, now: datetime) -> None:
    actions.reopen(case, by=user, version=form.version.data, now=now)


def add_note(case: Case, form, user: User, now: datetime) -> None:
    key = verified_form_key(form.form_key.data)
    notes.add_note(case, form.body.data, by=user, now=now, form_key=key)


def edit_note(note: CaseNote, case: Case, form, user: User, now: datetime) -> None:
    notes.edit_note(note, form.body.data, by=user, now=now)


def delete_note(note: CaseNote, case: Case, form, user: User, now: datetime) -> None:
    notes.delete_note(note, by=user, now=now)


def record_outcome(
    appointment: Appointment, outcome: str, case: Case, form, user: User, now: datetime
) -> None:
    db.session.refresh(appointment)
    actions.expect_version(case, form.version.data)
    actions.record_outcome(appointment, outcome, by=user, now=now)
