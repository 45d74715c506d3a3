"""Running a use case from a view: one write transaction, one commit, errors on their fields."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from intake.core.database import begin_write
from intake.extensions import db


class DomainError(Exception):
    """A rule of the office refused the change; `field` names the form field it belongs to."""

    field = "form"
    status = 409
    message = _l("This change is not possible.")

    def __init__(self, message=None, *, field: str | None = None, alternatives=()):
        super().__init__(message or self.message)
        self.message = message or self.message
        if field is not None:
            self.field = field
        self.alternatives = list(alternatives)


@dataclass
class Work:
    """What happened inside `unit_of_work`: nothing, or the domain error that undid it."""

    error: DomainError | None = None

    @property
    def failed(self) -> bool:
        return self.error is not None


@contextmanager
def unit_of_work(form=None) -> Iterator[Work]:
    """Open the write transaction, run the body, commit once. A DomainError rolls everything
    back, lands on `form[error.field]` (when the form has that field) and is kept on the
    result; any other error rolls back and propagates."""
    work = Work()
    begin_write()
    try:
        yield work
    except DomainError as error:
        db.session.rollback()
        work.error = error
        if form is not None:
            attach_error(form, error)
        return
    except Exception:
        db.session.rollback()
        raise
    db.session.commit()


def attach_error(form, error: DomainError) -> None:
    field = form._fields.get(error.field)
    if field is not None:
        field.errors = [*field.errors, str(error.message)]
