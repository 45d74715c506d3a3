"""What a failing calendar connection says, in words a counsellor understands."""

from flask_babel import lazy_gettext as _l

MESSAGES = {
    "refused": _l("the server refused the user name or password"),
    "not_found": _l("the server does not know this address"),
    "unreachable": _l("the server cannot be reached"),
    "server_error": _l("the server answered with an error"),
    "bad_data": _l("the server sent a calendar that cannot be read"),
    "no_calendars": _l("no calendars were found at this address"),
    "key_missing": _l("the passwords cannot be read: CALENDAR_SECRET_KEY is not set"),
}


def message(code: str | None) -> str:
    return str(MESSAGES.get(code or "", MESSAGES["server_error"]))
