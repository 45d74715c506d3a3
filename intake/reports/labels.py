"""The words of the reports: what each category and bucket is called in the lead's language."""

from datetime import date

from babel import UnknownLocaleError
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from intake.core.vocabulary import MODES, TOPICS, language_name

CHANNELS = {
    "web": _l("Online"),
    "phone": _l("By phone"),
    "walk_in": _l("In person, without appointment"),
    "email": _l("By e-mail"),
}
OUTCOMES = {
    "new": _l("Not yet answered"),
    "scheduled": _l("Appointment arranged"),
    "in_progress": _l("In progress"),
    "waiting": _l("Waiting for the requester"),
    "referred": _l("Referred elsewhere"),
    "declined": _l("Declined"),
    "cancelled": _l("Cancelled"),
    "closed": _l("Closed"),
}


def bucket_label(first_day: date, grain: str) -> str:
    if grain == "week":
        year, week, _weekday = first_day.isocalendar()
        # i18n: a calendar week in a report, e.g. "Week 3/2027 (from 18 Jan)"
        return _(
            "Week %(week)d/%(year)d (from %(day)s)",
            week=week,
            year=year,
            day=format_date(first_day, "d MMM"),
        )
    return format_date(first_day, "LLLL y")


def topic_label(code: str) -> str:
    return str(TOPICS.get(code, code))


def mode_label(code: str) -> str:
    return str(MODES.get(code, code))


def language_label(code: str | None) -> str:
    if not code:
        return _("Not recorded")
    try:
        return language_name(code)
    except (ValueError, UnknownLocaleError):
        return code
