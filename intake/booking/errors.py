"""Domain errors of booking; each names the form field it belongs to."""

from flask_babel import lazy_gettext as _l


class BookingError(Exception):
    field = "start"
    message = _l("This time cannot be booked.")

    def __init__(self, message=None, *, alternatives=()):
        super().__init__(message or self.message)
        self.message = message or self.message
        self.alternatives = list(alternatives)


class SlotTaken(BookingError):
    message = _l("Sorry, this time was just taken. Please choose another one.")


class SlotNotBookable(BookingError):
    message = _l("This time cannot be booked. Please choose one of the times shown.")


class NotChangeable(BookingError):
    message = _l("This appointment can no longer be changed.")
