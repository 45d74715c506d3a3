"""The audit log for the office lead: who saw or changed what, filtered; never case content."""

from datetime import date, datetime, time, timedelta

from flask import Blueprint, render_template, request
from sqlalchemy import select

from intake.auth.decorators import role_required
from intake.core.clock import office_tz
from intake.extensions import db
from intake.models import AuditEvent, Case, Role, User

bp = Blueprint("audit", __name__)
PAGE_SIZE = 200


def _day(name: str) -> date | None:
    raw = request.args.get(name, "")
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def _filtered(query, filters: dict):
    if filters["person"]:
        query = query.where(AuditEvent.actor_id == filters["person"])
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


@bp.get("/audit")
@role_required(Role.LEAD)
def index():
    filters = {
        "person": request.args.get("person", type=int),
        "action": request.args.get("action", "")[:40],
        "reference": request.args.get("reference", "")[:16],
        "since": _day("since"),
        "until": _day("until"),
    }
    query = (
        select(AuditEvent, User.name, Case.reference)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .outerjoin(Case, Case.id == AuditEvent.case_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(PAGE_SIZE)
    )
    rows = db.session.execute(_filtered(query, filters)).all()
    return render_template(
        "staff/audit.html",
        rows=rows,
        filters=filters,
        staff=db.session.scalars(select(User).order_by(User.name)).all(),
        actions=db.session.scalars(
            select(AuditEvent.action).distinct().order_by(AuditEvent.action)
        ).all(),
    )
