"""What a counsellor does with a request from a person the office already knows: close it as
a duplicate of the other case, or link the two as the same person."""

from datetime import datetime

from flask_babel import lazy_gettext as _l

from intake.booking import appointments
from intake.cases.actions import OPEN_STATUSES, expect_version, flush_change
from intake.cases.errors import NotAllowedNow
from intake.models import Case, CaseStatus, User
from intake.models.audit import record


class StillBooked(NotAllowedNow):
    message = _l(
        "This request still has a booked time. Cancel it first (the person is told), "
        "or link the two requests as the same person instead."
    )


def close_as_duplicate(case: Case, other: Case, *, by: User, version: int, now: datetime) -> None:
    """Close `case` as a duplicate of `other` (reason "duplicate", linked). The person is
    told nothing new: no letter goes out, so a request with a booked time is refused."""
    expect_version(case, version)
    if case.status not in OPEN_STATUSES or case.anonymised_at is not None:
        raise NotAllowedNow()
    if other.id == case.id:
        raise NotAllowedNow(field="other")
    appointment = appointments.active_appointment(case)
    if appointment is not None and appointment.starts_at > now:
        raise StillBooked()
    case.status = CaseStatus.DECLINED
    case.decline_reason = "duplicate"
    case.duplicate_of_id = other.id
    case.closed_at = now
    case.counsellor_id = case.counsellor_id or by.id
    record("case_closed_as_duplicate", actor_id=by.id, obj=case, detail=f"of={other.id}")
    flush_change(case, now=now)


def link_same_person(case: Case, other: Case, *, by: User, version: int, now: datetime) -> None:
    """Link `case` to the person's other case; the case page then lists their cases."""
    expect_version(case, version)
    if other.id == case.id:
        raise NotAllowedNow(field="other")
    case.same_person_as_id = other.same_person_as_id or other.id
    record("case_linked_same_person", actor_id=by.id, obj=case, detail=f"with={other.id}")
    flush_change(case, now=now)
