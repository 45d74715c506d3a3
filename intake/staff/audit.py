"""The audit log for the office lead: who saw or changed what, filtered; never case content."""

from datetime import date, datetime, time, timedelta

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import aliased

from intake.auth.decorators import role_required
from intake.core import audit_words, query_args
from intake.core.clock import office_today, office_tz
from intake.core.forms import NOT_A_DATE
from intake.extensions import db
from intake.models import AuditEvent, Case, Role, User

bp = Blueprint("audit", __name__)
PAGE_SIZE = 200
# The staff account an event is about (a failed login, a reset), beside who acted.
Subject = aliased(User)

# The log keeps at most ten years; a filter date far outside that is a typing error (and
# years like 0001 or 9999 would overflow the time-zone arithmetic).
YEARS_BACK, YEARS_AHEAD = 11, 1


def _day(name: str, errors: list[str]) -> date | None:
    """The filter's date, or None (with the reason in `errors`) for a bad one."""
    raw = request.args.get(name, "")
    try:
        day = date.fromisoformat(raw) if raw else None
    except ValueError:
        errors.append(str(NOT_A_DATE))
        return None
    today = office_today()
    first = today.replace(year=today.year - YEARS_BACK, day=1)
    last = today.replace(year=today.year + YEARS_AHEAD, day=1)
    if day is not None and not first <= day <= last:
        text = _("Please choose a date between %(first)s and %(last)s.", first=first, last=last)
        errors.append(text)
        return None
    return day


def _filtered(query, filters: dict):
    if filters["person"]:
        query = query.where(AuditEvent.actor_id == filters["person"])
    if filters["name"]:
        pattern = "%" + _escape_like(filters["name"]) + "%"
        query = query.where(
            or_(User.name.ilike(pattern, escape="\\"), Subject.name.ilike(pattern, escape="\\"))
        )
    if filters["action"]:
        query = query.where(AuditEvent.action == filters["action"])
    if filters["reference"]:
        case_id = db.session.scalar(
            select(Case.id).where(Case.reference == filters["reference"].strip().upper())
        )
        query = query.where(AuditEvent.case_id == (case_id or -1))
    zone = office_tz()
    if filters["since"]:
        query = query.where(AuditEvent.at >= datetime.combine(filters["since"], time(), zone))
    if filters["until"]:
        end = datetime.combine(filters["until"] + timedelta(days=1), time(), zone)
        query = query.where(AuditEvent.at < end)
    return query


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _names_in(rows) -> dict[int, str]:
    """Names of the staff that the rows' details mention (one query)."""
    ids = set().union(*(audit_words.user_ids_in(row[0].detail) for row in rows))
    if not ids:
        return {}
    return dict(db.session.execute(select(User.id, User.name).where(User.id.in_(ids))).all())


@bp.get("/audit")
@role_required(Role.LEAD)
def index():
    errors: list[str] = []
    filters = {
        "person": query_args.database_id("person"),
        "name": " ".join(request.args.get("name", "").split())[:120],
        "action": request.args.get("action", "")[:40],
        "reference": request.args.get("reference", "")[:16],
        "since": _day("since", errors),
        "until": _day("until", errors),
    }
    query = (
        select(AuditEvent, User.name, Case.reference, Subject.name)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .outerjoin(
            Subject, (AuditEvent.object_type == "user") & (Subject.id == AuditEvent.object_id)
        )
        .outerjoin(Case, Case.id == AuditEvent.case_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(PAGE_SIZE)
    )
    rows = db.session.execute(_filtered(query, filters)).all()
    names = _names_in(rows)
    codes = db.session.scalars(select(AuditEvent.action).distinct()).all()
    page = render_template(
        "staff/audit.html",
        errors=errors,
        rows=rows,
        filters=filters,
        action_words=audit_words.action_words,
        detail_words=lambda detail: audit_words.detail_words(detail, names),
        actions=sorted(((code, audit_words.action_words(code)) for code in codes), key=_by_words),
    )
    return page, 400 if errors else 200


def _by_words(item: tuple[str, str]) -> str:
    return item[1].casefold()
