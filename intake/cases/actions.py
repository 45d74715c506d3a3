"""What a counsellor does with a case: take it, hand it on, refer, decline, close, reopen,
record what happened at an appointment, and book a follow-up.

Every action names the case version the page was loaded with: a page that is out of date
(another counsellor acted first) changes nothing and raises StaleCase. The Case row carries
an optimistic-lock version, so two actions at the same moment cannot both win either.
Each function changes the session and leaves the commit to the caller (`unit_of_work`).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from intake.booking import appointments, office_actions
from intake.cases.errors import NotAllowedNow, NotYetPassed, StaleCase
from intake.core import vocabulary
from intake.extensions import db
from intake.mail import case_notices, requester_messages
from intake.mail.appointment_ics import is_follow_up
from intake.models import (
    Appointment,
    AppointmentStatus,
    Case,
    CaseStatus,
    ReferralService,
    User,
)
from intake.models.audit import record

OPEN_STATUSES = frozenset(
    {CaseStatus.NEW, CaseStatus.SCHEDULED, CaseStatus.IN_PROGRESS, CaseStatus.WAITING}
)
REOPENABLE_STATUSES = frozenset({CaseStatus.CLOSED, CaseStatus.DECLINED, CaseStatus.REFERRED})


def expect_version(case: Case, version: int | None) -> None:
    """The page showed this version of the case; anything else means someone acted since."""
    if version is None or case.version != version:
        raise StaleCase()


@contextmanager
def acting_on(case: Case) -> Iterator[None]:
    """Run one action with the case's row held until the commit: a colleague acting at the
    same moment waits, then finds a newer version (StaleCase) instead of a failed write. A
    version check that still fails when writing (an autoflush anywhere) is StaleCase too."""
    held = select(Case).where(Case.id == case.id).with_for_update()
    db.session.scalars(held.execution_options(populate_existing=True)).one()
    try:
        yield
        db.session.flush()
    except StaleDataError as error:
        raise StaleCase() from error


def flush_change(case: Case, *, now: datetime) -> None:
    """Flush the changed case now (a new version even when nothing else changed; the caller
    commits), so that a concurrent change surfaces here as StaleCase rather than at the
    commit."""
    case.updated_at = now
    flag_modified(case, "updated_at")
    try:
        db.session.flush()
    except StaleDataError as error:
        raise StaleCase() from error


def _ensure_open(case: Case) -> None:
    if case.status not in OPEN_STATUSES or case.anonymised_at is not None:
        raise NotAllowedNow()


def confirm(case: Case, *, by: User, version: int, now: datetime, message: str = "") -> None:
    """Confirm the requested time; the requester gets the confirmation with the .ics."""
    expect_version(case, version)
    appointment = appointments.active_appointment(case)
    if appointment is None or appointment.status != AppointmentStatus.REQUESTED:
        raise NotAllowedNow()
    office_actions.confirm_appointment(appointment, by_id=by.id, now=now, note=message)
    flush_change(case, now=now)


def assign(case: Case, to: User, *, by: User, version: int, now: datetime) -> Appointment | None:
    """Take a case over (to == by) or hand it to a colleague, who is told without details.
    The booked time goes with the case when the new holder is free then; otherwise it is
    returned, still with its counsellor, so that the page can say so."""
    expect_version(case, version)
    _ensure_open(case)
    if not to.is_active or not to.takes_appointments and not to.is_lead:
        raise NotAllowedNow(field="to")
    case.counsellor_id = to.id
    record(
        "case_taken" if to.id == by.id else "case_handed_over",
        actor_id=by.id,
        obj=case,
        detail=f"to:{to.id}",
    )
    if to.id != by.id:
        case_notices.queue_case_notice("staff_handover", to, case, now=now)
    flush_change(case, now=now)
    return _time_left_behind(case, to, now=now)


def _time_left_behind(case: Case, holder: User, *, now: datetime) -> Appointment | None:
    appointment = appointments.active_appointment(case)
    if appointment is None or appointment.starts_at <= now:
        return None
    if appointment.counsellor_id == holder.id or appointments.give_to(
        appointment, holder.id, now=now
    ):
        return None
    return appointment


def _release_appointment(case: Case, *, by: User, now: datetime) -> None:
    """A referred, declined or closed case keeps no future time: the requester gets CANCEL."""
    appointment = appointments.active_appointment(case)
    if appointment is not None and appointment.starts_at > now:
        office_actions.cancel_by_office(appointment, by_id=by.id, now=now, notify=False)


def refer(
    case: Case, service: ReferralService, *, by: User, version: int, now: datetime, message: str
) -> None:
    """Refer the person to another service; they get its address in their language."""
    expect_version(case, version)
    _ensure_open(case)
    _release_appointment(case, by=by, now=now)
    case.status = CaseStatus.REFERRED
    case.referral_id = service.id
    case.counsellor_id = case.counsellor_id or by.id
    record("case_referred", actor_id=by.id, obj=case, detail=f"service:{service.id}")
    requester_messages.queue_for_requester(
        "referred", case, None, now=now, note=message, referral=service
    )
    flush_change(case, now=now)


def decline(
    case: Case, reason: str, *, by: User, version: int, now: datetime, message: str
) -> None:
    """Decline the request with a reason from the list (and an optional message)."""
    expect_version(case, version)
    _ensure_open(case)
    if reason not in vocabulary.DECLINE_REASONS:
        raise NotAllowedNow(field="reason")
    _release_appointment(case, by=by, now=now)
    case.status = CaseStatus.DECLINED
    case.decline_reason = reason
    case.counsellor_id = case.counsellor_id or by.id
    record("case_declined", actor_id=by.id, obj=case, detail=f"reason:{reason}")
    requester_messages.queue_for_requester(
        "declined", case, None, now=now, note=message, reason=reason
    )
    flush_change(case, now=now)


def close(case: Case, *, by: User, version: int, now: datetime) -> None:
    """Close a case that has no future appointment; retention starts counting now."""
    expect_version(case, version)
    appointment = appointments.active_appointment(case)
    if case.status == CaseStatus.CLOSED or (appointment and appointment.starts_at > now):
        raise NotAllowedNow()
    case.status = CaseStatus.CLOSED
    case.closed_at = now
    record("case_closed", actor_id=by.id, obj=case)
    flush_change(case, now=now)


def reopen(case: Case, *, by: User, version: int, now: datetime) -> None:
    expect_version(case, version)
    if case.status not in REOPENABLE_STATUSES or case.anonymised_at is not None:
        raise NotAllowedNow()
    case.status = CaseStatus.IN_PROGRESS
    case.closed_at = None
    case.counsellor_id = case.counsellor_id or by.id
    record("case_reopened", actor_id=by.id, obj=case)
    flush_change(case, now=now)


def record_outcome(appointment: Appointment, outcome: str, *, by: User, now: datetime) -> None:
    """After its time: the appointment took place (completed) or the person did not come."""
    if outcome not in (AppointmentStatus.COMPLETED, AppointmentStatus.NO_SHOW):
        raise NotAllowedNow()
    if appointment.starts_at > now:
        raise NotYetPassed()
    if appointment.status not in (AppointmentStatus.REQUESTED, AppointmentStatus.CONFIRMED):
        raise NotAllowedNow()
    appointment.status = outcome
    case = appointment.case
    if outcome == AppointmentStatus.COMPLETED:
        case.status = CaseStatus.IN_PROGRESS
    elif case.status == CaseStatus.SCHEDULED:
        case.status = CaseStatus.NEW  # back to the inbox: someone should get in touch
    record(f"appointment_{outcome}", actor_id=by.id, obj=appointment)
    flush_change(case, now=now)


def book_follow_up(
    case: Case, start: datetime, *, by: User, version: int, now: datetime, message: str = ""
) -> Appointment:
    """A further appointment with the case's counsellor (or the one booking it), confirmed
    at once; the same double-booking protection as every booking."""
    expect_version(case, version)
    _ensure_open(case)
    if appointments.active_appointment(case) is not None:
        raise NotAllowedNow(field="start")
    counsellor_id = case.counsellor_id or by.id
    appointment = appointments.book(
        case, start, now=now, counsellor_ids=[counsellor_id], status=AppointmentStatus.CONFIRMED
    )
    case.status = CaseStatus.SCHEDULED
    case.callback_requested = False
    record("follow_up_booked", actor_id=by.id, obj=appointment)
    kind = "follow_up" if is_follow_up(case, appointment) else "confirmed"
    requester_messages.queue_for_requester(kind, case, appointment, now=now, note=message)
    flush_change(case, now=now)
    return appointment


def cancel_appointment(
    case: Case, *, by: User, version: int, now: datetime, message: str = ""
) -> None:
    """The office cancels the case's coming appointment; the case goes back to the inbox."""
    expect_version(case, version)
    appointment = appointments.active_appointment(case)
    if appointment is None or appointment.starts_at <= now:
        raise NotAllowedNow()
    office_actions.cancel_by_office(appointment, by_id=by.id, now=now, note=message)
    case.status = CaseStatus.NEW
    flush_change(case, now=now)
