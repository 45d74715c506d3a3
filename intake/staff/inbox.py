"""The staff start page: the inbox, today's and this week's appointments, call-backs."""

from flask import Blueprint, render_template, request
from flask_login import current_user

from intake.cases import access, cover, inbox, returning
from intake.cases.waitlist.callbacks import callbacks_with_free_slot
from intake.core import clock, vocabulary
from intake.core.domain import unit_of_work
from intake.core.i18n import offered_languages
from intake.models import User
from intake.models.audit import record

bp = Blueprint("inbox", __name__)


def _filters() -> inbox.Filters:
    """The tab and filters from the query string; unknown values fall back, never fail."""
    tab = request.args.get("tab", "unassigned")
    if tab not in inbox.TABS:
        tab = "unassigned"
    language = request.args.get("language") or None
    topic = request.args.get("topic") or None
    status = request.args.get("status") or None
    return inbox.Filters(
        tab=tab,
        language=language if language in _filter_languages() else None,
        topic=topic if topic in vocabulary.TOPICS else None,
        status=status if status in vocabulary.STAFF_CASE_STATUSES else None,
    )


def _filter_languages() -> list[str]:
    return list(dict.fromkeys([*offered_languages(), *vocabulary.INTERPRETER_LANGUAGES, "dgs"]))


@bp.get("/")
def index():
    """Monday morning: what came in, what to answer, whom the counsellor sees today."""
    user = current_user._get_current_object()
    filters = _filters()
    today = clock.office_today()
    now = clock.now()
    covering = cover.covered_colleagues(user)
    if filters.tab == "covered" and covering:
        detail = ",".join(cover.deputy_detail(colleague.id) for colleague in covering)
        with unit_of_work():
            record("inbox_opened_as_deputy", actor_id=user.id, detail=detail)
    callbacks = [
        (case, slot)
        for case, slot in callbacks_with_free_slot(now=now)
        if access.may_see(user, case)
    ]
    cases = inbox.inbox_cases(user, filters)
    return render_template(
        "staff/inbox.html",
        filters=filters,
        tabs=inbox.TABS,
        counts=inbox.tab_counts(user),
        cases=cases,
        contact_matches=returning.matches_for_cases(cases, user),
        **_today_and_this_week(user, today),
        languages=_filter_languages(),
        callbacks=callbacks,
        covering=covering,
        now=now,
    )


def _today_and_this_week(user: User, today) -> dict:
    """The counsellor's appointments this week, and those of today among them (one query)."""
    week = inbox.appointments_between(user, *inbox.week_bounds(today))
    start, end = inbox.day_bounds(today)
    return {
        "week_appointments": week,
        "today_appointments": [item for item in week if start <= item.starts_at < end],
    }
