"""The one rule for who may see which case; every case query goes through it.

A counsellor sees the unassigned queue and the cases they hold (taken over or handed to
them); the office lead sees every case. Another counsellor's case does not exist for them,
with one exception: a case handed on while its booked time stayed with them (the colleague
was not free then). They meet the person, so they may open the case and record whether the
appointment took place, and nothing more. While a colleague is absent, the deputy their
absence names sees and acts on the colleague's cases as their own (intake.cases.cover); each
such access is written to the audit log "as deputy for" the colleague.
"""

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import selectinload

from intake.cases import cover
from intake.extensions import db
from intake.models import (
    ACTIVE_APPOINTMENT_STATUSES,
    Appointment,
    AuditEvent,
    Case,
    CaseNote,
    Consultation,
    User,
)
from intake.models.audit import record

# What a case page shows, loaded with the case in a fixed number of queries.
CASE_PAGE_LOADS = (
    selectinload(Case.topics),
    selectinload(Case.appointments).selectinload(Appointment.counsellor),
    selectinload(Case.appointments)
    .selectinload(Appointment.consultation)
    .options(selectinload(Consultation.outcomes), selectinload(Consultation.referral)),
    selectinload(Case.notes).selectinload(CaseNote.author),
    selectinload(Case.counsellor),
)


def visible(query: Select, user: User) -> Select:
    """Narrow a query over Case to what `user` may see."""
    if user.is_lead:
        return query
    return query.where(
        or_(
            Case.counsellor_id.is_(None),
            Case.counsellor_id == user.id,
            Case.counsellor_id.in_(cover.covered_ids_query(user)),
        )
    )


def may_see(user: User, case: Case) -> bool:
    return (
        user.is_lead
        or case.counsellor_id in (None, user.id)
        or cover.covers(user, case.counsellor_id)
    )


def as_deputy(user: User, case: Case) -> bool:
    """`user` sees `case` only because they cover its absent holder."""
    if user.is_lead or case.counsellor_id in (None, user.id):
        return False
    return cover.covers(user, case.counsellor_id)


def attends(user: User, case_id: int) -> bool:
    """`user` holds a booked time of this case: they will meet the person."""
    query = select(Appointment.id).where(
        Appointment.case_id == case_id,
        Appointment.counsellor_id == user.id,
        Appointment.status.in_(ACTIVE_APPOINTMENT_STATUSES),
    )
    return db.session.scalar(query.limit(1)) is not None


def case_for(user: User, case_id: int, *, attending: bool = False) -> Case | None:
    """The case if `user` may see it; None (and a "denied" audit row) otherwise. With
    `attending` (the case page and an appointment's outcome, nothing else) also a case in
    which they attend a booked time."""
    query = select(Case).where(Case.id == case_id).options(*CASE_PAGE_LOADS)
    case = db.session.scalar(visible(query, user))
    if case is None and attending and attends(user, case_id):
        case = db.session.scalar(query)
    if case is None and db.session.get(Case, case_id) is not None:
        record("case_access_denied", actor_id=user.id, case_id=case_id)
        db.session.commit()
    elif case is not None and as_deputy(user, case):
        detail = cover.deputy_detail(case.counsellor_id)
        record("case_opened_as_deputy", actor_id=user.id, case_id=case_id, detail=detail)
        db.session.commit()
    return case


def lost_to_colleague(user: User, case_id: int) -> bool:
    """The user had this case open once and a colleague holds it now: an action from that
    old page is a stale action to explain, not a stranger's case to deny."""
    seen = select(AuditEvent.id).where(
        AuditEvent.case_id == case_id,
        AuditEvent.actor_id == user.id,
        AuditEvent.action == "case_viewed",
    )
    case = db.session.get(Case, case_id)
    if case is None or may_see(user, case) or attends(user, case_id):
        return False
    return db.session.scalar(seen.limit(1)) is not None
