"""The week calendar: one's own week, a colleague's or everyone's (lead), and a print view."""

from datetime import date

from babel.dates import format_skeleton
from flask import Blueprint, abort, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from intake.availability import week
from intake.cases import cover
from intake.core import clock, query_args
from intake.core.domain import unit_of_work
from intake.extensions import db
from intake.models import User
from intake.models.audit import record
from intake.staff.calendar_entries import EntryWriter, day_heading

bp = Blueprint("calendar", __name__)


bp.add_app_template_filter(day_heading, "day_heading")


@bp.app_template_filter("skeleton")
def skeleton(day: date, pattern: str) -> str:
    return format_skeleton(pattern, day, locale=get_locale())


@bp.get("/calendar")
def index():
    return _render("staff/calendar.html")


@bp.get("/calendar/print")
def print_view():
    return _render("staff/calendar_print.html", links=False)


def _render(template: str, *, links: bool = True):
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
        case_id=query_args.database_id("case"),
        write=EntryWriter(query_args.database_id("case"), current_user.id, links=links),
    )
    return page, status


def _people() -> tuple[str, list[User]]:
    """Whose week: your own; with ?user=<id> a colleague's and ?user=all everyone's, for the
    lead only (a counsellor asking for either gets 403), or the week of an absent colleague
    the counsellor covers as deputy (audited)."""
    wanted = request.args.get("user", "")
    if wanted in ("", str(current_user.id)):
        return str(current_user.id), [current_user._get_current_object()]
    if not current_user.is_lead:
        return wanted, [_covered_colleague(wanted)]
    if wanted == "all":
        return "all", week.everyone_who_counsels()
    if query_args.database_id("user") is None:
        abort(404)
    return wanted, [db.get_or_404(User, int(wanted))]


def _covered_colleague(wanted: str) -> User:
    """The absent colleague whose week a deputy opens, with the audit row; 403 otherwise."""
    user = current_user._get_current_object()
    if not wanted.isdigit() or not cover.covers(user, int(wanted)):
        abort(403)
    with unit_of_work():
        detail = cover.deputy_detail(int(wanted))
        record("calendar_opened_as_deputy", actor_id=user.id, detail=detail)
    return db.session.get(User, int(wanted))


def _choosable_staff() -> list[User]:
    if current_user.is_lead:
        return week.everyone_who_counsels()
    return cover.covered_colleagues(current_user._get_current_object())
