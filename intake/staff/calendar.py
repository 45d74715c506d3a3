"""The week calendar: one's own week, a colleague's or everyone's (lead), and a print view."""

from datetime import date
from urllib.parse import urlencode

from babel.dates import format_skeleton, get_day_names

from flask import Blueprint, abort, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from intake.availability import week
from intake.core import clock
from intake.extensions import db
from intake.models import User

bp = Blueprint("calendar", __name__)

# The counsellor workspace's booking pages (issue 10); a free slot links to one of them.
WALK_IN_PATH = "/staff/requests/new"
FOLLOW_UP_PATH = "/staff/cases/{case_id}/follow-up"


@bp.app_template_filter("day_heading")
def day_heading(day: date) -> str:
    """"Dienstag, 17. November", "Tuesday 17 November": the locale's own order and dots."""
    locale = get_locale()
    weekday = get_day_names("wide", locale=locale)[day.weekday()]
    return _("%(weekday)s, %(date)s", weekday=weekday, date=format_skeleton("MMMMd", day, locale=locale))


@bp.app_template_filter("skeleton")
def skeleton(day: date, pattern: str) -> str:
    return format_skeleton(pattern, day, locale=get_locale())


@bp.get("/calendar")
def index():
    return _render("staff/calendar.html")


@bp.get("/calendar/print")
def print_view():
    return _render("staff/calendar_print.html")


def _render(template: str):
    today = clock.office_today()
    error, status = None, 200
    try:
        monday = week.parse_week(request.args.get("week"), today)
    except week.BadWeek:
        error, status = _("Please give the week as year and week number, e.g. 2026-W47."), 400
        monday = week.parse_week(None, today)
    scope, people = _people()
    view = week.build_week(monday, people, now=clock.now())
    page = render_template(
        template,
        view=view,
        scope=scope,
        error=error,
        this_week=week.week_label(today),
        staff=_choosable_staff(),
        case_id=request.args.get("case", type=int),
        booking_url=_booking_url,
    )
    return page, status


def _people() -> tuple[str, list[User]]:
    """Whose week: your own; with ?user=<id> a colleague's and ?user=all everyone's, for the
    lead only (a counsellor asking for either gets 403)."""
    wanted = request.args.get("user", "")
    if wanted in ("", str(current_user.id)):
        return str(current_user.id), [current_user._get_current_object()]
    if not current_user.is_lead:
        abort(403)
    if wanted == "all":
        return "all", week.everyone_who_counsels()
    if not wanted.isdigit():
        abort(404)
    return wanted, [db.get_or_404(User, int(wanted))]


def _choosable_staff() -> list[User]:
    return week.everyone_who_counsels() if current_user.is_lead else []


def _booking_url(entry: week.Entry, case_id: int | None) -> str:
    """A free slot books a follow-up for the case the calendar was opened from, or a new
    walk-in or phone request."""
    query = urlencode({"start": entry.start.isoformat(), "counsellor": entry.counsellor_id})
    if case_id:
        return f"{FOLLOW_UP_PATH.format(case_id=case_id)}?{query}"
    return f"{WALK_IN_PATH}?{query}"
