"""Case notes: the author may correct or delete a note for 15 minutes; after that it is fixed
and a correction is a new note."""

from datetime import datetime, timedelta

from sqlalchemy import select

from intake.cases.errors import NoteLocked
from intake.extensions import db
from intake.models import Case, CaseNote, User
from intake.models.audit import record

EDIT_WINDOW = timedelta(minutes=15)


def may_edit(note: CaseNote, user: User, *, now: datetime) -> bool:
    return note.author_id == user.id and now - note.created_at < EDIT_WINDOW


def add_note(
    case: Case, body: str, *, by: User, now: datetime, form_key: str | None = None
) -> CaseNote:
    """Add a note; the same form (`form_key`) sent again returns the note it stored."""
    if form_key and (sent := db.session.scalar(select(CaseNote).filter_by(form_key=form_key))):
        return sent
    note = CaseNote(case_id=case.id, author_id=by.id, body=body, created_at=now, form_key=form_key)
    db.session.add(note)
    db.session.flush()
    record("note_added", actor_id=by.id, obj=note)
    return note


def edit_note(note: CaseNote, body: str, *, by: User, now: datetime) -> None:
    if not may_edit(note, by, now=now):
        raise NoteLocked()
    note.body, note.edited_at = body, now
    record("note_edited", actor_id=by.id, obj=note)


def delete_note(note: CaseNote, *, by: User, now: datetime) -> None:
    if not may_edit(note, by, now=now):
        raise NoteLocked()
    record("note_deleted", actor_id=by.id, obj=note)
    db.session.delete(note)
