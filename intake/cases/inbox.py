"""The inbox: requests that need an answer, in tabs with counts, oldest first.

Every query goes through `access.visible`, so a tab, a count or a search never shows a case
the user may not see. The number of SQL statements does not grow with the rows shown.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, case, func, or_, select
from sqlalchemy.orm import selectinload

from intake.availability.engine import local_to_utc
from intake.cases.access import visible
from intake.cases.cover import covered_ids_query
from intake.core.clock import office_tz
from intake.core.contacts import email_hash, phone_hash
from intake.extensions import db
from intake.models import (
    ACTIVE_APPOINTMENT_STATUSES,
    Appointment,
    Case,
    CaseStatus,
    CaseTopic,
    User,
)

# Requests that wait for the office: new ones, and ones whose time is still unconfirmed.
NEEDS_ANSWER = (CaseStatus.NEW,)
# "covered": the open cases of absent colleagues the user covers as deputy.
TABS = ("unassigned", "mine", "covered", "waiting", "all")
# Every status some tab shows: the counts need read no other case.
TAB_STATUSES = (CaseStatus.NEW, CaseStatus.SCHEDULED, CaseStatus.IN_PROGRESS, CaseStatus.WAITING)
PAGE_SIZE = 50


@dataclass(frozen=True)
class Filters:
    tab: str = "unassigned"
    language: str | None = None
    topic: str | None = None
    status: str | None = None


def _tab_condition(tab: str, user: User):
    if tab == "unassigned":
        return (Case.counsellor_id.is_(None)) & Case.status.in_(NEEDS_ANSWER)
    if tab == "mine":
        return (Case.counsellor_id == user.id) & Case.status.in_(
            [CaseStatus.NEW, CaseStatus.SCHEDULED, CaseStatus.IN_PROGRESS]
        )
    if tab == "covered":
        return Case.counsellor_id.in_(covered_ids_query(user)) & Case.status.in_(
            [CaseStatus.NEW, CaseStatus.SCHEDULED, CaseStatus.IN_PROGRESS, CaseStatus.WAITING]
        )
    if tab == "waiting":
        return Case.status == CaseStatus.WAITING
    return Case.status.in_(TAB_STATUSES)  # every open case: "mine" and "waiting" are part of it


def tab_counts(user: User) -> dict[str, int]:
    """How many cases each tab holds, in one query."""
    columns = [
        func.coalesce(func.sum(case((_tab_condition(tab, user), 1), else_=0)), 0).label(tab)
        for tab in TABS
    ]
    query = select(*columns).select_from(Case).where(Case.status.in_(TAB_STATUSES))
    row = db.session.execute(visible(query, user)).one()
    return dict(row._mapping)


def _filtered(query: Select, filters: Filters, user: User) -> Select:
    query = visible(query, user).where(_tab_condition(filters.tab, user))
    if filters.language:
        query = query.where(
            or_(
                Case.talk_language == filters.language,
                Case.interpreter_language == filters.language,
            )
        )
    if filters.topic:
        query = query.where(
            Case.id.in_(select(CaseTopic.case_id).where(CaseTopic.topic == filters.topic))
        )
    if filters.status:
        query = query.where(Case.status == filters.status)
    return query


def inbox_cases(user: User, filters: Filters, *, limit: int = PAGE_SIZE) -> list[Case]:
    """The tab's cases, oldest first, with what the list shows loaded up front."""
    query = _filtered(select(Case), filters, user).order_by(Case.created_at, Case.id).limit(limit)
    query = query.options(
        selectinload(Case.topics),
        selectinload(Case.counsellor),
        selectinload(Case.appointments),
    )
    return list(db.session.scalars(query))


def appointments_between(user: User, start: datetime, end: datetime) -> list[Appointment]:
    """The user's own active appointments in [start, end), by time."""
    return list(
        db.session.scalars(
            select(Appointment)
            .where(
                Appointment.counsellor_id == user.id,
                Appointment.status.in_(ACTIVE_APPOINTMENT_STATUSES),
                Appointment.starts_at >= start,
                Appointment.starts_at < end,
            )
            .options(selectinload(Appointment.case))
            .order_by(Appointment.starts_at)
        )
    )


def day_bounds(day: date) -> tuple[datetime, datetime]:
    tz = office_tz()
    return local_to_utc(day, time(0), tz), local_to_utc(day + timedelta(days=1), time(0), tz)


def week_bounds(day: date) -> tuple[datetime, datetime]:
    monday = day - timedelta(days=day.weekday())
    return day_bounds(monday)[0], day_bounds(monday + timedelta(days=6))[1]


def find(user: User, text: str, *, limit: int = PAGE_SIZE) -> list[Case]:
    """Cases the user may see whose reference is `text`, whose name contains it, or whose
    phone number or e-mail address is `text` (exact, after normalisation)."""
    text = text.strip()
    if not text:
        return []
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    hashes = [value for value in (phone_hash(text), email_hash(text)) if value]
    query = visible(select(Case), user).where(
        or_(
            func.upper(Case.reference) == text.upper(),
            Case.name.ilike(pattern, escape="\\"),
            Case.phone_hash.in_(hashes),
            Case.email_hash.in_(hashes),
        )
    )
    query = query.options(selectinload(Case.topics), selectinload(Case.counsellor))
    return list(db.session.scalars(query.order_by(Case.created_at.desc()).limit(limit)))


def by_reference(user: User, reference: str) -> Case | None:
    return db.session.scalar(
        visible(select(Case), user).where(func.upper(Case.reference) == reference.strip().upper())
    )
