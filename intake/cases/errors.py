"""Domain errors of case work; each names the form field it belongs to."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext

from intake.core.domain import DomainError


class StaleCase(DomainError):
    """The case changed after the page was loaded (another counsellor acted first)."""

    status = 409
    message = _l(
        "This case has changed since the page was loaded (by a colleague, or by a form sent "
        "twice). Nothing was changed; please check its current state below."
    )


class NotAllowedNow(DomainError):
    status = 409
    message = _l("This is not possible in the case's current state.")


class NoteLocked(DomainError):
    field = "body"
    status = 409
    message = lazy_ngettext(
        "A note can only be changed within %(num)d minute. Please add a new note instead.",
        "A note can only be changed within %(num)d minutes. Please add a new note instead.",
        15,
    )


class NotYetPassed(DomainError):
    status = 409
    message = _l("This can only be recorded after the appointment's time.")
