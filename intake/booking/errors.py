"""Domain errors of booking; each names the form field it belongs to."""

from flask_babel import lazy_gettext as _l

from intake.core.domain import DomainError


class BookingError(DomainError):
    field = "start"
    status = 422
    message = _l("This time cannot be booked.")


class SlotTaken(BookingError):
    status = 409
    message = _l("Sorry, this time was just taken. Please choose another one.")


class SlotNotBookable(BookingError):
    message = _l("This time cannot be booked. Please choose one of the times shown.")


class NotChangeable(BookingError):
    status = 409
    message = _l("This appointment can no longer be changed.")
